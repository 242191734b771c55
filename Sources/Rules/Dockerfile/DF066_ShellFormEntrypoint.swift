import BulkheadCore
import BulkheadModel

struct ShellFormEntrypoint: Rule {
    static let description = RuleDescription(
        id: "DF066", title: "CMD or ENTRYPOINT in shell form", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3025", "JSONArgsRecommended"],
        rationale: """
        In shell form the container's PID 1 is /bin/sh, which does not forward SIGTERM: docker stop waits its \
        timeout and then kills the process, so it never shuts down cleanly. Shell form also requires a shell in the \
        image, which distroless images do not have.
        """,
        remediation: "Use the JSON form: CMD [\"gunicorn\", \"app:app\"]. If you need shell features, use a script with exec \"$@\".",
        triggering: [
            Example("FROM python:3.12\n↓CMD gunicorn app:app"),
            Example("FROM python:3.12\n↓ENTRYPOINT python -m app"),
            Example("FROM python:3.12\nENTRYPOINT [\"app\"]\n↓CMD --help"),
        ],
        nonTriggering: [
            Example("FROM python:3.12\nCMD [\"gunicorn\", \"app:app\"]"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD powershell -File run.ps1"),
            Example("FROM python:3.12\nENTRYPOINT [\"app\"]\nCMD [\"--help\"]"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "CMD" || ins.keyword == "ENTRYPOINT", ins.execForm == nil, ins.posixShell,
                  !ins.args.trimmingSpaces.isEmpty, let stage = ctx.stage(of: ins), !stage.windows else { return nil }
            // With an exec-form ENTRYPOINT, a shell-form CMD becomes its arguments: app /bin/sh -c "…"
            if ins.keyword == "CMD", ctx.file.lineage(of: stage).contains(where: { s in ctx.file.instructions(in: s).contains { $0.keyword == "ENTRYPOINT" && $0.execForm != nil } }) {
                return ctx.finding(Self.description, ins, "CMD in shell form is handed to the exec-form ENTRYPOINT as the arguments '/bin/sh -c \(ins.args.trimmingSpaces)'; write it in JSON form.", evidence: "CMD shell form after ENTRYPOINT")
            }
            var f = ctx.finding(Self.description, ins, "\(ins.keyword) in shell form runs under /bin/sh -c, which does not pass signals to the process.", evidence: "\(ins.keyword) shell form")
            f.fix = DF066Fix.jsonForm(ins.keyword, ins.args)
            return f
        }
    }
}

enum DF066Fix {
    /// `CMD npm start` → `CMD ["npm", "start"]` when the words are plain; a script with exec "$@" otherwise.
    static func jsonForm(_ keyword: String, _ args: String) -> String {
        let words = args.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let plain = words.allSatisfy { w in !w.contains(where: { "|&;<>$`\\\"'*?(){}".contains($0) }) }
        guard plain, !words.isEmpty else {
            return "This command needs a shell: put it in a script that ends with exec \"$@\" and use \(keyword) [\"/entrypoint.sh\"]."
        }
        return "Use the JSON form: \(keyword) [" + words.map { "\"\($0)\"" }.joined(separator: ", ") + "]."
    }
}
