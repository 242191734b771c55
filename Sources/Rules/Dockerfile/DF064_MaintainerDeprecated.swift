import BulkheadCore
import BulkheadModel

struct MaintainerDeprecated: Rule {
    static let description = RuleDescription(
        id: "DF064", title: "MAINTAINER is deprecated", severity: .info, controls: [.buildHygiene],
        aliases: ["DL4000", "DS-0022", "CKV_DOCKER_6", "MaintainerDeprecated"],
        rationale: "MAINTAINER has been deprecated since Docker 1.13; labels are the supported way to record authorship and are visible to tooling (OCI annotations).",
        remediation: "LABEL org.opencontainers.image.authors=\"team@example.com\"",
        triggering: [Example("FROM debian:12\n↓MAINTAINER Jane <jane@example.com>")],
        nonTriggering: [Example("FROM debian:12\nLABEL org.opencontainers.image.authors=\"jane@example.com\"")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.filter { $0.keyword == "MAINTAINER" }.map {
            ctx.finding(Self.description, $0, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors.", evidence: "MAINTAINER")
        }
    }
}
