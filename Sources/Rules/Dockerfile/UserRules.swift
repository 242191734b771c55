import BulkheadCore
import BulkheadModel

/// Base images known to default to a non-root user.
enum KnownBase {
    static func runsAsNonRoot(_ image: String) -> Bool {
        let l = image.lowercased()
        if l.contains(":nonroot") || l.contains("-nonroot") || l.contains("/nonroot") { return true }
        if l.hasPrefix("cgr.dev/chainguard/") && !l.contains("-dev") && !l.contains(":latest-dev") {
            // Chainguard images run as nonroot except a few (e.g. the -dev variants)
            return !["cgr.dev/chainguard/wolfi-base", "cgr.dev/chainguard/busybox", "cgr.dev/chainguard/alpine-base"].contains { l.hasPrefix($0) }
        }
        // Bitnami images are non-root (uid 1001)
        if l.hasPrefix("bitnami/") || l.contains("/bitnami/") { return true }
        if l.hasPrefix("registry.access.redhat.com/ubi") && l.contains("minimal") { return false }
        return false
    }

    static func isRoot(_ user: String) -> Bool {
        let u = user.split(separator: ":").first.map(String.init)?.trimmingSpaces ?? user
        return u == "root" || u == "0"
    }
}

struct FinalStageNoUser: Rule {
    static let description = RuleDescription(
        id: "DF001", title: "Final stage never sets USER", severity: .high, controls: [.userRoot], cis: ["4.1"],
        aliases: ["DS-0002", "CKV_DOCKER_3", "CIS-DI-0001"],
        rationale: """
        Without a USER instruction the container's process runs as the base image's user, which for almost every \
        base image is root (uid 0). Root inside a container is root on the shared kernel: a kernel bug, a mounted \
        socket or a writable host path turns into host compromise. Only the final stage matters (build stages never \
        run in production), and a final stage built FROM another stage inherits that stage's USER.
        """,
        remediation: "Create an unprivileged user and end the final stage with it: RUN useradd -r -u 10001 app, then USER 10001. Or start FROM a base that runs as non-root (e.g. a distroless :nonroot tag).",
        references: ["https://docs.docker.com/reference/dockerfile/#user", "https://docs.docker.com/build/building/best-practices/#user"],
        triggering: [
            Example("↓FROM debian:12\nRUN apt-get update\nCMD [\"app\"]"),
            Example("FROM golang:1.23 AS build\nUSER 1000\nRUN go build\n↓FROM alpine:3.20\nCOPY --from=build /app /app"),
            Example("FROM node:22 AS base\n↓FROM base\nCMD [\"node\"]"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nUSER 1000\nCMD [\"app\"]"),
            Example("FROM debian:12 AS base\nUSER app\nFROM base\nCMD [\"app\"]"),
            Example("FROM alpine:3.20 AS build\nRUN make\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app"),
            Example("FROM debian:12\nUSER root\nCMD [\"x\"]"),  // explicit root is DF002's
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let final = ctx.file.finalStage, !final.windows else { return [] }
        if final.user != nil { return [] }
        // inherited from an earlier stage chain whose root base is known non-root
        let root = ctx.file.lineage(of: final).last ?? final
        if KnownBase.runsAsNonRoot(root.base) { return [] }
        let base = root.base.isEmpty ? "its base image" : "its base image '\(root.base)'"
        return [ctx.finding(Self.description, line: final.fromLine, stage: final,
                            "The final stage '\(final.displayName)' never sets USER, so it runs as the user of \(base), which is root unless that image says otherwise.",
                            evidence: "no USER in final stage from \(root.base)")]
    }
}

struct FinalUserRoot: Rule {
    static let description = RuleDescription(
        id: "DF002", title: "Final stage switches to root", severity: .high, controls: [.userRoot], cis: ["4.1"],
        aliases: ["DL3002", "DS-0002", "CKV_DOCKER_8", "CIS-DI-0001"],
        rationale: """
        The last USER of the final stage decides who the container's process is. USER root (or 0) makes it uid 0 on \
        the shared kernel. Switching to root for a RUN step is fine as long as the stage switches back before it ends.
        """,
        remediation: "Switch back to an unprivileged user at the end of the final stage: USER 10001 (a numeric id works with runAsNonRoot).",
        triggering: [
            Example("FROM debian:12\n↓USER root\nCMD [\"app\"]"),
            Example("FROM debian:12 AS build\nUSER 1000\nFROM build AS final\n↓USER 0:0"),
            Example("FROM debian:12\nUSER app\nRUN id\n↓USER root"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nUSER root\nRUN apt-get update\nUSER 1000"),
            Example("FROM debian:12 AS build\nUSER root\nFROM alpine:3.20\nUSER nobody"),
            Example("FROM debian:12\nUSER rootless"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let final = ctx.file.finalStage, let user = final.user, let line = final.userLine, KnownBase.isRoot(user) else { return [] }
        // only report when the USER instruction itself is in the final stage or inherited chain
        return [ctx.finding(Self.description, line: line, stage: final,
                            "The final stage '\(final.displayName)' ends with USER \(user), so the container runs as root.",
                            evidence: "USER \(user)")]
    }
}

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

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        var seen = Set<Int>()
        for (ins, cmd) in ctx.runCommands where (cmd.prefixes.contains("sudo") || cmd.name == "sudo") && !seen.contains(cmd.line) {
            seen.insert(cmd.line)
            out.append(ctx.finding(Self.description, ins, command: cmd, "RUN uses sudo to run '\(cmd.name)'.", evidence: "sudo \(cmd.name)"))
        }
        return out
    }
}

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
        for (ins, cmd) in ctx.runCommands {
            if cmd.name == "chpasswd" {
                out.append(ctx.finding(Self.description, ins, command: cmd, "RUN sets an account password with chpasswd; the password ends up in the image and its history.", evidence: "chpasswd"))
            } else if cmd.name == "passwd", cmd.pipelinePosition > 0 || cmd.has("--stdin"), !cmd.has("-l", "--lock", "-d", "--delete", "-e", "--expire") {
                out.append(ctx.finding(Self.description, ins, command: cmd, "RUN pipes a password into passwd; the password ends up in the image and its history.", evidence: "passwd"))
            }
        }
        return out
    }
}

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
        ctx.runCommands.compactMap { ins, cmd in
            guard cmd.name == "useradd", !cmd.has("-l", "--no-log-init"),
                  let uid = cmd.value(of: "-u", "--uid").flatMap({ Int($0) }), uid > 65535 else { return nil }
            return ctx.finding(Self.description, ins, command: cmd, "useradd -u \(uid) without -l writes a sparse lastlog that Docker stores in full.", evidence: "useradd -u \(uid)")
        }
    }
}

