import BulkheadCore
import BulkheadModel

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
