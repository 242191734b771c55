import BulkheadCore
import BulkheadModel
import Foundation
@testable import ImageFormats
import SystemIO
import Testing
import BulkheadTesting
import Inventory

/// Reads an archive held in memory through the real reader.
func readImage(_ bytes: [UInt8], selection: ImageSelection = ImageSelection()) -> ImageReadResult {
    ImageReader(files: LocalFiles(), selection: selection).readArchive(BytesStream(bytes), name: "test.tar", source: "docker-archive:test.tar")
}

/// The same archive written to a file and read as one (indexed, layers side by side).
func readImage(file bytes: [UInt8], selection: ImageSelection = ImageSelection()) -> ImageReadResult {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-archive-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tar").path
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    defer { try? FileManager.default.removeItem(atPath: path) }
    guard let file = LocalFiles().openRandomAccess(path) else { return ImageReadResult() }
    return ImageReader(files: LocalFiles(), selection: selection).readArchive(file: file, name: "test.tar", source: "docker-archive:test.tar")
}

/// `bytes` through a compressor on this machine (gzip -1, zstd -3).
func compress(_ tool: String, _ args: [String], _ bytes: [UInt8]) throws -> [UInt8] { try pipe(tool, args, input: bytes) }

func gzip(_ bytes: [UInt8]) throws -> [UInt8] { try compress("/bin/gzip", ["-c", "-1"], bytes) }

/// A docker save archive (new layout: blobs/sha256) around the given layer blobs, with diff_ids as given
/// (computed from the uncompressed tars unless overridden).
func archive(layers: [[UInt8]], diffIDs: [String]? = nil, config extra: String = "", manifestLayers: [String]? = nil) -> [UInt8] {
    var out = TarWriter()
    var paths: [String] = []
    for l in layers {
        let hex = ImageReader.sha256(l).dropFirst(7)
        paths.append("blobs/sha256/\(hex)")
        out.add("blobs/sha256/\(hex)", content: l)
    }
    let ids = diffIDs ?? layers.map { l in
        // uncompressed digest: gunzip when needed
        if l.starts(with: [0x1f, 0x8b]), let plain = try? gunzip(l) { return ImageReader.sha256(plain) }
        return ImageReader.sha256(l)
    }
    let config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"1000\"\(extra)},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\(ids.map { "\"\($0)\"" }.joined(separator: ","))]},\"history\":[]}"
    let cfgHex = ImageReader.sha256(Array(config.utf8)).dropFirst(7)
    out.add("blobs/sha256/\(cfgHex)", content: Array(config.utf8))
    let ml = (manifestLayers ?? paths).map { "\"\($0)\"" }.joined(separator: ",")
    out.add("manifest.json", content: Array("[{\"Config\":\"blobs/sha256/\(cfgHex)\",\"RepoTags\":[\"t:1\"],\"Layers\":[\(ml)]}]".utf8))
    out.finish()
    return out.bytes
}

func gunzip(_ bytes: [UInt8]) throws -> [UInt8] { try GzipStream(BytesStream(bytes)).readAll(limit: 1 << 30) }

func layer(_ build: (inout TarWriter) -> Void) -> [UInt8] {
    var w = TarWriter()
    build(&w)
    w.finish()
    return w.bytes
}

@Suite("Tar, layers and archives")
struct TarAndLayerTests {
    @Test func longNamesPaxAndGnu() throws {
        let long = String(repeating: "d/", count: 80) + "file.txt"
        var w = TarWriter()
        w.add(long, content: Array("hello".utf8))
        // a GNU long-name record ('L') before a header whose own name is cut
        var gnu = TarWriter()
        gnu.add("././@LongLink", content: Array((long + "2").utf8) + [0], type: UInt8(ascii: "L"))
        w.bytes += gnu.bytes
        w.add(String(long.prefix(99)), content: Array("two".utf8))
        w.finish()
        let t = TarReader(BytesStream(w.bytes))
        let a = try #require(try t.next())
        #expect(a.name == long && a.size == 5)
        #expect(try t.readAll(limit: 100) == Array("hello".utf8))
        let b = try #require(try t.next())
        #expect(b.name == long + "2")
        #expect(try t.next() == nil)
    }