struct NonNumericFinalUser: Rule {
    static let description = RuleDescription(
        id: "DF006", title: "Final USER is a name, not a numeric id", severity: .info, controls: [.userRoot], cis: ["4.1"],
        aliases: ["DL3066"],
        rationale: """
        Kubernetes' runAsNonRoot and similar admission checks can only verify a numeric user. A name such as 'app' \
        could map to uid 0 in the image's /etc/passwd, so such a platform refuses to start the pod or cannot prove it is non-root.
        """,
        remediation: "Use the numeric uid (and gid) in the final USER: USER 10001:10001.",
        triggering: [Example("FROM debian:12\nRUN useradd -r app\n↓USER app")],
        nonTriggering: [
            Example("FROM debian:12\nUSER 10001:10001"),
            Example("FROM debian:12 AS build\nUSER builder\nFROM debian:12\nUSER 1000"),
            Example("FROM debian:12\nUSER $APP_UID"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let final = ctx.file.finalStage, !final.windows, let user = final.user, let line = final.userLine else { return [] }
        let u = user.split(separator: ":").first.map(String.init) ?? user
        guard !u.isEmpty, !u.allSatisfy(\.isNumber), !KnownBase.isRoot(u), !u.contains("$") else { return [] }
        // only the USER written in the final stage itself
        let own = ctx.file.instructions(in: final).contains { $0.keyword == "USER" && $0.line == line }
        guard own else { return [] }
        return [ctx.finding(Self.description, line: line, stage: final, "The final USER '\(user)' is a name; platforms that enforce non-root need a numeric uid.", evidence: "USER \(user)")]
    }
}
