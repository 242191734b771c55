import BulkheadCore
import BulkheadModel

struct RelativeWorkdir: Rule {
    static let description = RuleDescription(
        id: "DF062", title: "WORKDIR is a relative path", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3000", "DS-0009", "CKV_DOCKER_10", "WorkdirRelativePath"],
        rationale: "A relative WORKDIR depends on the previous WORKDIR, including one set by the base image you do not control, so the files land somewhere else when the base changes.",
        remediation: "Use an absolute path: WORKDIR /app.",
        triggering: [Example("FROM debian:12\n↓WORKDIR app")],
        nonTriggering: [
            Example("FROM debian:12\nWORKDIR /app"),
            Example("FROM debian:12\nENV APP=/srv/app\nWORKDIR $APP"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app"),
            Example("FROM debian:12\nWORKDIR /app\nWORKDIR src"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        var hasAbsolute = Set<Int>()
        for ins in ctx.file.instructions where ins.keyword == "WORKDIR" {
            let p = ins.words.first ?? ""
            let stage = ins.stageIndex ?? -1
            let absolute = p.hasPrefix("/") || p.hasPrefix("$") || p.hasPrefix("\\") || (p.count >= 2 && p.dropFirst().first == ":")
            if absolute { hasAbsolute.insert(stage); continue }
            if hasAbsolute.contains(stage) || p.isEmpty { continue }
            out.append(ctx.finding(Self.description, ins, "WORKDIR \(p) is relative to whatever the base image set.", evidence: "WORKDIR \(p)"))
        }
        return out
    }
}
