import BulkheadCore
import BulkheadModel

struct RelativeCopyWithoutWorkdir: Rule {
    static let description = RuleDescription(
        id: "DF093", title: "COPY or ADD to a relative path with no WORKDIR set", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3045"],
        rationale: """
        A relative destination lands wherever the base image's working directory happens to be (often /): files end \
        up in the root of the filesystem, next to system directories, and move when the base image changes its \
        WORKDIR. Set WORKDIR in the stage (or a stage it is built FROM) first, or copy to an absolute path.
        """,
        remediation: "Add WORKDIR /app before the COPY, or use an absolute destination (COPY app.py /app/).",
        triggering: [Example("FROM python:3.12-slim\n↓COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt")],
        nonTriggering: [
            Example("FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"),
            Example("FROM python:3.12-slim\nCOPY requirements.txt /app/requirements.txt"),
            Example("FROM debian:12 AS base\nWORKDIR /srv\nFROM base\nCOPY app .\n"),
        ])

    static func absolute(_ p: String) -> Bool {
        p.hasPrefix("/") || p.hasPrefix("$") || p.hasPrefix("\\") || (p.count >= 2 && p.dropFirst().first == ":")
    }

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        var withWorkdir = Set<Int>()
        for ins in ctx.file.instructions {
            guard let stage = ins.stageIndex else { continue }
            if ins.keyword == "FROM" {
                // a stage built FROM another inherits its WORKDIR
                if let p = ctx.file.stages[stage].parentStage, withWorkdir.contains(p) { withWorkdir.insert(stage) }
                continue
            }
            if ins.keyword == "WORKDIR" { withWorkdir.insert(stage); continue }
            guard ins.keyword == "COPY" || ins.keyword == "ADD", !withWorkdir.contains(stage), ins.heredocs.isEmpty else { continue }
            let words = ins.words
            guard words.count >= 2, let dest = words.last, !Self.absolute(dest) else { continue }
            out.append(ctx.finding(Self.description, ins, "\(ins.keyword) copies to \(dest), relative to a working directory this stage never set.", evidence: "\(ins.keyword) to \(dest)"))
        }
        return out
    }
}
