import BulkheadCore
import BulkheadModel
import Crypto
import Dispatch
import RuntimeSyntax

/// Where an image comes from, as the user wrote it.
public enum ImageSource: Sendable, Equatable {
    /// `docker save` tarball.
    case dockerArchive(path: String)
    /// OCI image layout: a directory, or a tar of one; an optional reference picks an image by its ref name.
    case oci(path: String, reference: String?)
    /// The local engine (`docker:REF`).
    case engine(reference: String)
    /// A registry over the distribution API (`registry:REF` or a bare reference).
    case registry(reference: String)
    /// A root filesystem: a directory that is not an OCI layout (`dir:PATH`), read as one layer.
    case rootFilesystem(path: String)

    /// Chosen by prefix, or by form when there is none: an existing path is an archive or a layout, anything
    /// else a reference.
    public static func parse(_ s: String, exists: (String) -> Bool, isDirectory: (String) -> Bool) -> ImageSource {
        if s.hasPrefix("docker-archive:") { return .dockerArchive(path: String(s.dropFirst(15))) }
        if s.hasPrefix("oci-archive:") { return .oci(path: String(s.dropFirst(12)), reference: nil) }
        if s.hasPrefix("oci:") {
            let rest = String(s.dropFirst(4))
            if exists(rest) { return .oci(path: rest, reference: nil) }
            if let colon = rest.lastIndex(of: ":"), exists(String(rest[..<colon])) {
                return .oci(path: String(rest[..<colon]), reference: String(rest[rest.index(after: colon)...]))
            }
            return .oci(path: rest, reference: nil)
        }
        if s.hasPrefix("docker:") { return .engine(reference: String(s.dropFirst(7))) }
        if s.hasPrefix("docker-daemon:") { return .engine(reference: String(s.dropFirst(14))) }
        if s.hasPrefix("registry:") { return .registry(reference: String(s.dropFirst(9))) }
        if s.hasPrefix("dir:") { return .rootFilesystem(path: String(s.dropFirst(4))) }
        if s == "-" { return .dockerArchive(path: "-") }
        if exists(s) {
            guard isDirectory(s) else { return .dockerArchive(path: s) }
            let layout = exists(join(s, "oci-layout")) || exists(join(s, "index.json"))
            return layout ? .oci(path: s, reference: nil) : .rootFilesystem(path: s)
        }
        // a missing file is still a file: reported as one, not looked up in a registry
        let l = s.lowercased()
        if s.hasPrefix("/") || s.hasPrefix("./") || s.hasPrefix("../") || s.hasPrefix("~") || l.hasSuffix(".tar") || l.hasSuffix(".tar.gz") || l.hasSuffix(".tgz") {
            return .dockerArchive(path: s)
        }
        return .registry(reference: s)
    }
}

/// What to pick from an archive or index holding several images.
public struct ImageSelection: Sendable {
    /// A repo tag (`app:1.4`) or OCI ref name; nil means every image in the archive.
    public var tag: String?
    /// `os/arch[/variant]`; nil means the host's.
    public var platform: String?
    public var limits = LayerLimits()
    /// Registries (host[:port]) spoken to over plain HTTP (`--insecure-registry`).
    public var insecureRegistries: Set<String> = []
    public init(tag: String? = nil, platform: String? = nil, insecureRegistries: Set<String> = []) {
        self.tag = tag; self.platform = platform; self.insecureRegistries = insecureRegistries
    }

    public static var hostPlatform: String {
        #if arch(arm64)
        return "linux/arm64"
        #else
        return "linux/amd64"
        #endif
    }
}

/// Images read from one source, and what went wrong (each with where).
public struct ImageReadResult: Sendable {
    public var images: [ImageModel] = []
    public var errors: [InputError] = []
    public var warnings: [InputError] = []
    public init() {}
}

