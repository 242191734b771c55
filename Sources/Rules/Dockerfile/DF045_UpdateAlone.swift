import BulkheadCore
import BulkheadModel

struct UpdateAlone: Rule {
    static let description = RuleDescription(
        id: "DF045", title: "Package index updated in a RUN that installs nothing", severity: .low, controls: [.buildHygiene], cis: ["4.7"],
        aliases: ["DS-0017", "CKV_DOCKER_5", "CIS-DI-0007"],
        rationale: """
        The build cache keeps a RUN apt-get update layer for as long as its text does not change, so a later \
        RUN apt-get install uses indexes that can be months old and installs stale, vulnerable versions (or fails). \
        Update and install belong in the same RUN.
        """,
        remediation: "Combine them: RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl"),
            Example("FROM alpine:3.20\n↓RUN apk update"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl"),
            Example("FROM debian:12\nRUN apt-get update && apt-get upgrade -y"),
            Example("FROM alpine:3.20\nRUN apk update && apk upgrade"),
        ])

    /// Subcommands that use the fresh indexes in the same RUN, and the apt tools that read them.
    static let doingMore: Set<String> = ["upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download", "update-minimal", "up", "dup",
                                         "patch", "fix", "policy", "search", "show", "list", "info"]
    static let aptTools: Set<String> = ["apt-cache", "apt-file", "add-apt-repository", "apt-mark"]

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        ctx.shellRuns.findings(into: sink) { ins, s in
            // the first update command (no list made: only it is reported)
            let update = s.commands.first { c in
                guard let pm = PackageManager.of(c), pm.isOS else { return false }
                let sub = pm.subcommand(c)
                return sub == "update" && c.name != "zypper" || (c.name == "yum" || c.name == "dnf") && sub == "makecache" || c.name == "zypper" && (sub == "refresh" || sub == "ref")
            }
            guard let u = update else { return nil }
            let doesMore = s.commands.contains { c in
                guard let pm = PackageManager.of(c), pm.isOS, let sub = pm.subcommand(c) else { return false }
                return pm.isInstall(c) || Self.doingMore.contains(sub)
                    || (c.name == "yum" || c.name == "dnf") && sub == "update" && c.positionals(valued: pm.valuedOptions).count > 1
            } || s.commands.contains { Self.aptTools.contains($0.name) }
            guard !doesMore else { return nil }
            return ctx.finding(Self.description, ins, command: u, "RUN \(u.name) \(PackageManager.of(u)?.subcommand(u) ?? "update") installs nothing; the cached layer will make later installs use stale indexes.", evidence: "\(u.name) update")
        }
    }
}
