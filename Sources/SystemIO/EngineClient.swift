import BulkheadModel
import Foundation

/// A minimal HTTP/1.1 client for the Docker Engine API over a unix socket or plain TCP: GET only, the body
/// streamed (chunked or not), headers bounded. Docker requires a Host header; any name will do.
public struct EngineClient: ContainerEngine {
    enum Endpoint: Sendable { case unix(String), tcp(host: String, port: String) }
    let endpoint: Endpoint?
    public let address: String
    /// API version prefix understood by every engine since 20.10.
    static let apiVersion = "/v1.41"

    public init(dockerHost: String?) {
        let host = (dockerHost?.isEmpty == false ? dockerHost! : "unix:///var/run/docker.sock")
        address = host
        if host.hasPrefix("unix://") { endpoint = .unix(String(host.dropFirst(7))) }
        else if host.hasPrefix("tcp://") || host.hasPrefix("http://") {
            var rest = host.hasPrefix("tcp://") ? String(host.dropFirst(6)) : String(host.dropFirst(7))
            if let slash = rest.firstIndex(of: "/") { rest = String(rest[..<slash]) }
            if let colon = rest.lastIndex(of: ":") { endpoint = .tcp(host: String(rest[..<colon]), port: String(rest[rest.index(after: colon)...])) }
            else { endpoint = .tcp(host: rest, port: "2375") }
        } else { endpoint = nil }
    }

    public func get(_ path: String) -> Result<any ByteStream, StreamError> {
        guard let endpoint else { return .failure(StreamError("DOCKER_HOST \(address) is not supported (use unix:// or tcp://)")) }
        let fd: Int32
        switch connectTo(endpoint) {
        case .failure(let e): return .failure(e)
        case .success(let f): fd = f
        }
        let stream = SocketStream(fd: fd)
        let request = "GET \(EngineClient.apiVersion)\(path) HTTP/1.1\r\nHost: docker\r\nUser-Agent: bulkhead\r\nConnection: close\r\n\r\n"
        guard stream.write(Array(request.utf8)) else { return .failure(StreamError("cannot send the request to the engine at \(address)")) }
        do {
            let response = try HTTPResponse.read(from: stream)
            if response.status == 200 { return .success(response.body) }
            // the engine's own message ({"message":"No such image: …"})
            var buf = [UInt8](repeating: 0, count: 1 << 14)
            let n = (try? buf.withUnsafeMutableBytes { try response.body.read(into: $0) }) ?? 0
            let text = String(decoding: buf[0..<n], as: UTF8.self)
            let message = (try? JSONSerialization.jsonObject(with: Data(buf[0..<n])) as? [String: Any])?["message"] as? String ?? text
            return .failure(StreamError("the engine answered \(response.status): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"))
        } catch let e as StreamError { return .failure(e) } catch { return .failure(StreamError("\(error)")) }
    }

    func connectTo(_ e: Endpoint) -> Result<Int32, StreamError> {
        switch e {
        case .unix(let path):
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return .failure(StreamError("cannot open a socket")) }
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { close(fd); return .failure(StreamError("socket path too long: \(path)")) }
            withUnsafeMutableBytes(of: &addr.sun_path) { p in for (i, b) in bytes.enumerated() { p[i] = b } }
            let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
            if rc != 0 {
                let err = errno
                close(fd)
                return .failure(StreamError("cannot reach the Docker engine at \(address) (\(String(cString: strerror(err)))); is dockerd running, and is DOCKER_HOST right?"))
            }
            return .success(fd)
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var res: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, port, &hints, &res) == 0, let first = res else { return .failure(StreamError("cannot resolve \(host)")) }
            defer { freeaddrinfo(res) }
            var ai: UnsafeMutablePointer<addrinfo>? = first
            while let a = ai {
                let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
                if fd >= 0 {
                    if connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { return .success(fd) }
                    close(fd)
                }
                ai = a.pointee.ai_next
            }
            return .failure(StreamError("cannot reach the Docker engine at \(address)"))
        }
    }
}

final class SocketStream: ByteStream {
    let fd: Int32
    init(fd: Int32) {
        self.fd = fd
        // a stalled engine must not hang the audit forever
        var tv = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
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
        for l in lines.dropFirst() {
            let parts = l.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let k = parts[0].lowercased(), v = parts[1].trimmingCharacters(in: .whitespaces)
            if k == "transfer-encoding", v.lowercased().contains("chunked") { chunked = true }
            if k == "content-length" { length = Int(v) }
        }
        let body: any ByteStream = chunked ? ChunkedStream(s) : (length.map { LengthStream(s, $0) } ?? s)
        return HTTPResponse(status: code, body: body)
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
