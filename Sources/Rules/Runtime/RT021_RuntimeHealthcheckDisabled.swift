import BulkheadCore
import BulkheadModel

struct RuntimeHealthcheckDisabled: Rule {
    static let description = RuleDescription(
        id: "RT021", title: "Health check disabled", severity: .low, controls: [.imageHealthcheck], cis: ["5.27"],
        aliases: ["KICS healthcheck_not_set"],
        rationale: "healthcheck: disable (or --no-healthcheck) throws away the image's health check, so a hung or failing service keeps running and receiving traffic.",
        remediation: "Remove the disable, or define a health check that fits the deployment.",
        triggering: [Example("services:\n  app:\n    image: app:1.0\n    healthcheck:\n↓      disable: true"), Example("↓docker run --no-healthcheck app:1", options: ["format": "run"])],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    healthcheck:\n      test: [\"CMD\", \"/app\", \"health\"]")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let t = ctx.config.healthcheckTest, t.value.first?.uppercased() == "NONE" else { return [] }
        return [ctx.finding(Self.description, at: t.origin, "'\(ctx.config.name)' disables its health check.", evidence: "healthcheck disabled")]
    }
}
