import BulkheadCore
import BulkheadModel

struct SetuidAdded: Rule {
    static let description = RuleDescription(
        id: "DF051", title: "setuid or setgid bit added", severity: .medium, controls: [.imagePermissions], cis: ["4.8"],
        aliases: ["CIS-DI-0008"],
        rationale: """
        A setuid-root binary runs as root whoever starts it: any flaw in it is a privilege escalation from the \
        container's unprivileged user. Images should remove setuid bits, not add them.
        """,
        remediation: "Do not add setuid/setgid bits; grant a narrow capability at runtime if the program really needs one (e.g. --cap-add NET_BIND_SERVICE).",
        triggering: [Example("FROM debian:12\n↓RUN chmod u+s /usr/local/bin/tool"), Example("FROM debian:12\n↓RUN chmod 4755 /usr/local/bin/tool")],
        nonTriggering: [Example("FROM debian:12\nRUN chmod 0755 /usr/local/bin/tool"), Example("FROM debian:12\nRUN chmod u-s /usr/bin/passwd")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            for c in s.commands where c.name == "chmod" {
                if let m = FileModes.chmodModes(c).first, FileModes.setuid(m) {
                    out.append(ctx.finding(Self.description, ins, command: c, "chmod \(m) adds a setuid/setgid bit.", evidence: "chmod \(m)"))
                }
            }
        }
        return out
    }
}
