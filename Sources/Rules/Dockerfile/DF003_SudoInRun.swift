import BulkheadCore
import BulkheadModel

struct SudoInRun: Rule {
    static let description = RuleDescription(
        id: "DF003", title: "sudo used in RUN", severity: .medium, controls: [.buildHygiene, .userRoot],
        aliases: ["DL3004", "DS-0010", "CKV2_DOCKER_1", "DKL-DI-0001"],
        rationale: """
        sudo in a build means the image ships sudo and a sudoers policy, a ready privilege-escalation path for \
        anyone who gets a shell as the unprivileged user. Build steps that need root should run before USER switches \
        away from root; at runtime, drop privileges with gosu or su-exec instead.
        """,
        remediation: "Run the step as root (USER root … USER app) instead of through sudo, and do not install sudo in the image.",
        triggering: [
            Example("FROM debian:12\nUSER app\n↓RUN sudo apt-get install -y curl"),
            Example("FROM debian:12\nRUN make && \\\n↓    sudo make install"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends gosu"),
            Example("FROM debian:12\nRUN echo 'use sudo to become root' > /etc/motd"),
        ])

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        var seen = Set<Int>()
        for (ins, cmd) in ctx.runCommands(named: ["sudo"], prefixedBy: ["sudo"]) where !seen.contains(cmd.line) {
            seen.insert(cmd.line)
            sink.add(ctx.finding(Self.description, ins, command: cmd, "RUN uses sudo to run '\(cmd.name)'.", evidence: "sudo \(cmd.name)"))
        }
    }
}
