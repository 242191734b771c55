import BulkheadCore
import BulkheadModel

struct ReservedStageName: Rule {
    static let description = RuleDescription(
        id: "DF080", title: "Stage named after a reserved word", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3063", "ReservedStageName"],
        rationale: "'scratch' and 'context' have special meaning in FROM and --from; a stage with such a name is confusing or unreachable.",
        remediation: "Rename the stage.",
        triggering: [Example("↓FROM debian:12 AS scratch")],
        nonTriggering: [Example("FROM debian:12 AS base")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.stages.compactMap { s in
            guard let n = s.name, n == "scratch" || n == "context" else { return nil }
            return ctx.fromFinding(Self.description, s, "Stage name '\(n)' is reserved.")
        }
    }
}
