import BulkheadCore
import BulkheadModel

struct RuntimeDrift: Rule {
    static let description = RuleDescription(
        id: "RT024", title: "Container filesystem drifted from its image", severity: .low, controls: [.runtimeImmutability],
        rationale: """
        A container should run what its image holds. Files added or changed since it started (`docker diff`) are \
        either state that belongs in a volume, or something an attacker or an operator left: a new binary, a changed \
        configuration, a cron job. Changes to executables, libraries and system configuration are the ones to look at \
        first. Only a live host (or its snapshot) knows them.
        """,
        remediation: "Run with read_only: true and volumes for state; rebuild the image instead of changing a running container; investigate unexplained changes.",
        triggering: [Example(#"{"containers": [{"Id": "0123456789ab0123456789ab0123456789ab0123456789ab0123456789ab0123", "Name": "/web", "Config": {"Image": "nginx:1.27"}, "HostConfig": {}}], "changes": {"0123456789ab0123456789ab0123456789ab0123456789ab0123456789ab0123": [{"Path": "/usr/bin/nc", "Kind": 1}, {"Path": "/tmp/x", "Kind": 1}]}}↓"#, options: ["format": "host"])],
        nonTriggering: [Example(#"{"containers": [{"Id": "0123456789ab0123456789ab0123456789ab0123456789ab0123456789ab0123", "Name": "/web", "Config": {"Image": "nginx:1.27"}, "HostConfig": {}}], "changes": {"0123456789ab0123456789ab0123456789ab0123456789ab0123456789ab0123": [{"Path": "/tmp/x", "Kind": 1}, {"Path": "/var/cache/nginx/a", "Kind": 1}]}}"#, options: ["format": "host"])],
        grades: .low ... .medium)

    /// Paths where a change is state or scratch, not drift worth a finding.
    static let scratch = ["/tmp", "/var/tmp", "/run", "/var/run", "/var/cache", "/var/log", "/proc", "/dev", "/sys", "/home", "/root/.cache"]
    /// Where a change alters what runs.
    static let sensitive = ["/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/lib", "/lib64", "/usr/lib", "/etc", "/root/.ssh", "/var/spool/cron"]

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let changes = ctx.config.changes else { return [] }
        func under(_ p: String, _ dirs: [String]) -> Bool { dirs.contains { p == $0 || p.hasPrefix($0 + "/") } }
        // directories listed as "modified" only because something under them changed are not changes of their own
        let paths = Set(changes.map(\.path))
        let real = changes.filter { c in !under(c.path, Self.scratch) && !(c.kind == 0 && paths.contains { $0.hasPrefix(c.path + "/") }) }
        guard !real.isEmpty else { return [] }
        let hot = real.filter { under($0.path, Self.sensitive) }
        let shown = (hot.isEmpty ? real : hot).prefix(5).map { "\($0.path) (\($0.verb))" }.joined(separator: ", ")
        return [ctx.finding(Self.description, at: (hot.first ?? real[0]).origin, severity: hot.isEmpty ? .low : .medium,
                            "'\(ctx.config.name)' differs from its image in \(real.count) path\(real.count == 1 ? "" : "s")\(hot.isEmpty ? "" : ", \(hot.count) of them executables or system configuration"): \(shown)\(real.count > 5 ? ", …" : "").",
                            evidence: "drift \(hot.isEmpty ? "files" : "system files")")]
    }
}
