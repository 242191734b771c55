import BulkheadCore

/// A container image as read layer by layer: its configuration, its history, and a merged view of the final
/// filesystem that remembers which layer added, changed or deleted every path. Made by the image readers
/// (ImageFormats); rules read it and nothing else.
public struct ImageModel: Sendable {
    /// What the user named (`docker-archive:app.tar`, `oci:dir`, `docker:app:1`).
    public var source: String
    /// The image's reference (repo tag) or digest, when known.
    public var reference: String?
    /// The reference is only a tag (an OCI layout's ref name, `1.4` or `latest`), not a repository reference.
    public var referenceIsTag = false
    public var config: ImageConfig
    public var history: [HistoryEntry]
    public var layers: [LayerInfo]
    /// The final filesystem: path (no leading slash) → file.
    public var files: [String: ImageFile]
    /// Files that a later layer deleted or replaced, whose bytes are still in the image.
    public var removed: [ImageFile]
    /// Small files read whole because checks need them (etc/passwd, etc/group, etc/shadow, os-release).
    public var texts: [String: String]
    /// Known credential formats found in file contents (also in removed files).
    public var contentSecrets: [ContentSecret]
    /// Package databases and manifests (dpkg status, apk installed, dist-info METADATA, node_modules
    /// package.json) present in the final filesystem: every version of each, oldest first, with the layer
    /// that wrote it, so a package can be traced to the layer that installed it.
    public var packageTexts: [String: [LayeredText]] = [:]
    /// What is installed (read from `packageTexts` by the inventory) and the advisories that name those
    /// packages (from the advisory database, when one is at hand); both set by the image reader.
    public var inventory: PackageInventory?
    public var advisories: [Advisory] = []
    /// Set when the packages were checked against an advisory database (its description), nil when none was.
    public var advisoryDatabase: String?
    /// The end-of-life table of the advisory database, when it holds one (else the rules' own copy is used).
    public var endOfLife: [EndOfLife]?
    public var errors: [InputError] = []
    public var warnings: [InputError] = []

    public init(source: String, reference: String?, config: ImageConfig, history: [HistoryEntry], layers: [LayerInfo],
                files: [String: ImageFile], removed: [ImageFile], texts: [String: String], contentSecrets: [ContentSecret]) {
        self.source = source; self.reference = reference; self.config = config; self.history = history; self.layers = layers
        self.files = files; self.removed = removed; self.texts = texts; self.contentSecrets = contentSecrets
    }

    public var target: Target { Target(kind: .image, path: source, name: reference) }

    /// The text of a small file that was read whole (etc/os-release, etc/passwd), following symlinks.
    public func text(_ path: String) -> String? {
        if let t = texts[path] { return t }
        return resolve(path).flatMap { texts[$0.path] }
    }

    /// The file at `path` (leading slash optional), following symlinks in every component (`bin -> usr/bin`)
    /// inside the image only: `..` stops at the root, absolute targets start from the image's root, and at
    /// most 40 links are followed.
    public func resolve(_ path: String) -> ImageFile? {
        var parts = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var hops = 0
        while !parts.isEmpty {
            let part = parts.removeFirst()
            if part == "." || part.isEmpty { continue }
            if part == ".." { if !resolved.isEmpty { resolved.removeLast() }; continue }
            resolved.append(part)
            if let f = files[resolved.joined(separator: "/")], f.type == .symlink, let target = f.linkTarget {
                hops += 1
                if hops > 40 { return nil }
                resolved.removeLast()
                if target.hasPrefix("/") { resolved = [] }
                parts = target.split(separator: "/").map(String.init) + parts
            }
        }
        return files[resolved.joined(separator: "/")]
    }
}

/// One version of a file, and the layer that wrote it.
public struct LayeredText: Sendable {
    public var layer: Int
    public var text: String
    public init(layer: Int, text: String) { self.layer = layer; self.text = text }
}

