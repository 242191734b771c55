import BulkheadCore

// The edges through which readers and the engine reach the world. Each has one real implementation
// (SystemIO), set up once in the CLI's composition root; tests use the same real ones, or overlay text.

/// Why a file could not be read as text.
public enum FileReadFailure: Error, Sendable, Equatable {
    case missing, directory, unreadable, tooLarge(limit: Int), binary, notUTF8

    public var message: String {
        switch self {
        case .missing: "no such file"
        case .directory: "is a directory"
        case .unreadable: "cannot read the file (permission denied?)"
        case .tooLarge(let limit): "file is larger than \(limit >> 20) MiB"
        case .binary: "binary file (contains NUL bytes)"
        case .notUTF8: "not valid UTF-8 text"
        }
    }
}

extension FileReadFailure {
    /// What to tell someone who named the file as `what` ("a Dockerfile", "a Compose file"): one wording for
    /// every reader.
    public func message(readingAs what: String) -> String {
        switch self {
        case .directory: "is a directory (name the file in it, or search it with bulkhead scan DIR)"
        case .tooLarge, .binary: "\(message); not \(what)"
        default: message
        }
    }
}

/// One entry of a directory listing.
public struct DirectoryEntry: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case file, directory, symlink, other }
    public var name: String
    public var kind: Kind
    public init(name: String, kind: Kind) { self.name = name; self.kind = kind }
}

/// Bytes read in order, a piece at a time (image archives and layers: never read whole).
public protocol ByteStream: AnyObject {
    /// Fills the start of `buffer` with the next bytes and says how many; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteStream {
    /// Everything left in the stream, at most `limit` bytes (more is an error: a small document was expected).
    public func readAll(limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buf.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return out }
            out += buf[0..<n]
            if out.count > limit { throw StreamError("more than \(limit >> 20) MiB where a small document was expected") }
        }
    }
}

/// Lower-case hexadecimal (digests, fingerprints).
public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)
    public static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let array = Array(bytes)
        // written straight into the string's storage (fingerprints are made for every finding)
        return String(unsafeUninitializedCapacity: array.count * 2) { out in
            var i = 0
            for b in array { out[i] = digits[Int(b >> 4)]; out[i + 1] = digits[Int(b & 15)]; i += 2 }
            return i
        }
    }
}

/// A file read at any offset (image archives on disk: layers are read side by side).
public protocol RandomAccessBytes: AnyObject, Sendable {
    var size: Int { get }
    /// Fills the start of `buffer` with the bytes at `offset`; fewer only at the end of the file.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Why a stream stopped: the reader's own words, with the byte offset where it happened when known.
public struct StreamError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Reading files. Every read is bounded: `limit` bytes at most.
public protocol FileSource: Sendable {
    func readText(_ path: String, limit: Int) -> Result<String, FileReadFailure>
    /// A file's bytes as a stream (`-` is standard input), for inputs too large to hold: image archives.
    func openStream(_ path: String) -> Result<any ByteStream, FileReadFailure>
    /// The file for reads at any offset; nil where that is not possible (standard input, pipes).
    func openRandomAccess(_ path: String) -> (any RandomAccessBytes)?
    func exists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// The entries of a directory (not sorted); a failure for a missing or unreadable one.
    func entries(of directory: String) -> Result<[DirectoryEntry], FileReadFailure>
    /// A directory tree (a root filesystem) as an uncompressed tar stream, produced as it is read: names, modes,
    /// owners and link targets as they are, symlinks not followed. Nothing is copied or written.
    func openTree(_ path: String) -> Result<any ByteStream, FileReadFailure>
    var currentDirectory: String { get }
    var homeDirectory: String { get }
}

extension FileSource {
    public func openTree(_ path: String) -> Result<any ByteStream, FileReadFailure> { .failure(.unreadable) }
}

extension FileSource {
    /// Text inputs are at most 16 MiB unless a reader says otherwise.
    public static var defaultLimit: Int { 16 << 20 }
    public func readText(_ path: String) -> Result<String, FileReadFailure> { readText(path, limit: 16 << 20) }
    /// The text, or nil when the file cannot be read.
    public func text(_ path: String) -> String? { try? readText(path).get() }

    /// `path` resolved against the directory of `file` (or the current directory when `file` has none).
    public func resolve(_ path: String, relativeTo file: String?) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return join(homeDirectory, String(path.dropFirst(2))) }
        let dir = file.map(Paths.directory) ?? ""
        return dir.isEmpty ? (file == nil ? join(currentDirectory, path) : path) : join(dir, path)
    }
}

/// Small path helpers (no Foundation).
public enum Paths {
    /// The directory part of a path ("" for a bare name).
    public static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
    public static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        return p.lastIndex(of: "/").map { String(p[p.index(after: $0)...]) } ?? String(p)
    }
}

public func join(_ dir: String, _ name: String) -> String {
    if dir.isEmpty { return name }
    return dir.hasSuffix("/") ? dir + name : dir + "/" + name
}

