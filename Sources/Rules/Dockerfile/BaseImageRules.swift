import BulkheadCore
import BulkheadModel

extension DockerfileContext {
    /// Stages whose base is an image (not scratch, not an earlier stage).
    var imageBases: [Stage] { file.stages.filter { $0.parentStage == nil && !$0.isScratch && !$0.base.isEmpty } }

    func fromInstruction(_ s: Stage) -> Instruction? { file.instructions.first { $0.keyword == "FROM" && $0.line == s.fromLine } }

    func fromFinding(_ d: RuleDescription, _ s: Stage, severity: Severity? = nil, _ message: String) -> Finding {
        if let ins = fromInstruction(s) { return finding(d, ins, severity: severity, message, evidence: "FROM \(s.base)") }
        return finding(d, line: s.fromLine, stage: s, severity: severity, message, evidence: "FROM \(s.base)")
    }
}

struct BaseImageUntagged: Rule {
    static let description = RuleDescription(
        id: "DF010", title: "Base image has no tag", severity: .medium, controls: [.imagePinning],
        aliases: ["DL3006", "DS-0001", "CKV_DOCKER_7", "DKL-DI-0006"],
        rationale: """
        FROM without a tag means :latest, which moves whenever the publisher pushes. Builds stop being reproducible, \
        and a compromised or broken upstream push flows straight into your image. ARG defaults are resolved before \
        judging, so FROM ${BASE} with a pinned default is fine.
        """,
        remediation: "Name a release tag (FROM debian:12.7-slim), or better, pin the digest as well (FROM debian:12.7-slim@sha256:…).",
        triggering: [
            Example("↓FROM ubuntu\nRUN true"),
            Example("ARG BASE=python\n↓FROM ${BASE}\nRUN true"),
            Example("FROM golang:1.23 AS build\n↓FROM registry.example.com:5000/team/app\nCOPY --from=build /a /a"),
        ],
        nonTriggering: [
            Example("FROM ubuntu:24.04"),
            Example("ARG BASE=python:3.12-slim\nFROM ${BASE}"),
            Example("FROM debian:12 AS build\nFROM build"),
            Example("FROM scratch\nCOPY app /"),
            Example("FROM alpine@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.imageBases.compactMap { s in
            guard s.unresolvedBaseVariables.isEmpty else { return nil }
            let r = ImageReference(s.base)
            guard r.tag == nil, r.digest == nil, !s.base.contains("$") else { return nil }
            return ctx.fromFinding(Self.description, s, "Base image '\(s.base)' has no tag, so it means :latest and changes under you.")
        }
    }
}

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

struct BaseImageInsecureRegistry: Rule {
    static let description = RuleDescription(
        id: "DF014", title: "Base image from a plain-HTTP or IP-addressed registry", severity: .medium, controls: [.imageTrust], cis: ["4.2"],
        rationale: """
        A registry reached by a bare IP address or on port 80 almost always runs as an 'insecure registry': plain \
        HTTP or a certificate that is not verified. Anyone on the path can substitute the base image. Loopback \
        registries (localhost, 127.0.0.1) used in local builds and CI are not reported.
        """,
        remediation: "Serve the registry under a DNS name with a valid TLS certificate and refer to it by that name.",
        triggering: [Example("↓FROM 10.1.2.3:5000/base/debian:12"), Example("↓FROM registry.example.com:80/debian:12")],
        nonTriggering: [
            Example("FROM registry.example.com:5000/base/debian:12"),
            Example("FROM localhost:5000/debian:12"),
            Example("FROM 127.0.0.1:5000/debian:12"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.imageBases.compactMap { s in
            let r = ImageReference(s.base)
            guard let reg = r.registry, !r.registryIsLoopback else { return nil }
            if reg.hasSuffix(":80") {
                return ctx.fromFinding(Self.description, s, "Base image '\(s.base)' comes from a registry on port 80 (\(reg)), i.e. plain HTTP.")
            }
            guard r.registryIsIP else { return nil }
            return ctx.fromFinding(Self.description, s, "Base image '\(s.base)' comes from a registry addressed by IP (\(reg)), typically plain HTTP or unverified TLS.")
        }
    }
}

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
