import BulkheadCore
import BulkheadModel

struct DuplicateStageName: Rule {
    static let description = RuleDescription(
        id: "DF069", title: "Duplicate stage name", severity: .medium, controls: [.buildHygiene],
        aliases: ["DL3024", "DS-0012", "CKV_DOCKER_11", "DuplicateStageName"],
        rationale: "Two stages with the same name make COPY --from and FROM <stage> ambiguous; Docker refuses the file or silently picks one.",
        remediation: "Give every stage a unique name.",
        triggering: [Example("FROM debian:12 AS build\nFROM debian:12 AS test\n↓FROM debian:12 AS build")],
        nonTriggering: [Example("FROM debian:12 AS build\nFROM debian:12 AS final")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var seen = Set<String>()
        return ctx.file.stages.compactMap { s in
            guard let n = s.name else { return nil }
            if seen.insert(n).inserted { return nil }
            return ctx.fromFinding(Self.description, s, "Stage name '\(n)' is used twice.")
        }
    }
}
