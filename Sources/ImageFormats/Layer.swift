import BulkheadCore
import BulkheadModel
import Inventory

/// What reading one layer found: its entries in order (whiteouts kept apart), the small files checks need,
/// and credentials found in file contents. Independent of the layer's place in the image, so layers can be
/// read in whatever order an archive stores them and put in order afterwards.
public struct LayerSummary: Sendable {
    public struct Entry: Sendable {
        public var path: String
        public var type: ImageFile.Kind
        public var mode: UInt32
        public var uid: Int, gid: Int
        public var size: Int
        public var link: String?
    }
    public var entries: [Entry] = []
    /// Paths removed from lower layers (`.wh.NAME`).
    public var whiteouts: [String] = []
    /// Directories whose lower contents are hidden (`.wh..wh..opq`).
    public var opaque: [String] = []
    public var texts: [String: String] = [:]
    /// Package databases and manifests (PackageFiles), for the inventory.
    public var packageTexts: [String: String] = [:]
    public var secrets: [(path: String, line: Int, match: Secrets.Match)] = []
    /// Digest of the stored bytes and of the uncompressed tar.
    public var digest = ""
    public var diffID = ""
    public var storedSize = 0
    public var compression = Compression.none
    public var warnings: [String] = []
}

/// Limits on what one layer may make the reader do.
public struct LayerLimits: Sendable {
    /// Uncompressed bytes of one layer, and the most it may expand relative to its stored size.
    public var maxBytes = 64 << 30
    public var maxRatio = 100
    public var maxEntries = 2_000_000
    /// Files whose contents are searched for credentials are at most this large (and not binary).
    public var scanLimit = 1 << 20
    /// Package databases and manifests kept from one layer, in all.
    public var packageBytes = 256 << 20
    /// Whether file contents are searched for credentials (an SBOM needs only the packages).
    public var contentSecrets = true
    public init() {}
}

enum LayerScanner {
    /// Files read whole whatever their name says (bounded by 256 KiB).
    static let captured: Set<String> = ["etc/passwd", "etc/group", "etc/shadow", "etc/os-release", "usr/lib/os-release",
                                        "etc/alpine-release", "etc/debian_version", "etc/redhat-release", "etc/lsb-release",
                                        "etc/sudoers", "etc/ssh/sshd_config"]
    /// Trees whose text is documentation or locale data: never credentials worth the time.
    static let skippedPrefixes = ["usr/share/doc/", "usr/share/man/", "usr/share/locale/", "usr/share/i18n/", "usr/share/zoneinfo/",
                                  "usr/share/info/", "usr/share/mime/", "usr/share/common-licenses/", "usr/share/perl", "var/lib/dpkg/info/",
                                  "usr/share/X11/", "usr/share/terminfo/", "usr/lib/x86_64-linux-gnu/perl", "usr/share/ca-certificates/",
                                  "etc/ssl/certs/"]

    /// Reads one stored layer blob (compressed or not) to its end.
    static func scan(_ blob: any ByteStream, storedSize: Int, limits: LayerLimits) throws -> LayerSummary {
        var out = LayerSummary()
        let stored = HashingStream(blob)
        let (plain, compression) = try decompressing(stored)
        out.compression = compression
        let cap = compression == .none ? limits.maxBytes : min(limits.maxBytes, max(256 << 20, storedSize.multipliedReportingOverflow(by: limits.maxRatio).partialValue))
        let guarded = LimitStream(plain, limit: cap, what: "the layer")
        // an uncompressed layer's diff_id is its digest: its bytes are hashed once
        let diff: HashingStream? = compression == .none ? nil : HashingStream(guarded)
        let tar = TarReader(diff ?? guarded)
        try entries(tar, limits: limits, into: &out)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        // the rest (end blocks, padding) still counts toward both digests
        try tar.drain()
        while try chunk.withUnsafeMutableBytes({ try stored.read(into: $0) }) > 0 {}
        out.digest = stored.digest()
        out.diffID = diff?.digest() ?? out.digest
        out.storedSize = stored.count
        return out
    }

    /// A root filesystem's tree, as the tar stream FileSource.openTree makes: the same reading of every entry, but
    /// no digest (a directory has none) and the contents nothing reads are skipped, not read.
    static func scanTree(_ stream: any SkippableStream, limits: LayerLimits) throws -> LayerSummary {
        var out = LayerSummary()
        let tar = TarReader(stream)
        try entries(tar, limits: limits, into: &out)
        try tar.drain()
        return out
    }

