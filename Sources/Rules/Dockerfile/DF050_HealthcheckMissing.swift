import BulkheadCore
import BulkheadModel

struct HealthcheckMissing: Rule {
    static let description = RuleDescription(
        id: "DF050", title: "No HEALTHCHECK in the final stage", severity: .low, controls: [.imageHealthcheck], cis: ["4.6"],
        aliases: ["DL3057", "DS-0026", "CKV_DOCKER_2", "CIS-DI-0006"],
        rationale: """
        Without a health check, Docker and Compose only know whether the process exists, not whether it works; a \
        hung or half-compromised service keeps receiving traffic. Orchestrators that use their own probes \
        (Kubernetes) do not need it: disable DF050 in .bulkhead.yml for such images, or write HEALTHCHECK NONE to say so explicitly.
        """,
        remediation: "Add a HEALTHCHECK to the final stage, e.g. HEALTHCHECK --interval=30s CMD [\"/app\", \"healthcheck\"].",
        triggering: [Example("↓FROM nginx:1.27\nCOPY site /usr/share/nginx/html")],
        nonTriggering: [
            Example("FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1"),
            Example("FROM nginx:1.27 AS base\nHEALTHCHECK NONE\nFROM base"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let final = ctx.file.finalStage else { return [] }
        for s in ctx.file.lineage(of: final) where ctx.file.instructions(in: s).contains(where: { $0.keyword == "HEALTHCHECK" }) { return [] }
        return [ctx.finding(Self.description, line: final.fromLine, stage: final, "The final stage '\(final.displayName)' has no HEALTHCHECK.", evidence: "no HEALTHCHECK")]
    }
}
