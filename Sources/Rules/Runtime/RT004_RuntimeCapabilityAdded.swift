import BulkheadCore
import BulkheadModel

struct RuntimeCapabilityAdded: Rule {
    static let description = RuleDescription(
        id: "RT004", title: "Dangerous capability added", severity: .high, controls: [.runtimeCapabilities], cis: ["5.4"],
        aliases: ["CL-0011", "CL-0024", "CL-0027", "CL-0028", "CL-0029", "CL-0030", "C.5.3.1", "C.5.3.2", "C.5.3.3", "C.5.3.4"],
        rationale: """
        Each capability re-opens specific kernel operations, and Docker's seccomp profile unlocks the matching \
        system calls when one is added: SYS_ADMIN allows mount/unshare/setns, DAC_READ_SEARCH allows \
        open_by_handle_at, SYS_MODULE allows init_module. Findings are graded by what the capability gives; \
        re-adding one of Docker's 14 defaults is not reported.
        """,
        remediation: "Remove the capability, or replace it with the narrow one the workload needs (NET_BIND_SERVICE for low ports), together with cap_drop: [ALL].",
        triggering: [
            Example("services:\n  vpn:\n    image: vpn:1.0\n    cap_add:\n↓      - NET_ADMIN\n↓      - CAP_SYS_ADMIN"),
            Example("↓docker run --cap-add=ALL tool:1", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  web:\n    image: web:1.0\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE, CHOWN]"),
        ], grades: .low ... .critical)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.capAdd.compactMap { c in
            let cap = EffectiveSecurity.normalizeCap(c.value)
            guard let (sev, why) = Capabilities.grade(cap) else { return nil }
            return ctx.finding(Self.description, at: c.origin, severity: sev, "'\(ctx.config.name)' adds \(cap): \(why).", evidence: "cap_add \(cap)")
        }
    }
}