/// Reads images from archives and layouts; the bytes come through `FileSource` streams, nothing is written.
public struct ImageReader: Sendable {
    public var files: any FileSource
    public var selection: ImageSelection
    public init(files: any FileSource, selection: ImageSelection = ImageSelection()) { self.files = files; self.selection = selection }

    static let jsonLimit = 16 << 20

    /// A root filesystem, given as the tar stream of its tree (FileSource.openTree): one layer, no configuration.
    public func readRootFilesystem(_ stream: any ByteStream, name: String, source: String) -> ImageReadResult {
        var result = ImageReadResult()
        do {
            // a tree that can skip what nothing reads is scanned without a digest (a directory has none)
            let summary = try (stream as? SkippableStream).map { try LayerScanner.scanTree($0, limits: selection.limits) }
                ?? LayerScanner.scan(stream, storedSize: 0, limits: selection.limits)
            let config = (try? JNode.parse("{\"os\": \"linux\", \"config\": {}}")) ?? .null(0, 0)
            var image = ImageAssembler.assemble(config: config, layers: [(summary, nil)], source: source, reference: name)
            image.warnings = summary.warnings.map { InputError(path: name, message: $0) }
            result.warnings += image.warnings
            result.images.append(image)
        } catch let err as StreamError {
            result.errors.append(InputError(path: name, message: err.message))
        } catch {
            result.errors.append(InputError(path: name, message: "\(error)"))
        }
        return result
    }

    /// An archive (docker save or OCI tar) read in one pass from `stream`; `name` is what errors mention.
    public func readArchive(_ stream: any ByteStream, name: String, source: String) -> ImageReadResult {
        var store = BlobStore()
        var result = ImageReadResult()
        let tar = TarReader(stream)
        do {
            while let e = try tar.next() {
                guard e.kind == .file, let path = ImagePath.normalize(e.name), !path.isEmpty else { continue }
                let entry = PrefixedStream(tar)
                if ImageReader.isDocument(path, first: try entry.peek(1).first) {
                    if e.size <= ImageReader.jsonLimit, let rest = try tar.readAll(limit: ImageReader.jsonLimit) {
                        store.json[path] = entry.prefix + rest
                    }
                    continue
                }
                if ImageReader.isIgnoredMember(path) || e.size == 0 { continue }
                do {
                    store.layers[path] = try LayerScanner.scan(entry, storedSize: e.size, limits: selection.limits)
                } catch let err as StreamError {
                    store.broken[path] = err.message
                    // the outer archive may still be fine: go on with the next member
                }
            }
        } catch let err as StreamError {
            result.errors.append(InputError(path: name, message: "\(err.message)"))
            if store.json.isEmpty { return result }
        } catch {
            result.errors.append(InputError(path: name, message: "\(error)"))
            return result
        }
        assemble(store, name: name, source: source, into: &result)
        return result
    }

