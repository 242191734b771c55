import BulkheadCore
import BulkheadModel

struct AuditRulesMissing: Rule {
    static let description = RuleDescription(
        id: "HO031", title: "Docker's files are not watched by audit rules", severity: .low, controls: [.loggingAudit, .hostFiles],
        cis: ["1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.1.8", "1.1.9", "1.1.10", "1.1.11", "1.1.12", "1.1.13", "1.1.14", "1.1.15", "1.1.16", "1.1.17", "1.1.18"],
        rationale: """
        The daemon, its configuration, its data and the runtimes act as root; without audit rules on them, a change \
        to daemon.json or a replaced runc leaves no record. The paths are where this host really has them (dockerd in \
        /usr/sbin on Debian, the data root the engine reports), and only paths that exist are asked for.
        """,
        remediation: "Add watches, e.g. -w /usr/bin/dockerd -k docker and -w /etc/docker -k docker in /etc/audit/rules.d/docker.rules, then augenrules --load.",
        triggering: [Example(#"{"audit": {"source": "auditctl -l", "rules": ["-w /etc/docker -p wa -k docker"]}, "audit_targets": [{"cis": "1.1.3", "path": "/usr/bin/dockerd", "exists": true}, {"cis": "1.1.6", "path": "/etc/docker", "exists": true}]}↓"#)],
        nonTriggering: [
            Example(#"{"audit": {"source": "auditctl -l", "rules": ["-w /usr/bin/dockerd -k docker", "-w /etc/docker -p wa -k docker"]}, "audit_targets": [{"cis": "1.1.3", "path": "/usr/bin/dockerd", "exists": true}, {"cis": "1.1.6", "path": "/etc/docker", "exists": true}, {"cis": "1.1.13", "path": "/etc/sysconfig/docker", "exists": false}]}"#),
            Example(#"{"audit_targets": [{"cis": "1.1.3", "path": "/usr/bin/dockerd", "exists": true}]}"#),
        ])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        // unknown (no auditctl, no rules files) is said in the benchmark, not as a finding per path
        guard let rules = h.auditRules else { return [] }
        let missing = h.auditTargets.filter { $0.exists && !AuditWatch.watched($0.path, rules) }
        guard !missing.isEmpty else { return [] }
        return [ctx.finding(Self.description, at: nil, "No audit rule watches \(missing.map(\.path).joined(separator: ", ")) (read from \(h.auditSource ?? "the audit rules")).",
                            evidence: "unaudited \(missing.map(\.path).joined(separator: " "))")]
    }
}
