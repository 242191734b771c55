import BulkheadCore
import BulkheadModel

struct BaseImageLatest: Rule {
    static let description = RuleDescription(
        id: "DF011", title: "Base image uses the :latest tag", severity: .medium, controls: [.imagePinning],
        aliases: ["DL3007", "DS-0001", "CKV_DOCKER_7", "DKL-DI-0006"],
        rationale: """
        :latest is a moving pointer. Two builds of the same Dockerfile can get different bases, security fixes \
        arrive or disappear silently, and a bad push upstream reaches you without review.
        """,
        remediation: "Pin a release tag (FROM node:22.11-bookworm-slim), ideally with its digest.",
        triggering: [
            Example("↓FROM nginx:latest"),
            Example("ARG TAG=latest\n↓FROM node:${TAG}"),
        ],
        nonTriggering: [
            Example("FROM nginx:1.27"),
            Example("FROM nginx:latest@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5"),
            Example("FROM example/latest-tools:1.0"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.imageBases.compactMap { s in
            let r = ImageReference(s.base)
            guard r.tag?.lowercased() == "latest", r.digest == nil else { return nil }
            return ctx.fromFinding(Self.description, s, "Base image '\(s.base)' uses :latest, which changes under you.")
        }
    }
}