/// Files given as text (standard input, examples, tests) in front of another source.
public struct OverlayFiles: FileSource {
    public var texts: [String: String]
    public var base: any FileSource
    public init(_ texts: [String: String], over base: any FileSource) { self.texts = texts; self.base = base }
    public func readText(_ path: String, limit: Int) -> Result<String, FileReadFailure> {
        if let t = texts[path] { return t.utf8.count > limit ? .failure(.tooLarge(limit: limit)) : .success(t) }
        return base.readText(path, limit: limit)
    }
    public func exists(_ path: String) -> Bool { texts[path] != nil || holdsTexts(path) || base.exists(path) }
    public func isDirectory(_ path: String) -> Bool { texts[path] == nil && (holdsTexts(path) || base.isDirectory(path)) }
    /// A directory made of the texts' paths (an example's build context): the names directly under it.
    public func entries(of directory: String) -> Result<[DirectoryEntry], FileReadFailure> {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var overlay: [String: DirectoryEntry.Kind] = [:]
        for path in texts.keys where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            guard let first = rest.split(separator: "/", omittingEmptySubsequences: true).first else { continue }
            overlay[String(first)] = rest.count > first.count ? .directory : .file
        }
        if overlay.isEmpty { return base.entries(of: directory) }
        var out = (try? base.entries(of: directory).get()) ?? []
        out.removeAll { overlay[$0.name] != nil }
        out += overlay.map { DirectoryEntry(name: $0.key, kind: $0.value) }
        return .success(out)
    }
    func holdsTexts(_ directory: String) -> Bool {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return texts.keys.contains { $0.hasPrefix(prefix) }
    }
    public func openStream(_ path: String) -> Result<any ByteStream, FileReadFailure> { base.openStream(path) }
    public func openTree(_ path: String) -> Result<any ByteStream, FileReadFailure> { base.openTree(path) }
    public func openRandomAccess(_ path: String) -> (any RandomAccessBytes)? { texts[path] == nil ? base.openRandomAccess(path) : nil }
    public var currentDirectory: String { base.currentDirectory }
    public var homeDirectory: String { base.homeDirectory }
}

/// The process environment (Compose interpolation, NO_COLOR, …).
public protocol EnvironmentSource: Sendable {
    var variables: [String: String] { get }
}

/// What day it is, for expiring ignores (yyyy-mm-dd, UTC).
public protocol Clock: Sendable {
    var today: String { get }
}

/// The Docker Engine API (`DOCKER_HOST`: a unix socket or plain TCP).
public protocol ContainerEngine: Sendable {
    /// GET `path` (`/images/app:1/get`); the body as a stream when the engine answers 200, else its message.
    func get(_ path: String) -> Result<any ByteStream, StreamError>
    /// Where the engine was looked for, for messages.
    var address: String { get }
}

/// One HTTP answer: status, headers (names lower-cased) and the body as a stream.
public struct HTTPReply {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: any ByteStream
    public init(status: Int, headers: [(name: String, value: String)], body: any ByteStream) { self.status = status; self.headers = headers; self.body = body }
    public func header(_ name: String) -> String? { headers.first { $0.name == name.lowercased() }?.value }
}

/// HTTP(S) GET for registries (the OCI distribution API): redirects followed, bodies streamed.
public protocol HTTPTransport: Sendable {
    func get(_ url: String, headers: [(String, String)]) -> Result<HTTPReply, StreamError>
}

/// Advisories about installed packages: the local advisory database (SQLite), or records held in memory.
public protocol AdvisorySource: Sendable {
    /// What to call it in reports (`advisory database ~/.local/share/bulkhead/advisories.db, 3 sources, 12,345 advisories`).
    var description: String { get }
    /// True when it holds no advisory at all (nothing to match against: a warning, not a clean result).
    var isEmpty: Bool { get }
    /// Every advisory that names one of these packages (by its source name for distribution packages), in
    /// any release of the distribution; the matcher decides which apply.
    func advisories(for packages: [InstalledPackage]) throws -> [Advisory]
    /// The end-of-life table it holds (imported from endoflife.date's data), nil when it holds none.
    func endOfLife() -> [EndOfLife]?
}

extension AdvisorySource {
    public func endOfLife() -> [EndOfLife]? { nil }
}

/// The edges one audit runs with.
public struct IO: Sendable {
    public var files: any FileSource
    public var environment: any EnvironmentSource
    public var clock: any Clock
    /// The local engine, for `docker:` image sources (nil where there is none to ask).
    public var engine: (any ContainerEngine)?
    /// HTTP(S), for `registry:` image sources (nil where there is none).
    public var http: (any HTTPTransport)?
    /// Advisories to match installed packages against (nil: none configured; packages are listed, not matched).
    public var advisories: (any AdvisorySource)?
    public init(files: any FileSource, environment: any EnvironmentSource, clock: any Clock, engine: (any ContainerEngine)? = nil,
                http: (any HTTPTransport)? = nil, advisories: (any AdvisorySource)? = nil) {
        self.files = files; self.environment = environment; self.clock = clock; self.engine = engine; self.http = http
        self.advisories = advisories
    }
    /// The same edges with some files given as text.
    public func overlaying(_ texts: [String: String]) -> IO {
        texts.isEmpty ? self : IO(files: OverlayFiles(texts, over: files), environment: environment, clock: clock, engine: engine, http: http, advisories: advisories)
    }
}
