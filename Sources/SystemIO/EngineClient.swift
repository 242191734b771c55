import AsyncHTTPClient
import BulkheadModel
import Foundation
import NIOSSL

/// A minimal HTTP/1.1 client for the Docker Engine API over a unix socket or plain TCP: GET only, the body
/// streamed (chunked or not), headers bounded, every socket operation under a timeout. Docker requires a
/// Host header; any name will do. The API version is negotiated once per client (`GET /_ping`), as the
/// docker CLI does: the engine's own version when bulkhead knows it, else the newest bulkhead knows; an
/// engine older than API 1.41 (Docker 20.10) gets a clear error.
public struct EngineClient: ContainerEngine {
    enum Endpoint: Sendable { case unix(String), tcp(host: String, port: String) }
    let endpoint: Endpoint?
    public let address: String
    /// Where the address came from and why it cannot be used, for messages.
    let source: String
    let problem: String?
    /// Seconds a connect, a send or a read may wait.
    let timeout: Int
    /// For a TLS engine: its certificates (requests go through async-http-client).
    let tls: EngineEndpoint.TLS?
    private let negotiated = NegotiatedVersion()

    /// The oldest API bulkhead speaks (Docker 20.10) and the newest it knows (Docker 28).
    public static let minimumAPI = (1, 41)
    public static let maximumAPI = (1, 51)

    public init(dockerHost: String?, timeout: Int = 120) {
        let host = (dockerHost?.isEmpty == false ? dockerHost! : "unix://" + EngineEndpoint.systemSocket)
        var e = EngineEndpoint(address: host, source: "DOCKER_HOST")
        e.parse()
        self.init(endpoint: e, timeout: timeout)
    }

    public init(endpoint e: EngineEndpoint, timeout: Int = 120) {
        address = e.address
        source = e.source
        self.timeout = timeout
        switch e.transport {
        case .unix(let path): endpoint = .unix(path)
        case .tcp(let host, let port): endpoint = .tcp(host: host, port: port)
        case nil: endpoint = nil
        }
        tls = e.tls
        problem = e.problem
    }

    /// The API version in use (`1.47`), negotiated on first use.
    public func apiVersion() -> Result<String, StreamError> {
        if let v = negotiated.value { return .success(v) }
        let r: HTTPResponse
        switch request("/_ping") {
        case .failure(let e): return .failure(e)
        case .success(let x): r = x
        }
        if r.status != 200 {
            let body = (try? r.body.readAll(limit: 1 << 14)).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            return .failure(StreamError("the engine at \(address) (found through \(source)) answered \(r.status) to /_ping\(body.isEmpty ? "" : ": " + body.prefix(200))"))
        }
        let header = r.headers.first { $0.0 == "api-version" }?.1 ?? ""
        // two plain numbers, or the newest bulkhead knows (nothing of the engine's text goes into request paths)
        let pieces = header.split(separator: ".", omittingEmptySubsequences: false)
        let parts = pieces.count == 2 && pieces.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
            ? pieces.compactMap { Int($0) } : []
        var v = "\(EngineClient.maximumAPI.0).\(EngineClient.maximumAPI.1)"
        if parts.count == 2 {
            if (parts[0], parts[1]) < EngineClient.minimumAPI {
                return .failure(StreamError("the engine at \(address) speaks Docker API \(header); bulkhead needs \(EngineClient.minimumAPI.0).\(EngineClient.minimumAPI.1) or later (Docker 20.10 or later)"))
            }
            if (parts[0], parts[1]) < EngineClient.maximumAPI { v = "\(parts[0]).\(parts[1])" }
        }
        negotiated.set(v)
        return .success(v)
    }

    public func get(_ path: String) -> Result<any ByteStream, StreamError> {
        let version: String
        switch apiVersion() {
        case .failure(let e): return .failure(e)
        case .success(let v): version = v
        }
        switch request("/v\(version)\(path)") {
        case .failure(let e): return .failure(e)
        case .success(let response):
            if response.status == 200 { return .success(response.body) }
            // the engine's own message ({"message":"No such image: …"})
            var buf = [UInt8](repeating: 0, count: 1 << 14)
            let n = (try? buf.withUnsafeMutableBytes { try response.body.read(into: $0) }) ?? 0
            let text = String(decoding: buf[0..<n], as: UTF8.self)
            let message = (try? JSONSerialization.jsonObject(with: Data(buf[0..<n])) as? [String: Any])?["message"] as? String ?? text
            return .failure(StreamError("the engine answered \(response.status): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"))
        }
    }

