import BulkheadCore
import BulkheadModel

struct RuntimeNoCapDrop: Rule {
    static let description = RuleDescription(
        id: "RT005", title: "Default capabilities not dropped", severity: .low, controls: [.runtimeCapabilities], cis: ["5.4"],
        aliases: ["CL-0006", "KICS container_capabilities_unrestricted"],
        rationale: """
        Docker grants 14 capabilities by default. Most services need none of them; NET_RAW allows ARP and ICMP \
        spoofing on the container network, and DAC_OVERRIDE and MKNOD feed escape chains. Dropping ALL and adding \
        back what is needed is the hardened default (PSS restricted).
        """,
        remediation: "cap_drop: [ALL] (then cap_add only what the service needs, e.g. NET_BIND_SERVICE).",
        triggering: [Example("services:\n↓  web:\n    image: web:1.0")],
        nonTriggering: [
            Example("services:\n  web:\n    image: web:1.0\n    cap_drop:\n      - ALL"),
            Example("services:\n  web:\n    image: web:1.0\n    privileged: true"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.dropsAll, !ctx.effective.privileged else { return [] }
        return [ctx.finding(Self.description, at: ctx.entity, "'\(ctx.config.name)' keeps Docker's default capabilities (NET_RAW, DAC_OVERRIDE, MKNOD, …); drop ALL.", evidence: "no cap_drop ALL")]
    }
}
