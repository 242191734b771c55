import BulkheadCore
import BulkheadModel

struct SSHServerInstalled: Rule {
    static let description = RuleDescription(
        id: "DF047", title: "SSH server installed in the final image", severity: .medium, controls: [.imageMinimal, .networkExposure], cis: ["4.3", "5.7"],
        aliases: ["DL3001"],
        rationale: """
        An SSH daemon in a container is a second entry point with its own keys, passwords and vulnerabilities, and \
        it usually runs as root. Containers are debugged with docker exec, not SSH.
        """,
        remediation: "Do not install openssh-server or dropbear; use docker exec / kubectl exec, or a separate debug image.",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*"),
            Example("FROM alpine:3.20\n↓RUN apk add --no-cache openssh"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends openssh-client"),
            Example("FROM debian:12 AS build\nRUN apt-get install -y openssh-server\nFROM debian:12\nUSER 1000"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ToolPackages.installed(ctx, ToolPackages.sshServers).map { ins, c, names in
            ctx.finding(Self.description, ins, command: c, "\(c.name) installs an SSH server (\(names.joined(separator: ", "))) into the final image.", evidence: "ssh server \(names.joined(separator: ","))")
        }
    }
}