    /// An archive on disk: its members indexed first (headers only), then its layers read side by side, one
    /// per core; the same result as `readArchive` in less time.
    public func readArchive(file: any RandomAccessBytes, name: String, source: String) -> ImageReadResult {
        var store = BlobStore()
        var result = ImageReadResult()
        var layers: [(path: String, offset: Int, size: Int)] = []
        let tar = TarReader(RangeStream(file, offset: 0, count: file.size))
        do {
            while let e = try tar.next() {
                guard e.kind == .file, let path = ImagePath.normalize(e.name), !path.isEmpty, e.size > 0 else { continue }
                let at = tar.position
                var first = [UInt8](repeating: 0, count: 1)
                _ = try first.withUnsafeMutableBytes { try file.read(at: at, into: $0) }
                if ImageReader.isDocument(path, first: first[0]) {
                    if e.size <= ImageReader.jsonLimit, let data = try tar.readAll(limit: ImageReader.jsonLimit) { store.json[path] = data }
                    continue
                }
                if ImageReader.isIgnoredMember(path) { continue }
                if at + e.size > file.size { throw StreamError("truncated tar archive: '\(path.prefix(200))' at byte \(e.offset) ends past the end of the file") }
                layers.append((path, at, e.size))
            }
        } catch let err as StreamError {
            result.errors.append(InputError(path: name, message: err.message))
            if store.json.isEmpty { return result }
        } catch {
            result.errors.append(InputError(path: name, message: "\(error)"))
            return result
        }
        let slots = LayerSlots(layers.count)
        let limits = selection.limits
        let found = layers
        // at most 4 layers at once: memory stays a few MiB a worker on machines with many cores
        let workers = max(1, min(4, found.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: found.count, by: workers) {
                let l = found[i]
                do { slots.set(i, .success(try LayerScanner.scan(RangeStream(file, offset: l.offset, count: l.size), storedSize: l.size, limits: limits))) }
                catch let e as StreamError { slots.set(i, .failure(e)) }
                catch { slots.set(i, .failure(StreamError("\(error)"))) }
            }
        }
        for (i, l) in layers.enumerated() {
            switch slots.get(i) {
            case .success(let s): store.layers[l.path] = s
            case .failure(let e): store.broken[l.path] = e.message
            case nil: store.broken[l.path] = "not read"
            }
        }
        assemble(store, name: name, source: source, into: &result)
        return result
    }

    /// An OCI layout directory: index.json, then only the blobs the chosen images need.
    public func readLayout(_ dir: String, reference: String?, source: String) -> ImageReadResult {
        var store = BlobStore()
        var result = ImageReadResult()
        guard case .success(let index) = files.readText(join(dir, "index.json"), limit: ImageReader.jsonLimit) else {
            result.errors.append(InputError(path: dir, message: "not an OCI image layout (no readable index.json)"))
            return result
        }
        store.json["index.json"] = Array(index.utf8)
        store.lazy = LazyBlobs(files: files, dir: dir, limits: selection.limits)
        var sel = self
        if let reference { sel.selection.tag = reference }
        sel.assemble(store, name: dir, source: source, into: &result)
        return result
    }

    // MARK: - assembling images from blobs

    func assemble(_ store: BlobStore, name: String, source: String, into result: inout ImageReadResult) {
        var store = store
        if let manifest = store.json["manifest.json"] {
            assembleDocker(manifest, &store, name: name, source: source, into: &result)
        } else if let index = store.json["index.json"] {
            assembleOCI(index, &store, name: name, source: source, into: &result)
        } else {
            result.errors.append(InputError(path: name, message: "neither a docker save archive nor an OCI layout (no manifest.json or index.json)"))
        }
    }

    func parseJSON(_ data: [UInt8], _ what: String, name: String, into result: inout ImageReadResult) -> JNode? {
        do { return try JNode.parse(String(decoding: data, as: UTF8.self)) } catch {
            result.errors.append(InputError(path: name, line: error.line, column: error.column, message: "\(what): \(error.message)"))
            return nil
        }
    }

