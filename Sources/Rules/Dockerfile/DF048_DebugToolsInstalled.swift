import BulkheadCore
import BulkheadModel

struct DebugToolsInstalled: Rule {
    static let description = RuleDescription(
        id: "DF048", title: "Editors or debugging tools in the final image", severity: .low, controls: [.imageMinimal], cis: ["4.3"],
        aliases: ["DL3001"],
        rationale: """
        Editors, debuggers, packet capture and network tools (vim, nano, gdb, strace, tcpdump, nmap, netcat, telnet, \
        socat) help an intruder far more than they help production: they read memory, sniff traffic and open \
        reverse shells. Build stages may use them; the final image should not ship them.
        """,
        remediation: "Remove them from the final stage; debug with an ephemeral debug container (docker debug, kubectl debug) instead.",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get install -y --no-install-recommends vim=2:9.0.1378-2 curl=7.88.1-10+deb12u8"),
            Example("FROM alpine:3.20\n↓RUN apk add --no-cache strace tcpdump"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl"),
            Example("FROM debian:12 AS build\nRUN apt-get install -y gdb\nFROM debian:12\nCOPY --from=build /a /a"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ToolPackages.installed(ctx, ToolPackages.debugTools).map { ins, c, names in
            ctx.finding(Self.description, ins, command: c, "\(c.name) installs \(names.joined(separator: ", ")) into the final image.", evidence: "tools \(names.joined(separator: ","))")
        }
    }
}
