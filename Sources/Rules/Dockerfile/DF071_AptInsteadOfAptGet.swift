import BulkheadCore
import BulkheadModel

struct AptInsteadOfAptGet: Rule {
    static let description = RuleDescription(
        id: "DF071", title: "apt used instead of apt-get", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3027", "CKV_DOCKER_9"],
        rationale: "apt is meant for people: its output and behaviour may change between releases and it warns that it has no stable CLI. Scripts should use apt-get and apt-cache.",
        remediation: "Use apt-get install / apt-get update.",
        triggering: [Example("FROM debian:12\n↓RUN apt install -y --no-install-recommends curl")],
        nonTriggering: [Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl"), Example("FROM debian:12\nRUN echo apt is fine > /x")])

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        ctx.runCommands(named: ["apt"]).findings(into: sink) { ins, c in
            ctx.finding(Self.description, ins, command: c, "RUN uses apt, whose command line is not stable for scripts; use apt-get.", evidence: "apt")
        }
    }
}
