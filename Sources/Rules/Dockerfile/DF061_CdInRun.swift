import BulkheadCore
import BulkheadModel

struct CdInRun: Rule {
    static let description = RuleDescription(
        id: "DF061", title: "cd in RUN instead of WORKDIR", severity: .info, controls: [.buildHygiene],
        aliases: ["DL3003", "DS-0013"],
        rationale: """
        A RUN that starts by changing directory hides the working directory from the next instructions and from \
        readers; WORKDIR states it once and creates it if needed. A cd inside a subshell or later in a chain to build \
        something in a temporary directory is normal shell and is not reported.
        """,
        remediation: "Use WORKDIR /path before the RUN.",
        triggering: [Example("FROM debian:12\n↓RUN cd /app && make")],
        nonTriggering: [
            Example("FROM debian:12\nWORKDIR /app\nRUN make"),
            Example("FROM debian:12\nRUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz && (cd /tmp && tar xzf x.tgz)"),
            Example("FROM debian:12\nRUN git clone https://example.com/x.git /tmp/x && cd /tmp/x && make install && cd / && rm -rf /tmp/x"),
        ])

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        ctx.shellRuns.findings(into: sink) { ins, s in
            guard let first = s.commands.first, first.name == "cd", first.depth == 0, !first.inSubstitution, s.commands.count > 1 else { return nil }
            return ctx.finding(Self.description, ins, command: first, "RUN starts with cd \(first.argStrings.first ?? ""); use WORKDIR instead.", evidence: "cd")
        }
    }
}
