import BulkheadCore
import BulkheadModel

struct ChpasswdInRun: Rule {
    static let description = RuleDescription(
        id: "DF004", title: "Password set in the image with chpasswd or passwd", severity: .medium, controls: [.secretsImage, .userRoot],
        aliases: ["CKV2_DOCKER_17", "DKL-LI-0001"],
        rationale: """
        Setting an account password during the build writes a password hash into /etc/shadow of a layer, and the \
        clear-text password into the Dockerfile and the image history. Everyone who can pull the image can read \
        both, and the account becomes a login target wherever the container exposes one.
        """,
        remediation: "Do not give image accounts passwords. Create system users without a password (useradd -r), and pass credentials at runtime through secrets.",
        triggering: [
            Example("FROM debian:12\n↓RUN echo 'root:toor' | chpasswd"),
            Example("FROM debian:12\nRUN useradd app && \\\n↓    echo \"app:secret\" | chpasswd -e"),
            Example("FROM alpine:3.20\n↓RUN echo -e \"pw\\npw\" | passwd root"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN useradd -r -u 10001 app"),
            Example("FROM debian:12\nRUN passwd -l root"),
            Example("FROM debian:12\nRUN passwd -d app && passwd --lock app"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, cmd) in ctx.runCommands(named: ["chpasswd", "passwd"]) {
            if cmd.name == "chpasswd" {
                out.append(ctx.finding(Self.description, ins, command: cmd, "RUN sets an account password with chpasswd; the password ends up in the image and its history.", evidence: "chpasswd"))
            } else if cmd.name == "passwd", cmd.pipelinePosition > 0 || cmd.has("--stdin"), !cmd.has("-l", "--lock", "-d", "--delete", "-e", "--expire") {
                out.append(ctx.finding(Self.description, ins, command: cmd, "RUN pipes a password into passwd; the password ends up in the image and its history.", evidence: "passwd"))
            }
        }
        return out
    }
}
