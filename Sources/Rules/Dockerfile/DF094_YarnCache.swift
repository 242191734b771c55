import BulkheadCore
import BulkheadModel

struct YarnCache: Rule {
    static let description = RuleDescription(
        id: "DF094", title: "yarn install keeps its package cache", severity: .low, controls: [.buildHygiene, .imageMinimal],
        aliases: ["DL3060"],
        rationale: """
        yarn keeps every package it downloads in its global cache (often larger than node_modules itself); left in the \
        layer it only adds size. yarn cache clean in the same RUN, a BuildKit cache mount, or Yarn 2+'s per-project \
        cache (which is not global) count as handled.
        """,
        remediation: "RUN yarn install --frozen-lockfile && yarn cache clean, or RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install …",
        triggering: [Example("FROM node:22-slim\n↓RUN yarn install --frozen-lockfile")],
        nonTriggering: [
            Example("FROM node:22-slim\nRUN yarn install --frozen-lockfile && yarn cache clean"),
            Example("FROM node:22-slim\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile"),
            Example("FROM node:22-slim AS build\nRUN yarn install\nFROM node:22-slim\nCOPY --from=build /app /app"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            // a RUN without yarn is passed by before its mounts and removals are looked at
            guard s.commands.contains(where: { $0.name == "yarn" }) else { continue }
            if ins.mounts.contains(where: { $0.type == "cache" && (($0.target ?? "").contains("yarn") || ($0.target ?? "").hasSuffix(".cache")) }) { continue }
            let facts = RunFacts(s)
            if facts.runs("yarn", "cache") || facts.removes(["/usr/local/share/.cache/yarn", "/root/.cache/yarn", "~/.cache/yarn", "$HOME/.cache/yarn"]) { continue }
            // a bare `yarn` installs too
            for c in s.commands where c.name == "yarn" && (c.args.isEmpty || ["install", "add"].contains(PackageManager.yarn.subcommand(c) ?? "")) {
                out.append(ctx.finding(Self.description, ins, command: c, "yarn \(PackageManager.yarn.subcommand(c) ?? "install") keeps its package cache in the layer; add yarn cache clean.", evidence: "yarn install"))
                break
            }
        }
        return out
    }
}