    func assembleDocker(_ data: [UInt8], _ store: inout BlobStore, name: String, source: String, into result: inout ImageReadResult) {
        guard let root = parseJSON(data, "manifest.json", name: name, into: &result) else { return }
        guard let items = root.array else {
            result.errors.append(InputError(path: name, message: "manifest.json is not a list of images")); return
        }
        var picked = 0
        for item in items {
            let tags = item["RepoTags"]?.array?.compactMap(\.string) ?? []
            if let want = selection.tag, !tags.contains(where: { ImageReader.sameReference($0, want) }) { continue }
            picked += 1
            guard let configPath = item["Config"]?.string else {
                result.errors.append(InputError(path: name, message: "manifest.json names an image without a Config")); continue
            }
            let layerPaths = item["Layers"]?.array?.compactMap(\.string) ?? []
            let configDigest = ImageReader.digest(fromBlobPath: configPath) ?? ("sha256:" + Paths.lastComponent(configPath).replacingSuffix(".json"))
            guard let config = store.blob(json: configPath) else {
                result.errors.append(InputError(path: name, message: "the image config \(configPath) is not in the archive")); continue
            }
            var layers: [(summary: LayerSummary, digest: String?)] = []
            var failed = false
            for (i, lp) in layerPaths.enumerated() {
                switch store.layer(lp, size: nil) {
                case .success(let s): layers.append((s, ImageReader.digest(fromBlobPath: lp)))
                case .failure(let e):
                    result.errors.append(InputError(path: name, message: "layer \(i + 1) (\(lp)): \(e.message)")); failed = true
                }
            }
            if failed { continue }
            build(config: config, configDigest: configDigest, layers: layers, reference: tags.first ?? selection.tag as String?,
                  name: name, source: source, into: &result)
        }
        if picked == 0 {
            let all = items.flatMap { $0["RepoTags"]?.array?.compactMap(\.string) ?? [] }
            result.errors.append(InputError(path: name, message: selection.tag.map { "no image tagged \($0) in the archive (it has: \(all.isEmpty ? "no tags" : all.joined(separator: ", ")))" } ?? "the archive holds no image"))
        }
    }

    func assembleOCI(_ data: [UInt8], _ store: inout BlobStore, name: String, source: String, into result: inout ImageReadResult) {
        guard let root = parseJSON(data, "index.json", name: name, into: &result) else { return }
        let descriptors = root["manifests"]?.array ?? []
        var found = 0
        for d in descriptors {
            let ref = d["annotations"]?["org.opencontainers.image.ref.name"]?.string ?? d["annotations"]?["io.containerd.image.name"]?.string
            if let want = selection.tag, let ref, !ImageReader.sameReference(ref, want) { continue }
            if selection.tag != nil && ref == nil && descriptors.count > 1 { continue }
            guard let manifest = resolveManifest(d, &store, name: name, depth: 0, into: &result) else { continue }
            found += 1
            guard let cfg = manifest["config"], let cfgDigest = cfg["digest"]?.string, let config = store.blob(digest: cfgDigest) else {
                result.errors.append(InputError(path: name, message: "the image config named by the manifest is not in the layout")); continue
            }
            guard ImageReader.sha256(config) == cfgDigest else {
                result.errors.append(InputError(path: name, message: "the image config does not match its digest \(cfgDigest)")); continue
            }
            var layers: [(summary: LayerSummary, digest: String?)] = []
            var failed = false
            for (i, l) in (manifest["layers"]?.array ?? []).enumerated() {
                guard let digest = l["digest"]?.string, let path = ImageReader.blobPath(digest) else {
                    result.errors.append(InputError(path: name, message: "layer \(i + 1) has no valid digest")); failed = true; continue
                }
                switch store.layer(path, size: l["size"]?.int.map(Int.init)) {
                case .success(let s):
                    if s.digest != digest {
                        result.errors.append(InputError(path: name, message: "layer \(i + 1): the bytes read hash to \(s.digest), not the \(digest) the manifest names (corrupt or tampered)"))
                        failed = true
                    }
                    layers.append((s, digest))
                case .failure(let e): result.errors.append(InputError(path: name, message: "layer \(i + 1) (\(digest)): \(e.message)")); failed = true
                }
            }
            if failed { continue }
            build(config: config, configDigest: cfgDigest, layers: layers, reference: ref ?? selection.tag, name: name, source: source, into: &result)
            // a layout's ref name is usually a bare tag (skopeo's oci:DIR:TAG)
            if let r = ref ?? selection.tag, !r.contains(":"), !r.contains("/"), !result.images.isEmpty { result.images[result.images.count - 1].referenceIsTag = true }
        }
        if found == 0 && result.errors.isEmpty {
            result.errors.append(InputError(path: name, message: selection.tag.map { "no image named \($0) in the layout" } ?? "the layout's index names no image for \(selection.platform ?? ImageSelection.hostPlatform)"))
        }
    }

