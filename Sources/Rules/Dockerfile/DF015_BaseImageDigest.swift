import BulkheadCore
import BulkheadModel

struct BaseImageDigest: Rule {
    static let description = RuleDescription(
        id: "DF015", title: "Base image not pinned by digest", severity: .low, controls: [.imagePinning],
        rationale: """
        Tags are mutable: the publisher (or an attacker with their credentials) can point 12.7 at new content. Only a \
        digest names exactly the bytes you reviewed. This is a policy rule, off by default; turn it on with \
        require-digest: true or the restricted profile.
        """,
        remediation: "Append the digest: FROM debian:12.7-slim@sha256:<digest> (docker buildx imagetools inspect prints it), and let a bot such as Renovate update it.",
        triggering: [Example("↓FROM debian:12.7", options: ["require-digest": "true"])],
        nonTriggering: [
            Example("FROM debian:12.7@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5", options: ["require-digest": "true"]),
            Example("FROM debian:12.7"),
        ], enabledByDefault: true, restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard ctx.options.requireDigest else { return [] }
        return ctx.imageBases.compactMap { s in
            guard ImageReference(s.base).digest == nil else { return nil }
            return ctx.fromFinding(Self.description, s, "Base image '\(s.base)' is not pinned by digest.")
        }
    }
}