    /// One GET; the response with its body still in the socket.
    func request(_ path: String) -> Result<HTTPResponse, StreamError> {
        if let problem { return .failure(StreamError(problem)) }
        guard let endpoint else { return .failure(StreamError("\(address) is not an engine address bulkhead can use")) }
        if let tls, case .tcp(let host, let port) = endpoint {
            let client: HTTPClient
            do { client = try EngineTLSClients.client(for: tls, timeout: timeout) } catch {
                return .failure(StreamError("cannot use the TLS files for the engine at \(address) (\(source)): \(error)"))
            }
            let url = "https://\(host.contains(":") ? "[\(host)]" : host):\(port)\(path)"
            let hint = "this engine listens without TLS: unset DOCKER_TLS_VERIFY, or better, give it TLS (a plain TCP engine is open to anyone who reaches the port)"
            switch HTTPSTransport(client: client, plainHTTPHint: hint).get(url, headers: []) {
            case .failure(let e): return .failure(StreamError("\(e.message) (the TLS engine at \(address), found through \(source))"))
            case .success(let r): return .success(HTTPResponse(status: r.status, headers: r.headers, body: r.body))
            }
        }
        let fd: Int32
        switch connectTo(endpoint) {
        case .failure(let e): return .failure(e)
        case .success(let f): fd = f
        }
        let stream = SocketStream(fd: fd, timeout: timeout)
        let request = "GET \(path) HTTP/1.1\r\nHost: docker\r\nUser-Agent: bulkhead\r\nConnection: close\r\n\r\n"
        guard stream.write(Array(request.utf8)) else { return .failure(StreamError("cannot send the request to the engine at \(address)")) }
        do {
            return .success(try HTTPResponse.read(from: stream))
        } catch let e as StreamError { return .failure(StreamError("\(e.message) (engine at \(address))")) } catch { return .failure(StreamError("\(error)")) }
    }

    /// The address of a unix socket; nil when the path does not fit (108 bytes on Linux).
    static func unixAddress(_ path: String) -> sockaddr_un? {
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &addr.sun_path) { p in for (i, b) in bytes.enumerated() { p[i] = b } }
        return addr
    }

    func connectTo(_ e: Endpoint) -> Result<Int32, StreamError> {
        switch e {
        case .unix(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return .failure(StreamError("cannot open a socket")) }
            SocketStream.setTimeouts(fd, timeout)
            guard var addr = EngineClient.unixAddress(path) else { close(fd); return .failure(StreamError("socket path too long: \(path)")) }
            let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
            if rc != 0 {
                let err = errno
                close(fd)
                let found = "found through \(source)"
                switch err {
                case EACCES, EPERM:
                    return .failure(StreamError("permission denied on the engine socket \(path) (\(found)): run as a member of its group (the docker group is root-equivalent) or as root"))
                case ENOENT:
                    return .failure(StreamError("no engine socket at \(path) (\(found)): is dockerd running? Set DOCKER_HOST or a Docker context to reach another engine"))
                case ECONNREFUSED:
                    return .failure(StreamError("nothing is listening on the engine socket \(path) (\(found)): dockerd has stopped"))
                default:
                    return .failure(StreamError("cannot reach the Docker engine at \(address) (\(found); \(String(cString: strerror(err))))"))
                }
            }
            return .success(fd)
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var res: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, port, &hints, &res) == 0, let first = res else { return .failure(StreamError("cannot resolve \(host)")) }
            defer { freeaddrinfo(res) }
            var ai: UnsafeMutablePointer<addrinfo>? = first
            var lastError = ECONNREFUSED
            while let a = ai {
                let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
                if fd >= 0 {
                    SocketStream.setTimeouts(fd, timeout)  // on Linux the send timeout bounds connect() too
                    if connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { return .success(fd) }
                    lastError = errno
                    close(fd)
                }
                ai = a.pointee.ai_next
            }
            return .failure(StreamError("cannot reach the Docker engine at \(address) (found through \(source); \(String(cString: strerror(lastError)))): is dockerd listening there?"))
        }
    }
}

final class SocketStream: ByteStream {
    let fd: Int32
    init(fd: Int32, timeout: Int) {
        self.fd = fd
        SocketStream.setTimeouts(fd, timeout)
    }
    /// A stalled engine must not hang the audit: sends and reads (and, on Linux, connect) give up after `seconds`.
    static func setTimeouts(_ fd: Int32, _ seconds: Int) {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }
    deinit { close(fd) }
    func write(_ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { if errno == EINTR { continue }; return false }
            off += n
        }
        return true
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw StreamError("the engine stopped sending (timed out)") }
            throw StreamError("reading from the engine failed (\(String(cString: strerror(errno))))")
        }
    }
}

/// Status, headers (at most 64 KiB) and a body stream that undoes chunked transfer encoding.
struct HTTPResponse {
    var status: Int
    /// Names lower-cased.
    var headers: [(String, String)] = []
    var body: any ByteStream

