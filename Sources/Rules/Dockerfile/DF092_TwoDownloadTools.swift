import BulkheadCore
import BulkheadModel

struct TwoDownloadTools: Rule {
    static let description = RuleDescription(
        id: "DF092", title: "Both curl and wget installed in the final image", severity: .info, controls: [.imageMinimal], cis: ["4.3"],
        aliases: ["DL4001"],
        rationale: "curl and wget do the same job; shipping both doubles the tools an intruder can fetch payloads with, and the vulnerability reports, for nothing. Most images need one at build time and none at run time.",
        remediation: "Keep one (or none in the final image: download in a build stage, or use ADD --checksum).",
        triggering: [Example("FROM debian:12-slim\n↓RUN apt-get update && apt-get install -y --no-install-recommends curl wget && rm -rf /var/lib/apt/lists/*")],
        nonTriggering: [
            Example("FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*"),
            Example("FROM debian:12 AS fetch\nRUN apt-get install -y curl wget\nFROM debian:12-slim\nCOPY --from=fetch /a /a"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        let installs = ToolPackages.installed(ctx, ToolPackages.downloaders)
        let names = Set(installs.flatMap(\.2))
        guard names.contains("curl"), names.contains("wget"), let second = installs.last(where: { _, _, n in n.contains("wget") || n.contains("curl") }) else { return [] }
        return [ctx.finding(Self.description, second.0, command: second.1, "Both curl and wget are installed into the final image; one is enough.", evidence: "curl and wget")]
    }
}
