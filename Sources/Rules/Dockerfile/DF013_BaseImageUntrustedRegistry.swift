import BulkheadCore
import BulkheadModel

struct BaseImageUntrustedRegistry: Rule {
    static let description = RuleDescription(
        id: "DF013", title: "Base image from a registry outside the allow-list", severity: .high, controls: [.imageTrust], cis: ["4.2"],
        aliases: ["DL3026", "CIS-DI-0002"],
        rationale: """
        An organisation that mirrors and scans its base images wants every build to start from them. A base pulled \
        from elsewhere bypasses that review. This rule is active only when trusted registries are configured \
        (trusted-registries in .bulkhead.yml).
        """,
        remediation: "Pull the base image through an approved registry, or add the registry to trusted-registries after review.",
        triggering: [
            Example("↓FROM docker.io/library/debian:12", options: ["trusted-registries": "registry.example.com"]),
            Example("↓FROM debian:12", options: ["trusted-registries": "*.example.com"]),
        ],
        nonTriggering: [
            Example("FROM registry.example.com/base/debian:12", options: ["trusted-registries": "registry.example.com"]),
            Example("FROM mirror.corp.example.com/debian:12", options: ["trusted-registries": "*.example.com"]),
            Example("FROM debian:12"),
            Example("FROM scratch", options: ["trusted-registries": "registry.example.com"]),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        let allowed = ctx.options.trustedRegistries
        guard !allowed.isEmpty else { return [] }
        return ctx.imageBases.compactMap { s in
            guard s.unresolvedBaseVariables.isEmpty else { return nil }
            let reg = ImageReference(s.base).effectiveRegistry
            if allowed.contains(where: { globMatch($0, reg) || ($0 == "docker.io" && reg == "index.docker.io") }) { return nil }
            return ctx.fromFinding(Self.description, s, "Base image '\(s.base)' comes from \(reg), which is not in trusted-registries (\(allowed.joined(separator: ", "))).")
        }
    }
}
