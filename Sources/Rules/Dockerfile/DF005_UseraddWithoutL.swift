import BulkheadCore
import BulkheadModel

struct UseraddWithoutL: Rule {
    static let description = RuleDescription(
        id: "DF005", title: "useradd with a high UID without -l", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3046"],
        rationale: """
        useradd records every user in the sparse files /var/log/lastlog and /var/log/faillog, sized by the UID. \
        Docker layers do not keep files sparse, so a UID such as 100000 adds hundreds of megabytes of zeros to the image.
        """,
        remediation: "Pass -l (--no-log-init) to useradd: useradd -l -u 100000 app.",
        triggering: [Example("FROM debian:12\n↓RUN useradd -u 123456 app")],
        nonTriggering: [
            Example("FROM debian:12\nRUN useradd -l -u 123456 app"),
            Example("FROM debian:12\nRUN useradd -u 1000 app"),
            Example("FROM debian:12\nRUN useradd --no-log-init -u 123456 app"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands(named: ["useradd"]).compactMap { ins, cmd in
            guard !cmd.has("-l", "--no-log-init"),
                  let uid = cmd.value(of: "-u", "--uid").flatMap({ Int($0) }), uid > 65535 else { return nil }
            return ctx.finding(Self.description, ins, command: cmd, "useradd -u \(uid) without -l writes a sparse lastlog that Docker stores in full.", evidence: "useradd -u \(uid)")
        }
    }
}
