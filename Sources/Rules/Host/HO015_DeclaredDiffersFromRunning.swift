import BulkheadCore
import BulkheadModel

struct DeclaredDiffersFromRunning: Rule {
    static let description = RuleDescription(
        id: "HO015", title: "daemon.json says one thing, the running daemon another", severity: .medium, controls: [.hostDaemon],
        rationale: """
        The configuration on disk is not always what runs: daemon.json edited without a restart, a --config-file \
        elsewhere, a setting the engine refused. Whoever reads only the file (or a tool that does, as docker-bench does) \
        is misled. bulkhead compares what daemon.json and the command line declare with what /info reports.
        """,
        remediation: "Restart (or reload) the daemon so the file applies, or correct the file to what should run; keep one place of configuration.",
        triggering: [
            Example(#"{"info": {"LiveRestoreEnabled": false, "LoggingDriver": "json-file"}, "daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"live-restore\": true, \"log-driver\": \"json-file\"}"}}↓"#),
            Example(#"{"info": {"SecurityOptions": ["name=seccomp,profile=builtin"], "Driver": "overlay2"}, "daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"userns-remap\": \"default\", \"storage-driver\": \"overlay2\"}"}}↓"#),
        ],
        nonTriggering: [
            Example(#"{"info": {"LiveRestoreEnabled": true, "LoggingDriver": "journald", "Driver": "overlay2"}, "daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"live-restore\": true, \"log-driver\": \"journald\", \"storage-driver\": \"overlay2\"}"}}"#),
            Example(#"{"daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"live-restore\": true}"}}"#),
        ])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        guard h.engineReached else { return [] }
        var out: [Finding] = []
        func differ(_ key: String, declared: Sourced<SettingValue>, running: String) {
            out.append(ctx.finding(Self.description, at: declared.origin,
                                   "\(key) is declared as \(declared.value.text), but the running daemon has \(running): the file changed since the daemon started, or the daemon did not read it.",
                                   evidence: "\(key) declared \(declared.value.text) running \(running)"))
        }
        if let d = h.declared("live-restore"), let b = d.value.bool, let r = h.liveRestore, r.value != b { differ("live-restore", declared: d, running: "\(r.value)") }
        if let d = h.declared("log-driver"), let s = d.value.string, let r = h.loggingDriver, r.value != s { differ("log-driver", declared: d, running: "\"\(r.value)\"") }
        if let d = h.declared("storage-driver"), let s = d.value.string, let r = h.storageDriver, r.value != s { differ("storage-driver", declared: d, running: "\"\(r.value)\"") }
        if let d = h.declared("experimental"), let b = d.value.bool, let r = h.experimental, r.value != b { differ("experimental", declared: d, running: "\(r.value)") }
        if let d = h.declared("userns-remap"), let s = d.value.string, !s.isEmpty, !h.hasSecurityOption("userns") { differ("userns-remap", declared: d, running: "no user namespace remapping") }
        if let d = h.declared("data-root"), let s = d.value.string, let r = h.dockerRootDir, r.value != s, !r.value.hasPrefix(s.hasSuffix("/") ? s : s + "/") {
            differ("data-root", declared: d, running: "\"\(r.value)\"")
        }
        if let d = h.daemonJSON["authorization-plugins"] ?? h.flags["authorization-plugin"]?.last.map({ Sourced(.list([$0.value]), $0.origin) }) {
            let running = Set(h.authorizationPlugins.map(\.value))
            if !Set(d.value.list).isSubset(of: running) { differ("authorization-plugins", declared: d, running: running.isEmpty ? "none" : running.sorted().joined(separator: ", ")) }
        }
        return out
    }
}
