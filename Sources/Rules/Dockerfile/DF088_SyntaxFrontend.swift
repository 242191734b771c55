import BulkheadCore
import BulkheadModel

struct SyntaxFrontend: Rule {
    static let description = RuleDescription(
        id: "DF088", title: "The # syntax= frontend is not Docker's, or floats", severity: .medium, controls: [.supplyChain],
        rationale: """
        `# syntax=` makes BuildKit pull an image and let it run the build: it reads the context, sees the build \
        secrets and decides what goes into the image. A frontend that is not Docker's (docker/dockerfile) is third-party \
        code with that power; Docker's own with no version, or :latest, changes under the build from one day to the \
        next. docker/dockerfile:1 (Docker's documented channel) and digests are fine.
        """,
        remediation: "Use # syntax=docker/dockerfile:1 (or pin it: docker/dockerfile:1.10@sha256:…); if another frontend is needed, pin it by digest and review it like any build dependency.",
        triggering: [
            Example("↓# syntax=example.com/tools/dockerfile-frontend:latest\nFROM debian:12"),
            Example("↓# syntax=docker/dockerfile\nFROM debian:12"),
        ],
        nonTriggering: [
            Example("# syntax=docker/dockerfile:1\nFROM debian:12"),
            Example("# syntax=docker.io/docker/dockerfile:1.10@sha256:865e5dd094beca432e8c0a1d5e1c465db5f998dca4e439981029b3b81fb39ed5\nFROM debian:12"),
            Example("# syntax=docker/dockerfile-upstream:master-labs\nFROM debian:12"),
        ],
        grades: .low ... .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let d = ctx.file.directives.first(where: { $0.name == "syntax" }) else { return [] }
        let ref = ImageReference(d.value.trimmingSpaces)
        let repo = ref.repository.hasPrefix("library/") ? String(ref.repository.dropFirst(8)) : ref.repository
        let dockers = (ref.registry == nil || ["docker.io", "index.docker.io", "registry-1.docker.io", "mirror.gcr.io"].contains(ref.registry!))
            && (repo == "docker/dockerfile" || repo == "docker/dockerfile-upstream")
        let pinned = ref.digest != nil
        if dockers {
            guard !pinned, ref.tag == nil || ref.tag == "latest" else { return [] }
            return [ctx.finding(Self.description, line: d.line, severity: .low, "The frontend \(d.value) floats (\(ref.tag == nil ? "no version" : ":latest")): the build's own rules change between builds.", evidence: "syntax \(d.value)")]
        }
        return [ctx.finding(Self.description, line: d.line, severity: pinned ? .low : .medium,
                            "The frontend \(d.value) is not Docker's\(pinned ? "" : " and not pinned by digest"): it runs the build, with the context and the build secrets.",
                            evidence: "syntax \(d.value)")]
    }
}
