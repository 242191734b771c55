import BulkheadCore
import BulkheadModel

struct RepeatedInstruction: Rule {
    static let description = RuleDescription(
        id: "DF065", title: "Several CMD, ENTRYPOINT or HEALTHCHECK in one stage", severity: .low, controls: [.buildHygiene],
        aliases: ["DL4003", "DL4004", "DL3012", "DS-0007", "DS-0016", "DS-0023", "MultipleInstructionsDisallowed"],
        rationale: "Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect; earlier ones are dead code that misleads reviewers about what the container runs.",
        remediation: "Keep one of each per stage and delete the others.",
        triggering: [Example("FROM debian:12\nCMD [\"a\"]\n↓CMD [\"b\"]"), Example("FROM debian:12\nENTRYPOINT [\"a\"]\n↓ENTRYPOINT [\"b\"]")],
        nonTriggering: [
            Example("FROM debian:12 AS a\nCMD [\"a\"]\nFROM debian:12\nCMD [\"b\"]"),
            Example("FROM debian:12\nENTRYPOINT [\"app\"]\nCMD [\"--help\"]"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for s in ctx.file.stages {
            var seen: [String: Int] = [:]
            for ins in ctx.file.instructions(in: s) where ["CMD", "ENTRYPOINT", "HEALTHCHECK"].contains(ins.keyword) {
                if let first = seen[ins.keyword] {
                    out.append(ctx.finding(Self.description, ins, "A second \(ins.keyword) in stage '\(s.displayName)' overrides the one on line \(first).", evidence: "\(ins.keyword) repeated"))
                } else { seen[ins.keyword] = ins.line }
            }
        }
        return out
    }
}
