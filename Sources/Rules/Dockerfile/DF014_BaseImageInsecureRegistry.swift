import BulkheadCore
import BulkheadModel

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
