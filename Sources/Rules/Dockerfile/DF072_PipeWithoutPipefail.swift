import BulkheadCore
import BulkheadModel

struct PipeWithoutPipefail: Rule {
    static let description = RuleDescription(
        id: "DF072", title: "Pipe without pipefail", severity: .low, controls: [.buildHygiene],
        aliases: ["DL4006"],
        rationale: """
        A POSIX shell reports only the last command of a pipeline, so in curl … | tar x a failed download still \
        'succeeds' and the build continues with a broken or empty layer. Only RUNs under a POSIX shell are checked, \
        and set -o pipefail in the RUN or SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] counts.
        """,
        remediation: "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before the RUN (or set -o pipefail && … in it; ash and bash support it).",
        triggering: [Example("FROM debian:12\n↓RUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt")],
        nonTriggering: [
            Example("FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt"),
            Example("FROM alpine:3.20\nRUN set -eo pipefail && wget -qO- https://example.com/x.tgz | tar -xz"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Content a | Out-File b"),
            Example("FROM debian:12\nRUN echo a | tee /b"),
        ])

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        for (ins, s) in ctx.shellRuns {
            guard let stage = ctx.stage(of: ins), !stage.windows else { continue }
            if stage.shell.contains("pipefail") || stage.shell.joined(separator: " ").contains("-o pipefail") { continue }
            if ins.execForm != nil { continue }
            let setsPipefail = s.commands.contains { c in c.name == "set" && c.argStrings.contains("pipefail") }
            if setsPipefail { continue }
            // a pipe whose left side can fail: skip trivial producers such as echo/printf/cat of a literal
            guard let p = s.commands.first(where: { c in
                c.pipelinePosition > 0 && !s.commands.contains { $0.pipeline == c.pipeline && $0.pipelinePosition == 0 && ["echo", "printf", "yes", "true"].contains($0.name) }
            }) else { continue }
            sink.add(ctx.finding(Self.description, ins, command: p, "RUN has a pipe into \(p.name) but no pipefail, so a failure on the left of the pipe is ignored.", evidence: "pipe without pipefail"))
        }
    }
}
