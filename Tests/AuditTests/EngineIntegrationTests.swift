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

    init?() {
        guard getuid() == 0, let dockerd = TestEngine.which("dockerd"), TestEngine.which("docker") != nil else { return nil }
        dir = URL(fileURLWithPath: "/tmp/bulkhead-engine-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        socket = dir.appendingPathComponent("docker.sock").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: dockerd)
        p.arguments = ["--data-root", dir.appendingPathComponent("data").path, "--exec-root", dir.appendingPathComponent("exec").path,
                       "--pidfile", dir.appendingPathComponent("docker.pid").path, "--iptables=false", "--ip6tables=false",
                       "--bridge=none", "--storage-driver=vfs", "-H", "unix://" + socket]
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
