import BulkheadCore
import BulkheadModel

struct CopyMultiSourceDest: Rule {
    static let description = RuleDescription(
        id: "DF077", title: "COPY of several sources to a destination without a trailing /", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3021", "DS-0011"],
        rationale: "With more than one source the destination must be a directory written with a trailing slash; otherwise Docker rejects the build.",
        remediation: "End the destination with /: COPY a.txt b.txt /app/",
        triggering: [Example("FROM debian:12\n↓COPY a.txt b.txt /app")],
        nonTriggering: [Example("FROM debian:12\nCOPY a.txt b.txt /app/"), Example("FROM debian:12\nCOPY a.txt /app"), Example("FROM debian:12\nWORKDIR /app\nCOPY a b .")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "COPY" || ins.keyword == "ADD", ins.heredocs.isEmpty else { return nil }
            let w = ins.words
            guard w.count > 2, let d = w.last, !d.hasSuffix("/"), !d.hasSuffix("\\"), d != ".", d != "..", !d.contains("$") else { return nil }
            return ctx.finding(Self.description, ins, "\(ins.keyword) has \(w.count - 1) sources but the destination \(d) does not end with /.", evidence: "dest \(d)")
        }
    }
}
