import BulkheadModel
import Crypto
import Foundation

/// Where the Docker engine is, found the way the docker CLI finds it:
/// `DOCKER_HOST`, else the context named by `DOCKER_CONTEXT`, else the CLI configuration's
/// `currentContext`, else the system socket `/var/run/docker.sock`, and, when that does not exist, a
/// rootless engine's `$XDG_RUNTIME_DIR/docker.sock`. Pure: the environment and the files come in as values
/// and closures, so every path through it is tested without a real home directory.
public struct EngineEndpoint: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        case unix(path: String)
        case tcp(host: String, port: String)
    }
    /// TLS material for a tcp:// engine (`DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`, or a context's tls directory).
    public struct TLS: Sendable, Equatable {
        public var ca: String?
        public var cert: String?
        public var key: String?
        /// False when the client is told not to check the engine's certificate (`SkipTLSVerify`).
        public var verify: Bool
    }

    /// The address as written (`unix:///run/user/1000/docker.sock`, `tcp://10.0.0.5:2376`).
    public var address: String
    public var transport: Transport?
    public var tls: TLS?
    /// How it was found, for messages: `DOCKER_HOST`, `context "remote"`, `the system socket`, `the rootless socket`.
    public var source: String
    /// Set when the address could not be used (an unknown scheme, a context that does not exist).
    public var problem: String?

    public static let systemSocket = "/var/run/docker.sock"

    /// - environment: the process environment.
    /// - readFile: a file's text, or nil when it cannot be read.
    /// - exists: whether a path exists (a socket, a directory).
    public static func resolve(environment env: [String: String], readFile: (String) -> String?, exists: (String) -> Bool) -> EngineEndpoint {
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let configDir = env["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.docker"
        if let host = env["DOCKER_HOST"], !host.isEmpty {
            var e = EngineEndpoint(address: host, source: "DOCKER_HOST")
            e.parse()
            if case .tcp = e.transport, let v = env["DOCKER_TLS_VERIFY"], !v.isEmpty, v != "0" {
                let dir = env["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? configDir
                e.tls = TLS(ca: dir + "/ca.pem", cert: dir + "/cert.pem", key: dir + "/key.pem", verify: true)
                // tcp://host without a port is 2376 under TLS, as in the CLI
                if case .tcp(let host, _) = e.transport, !e.hasExplicitPort { e.transport = .tcp(host: host, port: "2376") }
            }
            return e
        }
        // a context: DOCKER_CONTEXT, else config.json's currentContext ("default" means no context)
        var contextName = env["DOCKER_CONTEXT"].flatMap { $0.isEmpty ? nil : $0 }
        var contextSource = "DOCKER_CONTEXT"
        if contextName == nil, let text = readFile(configDir + "/config.json"),
           let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
           let current = json["currentContext"] as? String, !current.isEmpty {
            contextName = current
            contextSource = configDir + "/config.json"
        }
        if let name = contextName, name != "default" {
            let id = SHA256.hash(data: Data(name.utf8)).map { String(format: "%02x", $0) }.joined()
            let meta = configDir + "/contexts/meta/" + id + "/meta.json"
            guard let text = readFile(meta) else {
                return EngineEndpoint(address: "context \(name)", source: "context \"\(name)\" (from \(contextSource))",
                                      problem: "the Docker context \"\(name)\" named by \(contextSource) does not exist (no \(meta)); `docker context ls` lists them")
            }
            guard let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                  let endpoints = json["Endpoints"] as? [String: Any], let docker = endpoints["docker"] as? [String: Any],
                  let host = docker["Host"] as? String, !host.isEmpty else {
                return EngineEndpoint(address: "context \(name)", source: "context \"\(name)\"",
                                      problem: "the Docker context \"\(name)\" has no docker endpoint in \(meta)")
            }
            var e = EngineEndpoint(address: host, source: "context \"\(name)\"")
            e.parse()
            if case .tcp = e.transport {
                let dir = configDir + "/contexts/tls/" + id + "/docker"
                let skip = docker["SkipTLSVerify"] as? Bool ?? false
                if exists(dir + "/ca.pem") || exists(dir + "/cert.pem") {
                    e.tls = TLS(ca: exists(dir + "/ca.pem") ? dir + "/ca.pem" : nil, cert: exists(dir + "/cert.pem") ? dir + "/cert.pem" : nil,
                                key: exists(dir + "/key.pem") ? dir + "/key.pem" : nil, verify: !skip)
                }
            }
            return e
        }
        // no setting: the system socket, or a rootless engine's when only that one is there
        if !exists(systemSocket), let run = env["XDG_RUNTIME_DIR"], !run.isEmpty, exists(run + "/docker.sock") {
            var e = EngineEndpoint(address: "unix://" + run + "/docker.sock", source: "the rootless socket ($XDG_RUNTIME_DIR/docker.sock)")
            e.parse()
            return e
        }
        var e = EngineEndpoint(address: "unix://" + systemSocket, source: "the system socket")
        e.parse()
        return e
    }

    init(address: String, transport: Transport? = nil, tls: TLS? = nil, source: String, problem: String? = nil) {
        self.address = address; self.transport = transport; self.tls = tls; self.source = source; self.problem = problem
    }

    /// Reads `address`: unix://PATH, tcp://HOST[:PORT] (2375, or 2376 with TLS as the CLI defaults), http://.
    mutating func parse() {
        let a = address
        if a.hasPrefix("unix://") {
            let path = String(a.dropFirst(7))
            if path.isEmpty { problem = "\(a) names no socket path" } else { transport = .unix(path: path) }
        } else if a.hasPrefix("tcp://") || a.hasPrefix("http://") || a.hasPrefix("https://") {
            let (h, p) = EngineEndpoint.hostAndPort(a)
            let host = h.isEmpty ? "127.0.0.1" : h
            let port = p ?? (a.hasPrefix("https://") ? "2376" : "2375")
            if port.isEmpty || Int(port) == nil { problem = "\(a): the port is not a number" } else { transport = .tcp(host: host, port: port) }
        } else if a.hasPrefix("ssh://") {
            problem = "\(a): engines reached over ssh:// are not supported; forward the socket (ssh -L /tmp/docker.sock:/var/run/docker.sock …) and use unix://"
        } else if a.hasPrefix("npipe://") {
            problem = "\(a): Windows named pipes are not supported"
        } else {
            problem = "\(a) is not an engine address bulkhead can use (unix:///path/docker.sock or tcp://host:port)"
        }
    }

    /// The host and, when it names one, the port of a `scheme://host[:port][/…]` address (`[::1]:2376` too).
    static func hostAndPort(_ address: String) -> (host: String, port: String?) {
        var rest = String(address.drop { $0 != ":" }.dropFirst(3))
        if let slash = rest.firstIndex(of: "/") { rest = String(rest[..<slash]) }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let after = rest[rest.index(after: close)...]
            return (String(rest[rest.index(after: rest.startIndex)..<close]), after.hasPrefix(":") ? String(after.dropFirst()) : nil)
        }
        if let colon = rest.lastIndex(of: ":") { return (String(rest[..<colon]), String(rest[rest.index(after: colon)...])) }
        return (rest, nil)
    }

    /// Whether a tcp:// address names its port.
    var hasExplicitPort: Bool { EngineEndpoint.hostAndPort(address).port != nil }

    /// True for a tcp:// engine reached without TLS: anyone who reaches the port controls the host.
    public var plainTCP: Bool {
        if case .tcp = transport { return tls == nil }
        return false
    }
}
