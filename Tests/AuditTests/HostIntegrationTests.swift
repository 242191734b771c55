import Audit
import BulkheadCore
import BulkheadModel
import BulkheadTesting
import Foundation
import RuntimeReaders
import SystemIO
import Testing

/// `bulkhead host` against a real dockerd: a known daemon.json (with a mode that is "644 or less" as a
/// number and world-writable as bits), a world-writable socket, and containers that are only created —
/// hardened, privileged with the socket reached through its parent directory, root spelled 0:0, restart
/// always, an IPv6 wildcard bind, a read-only mount of /etc — each judged container by container.
@Suite("Host audit on a real engine", .serialized)
struct HostIntegrationTests {
    @Test func aRealHostIsAuditedCheckByCheck() throws {
        let dir = Scratch.directory("host-audit")
        let daemonJSON = dir.appendingPathComponent("daemon.json").path
        try #"{"insecure-registries": ["10.9.8.7:5000"], "live-restore": true, "log-level": "debug"}"#.write(toFile: daemonJSON, atomically: true, encoding: .utf8)
        chmod(daemonJSON, 0o606)  // 606 ≤ 644 as a number, but writable by every user
        guard let engine = TestEngine(extraArguments: ["--config-file", daemonJSON]) else {
            TestEnvironment.missing("dockerd run as root (Debian's docker.io)")
            return
        }
        defer { engine.stop() }
        try importTestImage(engine)
        chmod(engine.socket, 0o666)
        // the directory that holds this engine's socket, at a path no list of usual socket places has
        let runDir = engine.dir.path
        for args in [
            ["--name", "hardened", "--user", "1000:1000", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
             "--memory", "64m", "--pids-limit", "50", "--cpu-shares", "512", "--network", "none"],
            // privileged, and the engine socket's directory mounted (not the socket itself); only created, never started
            ["--name", "risky", "--privileged", "-v", "\(runDir):/var/run", "--restart", "always", "-p", "[::]:8080:80"],
            ["--name", "rootzero", "--user", "0:0", "-v", "/etc:/host-etc:ro", "--network", "none"],
        ] {
            let r = try engine.docker(["create"] + args + ["bulkhead-test:1", "/hello"])
            #expect(r.status == 0, "docker create \(args[1]): \(r.stderr)")
        }

        let client = EngineClient(dockerHost: "unix://" + engine.socket, timeout: 30)
        let text = HostProbe(engine: client).snapshot()
        let read = HostReader.read(text, path: client.address)
        #expect(read.errors.isEmpty, "\(read.errors)")
        #expect(read.host.engineReached)
        #expect(Set(read.containers.map(\.name)) == ["hardened", "risky", "rootzero"])
        // the dockerd behind this socket is found among the machine's dockerd processes, with its daemon.json
        #expect(read.host.commandLine?.contains(daemonJSON) == true, "\(read.host.notes)")
        #expect(read.host.daemonJSONPath == daemonJSON)

        var options = AuditOptions()
        options.configLookup = false
        options.daemon = HostAudit.daemonDefaults(read.host)
        let auditor = Auditor(options: options, io: IO.system())
        let report = auditor.auditHost(read, path: client.address, version: .v1_7, live: true)
        func findings(_ rule: String) -> [Finding] { report.findings.filter { $0.ruleID == rule } }
        func item(_ id: String) -> BenchmarkItem? { report.benchmark.first { $0.id == id } }

        // the daemon
        #expect(findings("HO004").contains { $0.message.contains("10.9.8.7:5000") })
        #expect(item("2.5")?.status == .fail)
        #expect(findings("HO012").count == 1 && item("2.3")?.status == .warn)
        #expect(findings("HO005").isEmpty && item("2.15")?.status == .pass)
        #expect(item("2.2")?.status == .warn, "icc is not false, even with the default bridge off (--bridge=none)")
        #expect(item("2.11")?.status == .pass)
        // files, bit by bit
        let socket = findings("HO020")
        #expect(socket.count == 1 && socket.first?.severity == .critical, "\(socket.map(\.message))")
        #expect(item("3.16")?.status == .fail)
        let dj = findings("HO021").filter { $0.message.contains(daemonJSON) }
        #expect(dj.first?.severity == .high && dj.first?.message.contains("writable by every user") == true, "\(dj.map(\.message))")
        #expect(item("3.18")?.status == .fail && item("3.18")?.evidence.contains("0606") == true)
        #expect(item("3.9")?.status == .notApplicable, "no TLS is configured")
        // containers: running or only created, one by one
        func names(_ id: String) -> String { item(id)?.evidence ?? "" }
        #expect(item("5.5")?.status == .fail && names("5.5").contains("risky") && !names("5.5").contains("hardened"))
        #expect(item("5.32")?.status == .fail && names("5.32").contains("risky"), "the socket reached through its parent directory: \(names("5.32"))")
        #expect(item("4.1")?.status == .fail && names("4.1").contains("rootzero: user 0:0") && !names("4.1").contains("hardened"))
        #expect(item("5.6")?.status == .fail && names("5.6").contains("rootzero"), "a read-only mount of /etc is still sensitive: \(names("5.6"))")
        #expect(item("5.15")?.status == .fail && names("5.15").contains("risky: restart always"))
        #expect(item("5.14")?.status == .fail && names("5.14").contains("::"), "IPv6 wildcard binds count: \(names("5.14"))")
        #expect(item("5.13")?.status == .fail && !names("5.13").contains("hardened"))
        #expect(report.findings.contains { $0.ruleID == "RT002" && $0.target.name == "risky" })
        #expect(!report.findings.contains { $0.target.name == "hardened" && ["RT001", "RT002", "RT003", "RT008"].contains($0.ruleID) })
        // MAC checks on a host that has neither AppArmor nor SELinux are not applicable, not warnings
        if read.host.appArmorEnabled == false { #expect(item("5.2")?.status == .notApplicable) }
        if read.host.seLinuxEnabled != true { #expect(item("5.3")?.status == .notApplicable) }
        // every recommendation has a status, in 1.7 numbering; 1.8 shifts section 2
        #expect(report.benchmark.count == 117)
        let v18 = CISBenchmark.assess(host: read.host, containers: read.containers, findings: report.findings, version: .v1_8)
        #expect(v18.count == 118 && v18.first { $0.id == "2.5" }?.status == .fail)
        #expect(v18.first { $0.id == "2.8" }?.title.contains("TLS") == true && v18.first { $0.id == "2.7" }?.title.contains("devicemapper") == true)

        // the snapshot audits the same offline
        let again = HostReader.read(text, path: client.address)
        let offline = auditor.auditHost(again, path: client.address, version: .v1_7, live: false)
        #expect(offline.findings.map(\.fingerprint) == report.findings.map(\.fingerprint))
    }
}
