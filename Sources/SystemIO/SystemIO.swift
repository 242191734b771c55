import BulkheadModel
import Foundation

/// The real file system: bounded reads, no writes.
public struct LocalFiles: FileSource {
    public init() {}

    public func readText(_ path: String, limit: Int) -> Result<String, FileReadFailure> {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return .failure(.missing) }
        if isDir.boolValue { return .failure(.directory) }
        guard let h = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable) }
        defer { try? h.close() }
        // read at most limit+1 bytes: a larger file is refused without reading it whole
        guard let data = try? h.read(upToCount: limit + 1) ?? Data() else { return .failure(.unreadable) }
        if data.count > limit { return .failure(.tooLarge(limit: limit)) }
        if data.withUnsafeBytes({ raw in raw.baseAddress.map { memchr($0, 0, raw.count) != nil } ?? false }) { return .failure(.binary) }
        guard let s = String(data: data, encoding: .utf8) else { return .failure(.notUTF8) }
        return .success(s)
    }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    public func entries(of directory: String) -> Result<[DirectoryEntry], FileReadFailure> {
        guard isDirectory(directory) else { return .failure(exists(directory) ? .unreadable : .missing) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return .failure(.unreadable) }
        return .success(names.map { name in
            let full = join(directory, name)
            var st = stat()
            guard lstat(full, &st) == 0 else { return DirectoryEntry(name: name, kind: .other) }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: return DirectoryEntry(name: name, kind: .directory)
            case S_IFREG: return DirectoryEntry(name: name, kind: .file)
            case S_IFLNK: return DirectoryEntry(name: name, kind: .symlink)
            default: return DirectoryEntry(name: name, kind: .other)
            }
        })
    }

    public func openStream(_ path: String) -> Result<any ByteStream, FileReadFailure> {
        if path == "-" { return .success(FileStream(fd: 0, owned: false)) }
        if isDirectory(path) { return .failure(.directory) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(errno == ENOENT ? .missing : .unreadable) }
        return .success(FileStream(fd: fd, owned: true))
    }

    public func openRandomAccess(_ path: String) -> (any RandomAccessBytes)? {
        guard path != "-" else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { close(fd); return nil }
        return RandomAccessFile(fd: fd, size: Int(st.st_size))
    }

    public func openTree(_ path: String) -> Result<any ByteStream, FileReadFailure> {
        guard exists(path) else { return .failure(.missing) }
        guard isDirectory(path) else { return .failure(.unreadable) }
        return .success(TreeTarStream(root: path))
    }

    public var currentDirectory: String { FileManager.default.currentDirectoryPath }
    public var homeDirectory: String { NSHomeDirectory() }
}

/// The process environment, read once.
public struct ProcessEnvironment: EnvironmentSource {
    public let variables: [String: String]
    public init() { variables = ProcessInfo.processInfo.environment }
}

/// Today's UTC date, computed once and without ICU (DateFormatter costs milliseconds at start-up).
public struct SystemClock: Clock {
    public let today: String
    public init() {
        var t = time(nil)
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        today = "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday))"
    }
}

extension IO {
    /// The real edges: what the CLI's composition root hands every reader and the engine.
    public static func system() -> IO {
        let env = ProcessEnvironment()
        // the engine is found as the docker CLI finds it: DOCKER_HOST, a context, the system or the rootless socket
        let endpoint = EngineEndpoint.resolve(environment: env.variables,
                                              readFile: { p in (try? String(contentsOfFile: p, encoding: .utf8)).flatMap { $0.utf8.count <= 1 << 20 ? $0 : nil } },
                                              exists: { FileManager.default.fileExists(atPath: $0) })
        return IO(files: LocalFiles(), environment: env, clock: SystemClock(), engine: EngineClient(endpoint: endpoint), http: HTTPSTransport())
    }
}

/// A file descriptor read in order (closed when the stream goes away, unless it is standard input).
final class FileStream: ByteStream {
    let fd: Int32
    let owned: Bool
    init(fd: Int32, owned: Bool) { self.fd = fd; self.owned = owned }
    deinit { if owned { close(fd) } }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw StreamError("read failed (errno \(errno))")
        }
    }
}

/// A regular file read with pread (safe from several threads at once).
final class RandomAccessFile: RandomAccessBytes, @unchecked Sendable {
    let fd: Int32
    let size: Int
    init(fd: Int32, size: Int) { self.fd = fd; self.size = size }
    deinit { close(fd) }
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n == 0 { break }
            if n < 0 { if errno == EINTR { continue }; throw StreamError("read failed (errno \(errno))") }
            done += n
        }
        return done
    }
}
