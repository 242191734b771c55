import BulkheadCore
import BulkheadModel

struct RuntimeNoLimits: Rule {
    static let description = RuleDescription(
        id: "RT013", title: "No memory, PID or CPU limit", severity: .low, controls: [.runtimeResources], cis: ["5.11", "5.12", "5.29"],
        aliases: ["CL-0026", "KICS memory_not_limited", "KICS pids_limit_not_set", "KICS cpus_not_limited"],
        rationale: "Without limits one container (a leak, a fork bomb, a compromised process mining coins) can starve the host and every other container on it. Both spellings count: mem_limit/pids_limit/cpus and deploy.resources.limits.",
        remediation: "Set limits: deploy.resources.limits {memory: 512M, cpus: '1.0', pids: 200} (or mem_limit, cpus, pids_limit; docker run -m, --cpus, --pids-limit).",
        triggering: [Example("services:\n↓  web:\n    image: web:1.0\n    mem_limit: 512m")],
        nonTriggering: [
            Example("services:\n  web:\n    image: web:1.0\n    deploy:\n      resources:\n        limits: {memory: 512M, cpus: '0.5', pids: 100}"),
            Example("docker run -m 256m --cpus 1 --pids-limit 64 web:1", options: ["format": "run"]),
        ], restrictedSeverity: .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let c = ctx.config
        var missing: [String] = []
        if c.memory == nil { missing.append("memory") }
        if c.pidsLimit == nil { missing.append("PIDs") }
        if c.nanoCpus == nil && c.cpuShares == nil { missing.append("CPU") }
        guard !missing.isEmpty else { return [] }
        return [ctx.finding(Self.description, at: ctx.entity, "'\(c.name)' has no \(missing.joined(separator: ", ")) limit.", evidence: "limits \(missing.joined(separator: ","))")]
    }
}
