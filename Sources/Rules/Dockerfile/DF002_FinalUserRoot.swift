import BulkheadCore
import BulkheadModel

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
