import BulkheadModel
import Crypto
import Foundation
import Testing
@testable import SystemIO

/// Finding the engine as the docker CLI does, and talking to one that is down, locked, old or new.
@Suite("Engine endpoint and API negotiation")
struct EngineEndpointTests {
    /// A fake home: files by path, and paths that exist.
    struct Home {
        var files: [String: String] = [:]
        var present: Set<String> = []
        func resolve(_ env: [String: String]) -> EngineEndpoint {
            EngineEndpoint.resolve(environment: ["HOME": "/home/u"].merging(env) { _, b in b }, readFile: { files[$0] }, exists: { present.contains($0) || files[$0] != nil })
        }
    }

    static func contextDir(_ name: String) -> String {
        SHA256.hash(data: Data(name.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    @Test func dockerHostWins() {
        var home = Home()
        home.files["/home/u/.docker/config.json"] = #"{"currentContext":"remote"}"#
        let e = home.resolve(["DOCKER_HOST": "unix:///srv/docker.sock", "DOCKER_CONTEXT": "other"])
        #expect(e.transport == .unix(path: "/srv/docker.sock") && e.source == "DOCKER_HOST" && e.problem == nil)
        let t = home.resolve(["DOCKER_HOST": "tcp://10.0.0.5"])
        #expect(t.transport == .tcp(host: "10.0.0.5", port: "2375") && t.plainTCP)
        let v6 = home.resolve(["DOCKER_HOST": "tcp://[::1]:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/certs"])
        #expect(v6.transport == .tcp(host: "::1", port: "2376"))
        #expect(v6.tls == EngineEndpoint.TLS(ca: "/certs/ca.pem", cert: "/certs/cert.pem", key: "/certs/key.pem", verify: true) && !v6.plainTCP)
        // under TLS a bare host is port 2376
        #expect(home.resolve(["DOCKER_HOST": "tcp://h", "DOCKER_TLS_VERIFY": "1"]).transport == .tcp(host: "h", port: "2376"))
        #expect(home.resolve(["DOCKER_HOST": "tcp://h:2375", "DOCKER_TLS_VERIFY": "1"]).transport == .tcp(host: "h", port: "2375"))
        // DOCKER_TLS_VERIFY=0 (or empty) is off, as in the CLI
        #expect(home.resolve(["DOCKER_HOST": "tcp://h:2375", "DOCKER_TLS_VERIFY": ""]).tls == nil)
    }

    @Test func unusableAddressesSayWhy() {
        let home = Home()
        #expect(home.resolve(["DOCKER_HOST": "ssh://me@box"]).problem?.contains("ssh://") == true)
        #expect(home.resolve(["DOCKER_HOST": "npipe:////./pipe/docker_engine"]).problem?.contains("named pipes") == true)
        #expect(home.resolve(["DOCKER_HOST": "tcp://h:port"]).problem?.contains("not a number") == true)
        #expect(home.resolve(["DOCKER_HOST": "/var/run/docker.sock"]).problem?.contains("unix:///") == true)
        #expect(home.resolve(["DOCKER_HOST": "unix://"]).problem?.contains("no socket path") == true)
    }

    @Test func contextsFromTheEnvironmentOrTheConfiguration() {
        var home = Home()
        let id = Self.contextDir("remote")
        home.files["/home/u/.docker/contexts/meta/\(id)/meta.json"] =
            #"{"Name":"remote","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://build.example:2376","SkipTLSVerify":false}}}"#
        home.present = ["/home/u/.docker/contexts/tls/\(id)/docker/ca.pem", "/home/u/.docker/contexts/tls/\(id)/docker/cert.pem",
                        "/home/u/.docker/contexts/tls/\(id)/docker/key.pem"]
        let byEnv = home.resolve(["DOCKER_CONTEXT": "remote"])
        #expect(byEnv.transport == .tcp(host: "build.example", port: "2376") && byEnv.source == "context \"remote\"")
        #expect(byEnv.tls?.verify == true && byEnv.tls?.key == "/home/u/.docker/contexts/tls/\(id)/docker/key.pem")
        home.files["/home/u/.docker/config.json"] = #"{"auths":{},"currentContext":"remote"}"#
        #expect(home.resolve([:]).transport == .tcp(host: "build.example", port: "2376"))
        // DOCKER_CONFIG moves the whole directory
        #expect(home.resolve(["DOCKER_CONFIG": "/elsewhere"]).address == "unix:///var/run/docker.sock")
        // "default" is the system socket; an unknown context is an error that names it
        #expect(home.resolve(["DOCKER_CONTEXT": "default"]).address == "unix:///var/run/docker.sock")
        let missing = home.resolve(["DOCKER_CONTEXT": "gone"])
        #expect(missing.problem?.contains("\"gone\"") == true && missing.problem?.contains("docker context ls") == true)
        // a rootless context: a unix socket, no TLS
        let rid = Self.contextDir("rootless")
        home.files["/home/u/.docker/contexts/meta/\(rid)/meta.json"] = #"{"Name":"rootless","Endpoints":{"docker":{"Host":"unix:///run/user/1000/docker.sock"}}}"#
        #expect(home.resolve(["DOCKER_CONTEXT": "rootless"]).transport == .unix(path: "/run/user/1000/docker.sock"))
    }

    @Test func theRootlessSocketIsFoundWithoutBeingTold() {
        var home = Home()
        home.present = ["/run/user/1000/docker.sock"]
        let e = home.resolve(["XDG_RUNTIME_DIR": "/run/user/1000"])
        #expect(e.transport == .unix(path: "/run/user/1000/docker.sock") && e.source.contains("rootless"))
        // the system socket, where there is one, comes first (the CLI's default)
        home.present.insert("/var/run/docker.sock")
        #expect(home.resolve(["XDG_RUNTIME_DIR": "/run/user/1000"]).transport == .unix(path: "/var/run/docker.sock"))
        #expect(Home().resolve([:]).source == "the system socket")
    }

    /// A unix socket bound to `path` (not yet listening).
    static func boundSocket(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = EngineClient.unixAddress(path)!
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        return fd
    }

    /// A one-shot HTTP server on a unix socket: answers each connection with `reply(path)`.
    final class FakeEngine: @unchecked Sendable {
        let path: String
        let fd: Int32
        var requests: [String] = []
        let lock = NSLock()
        let finished = DispatchSemaphore(value: 0)
        init(reply: @escaping @Sendable (String) -> String) {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-fake-\(UUID().uuidString.prefix(8)).sock").path
            fd = EngineEndpointTests.boundSocket(path)
            listen(fd, 8)
            let server = fd
            Thread.detachNewThread { [self] in
                defer { finished.signal() }
                while true {
                    let c = accept(server, nil, nil)
                    if c < 0 { return }
                    var buf = [UInt8](repeating: 0, count: 4096)
                    let n = recv(c, &buf, buf.count, 0)
                    let head = String(decoding: buf[0..<max(0, n)], as: UTF8.self)
                    let target = head.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                    self.lock.lock(); self.requests.append(target); self.lock.unlock()
                    let out = Array(reply(target).utf8)
                    _ = out.withUnsafeBytes { send(c, $0.baseAddress, out.count, Int32(MSG_NOSIGNAL)) }
                    close(c)
                }
            }
        }
        /// The accept loop ends before the descriptor is closed, so it never accepts on a reused number.
        func stop() { shutdown(fd, Int32(SHUT_RDWR)); finished.wait(); close(fd); unlink(path) }
        var seen: [String] { lock.lock(); defer { lock.unlock() }; return requests }
    }

    static func answer(_ status: String, _ headers: [String], _ body: String) -> String {
        "HTTP/1.1 \(status)\r\n" + (headers + ["Content-Length: \(body.utf8.count)"]).map { $0 + "\r\n" }.joined() + "\r\n" + body
    }

    @Test func theVersionIsNegotiatedOnce() throws {
        let fake = FakeEngine { path in
            path == "/_ping" ? Self.answer("200 OK", ["Api-Version: 1.45"], "OK") : Self.answer("200 OK", [], #"{"ok":true}"#)
        }
        defer { fake.stop() }
        let client = EngineClient(dockerHost: "unix://" + fake.path, timeout: 5)
        #expect(try client.apiVersion().get() == "1.45")
        _ = try client.get("/info").get()
        _ = try client.get("/version").get()
        #expect(fake.seen == ["/_ping", "/v1.45/info", "/v1.45/version"], "\(fake.seen)")
    }

    @Test func aVersionThatIsNotTwoNumbersIsNotTrusted() throws {
        for odd in ["+1.45", "1.45/../../x", "1", "1.4.5", "", "١.٤٥"] {
            let fake = FakeEngine { _ in Self.answer("200 OK", ["Api-Version: \(odd)"], "OK") }
            defer { fake.stop() }
            #expect(try EngineClient(dockerHost: "unix://" + fake.path, timeout: 5).apiVersion().get() == "\(EngineClient.maximumAPI.0).\(EngineClient.maximumAPI.1)", "\(odd)")
        }
    }

    @Test func aNewerEngineIsSpokenToInTheNewestVersionBulkheadKnows() throws {
        let fake = FakeEngine { _ in Self.answer("200 OK", ["Api-Version: 9.99"], "OK") }
        defer { fake.stop() }
        #expect(try EngineClient(dockerHost: "unix://" + fake.path, timeout: 5).apiVersion().get() == "\(EngineClient.maximumAPI.0).\(EngineClient.maximumAPI.1)")
    }

    @Test func anOldEngineIsAClearError() {
        let fake = FakeEngine { _ in Self.answer("200 OK", ["Api-Version: 1.38"], "OK") }
        defer { fake.stop() }
        guard case .failure(let e) = EngineClient(dockerHost: "unix://" + fake.path, timeout: 5).get("/info") else { Issue.record("no error"); return }
        #expect(e.message.contains("API 1.38") && e.message.contains("20.10"), "\(e.message)")
    }

    @Test func aStalledEngineTimesOut() {
        // accepts, reads, never answers
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-stall-\(UUID().uuidString.prefix(8)).sock").path
        let fd = Self.boundSocket(path)
        listen(fd, 8)
        defer { close(fd); unlink(path) }
        let start = Date()
        guard case .failure(let e) = EngineClient(dockerHost: "unix://" + path, timeout: 1).get("/info") else { Issue.record("no error"); return }
        #expect(e.message.contains("timed out"), "\(e.message)")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func downOrLockedEnginesSayWhatToDo() throws {
        let missing = EngineClient(dockerHost: "unix:///nonexistent/docker.sock", timeout: 2)
        guard case .failure(let e) = missing.get("/info") else { Issue.record("no error"); return }
        #expect(e.message.contains("no engine socket at /nonexistent/docker.sock") && e.message.contains("DOCKER_HOST"), "\(e.message)")
        // a socket file nobody listens on
        let dead = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-dead-\(UUID().uuidString.prefix(8)).sock").path
        let fd = Self.boundSocket(dead)
        close(fd)
        defer { unlink(dead) }
        guard case .failure(let d) = EngineClient(dockerHost: "unix://" + dead, timeout: 2).get("/info") else { Issue.record("no error"); return }
        #expect(d.message.contains("nothing is listening"), "\(d.message)")
        // a TLS engine whose files are missing: said plainly, before any connection
        var tls = EngineEndpoint(address: "tcp://127.0.0.1:1", source: "DOCKER_HOST")
        tls.parse()
        tls.tls = EngineEndpoint.TLS(ca: "/nonexistent/ca.pem", cert: nil, key: nil, verify: true)
        guard case .failure(let t) = EngineClient(endpoint: tls).get("/info") else { Issue.record("no error"); return }
        #expect(t.message.contains("/nonexistent/ca.pem cannot be read"), "\(t.message)")
    }
}
