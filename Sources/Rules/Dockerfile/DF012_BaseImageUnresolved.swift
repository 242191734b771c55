import BulkheadCore
import BulkheadModel

struct BaseImageUnresolved: Rule {
    static let description = RuleDescription(
        id: "DF012", title: "Base image depends on a build argument without a default", severity: .low, controls: [.imagePinning],
        aliases: ["UndefinedArgInFrom"],
        rationale: """
        When FROM uses a build argument that has no default, the base image is whatever the person or pipeline \
        running the build passes in, and an empty value silently changes the reference (node:${V} becomes node:, an error, \
        or ${IMAGE} becomes nothing). Reviewers cannot see what the image is built on.
        """,
        remediation: "Give the ARG a pinned default before the first FROM (ARG NODE_VERSION=22.11), or pass it with --build-arg when auditing.",
        triggering: [
            Example("ARG NODE_VERSION\n↓FROM node:${NODE_VERSION}"),
            Example("↓FROM ${REGISTRY}/app:1.0"),
        ],
        nonTriggering: [
            Example("ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}"),
            Example("FROM --platform=$BUILDPLATFORM golang:1.23"),
            Example("ARG V\nFROM node:${V:-22}"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.stages.compactMap { s in
            guard !s.unresolvedBaseVariables.isEmpty else { return nil }
            let vars = s.unresolvedBaseVariables.map { "$" + $0 }.joined(separator: ", ")
            return ctx.fromFinding(Self.description, s, "Base image '\(s.rawBase)' depends on \(vars), which has no default; the base is decided at build time.")
        }
    }
}
