import BulkheadCore
import BulkheadModel

struct ImageHealthcheck: Rule {
    static let description = RuleDescription(
        id: "IM009", title: "Image has no health check", severity: .low, controls: [.imageHealthcheck], cis: ["4.6"],
        aliases: ["CIS-DI-0006", "DS-0026", "CKV_DOCKER_2"],
        rationale: """
        Without a HEALTHCHECK the engine reports a container as running while the service inside is hung or failing, \
        so restarts, alerts and rolling updates act on the wrong signal. Orchestrators with their own probes \
        (Kubernetes) ignore it; there, this is information.
        """,
        remediation: "Add a HEALTHCHECK that exercises the service (HEALTHCHECK CMD [\"/app/healthcheck\"]), or define probes in the orchestrator.",
        triggering: [Example("user 1000\n↓layer"), Example("user 1000\nhealthcheck NONE\n↓layer")],
        nonTriggering: [Example("user 1000\nhealthcheck CMD /app/health\nlayer")])

    func check(_ ctx: ImageContext) -> [Finding] {
        guard let test = ctx.image.config.healthcheck, !test.isEmpty else {
            return [ctx.finding(Self.description, at: "config.Healthcheck", "The image defines no HEALTHCHECK.", evidence: "no healthcheck")]
        }
        if test.first == "NONE" {
            return [ctx.finding(Self.description, at: "config.Healthcheck", "The image turns the health check off (HEALTHCHECK NONE).", evidence: "healthcheck NONE")]
        }
        return []
    }
}