    /// A manifest descriptor, following image indexes to the manifest of the chosen platform.
    func resolveManifest(_ d: JNode, _ store: inout BlobStore, name: String, depth: Int, into result: inout ImageReadResult) -> JNode? {
        guard depth < 4, let digest = d["digest"]?.string else { return nil }
        guard let data = store.blob(digest: digest) else {
            result.errors.append(InputError(path: name, message: "the index names \(digest), which is not in the layout")); return nil
        }
        guard ImageReader.sha256(data) == digest else {
            result.errors.append(InputError(path: name, message: "manifest \(digest) does not match its digest")); return nil
        }
        guard let m = parseJSON(data, "manifest \(digest)", name: name, into: &result) else { return nil }
        if let children = m["manifests"]?.array {
            let want = selection.platform ?? ImageSelection.hostPlatform
            let match = children.first { c in
                guard let p = c["platform"], let os = p["os"]?.string, let arch = p["architecture"]?.string else { return false }
                let full = [os, arch, p["variant"]?.string].compactMap { $0 }.joined(separator: "/")
                return full == want || "\(os)/\(arch)" == want
            }
            guard let match else {
                let have = children.compactMap { c -> String? in
                    guard let p = c["platform"], let os = p["os"]?.string, let arch = p["architecture"]?.string, os != "unknown" else { return nil }
                    return "\(os)/\(arch)"
                }
                result.errors.append(InputError(path: name, message: "no \(want) image in the index (it has: \(have.joined(separator: ", "))); pick one with --platform"))
                return nil
            }
            return resolveManifest(match, &store, name: name, depth: depth + 1, into: &result)
        }
        return m
    }

    func build(config data: [UInt8], configDigest: String, layers: [(summary: LayerSummary, digest: String?)], reference: String?,
               name: String, source: String, into result: inout ImageReadResult) {
        guard let config = parseJSON(data, "image config", name: name, into: &result) else { return }
        let diffIDs = config["rootfs"]?["diff_ids"]?.array?.compactMap(\.string) ?? []
        if diffIDs.count != layers.count {
            result.errors.append(InputError(path: name, message: "the config lists \(diffIDs.count) layers (rootfs.diff_ids) but the manifest \(layers.count)"))
            return
        }
        for (i, (s, _)) in layers.enumerated() where s.diffID != diffIDs[i] {
            result.errors.append(InputError(path: name, message: "layer \(i + 1): its uncompressed bytes hash to \(s.diffID), not the diff_id \(diffIDs[i]) of the config (corrupt or tampered)"))
            return
        }
        var image = ImageAssembler.assemble(config: config, layers: layers, source: source, reference: reference ?? configDigest)
        for s in layers.map(\.summary) { for w in s.warnings { image.warnings.append(InputError(path: name, message: w)) } }
        result.warnings += image.warnings
        result.images.append(image)
    }

    // MARK: - helpers

    /// An archive member that is a JSON document (manifest, index, config) rather than a layer: layers are
    /// told apart by their first byte, whatever they are called.
    static func isDocument(_ path: String, first: UInt8?) -> Bool {
        first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || path == "manifest.json" || path == "index.json"
    }

    /// Members no check needs (the layout marker, legacy per-layer metadata).
    static func isIgnoredMember(_ path: String) -> Bool {
        path == "oci-layout" || path == "repositories" || path.hasSuffix("/VERSION") || path.hasSuffix("/json")
    }

    static func sha256(_ bytes: [UInt8]) -> String { "sha256:" + Hex.encode(SHA256.hash(data: bytes)) }

    /// `blobs/sha256/abc…` → `sha256:abc…`.
    static func digest(fromBlobPath p: String) -> String? {
        let parts = p.split(separator: "/")
        guard parts.count == 3, parts[0] == "blobs", parts[2].count >= 32 else { return nil }
        return "\(parts[1]):\(parts[2])"
    }

