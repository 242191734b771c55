import BulkheadCore
import BulkheadModel

struct EscapeShocker: Rule {
    static let description = RuleDescription(
        id: "ES008", title: "Escape: DAC_READ_SEARCH reads host files (shocker)", severity: .critical, controls: [.runtimeCapabilities],
        rationale: "DAC_READ_SEARCH makes seccomp allow open_by_handle_at; every container has host files bind-mounted (/etc/hosts, /etc/resolv.conf), so the container brute-forces handles and reads any host file, /etc/shadow included; with DAC_OVERRIDE (a default) it can write too.",
        remediation: "Remove DAC_READ_SEARCH.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    cap_add:\n↓      - DAC_READ_SEARCH")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_add: [CHOWN]")], enabledBy: ["RT004"])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.privileged, ctx.effective.has("DAC_READ_SEARCH"), let o = ctx.capOrigin("DAC_READ_SEARCH") else { return [] }
        return [ctx.escape(Self.description, at: o, technique: "DAC_READ_SEARCH → open_by_handle_at reads any host file",
                           chain: [ctx.evidence("HostConfig.CapAdd", "DAC_READ_SEARCH", o), "host files bind-mounted in every container (/etc/hosts, /etc/resolv.conf)"]
                            + (ctx.effective.has("DAC_OVERRIDE") ? ["DAC_OVERRIDE (default) makes writes possible"] : []),
                           fix: "remove DAC_READ_SEARCH")]
    }
}
