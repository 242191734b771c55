import BulkheadCore
import BulkheadModel

struct PipeToShell: Rule {
    static let description = RuleDescription(
        id: "DF030", title: "Downloaded script piped into a shell", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        rationale: """
        curl … | sh runs whatever the server (or anyone who can tamper with the connection or the hosting) sends at \
        that moment, with the build's privileges, with no record of what ran and no way to verify it. A truncated \
        download can even run half a script.
        """,
        remediation: "Download to a file, verify a pinned checksum or signature (echo \"<sha256>  install.sh\" | sha256sum -c -), then run it; better, install a pinned release artifact or package.",
        triggering: [
            Example("FROM debian:12\n↓RUN curl -fsSL https://get.example.com/install.sh | sh"),
            Example("FROM debian:12\n↓RUN wget -qO- https://example.com/setup | sudo -E bash -s -- --yes"),
            Example("FROM debian:12\n↓RUN sh -c \"$(curl -fsSL https://raw.example.com/install.sh)\""),
            Example("FROM debian:12\n↓RUN bash <(curl -s https://example.com/i.sh)"),
            Example("FROM python:3.12\n↓RUN curl -sSL https://install.python-poetry.org | python3 -"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://example.com/i.sh && echo \"abc  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh"),
            Example("FROM debian:12\nRUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt"),
            Example("FROM debian:12\nRUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, script) in ctx.shellRuns {
            var reported = Set<Int>()
            let cmds = script.commands
            for (i, c) in cmds.enumerated() where Interpreters.isInterpreter(c.name) {
                var hit: String? = nil
                // … | sh
                if c.pipelinePosition > 0 {
                    for j in stride(from: i - 1, through: 0, by: -1) where cmds[j].pipeline == c.pipeline && cmds[j].depth == c.depth {
                        if Interpreters.downloaders.contains(cmds[j].name) { hit = cmds[j].name; break }
                    }
                }
                // sh -c "$(curl …)", bash <(curl …)
                if hit == nil {
                    for a in c.args where a.dynamic && (a.text.contains("$(") || a.text.hasPrefix("<(") || a.text.contains("`")) {
                        if let d = Interpreters.downloaders.first(where: { a.text.contains($0 + " ") }) { hit = d; break }
                    }
                }
                // a script argument (python3 - or sh -s) is reading stdin; a file argument is not piped
                if let h = hit, !reported.contains(c.line) {
                    reported.insert(c.line)
                    out.append(ctx.finding(Self.description, ins, command: c, "RUN pipes a script downloaded with \(h) into \(c.name) without verifying it.",
                                           evidence: "\(h) | \(c.name)"))
                }
            }
        }
        return out
    }
}