    /// `sha256:abc…` → `blobs/sha256/abc…` (nil for anything that could name another path).
    static func blobPath(_ digest: String) -> String? {
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].allSatisfy({ $0.isLetter || $0.isNumber }),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0.isHexDigit }) else { return nil }
        return "blobs/\(parts[0])/\(parts[1])"
    }

    /// `app` matches `app:latest` and `docker.io/library/app:latest`.
    public static func sameReference(_ a: String, _ b: String) -> Bool {
        func norm(_ r: String) -> String {
            var r = r
            for p in ["docker.io/library/", "docker.io/", "index.docker.io/library/"] where r.hasPrefix(p) { r = String(r.dropFirst(p.count)) }
            let last = r.split(separator: "/").last ?? ""
            if !last.contains(":") && !r.contains("@") { r += ":latest" }
            return r
        }
        return a == b || norm(a) == norm(b)
    }
}

/// The blobs of one archive: JSON documents kept, layers already summarized (or read on demand from a
/// layout directory).
struct BlobStore {
    var json: [String: [UInt8]] = [:]
    var layers: [String: LayerSummary] = [:]
    var broken: [String: String] = [:]
    var lazy: (any BlobSource)?

    mutating func blob(json path: String) -> [UInt8]? {
        if let d = json[path] { return d }
        if let lazy, let d = lazy.json(path) { json[path] = d; return d }
        return nil
    }
    mutating func blob(digest: String) -> [UInt8]? { ImageReader.blobPath(digest).flatMap { blob(json: $0) } }

    mutating func layer(_ path: String, size: Int?) -> Result<LayerSummary, StreamError> {
        guard let p = ImagePath.normalize(path) else { return .failure(StreamError("the manifest names a path outside the archive")) }
        if let s = layers[p] { return .success(s) }
        if let b = broken[p] { return .failure(StreamError(b)) }
        if let lazy {
            let r = lazy.layer(p, size: size)
            if case .success(let s) = r { layers[p] = s }
            return r
        }
        return .failure(StreamError("not in the archive"))
    }
}

/// Where blobs come from when they are not all in one archive: a layout directory, a registry.
protocol BlobSource {
    /// A JSON blob (manifest, config) by its path `blobs/ALG/HEX`, at most 16 MiB.
    func json(_ path: String) -> [UInt8]?
    func layer(_ path: String, size: Int?) -> Result<LayerSummary, StreamError>
}

/// Blobs of an OCI layout directory, read when an image needs them.
struct LazyBlobs: BlobSource {
    let files: any FileSource
    let dir: String
    let limits: LayerLimits
    func json(_ path: String) -> [UInt8]? {
        guard let p = ImagePath.normalize(path), case .success(let t) = files.readText(join(dir, p), limit: ImageReader.jsonLimit) else { return nil }
        return Array(t.utf8)
    }
    func layer(_ path: String, size: Int?) -> Result<LayerSummary, StreamError> {
        switch files.openStream(join(dir, path)) {
        case .failure(let f): return .failure(StreamError(f == .missing ? "the blob is not in the layout" : f.message))
        case .success(let stream):
            do { return .success(try LayerScanner.scan(stream, storedSize: size ?? 0, limits: limits)) }
            catch let e as StreamError { return .failure(e) }
            catch { return .failure(StreamError("\(error)")) }
        }
    }
}

/// A tar reader is a stream of its current entry's contents.
extension TarReader: ByteStream {}

extension String {
    func replacingSuffix(_ s: String) -> String { hasSuffix(s) ? String(dropLast(s.count)) : self }
}

/// Results of layers read side by side.
final class LayerSlots: @unchecked Sendable {
    private var items: [Result<LayerSummary, StreamError>?]
    private let queue = DispatchQueue(label: "bulkhead.layers")
    init(_ n: Int) { items = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ r: Result<LayerSummary, StreamError>) { queue.sync { items[i] = r } }
    func get(_ i: Int) -> Result<LayerSummary, StreamError>? { queue.sync { items[i] } }
}
