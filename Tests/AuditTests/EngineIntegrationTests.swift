import Audit
import BulkheadCore
import Foundation
import BulkheadTesting
import SystemIO
import Testing

/// A throwaway Docker engine on a unix socket under /tmp (vfs storage, no networking), as DEVELOPERS.md
/// describes. Started and stopped by the test itself.
final class TestEngine {
    let dir: URL
    let socket: String
    var process: Process?

    init?(extraArguments: [String] = []) {
        guard getuid() == 0, let dockerd = TestEngine.which("dockerd"), TestEngine.which("docker") != nil else { return nil }
        dir = URL(fileURLWithPath: "/tmp/bulkhead-engine-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        socket = dir.appendingPathComponent("docker.sock").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: dockerd)
        p.arguments = ["--data-root", dir.appendingPathComponent("data").path, "--exec-root", dir.appendingPathComponent("exec").path,
                       "--pidfile", dir.appendingPathComponent("docker.pid").path, "--iptables=false", "--ip6tables=false",
                       "--bridge=none", "--storage-driver=vfs", "-H", "unix://" + socket] + extraArguments
        let log = FileHandle(forWritingAtPath: "/dev/null")
        p.standardOutput = log; p.standardError = log
        do { try p.run() } catch { return nil }
        process = p
        for _ in 0..<120 {
            if (try? docker(["version", "--format", "{{.Server.Version}}"]))?.status == 0 { return }
            usleep(250_000)
        }
        stop()
        return nil
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/sbin").split(separator: ":") + ["/usr/sbin", "/usr/bin"] {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    struct Out { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    func docker(_ args: [String], stdin: Data? = nil) throws -> Out {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestEngine.which("docker")!)
        p.arguments = ["-H", "unix://" + socket] + args
        let o = Pipe(), e = Pipe(), i = Pipe()
        p.standardOutput = o; p.standardError = e; p.standardInput = i
        try p.run()
        if let stdin { i.fileHandleForWriting.write(stdin) }
        try i.fileHandleForWriting.close()
        let out = o.fileHandleForReading.readDataToEndOfFile(), err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Out(status: p.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    func stop() {
        if let p = process, p.isRunning { p.terminate(); p.waitUntilExit() }
        process = nil
        // vfs layers can be large; leave nothing behind
        try? FileManager.default.removeItem(at: dir)
    }
}

/// A one-file image made with `docker import` (works offline).
func importTestImage(_ engine: TestEngine) throws {
    let root = engine.dir.appendingPathComponent("rootfs")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    try Data("hello\n".utf8).write(to: root.appendingPathComponent("hello"))
    let tar = Process()
    tar.executableURL = URL(fileURLWithPath: "/bin/tar")
    tar.arguments = ["-C", root.path, "-cf", engine.dir.appendingPathComponent("root.tar").path, "."]
    try tar.run(); tar.waitUntilExit()
    let r = try engine.docker(["import", engine.dir.appendingPathComponent("root.tar").path, "bulkhead-test:1"])
    #expect(r.status == 0, "docker import failed: \(r.stderr)")
}

@Suite("Real Docker engine", .serialized)
struct EngineIntegrationTests {
    /// A real engine on loopback TCP under --tlsverify, with a CA, server and client certificates made by openssl:
    /// reached through DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as the CLI would; refused without a
    /// client certificate and without TLS, each with a message that says so.
    @Test func aTLSEngineIsReachedWithItsCertificates() throws {
        guard TestEngine.which("openssl") != nil else {
            TestEnvironment.missing("openssl (to make the test engine's certificates)")
            return
        }
        let certs = Scratch.directory("engine-tls")
        let script = """
            set -e; cd '\(certs.path)'
            openssl genrsa -out ca-key.pem 2048 2>/dev/null
            openssl req -new -x509 -days 2 -key ca-key.pem -subj '/CN=bulkhead test CA' -out ca.pem
            openssl genrsa -out server-key.pem 2048 2>/dev/null
            openssl req -new -key server-key.pem -subj '/CN=127.0.0.1' -out server.csr
            printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext
            openssl x509 -req -days 2 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -extfile server.ext 2>/dev/null
            openssl genrsa -out key.pem 2048 2>/dev/null
            openssl req -new -key key.pem -subj '/CN=client' -out client.csr
            printf 'extendedKeyUsage=clientAuth\\n' > client.ext
            openssl x509 -req -days 2 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -extfile client.ext 2>/dev/null
            """
        let sh = Process()
        sh.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh.arguments = ["-c", script]
        try sh.run(); sh.waitUntilExit()
        #expect(sh.terminationStatus == 0, "openssl failed")
        // a free loopback port
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET); sin.sin_addr.s_addr = inet_addr("127.0.0.1"); sin.sin_port = 0
        _ = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &len) } }
        let port = Int(UInt16(bigEndian: sin.sin_port))
        close(probe)
        let c = certs.path
        guard let engine = TestEngine(extraArguments: ["--tlsverify", "--tlscacert", c + "/ca.pem", "--tlscert", c + "/server-cert.pem",
                                                       "--tlskey", c + "/server-key.pem", "-H", "tcp://127.0.0.1:\(port)"]) else {
            TestEnvironment.missing("dockerd run as root (Debian's docker.io)")
            return
        }
        defer { engine.stop() }
        func client(_ env: [String: String]) -> EngineClient {
            EngineClient(endpoint: EngineEndpoint.resolve(environment: env.merging(["HOME": c]) { a, _ in a }, readFile: { _ in nil },
                                                          exists: { FileManager.default.fileExists(atPath: $0) }), timeout: 20)
        }
        let good = client(["DOCKER_HOST": "tcp://127.0.0.1:\(port)", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": c])
        let info = try good.get("/info").get().readAll(limit: 1 << 22)
        let json = try JSONSerialization.jsonObject(with: Data(info)) as? [String: Any]
        #expect(json?["Driver"] as? String == "vfs")
        let expected = try engine.docker(["version", "--format", "{{.Server.APIVersion}}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try good.apiVersion().get() == expected)
        // without TLS: the engine's TLS port does not answer plain HTTP
        guard case .failure(let plain) = client(["DOCKER_HOST": "tcp://127.0.0.1:\(port)"]).get("/info") else { Issue.record("plain HTTP worked"); return }
        #expect(plain.message.contains("400") && plain.message.contains("HTTPS"), "\(plain.message)")
        // a CA the engine's certificate does not chain to: refused, and the message says the certificate is not trusted
        let other = Scratch.directory("engine-tls-other")
        for f in ["cert.pem", "key.pem"] { try FileManager.default.copyItem(atPath: c + "/" + f, toPath: other.path + "/" + f) }
        let sh2 = Process()
        sh2.executableURL = URL(fileURLWithPath: "/bin/sh")
        sh2.arguments = ["-c", "cd '\(other.path)' && openssl genrsa -out k.pem 2048 2>/dev/null && openssl req -new -x509 -days 2 -key k.pem -subj '/CN=other' -out ca.pem"]
        try sh2.run(); sh2.waitUntilExit()
        guard case .failure(let untrusted) = client(["DOCKER_HOST": "tcp://127.0.0.1:\(port)", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": other.path]).get("/info") else {
            Issue.record("an untrusted engine certificate was accepted"); return
        }
        #expect(untrusted.message.contains("TLS") || untrusted.message.contains("certificate"), "\(untrusted.message)")
    }

    @Test func theClientNegotiatesWithARealEngine() throws {
        guard let engine = TestEngine() else {
            TestEnvironment.missing("dockerd run as root (Debian's docker.io)")
            return
        }
        defer { engine.stop() }
        let api = try engine.docker(["version", "--format", "{{.Server.APIVersion}}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // found through DOCKER_HOST, as the CLI would
        let endpoint = EngineEndpoint.resolve(environment: ["DOCKER_HOST": "unix://" + engine.socket, "HOME": engine.dir.path],
                                              readFile: { _ in nil }, exists: { FileManager.default.fileExists(atPath: $0) })
        let client = EngineClient(endpoint: endpoint, timeout: 30)
        let negotiated = try client.apiVersion().get()
        #expect(negotiated == api || negotiated == "\(EngineClient.maximumAPI.0).\(EngineClient.maximumAPI.1)", "engine \(api), negotiated \(negotiated)")
        let info = try client.get("/info").get().readAll(limit: 1 << 22)
        let json = try JSONSerialization.jsonObject(with: Data(info)) as? [String: Any]
        #expect(json?["Driver"] as? String == "vfs", "the engine this test started")
        guard case .failure(let e) = client.get("/containers/nonexistent/json") else { Issue.record("no error"); return }
        #expect(e.message.contains("404") && e.message.contains("nonexistent"), "\(e.message)")
    }

    @Test func inspectOfRealContainers() throws {
        guard let engine = TestEngine() else {
            TestEnvironment.missing("dockerd run as root (Debian's docker.io)")
            return
        }
        defer { engine.stop() }
        try importTestImage(engine)
        let sock = engine.socket
        let risky = ["--cap-add", "SYS_ADMIN", "--cap-add", "SYS_PTRACE", "--security-opt", "apparmor=unconfined",
                     "--security-opt", "seccomp=unconfined", "--pid", "host", "-u", "0", "-e", "DB_PASSWORD=hunter2hunter",
                     "--log-driver", "none", "-v", "/:/host", "-v", "\(sock):/var/run/docker.sock", "--network", "none"]
        let hardened = ["--cap-drop", "ALL", "--read-only", "--security-opt", "no-new-privileges", "-u", "1000:1000",
                        "--memory", "64m", "--pids-limit", "100", "--cpus", "0.5", "--network", "none", "--health-cmd", "/hello"]
        let specs: [(String, [String])] = [("privileged", ["--privileged", "--network", "none"]), ("risky", risky), ("hardened", hardened)]
        for (name, flags) in specs {
            let r = try engine.docker(["create", "--name", name] + flags + ["bulkhead-test:1", "/hello"])
            #expect(r.status == 0, "docker create \(name): \(r.stderr)")
        }
        let inspected = try engine.docker(["inspect"] + specs.map(\.0))
        #expect(inspected.status == 0)
        let report = audit(inspected.stdout, as: .inspect, path: "inspect.json", options: AuditOptions())
        #expect(report.errors.isEmpty, "\(report.errors)")
        func rules(_ n: String) -> Set<String> { Set(report.findings.filter { $0.target.name == n }.map(\.ruleID)) }

        #expect(rules("privileged").isSuperset(of: ["RT002", "ES001", "RT001"]))
        #expect(rules("privileged").isDisjoint(with: ["RT007", "RT005"]))
        #expect(rules("risky").isSuperset(of: ["RT001", "RT003", "RT004", "RT006", "RT007", "RT010", "RT011", "RT015", "RT017",
                                                 "ES002", "ES003", "ES004", "ES006", "ES009"]))
        let hardenedRules = rules("hardened")
        #expect(hardenedRules.isDisjoint(with: ["RT001", "RT002", "RT003", "RT004", "RT005", "RT006", "RT007", "RT008", "RT009", "RT013", "RT015"]),
                "hardened container: \(hardenedRules.sorted())")
        #expect(!report.findings.contains { $0.target.name == "hardened" && $0.severity >= .medium })
        // the secret's value is never printed
        #expect(!report.findings.contains { $0.message.contains("hunter2hunter") })
        // every finding points at a line of the inspect output and names the field
        #expect(report.findings.allSatisfy { $0.location.line > 1 && $0.location.path != nil })
        let card = report.scorecards.first { $0.target.name == "hardened" }
        #expect(card?.layers.filter { $0.status == .missing }.isEmpty == true)
        #expect(report.scorecards.first { $0.target.name == "risky" }?.layers.first { $0.name == "seccomp and MAC" }?.status == .missing)

        // One model: the same flags given as a docker run line give the same security findings.
        let runner = testAuditor(options: AuditOptions())
        let runReport = runner.audit(runner.readers.runWords(["docker", "run"] + risky + ["bulkhead-test:1"]))
        let runRules = Set(runReport.findings.map(\.ruleID))
        #expect(runRules.isSuperset(of: rules("risky").subtracting(["RT010"])), "run: \(runRules.sorted()) inspect: \(rules("risky").sorted())")
    }
}