    @Test func damagedArchivesAreErrorsWithPositions() throws {
        var w = TarWriter()
        w.add("a", content: Array(repeating: 65, count: 2000))
        w.finish()
        // truncated inside the contents
        let cut = Array(w.bytes.prefix(1000))
        let t = TarReader(BytesStream(cut))
        _ = try t.next()
        #expect(throws: StreamError.self) { _ = try t.next() }
        // a header with a wrong checksum
        var bad = w.bytes
        bad[10] ^= 0x55
        #expect { _ = try TarReader(BytesStream(bad)).next() } throws: { ($0 as? StreamError)?.message.contains("byte 0") == true }
        // a size field that claims more than anything can hold
        var huge = TarWriter()
        huge.add("x", content: [])
        var h = huge.bytes
        for i in 124..<136 { h[i] = 0x30 }
        h[124] = 0x80 | 0x3f  // base-256 with high bits set
        #expect(throws: StreamError.self) { _ = try TarReader(BytesStream(h)).next() }
        // a PAX record that lies about its length
        var pax = TarWriter()
        pax.add("PaxHeader", content: Array("99 path=x\n".utf8), type: UInt8(ascii: "x"))
        pax.add("y", content: [])
        pax.finish()
        #expect(throws: StreamError.self) { _ = try TarReader(BytesStream(pax.bytes)).next() }
    }

    @Test func whiteoutsAndProvenance() throws {
        let l1 = layer { w in
            w.add("etc/passwd", content: Array("root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n".utf8))
            w.add("app/secret.env", content: Array("A=1".utf8))
            w.add("var/cache/apt/pkg.bin", content: [1, 2, 3])
            w.add("bin", kind: .symlink, link: "usr/bin")
            w.add("usr/bin/sh", mode: 0o755, content: [0x7f])
        }
        let l2 = layer { w in
            w.add("app/.wh.secret.env")
            w.add("var/cache/.wh..wh..opq")
            w.add("app/main", mode: 0o755, content: [1])
            w.add("etc/passwd", content: Array("root:x:0:0::/root:/bin/sh\n".utf8))
        }
        let r = readImage(archive(layers: [l1, try gzip(l2)]))
        #expect(r.errors.isEmpty, "\(r.errors)")
        let img = try #require(r.images.first)
        #expect(img.files["app/secret.env"] == nil && img.files["var/cache/apt/pkg.bin"] == nil)
        #expect(img.removed.contains { $0.path == "app/secret.env" && $0.changedIn == 0 && $0.removedIn == 1 })
        #expect(img.files["etc/passwd"]?.addedIn == 0 && img.files["etc/passwd"]?.changedIn == 1)
        #expect(img.texts["etc/passwd"] == "root:x:0:0::/root:/bin/sh\n")
        #expect(img.resolve("/bin/sh")?.path == "usr/bin/sh")
        #expect(img.layers.map(\.compression) == ["none", "gzip"])
    }

    @Test func traversalAndLinksOutOfTheTreeAreErrors() throws {
        let climb = layer { $0.add("../../etc/cron.d/evil", content: Array("x".utf8)) }
        for r1 in [readImage(archive(layers: [climb])), readImage(file: archive(layers: [climb]))] {
            #expect(r1.images.isEmpty && r1.errors.contains { $0.message.contains("path traversal") }, "\(r1.errors)")
        }
        let hard = layer { $0.add("app/x", kind: .hardlink, link: "../../../etc/shadow") }
        let r2 = readImage(archive(layers: [hard]))
        #expect(r2.errors.contains { $0.message.contains("hard link") }, "\(r2.errors)")
        // symlinks are data: absolute ones and ones that climb resolve inside the image, never on this machine
        let links = layer { w in
            w.add("etc/passwd", content: Array("root:x:0:0::/root:/bin/sh\n".utf8))
            w.add("a/abs", kind: .symlink, link: "/etc/passwd")
            w.add("a/up", kind: .symlink, link: "../../../../../etc/passwd")
            w.add("a/loop", kind: .symlink, link: "loop")
        }
        let r3 = readImage(archive(layers: [links]))
        let img = try #require(r3.images.first)
        #expect(img.resolve("a/abs")?.path == "etc/passwd" && img.resolve("a/up")?.path == "etc/passwd")
        #expect(img.resolve("a/loop") == nil)
        #expect(r3.warnings.contains { $0.message.contains("climbs above the image root") })
    }

    @Test func digestsAreChecked() throws {
        let l = layer { $0.add("f", content: Array("x".utf8)) }
        // the config's diff_id does not match the bytes
        let wrong = "sha256:" + String(repeating: "0", count: 64)
        for r in [readImage(archive(layers: [l], diffIDs: [wrong])), readImage(file: archive(layers: [l], diffIDs: [wrong]))] {
            #expect(r.images.isEmpty && r.errors.contains { $0.message.contains("diff_id") }, "\(r.errors)")
        }
        // a manifest naming a blob that is not there
        let missing = readImage(archive(layers: [l], manifestLayers: ["blobs/sha256/" + String(repeating: "a", count: 64)]))
        #expect(missing.errors.contains { $0.message.contains("not in the archive") }, "\(missing.errors)")
        // a manifest path that climbs out
        let climbing = readImage(archive(layers: [l], manifestLayers: ["../../etc/passwd"]))
        #expect(!climbing.errors.isEmpty && climbing.images.isEmpty)
    }