    static func read(from s: any ByteStream) throws -> HTTPResponse {
        var head: [UInt8] = []
        var one = [UInt8](repeating: 0, count: 1)
        // byte by byte up to the blank line: the body must stay in the socket for the stream that follows
        while !(head.count >= 4 && head[head.count - 4] == 13 && head[head.count - 3] == 10 && head[head.count - 2] == 13 && head[head.count - 1] == 10) {
            let n = try one.withUnsafeMutableBytes { try s.read(into: $0) }
            if n == 0 { throw StreamError("the engine closed the connection before answering") }
            head.append(one[0])
            if head.count > 1 << 16 { throw StreamError("the engine's response headers exceed 64 KiB") }
        }
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1."), let code = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw StreamError("not an HTTP response from the engine")
        }
        var chunked = false
        var length: Int?
        var headers: [(String, String)] = []
        for l in lines.dropFirst() {
            let parts = l.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let k = parts[0].lowercased(), v = parts[1].trimmingCharacters(in: .whitespaces)
            headers.append((k, v))
            if k == "transfer-encoding", v.lowercased().contains("chunked") { chunked = true }
            if k == "content-length" { length = Int(v) }
        }
        let body: any ByteStream = chunked ? ChunkedStream(s) : (length.map { LengthStream(s, $0) } ?? s)
        return HTTPResponse(status: code, headers: headers, body: body)
    }
}

final class LengthStream: ByteStream {
    let inner: any ByteStream
    var left: Int
    init(_ inner: any ByteStream, _ length: Int) { self.inner = inner; left = length }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard left > 0 else { return 0 }
        let n = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, left)]))
        if n == 0 { throw StreamError("the engine's response ended early") }
        left -= n
        return n
    }
}

final class ChunkedStream: ByteStream {
    let inner: any ByteStream
    var left = 0
    var done = false
    init(_ inner: any ByteStream) { self.inner = inner }
    func line() throws -> String {
        var bytes: [UInt8] = []
        var one = [UInt8](repeating: 0, count: 1)
        while true {
            let n = try one.withUnsafeMutableBytes { try inner.read(into: $0) }
            if n == 0 { throw StreamError("the engine's chunked response ended early") }
            if one[0] == 10 { break }
            if one[0] != 13 { bytes.append(one[0]) }
            if bytes.count > 1024 { throw StreamError("malformed chunked response from the engine") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if done { return 0 }
        if left == 0 {
            var size = try line()
            if size.isEmpty { size = try line() }  // the CRLF after the previous chunk
            guard let n = Int(size.split(separator: ";").first ?? "", radix: 16), n >= 0 else { throw StreamError("malformed chunk size from the engine") }
            if n == 0 { done = true; return 0 }
            left = n
        }
        let n = try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, left)]))
        if n == 0 { throw StreamError("the engine's response ended inside a chunk") }
        left -= n
        return n
    }
}

/// The API version a client settled on (shared by the copies of one client).
final class NegotiatedVersion: @unchecked Sendable {
    private let lock = NSLock()
    private var v: String?
    var value: String? { lock.lock(); defer { lock.unlock() }; return v }
    func set(_ value: String) { lock.lock(); v = value; lock.unlock() }
}

/// One async-http-client per set of TLS files, for the life of the process (a client must be shut down before
/// it goes away; these never go away). The engine's certificate is checked against the CA and the host name,
/// and the client certificate is presented, as the docker CLI does with DOCKER_TLS_VERIFY.
enum EngineTLSClients {
    nonisolated(unsafe) static var clients: [String: HTTPClient] = [:]
    static let lock = NSLock()

    static func client(for tls: EngineEndpoint.TLS, timeout: Int) throws -> HTTPClient {
        let key = [tls.ca ?? "", tls.cert ?? "", tls.key ?? "", "\(tls.verify)", "\(timeout)"].joined(separator: "\u{1F}")
        lock.lock(); defer { lock.unlock() }
        if let c = clients[key] { return c }
        var config = TLSConfiguration.makeClientConfiguration()
        for (what, path) in [("CA", tls.ca), ("certificate", tls.cert), ("key", tls.key)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) { throw StreamError("the \(what) file \(path) cannot be read") }
        }
        if let ca = tls.ca { config.trustRoots = .file(ca) }
        if let cert = tls.cert { config.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) } }
        if let key = tls.key { config.privateKey = .file(key) }
        config.certificateVerification = tls.verify ? .fullVerification : .none
        var c = HTTPClient.Configuration(tlsConfiguration: config, timeout: .init(connect: .seconds(Int64(timeout)), read: .seconds(Int64(timeout))),
                                         decompression: .disabled)
        c.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: c)
        clients[key] = client
        return client
    }
}