/// The parts of an image configuration that checks read (`config` in the image config JSON).
public struct ImageConfig: Sendable {
    public var user: String?
    public var env: [(name: String, value: String)] = []
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var workingDir: String?
    public var exposedPorts: [String] = []
    public var volumes: [String] = []
    /// nil: none set; `["NONE"]`: disabled explicitly.
    public var healthcheck: [String]?
    public var labels: [String: String] = [:]
    public var created: String?
    public var architecture: String?
    public var os: String?
    public var stopSignal: String?
    public init() {}
}

public struct HistoryEntry: Sendable {
    public var createdBy: String
    public var created: String?
    public var comment: String?
    public var emptyLayer: Bool
    /// The layer this step made (index into `layers`), nil for an empty layer.
    public var layerIndex: Int?
    public init(createdBy: String, created: String?, comment: String?, emptyLayer: Bool, layerIndex: Int?) {
        self.createdBy = createdBy; self.created = created; self.comment = comment; self.emptyLayer = emptyLayer; self.layerIndex = layerIndex
    }
}

public struct LayerInfo: Sendable {
    public var index: Int
    /// Digest of the bytes as stored (compressed), when the format names it.
    public var digest: String?
    /// Digest of the uncompressed tar (config rootfs.diff_ids).
    public var diffID: String
    public var size: Int
    public var compression: String
    public init(index: Int, digest: String?, diffID: String, size: Int, compression: String) {
        self.index = index; self.digest = digest; self.diffID = diffID; self.size = size; self.compression = compression
    }
}

public struct ImageFile: Sendable {
    public enum Kind: String, Sendable { case file, directory, symlink, hardlink, device, fifo, other }
    /// Path without a leading slash (`etc/passwd`).
    public var path: String
    public var type: Kind
    /// Permission bits including setuid (0o4000), setgid (0o2000) and sticky (0o1000).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    public var size: Int
    public var linkTarget: String?
    /// The layer that first added this path, and the last layer that wrote it.
    public var addedIn: Int
    public var changedIn: Int
    /// For a removed file: the layer that deleted or replaced it.
    public var removedIn: Int?
    public init(path: String, type: Kind, mode: UInt32, uid: Int, gid: Int, size: Int, linkTarget: String?, addedIn: Int, changedIn: Int) {
        self.path = path; self.type = type; self.mode = mode; self.uid = uid; self.gid = gid; self.size = size
        self.linkTarget = linkTarget; self.addedIn = addedIn; self.changedIn = changedIn
    }
    public var isSetuid: Bool { type == .file && mode & 0o4000 != 0 }
    public var isSetgid: Bool { type == .file && mode & 0o2000 != 0 }
    public var isWorldWritable: Bool { mode & 0o002 != 0 && type != .symlink }
    public var isSticky: Bool { mode & 0o1000 != 0 }
}

/// A credential found in a file's contents.
public struct ContentSecret: Sendable {
    public var path: String
    public var layer: Int
    /// Line in the file (1-based).
    public var line: Int
    public var match: Secrets.Match
    /// Set when a later layer deleted or replaced the file: it is gone from the filesystem but still in the image.
    public var removedIn: Int?
    public init(path: String, layer: Int, line: Int, match: Secrets.Match, removedIn: Int? = nil) {
        self.path = path; self.layer = layer; self.line = line; self.match = match; self.removedIn = removedIn
    }
}

/// Paths inside an image: no leading slash, no `.` or empty parts, never above the root.
public enum ImagePath {
    /// `./usr//bin/` → `usr/bin`. A `..` that climbs above the root returns nil, unless `clamp` (resolving a
    /// symlink, as a chroot would: `/..` is `/`).
    public static func normalize(_ raw: String, clamp: Bool = false) -> String? {
        var parts: [Substring] = []
        for part in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { if clamp { continue } else { return nil } }
                parts.removeLast(); continue
            }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}