    /// Every entry of one layer's tar: its place in the tree, and the contents the checks and the inventory read.
    static func entries(_ tar: TarReader, limits: LayerLimits, into out: inout LayerSummary) throws {
        var count = 0
        var packageBytes = 0
        while let e = try tar.next() {
            count += 1
            if count > limits.maxEntries { throw StreamError("more than \(limits.maxEntries) entries in one layer") }
            guard let path = ImagePath.normalize(e.name) else {
                throw StreamError("entry '\(e.name.prefix(200))' at byte \(e.offset) climbs out of the image root (path traversal)")
            }
            if path.isEmpty { continue }
            let base = Paths.lastComponent(path)
            if base.hasPrefix(".wh.") {
                let dir = Paths.directory(path)
                if base == ".wh..wh..opq" { out.opaque.append(dir) }
                else { out.whiteouts.append(dir.isEmpty ? String(base.dropFirst(4)) : dir + "/" + base.dropFirst(4)) }
                continue
            }
            var entry = LayerSummary.Entry(path: path, type: .other, mode: e.mode, uid: e.uid, gid: e.gid, size: e.size, link: nil)
            switch e.kind {
            case .file: entry.type = .file
            case .directory: entry.type = .directory
            case .symlink: entry.type = .symlink; entry.link = e.linkName
            case .hardlink:
                entry.type = .hardlink
                guard let target = ImagePath.normalize(e.linkName) else {
                    throw StreamError("hard link '\(path.prefix(200))' at byte \(e.offset) points out of the image root ('\(e.linkName.prefix(200))')")
                }
                entry.link = target
            case .charDevice, .blockDevice: entry.type = .device
            case .fifo: entry.type = .fifo
            case .other: entry.type = .other
            }
            if entry.type == .symlink, let l = entry.link, !l.hasPrefix("/") {
                // a relative link that climbs above the root: resolved inside the image as a chroot would, but worth saying
                if ImagePath.normalize(Paths.directory(path) + "/" + l) == nil {
                    out.warnings.append("symlink /\(path) → \(l) climbs above the image root; it is resolved inside the image")
                }
            }
            out.entries.append(entry)
            guard entry.type == .file, e.size > 0 else { continue }
            if let kind = PackageFiles.kind(path) {
                if e.size > PackageFiles.limit(kind) || (kind != .java && kind != .rpm && packageBytes + e.size > limits.packageBytes) {
                    out.warnings.append("/\(path) (\(e.size) bytes) is too large to read as a package database; its packages are not listed")
                } else if let data = try tar.readAll(limit: PackageFiles.limit(kind)) {
                    // a Java archive and rpm's database are read in memory and only their packages' lines kept
                    let text = kind == .java ? JavaArchiveScanner.describe(data) : kind == .rpm ? RpmDatabaseFile.describe(data)
                        : PackageFiles.keep(String(decoding: data, as: UTF8.self), kind)
                    packageBytes += text.utf8.count
                    out.packageTexts[path] = text
                }
                continue
            }
            if captured.contains(path) || (limits.contentSecrets && Secrets.isSecretFile(path) != nil && e.size <= 256 << 10) {
                if let data = try tar.readAll(limit: 256 << 10) {
                    if captured.contains(path) || !data.contains(0) { out.texts[path] = String(decoding: data, as: UTF8.self) }
                    if limits.contentSecrets { scanSecrets(data, path: path, into: &out) }
                }
                continue
            }
            if e.mode & 0o111 != 0, e.size > limits.scanLimit {
                // an executable: a Go or Rust program may name the modules or crates linked into it
                if let t = try ProgramScanner.scan({ try tar.read(into: $0) }), packageBytes + t.utf8.count <= limits.packageBytes {
                    packageBytes += t.utf8.count
                    out.packageTexts[path] = t
                }
                continue
            }
            if limits.contentSecrets, e.size <= limits.scanLimit, !skippedPrefixes.contains(where: { path.hasPrefix($0) }) {
                if let data = try tar.readAll(limit: limits.scanLimit) { scanSecrets(data, path: path, into: &out) }
            }
        }
    }

    /// Known credential formats in a text file (binary files, where key header strings live as constants, are skipped).
    static func scanSecrets(_ data: [UInt8], path: String, into out: inout LayerSummary) {
        guard !data.isEmpty, !data.contains(0) else { return }
        // configuration files take bare values (KEY=value); program source only quoted ones
        let name = Paths.lastComponent(path).lowercased()
        let config = name.hasPrefix(".env") || ["env", "ini", "cfg", "conf", "properties", "yaml", "yml", "toml", "json"].contains(name.split(separator: ".").last.map(String.init) ?? "")
        var line = 1
        for l in data.split(separator: 10, omittingEmptySubsequences: false) {
            if !l.isEmpty {
                var found = false
                if Secrets.mayContainSecret(l) {
                    for m in Secrets.scan(String(decoding: l, as: UTF8.self)) { out.secrets.append((path, line, m)); found = true }
                }
                if !found, l.count < 512, Secrets.mayNameSecret(l),
                   let m = Secrets.secretAssignment(String(decoding: l, as: UTF8.self), quotedOnly: !config) {
                    out.secrets.append((path, line, m))
                }
            }
            line += 1
        }
    }
}
