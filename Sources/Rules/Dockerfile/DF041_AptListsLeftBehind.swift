import BulkheadCore
import BulkheadModel

struct AptListsLeftBehind: Rule {
    static let description = RuleDescription(
        id: "DF041", title: "apt package lists left in the layer", severity: .low, controls: [.buildHygiene, .imageMinimal], cis: ["4.7"],
        aliases: ["DL3009", "DKL-DI-0005"],
        rationale: """
        apt-get update downloads tens of megabytes of package indexes into /var/lib/apt/lists. Unless the same RUN \
        removes them they stay in that layer forever (a later RUN cannot shrink an earlier layer), and stale \
        indexes in the image mislead later installs. A BuildKit cache mount on /var/lib/apt counts as cleaned.
        """,
        remediation: "End the RUN with && rm -rf /var/lib/apt/lists/*, or use RUN --mount=type=cache,target=/var/lib/apt/lists …",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update && apt-get install -y --no-install-recommends curl"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*"),
            Example("FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl"),
            Example("FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /a /a"),
        ])

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        ctx.finalRuns.findings(into: sink) { ins, s in
            guard let upd = s.commands.first(where: { ($0.name == "apt-get" || $0.name == "apt") && PackageManager.apt.subcommand($0) == "update" }) else { return nil }
            let facts = RunFacts(s)
            if facts.removes(["/var/lib/apt/lists", "/var/lib/apt"]) || ins.cacheMount(on: ["/var/lib/apt/lists", "/var/lib/apt"]) { return nil }
            return ctx.finding(Self.description, ins, command: upd, "\(upd.name) update leaves package lists in the layer; remove /var/lib/apt/lists/* in the same RUN.", evidence: "apt lists")
        }
    }
}