    @Test func truncatedAndCorruptLayers() throws {
        let big = layer { $0.add("f", content: (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }) }
        let gz = try gzip(big)
        let cut = Array(gz.prefix(gz.count / 2))
        for r in [readImage(archive(layers: [cut], diffIDs: [ImageReader.sha256(big)])), readImage(file: archive(layers: [cut], diffIDs: [ImageReader.sha256(big)]))] {
            #expect(r.images.isEmpty && r.errors.contains { $0.message.contains("truncated") || $0.message.contains("ends") }, "\(r.errors)")
        }
        // the archive itself cut inside a layer member
        let whole = archive(layers: [gz], diffIDs: [ImageReader.sha256(big)])
        let cutArchive = Array(whole.prefix(whole.count / 2))
        for r in [readImage(cutArchive), readImage(file: cutArchive)] { #expect(r.images.isEmpty && !r.errors.isEmpty, "\(r.errors)") }
        var corrupt = gz
        for i in 20..<60 { corrupt[i] ^= 0xff }
        let r2 = readImage(archive(layers: [corrupt], diffIDs: [ImageReader.sha256(big)]))
        #expect(r2.images.isEmpty && !r2.errors.isEmpty)
        // not an archive at all
        let r3 = readImage(Array("hello, this is not a tar file".utf8) + [UInt8](repeating: 32, count: 600))
        #expect(r3.images.isEmpty && r3.errors.first?.message.contains("not a tar archive") == true, "\(r3.errors)")
    }

    @Test func decompressionBombStopsEarly() throws {
        // 300 MiB of zeros, a few hundred KiB compressed: stopped at the cap, memory never holds it
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "head -c 314572800 /dev/zero | gzip -c -1"]
        let o = Pipe()
        p.standardOutput = o
        try p.run()
        let bomb = Array(o.fileHandleForReading.readDataToEndOfFile())
        p.waitUntilExit()
        #expect(bomb.count < 2 << 20)
        let r = readImage(archive(layers: [bomb], diffIDs: ["sha256:" + String(repeating: "0", count: 64)]))
        #expect(r.errors.contains { $0.message.contains("decompression bomb") }, "\(r.errors)")
    }

    @Test func severalImagesAndTags() throws {
        let a = try ImageSpec.archive("tag app:1\nuser 1000\nlayer\nfile a 0644 0:0 x")
        let r = readImage(a, selection: ImageSelection(tag: "app:1"))
        #expect(r.images.count == 1 && r.images[0].reference == "app:1")
        let none = readImage(a, selection: ImageSelection(tag: "other:2"))
        #expect(none.images.isEmpty && none.errors.first?.message.contains("app:1") == true)
    }
}

func zstd(_ bytes: [UInt8]) throws -> [UInt8] { try compress("/usr/bin/zstd", ["-q", "-c", "-3"], bytes) }

@Suite("Layer compression and platforms")
struct CompressionAndPlatformTests {
    @Test func zstdLayersAndTruncatedZstd() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") else {
            _ = TestEnvironment.missing("zstd (Debian's zstd)")
            return
        }
        let plain = layer { $0.add("etc/os-release", content: Array("ID=alpine\nVERSION_ID=3.20.3\n".utf8)) }
        let z = try zstd(plain)
        #expect(Compression.sniff(z) == .zstd)
        let r = readImage(archive(layers: [z], diffIDs: [ImageReader.sha256(plain)]))
        #expect(r.errors.isEmpty, "\(r.errors)")
        #expect(r.images.first?.layers.first?.compression == "zstd" && r.images.first?.texts["etc/os-release"]?.contains("alpine") == true)
        let cut = readImage(archive(layers: [Array(z.prefix(z.count - 6))], diffIDs: [ImageReader.sha256(plain)]))
        #expect(cut.images.isEmpty && !cut.errors.isEmpty)
    }

    /// An OCI layout whose index holds two platforms, each with its own config: --platform picks one.
    @Test func multiPlatformIndex() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-oci-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let blobs = dir.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        func put(_ bytes: [UInt8]) throws -> String {
            let d = ImageReader.sha256(bytes)
            try Data(bytes).write(to: blobs.appendingPathComponent(String(d.dropFirst(7))))
            return d
        }
        var manifests: [String] = []
        for (arch, user) in [("amd64", "0"), ("arm64", "1000")] {
            let l = layer { $0.add("arch", content: Array(arch.utf8)) }
            let ld = try put(l)
            let cfg = Array("{\"architecture\":\"\(arch)\",\"os\":\"linux\",\"config\":{\"User\":\"\(user)\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"\(ld)\"]}}".utf8)
            let cd = try put(cfg)
            let m = Array("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"digest\":\"\(cd)\",\"size\":\(cfg.count)},\"layers\":[{\"digest\":\"\(ld)\",\"size\":\(l.count)}]}".utf8)
            let md = try put(m)
            manifests.append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"\(md)\",\"size\":\(m.count),\"platform\":{\"os\":\"linux\",\"architecture\":\"\(arch)\"}}")
        }
        let inner = Array("{\"schemaVersion\":2,\"manifests\":[\(manifests.joined(separator: ","))]}".utf8)
        let id = try put(inner)
        try Data("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"\(id)\",\"size\":\(inner.count),\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi\"}}]}".utf8)
            .write(to: dir.appendingPathComponent("index.json"))
        func read(_ platform: String?) -> ImageReadResult {
            ImageReader(files: LocalFiles(), selection: ImageSelection(platform: platform)).readLayout(dir.path, reference: nil, source: "oci:" + dir.path)
        }
        #expect(read("linux/arm64").images.first?.config.user == "1000")
        #expect(read("linux/amd64").images.first?.config.user == "0")
        let none = read("linux/s390x")
        #expect(none.images.isEmpty && none.errors.first?.message.contains("linux/amd64, linux/arm64") == true, "\(none.errors)")
    }
}

