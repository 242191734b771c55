import BulkheadCore
import BulkheadModel

struct ApkCache: Rule {
    static let description = RuleDescription(
        id: "DF042", title: "apk cache left in the layer", severity: .low, controls: [.buildHygiene, .imageMinimal],
        aliases: ["DL3019", "DS-0025", "DKL-DI-0004"],
        rationale: """
        apk add without --no-cache (and apk update) leave the package index in /var/cache/apk. Each install command \
        is judged on its own flags, so apk upgrade --no-cache && apk add curl is still reported.
        """,
        remediation: "Use apk add --no-cache <packages> and drop the separate apk update.",
        triggering: [
            Example("FROM alpine:3.20\n↓RUN apk add curl=8.9.1-r0"),
            Example("FROM alpine:3.20\n↓RUN apk update && apk add --no-cache curl=8.9.1-r0"),
            Example("FROM alpine:3.20\nRUN apk upgrade --no-cache && \\\n↓    apk add curl=8.9.1-r0"),
        ],
        nonTriggering: [
            Example("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0"),
            Example("FROM alpine:3.20\nRUN apk update && apk add curl=8.9.1-r0 && rm -rf /var/cache/apk/*"),
            Example("FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl=8.9.1-r0"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            // a RUN without apk is passed by before its removals are looked at
            guard s.commands.contains(where: { $0.name == "apk" }) else { continue }
            let facts = RunFacts(s)
            if facts.removes(["/var/cache/apk"]) || ins.cacheMount(on: ["/var/cache/apk", "/etc/apk/cache"]) { continue }
            for c in s.commands where c.name == "apk" {
                let sub = PackageManager.apk.subcommand(c)
                if (sub == "add" || sub == "update") && !c.has("--no-cache") {
                    out.append(ctx.finding(Self.description, ins, command: c, "apk \(sub!) without --no-cache leaves the package index in the layer.", evidence: "apk \(sub!)"))
                }
            }
        }
        return out
    }
}
