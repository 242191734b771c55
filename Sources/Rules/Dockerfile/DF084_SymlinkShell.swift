import BulkheadCore
import BulkheadModel

struct SymlinkShell: Rule {
    static let description = RuleDescription(
        id: "DF084", title: "Default shell replaced by a symlink", severity: .low, controls: [.buildHygiene],
        aliases: ["DL4005"],
        rationale: "Replacing /bin/sh with a symlink changes the shell of every script in the image, including the distribution's own maintainer scripts. SHELL changes it for the Dockerfile only.",
        remediation: "SHELL [\"/bin/bash\", \"-c\"]",
        triggering: [Example("FROM debian:12\n↓RUN ln -sf /bin/bash /bin/sh")],
        nonTriggering: [Example("FROM debian:12\nRUN ln -s /usr/bin/python3 /usr/bin/python")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands(named: ["ln"]).compactMap { ins, c in
            guard c.positionals().last?.text == "/bin/sh" else { return nil }
            return ctx.finding(Self.description, ins, command: c, "RUN replaces /bin/sh with a symlink; use SHELL instead.", evidence: "ln /bin/sh")
        }
    }
}