@Suite("Go programs in layers")
struct GoBinaryTests {
    /// An ELF-looking file of `size` bytes with decoys (the magic unaligned, and aligned with a bad header) and the
    /// real blob at `at` (16-aligned).
    static func program(size: Int, at: Int, blob: [UInt8]) -> [UInt8] {
        var f = [UInt8](repeating: 0xAB, count: size)
        f.replaceSubrange(0..<4, with: [0x7f, 0x45, 0x4c, 0x46])
        f.replaceSubrange(1_003..<(1_003 + 14), with: GoBuildInfo.magic)                    // a string constant, not aligned
        f.replaceSubrange(4_096..<(4_096 + 14), with: GoBuildInfo.magic)                    // aligned, pointer size 0xAB: not a header
        f.replaceSubrange(at..<(at + blob.count), with: blob)
        return f
    }

    static let modinfo = "path\tex.com/t\nmod\tex.com/t\t(devel)\t\ndep\tgolang.org/x/net\tv0.17.0\th1:y=\n"
    static func blob() -> [UInt8] {
        // cmd/go's binary sentinels (not UTF-8)
        let framed: [UInt8] = [0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02, 0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6] + Array(modinfo.utf8)
            + [0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2]
        return GoBuildInfo.magic + [8, 2] + Array(repeating: 0, count: 16) + [UInt8("go1.21.3".utf8.count)] + Array("go1.21.3".utf8)
            + [UInt8(framed.count & 0x7f | 0x80), UInt8(framed.count >> 7)] + framed
    }

    @Test func foundAsTheBytesPassWhateverTheReadSizes() throws {
        // the blob straddles reads of 64 KiB, and of 7 bytes
        let f = Self.program(size: 300_000, at: 65_536 - 16, blob: Self.blob())
        for step in [7, 4_096, 1 << 16, 1 << 20] {
            var at = 0
            let t = try ProgramScanner.scan { buf in
                let n = min(step, buf.count, f.count - at)
                f.withUnsafeBytes { buf.baseAddress!.copyMemory(from: $0.baseAddress! + at, byteCount: n) }
                at += n
                return n
            }
            #expect(t == "go\tgo1.21.3\n" + Self.modinfo, "reads of \(step)")
        }
        var notELF = Self.program(size: 300_000, at: 65_536, blob: Self.blob())
        notELF[0] = 0
        var at = 0
        #expect(try ProgramScanner.scan { buf in let n = min(buf.count, notELF.count - at); at += n; return n } == nil, "not a program")
    }

    @Test func packagesOfAGoProgramInAnImage() throws {
        let program = Self.program(size: 2_500_000, at: 1_200_000, blob: Self.blob())
        let l = layer { w in
            w.add("usr/local/bin/tool", mode: 0o755, content: program)
            w.add("srv/data.bin", mode: 0o644, content: program)   // the same bytes, not executable: not a program
        }
        let r = readImage(archive(layers: [try gzip(l)]))
        #expect(r.errors.isEmpty, "\(r.errors)")
        let img = try #require(r.images.first)
        #expect(Array(img.packageTexts.keys) == ["usr/local/bin/tool"])
        let inv = ImageInventory.read(img)
        #expect(inv.packages.map { "\($0.name)@\($0.version) \($0.path) \($0.layer ?? -1)" } ==
                ["ex.com/t@(devel) /usr/local/bin/tool 0", "golang.org/x/net@v0.17.0 /usr/local/bin/tool 0", "stdlib@1.21.3 /usr/local/bin/tool 0"])
    }
}
