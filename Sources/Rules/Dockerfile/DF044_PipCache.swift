import BulkheadCore
import BulkheadModel

struct PipCache: Rule {
    static let description = RuleDescription(
        id: "DF044", title: "pip install keeps its download cache", severity: .low, controls: [.buildHygiene, .imageMinimal],
        aliases: ["DL3042"],
        rationale: """
        pip caches every wheel it downloads under ~/.cache/pip, which is useless in an image and often as large as \
        the installed packages. PIP_NO_CACHE_DIR in the stage or a BuildKit cache mount counts as handled.
        """,
        remediation: "pip install --no-cache-dir …, or ENV PIP_NO_CACHE_DIR=1, or RUN --mount=type=cache,target=/root/.cache/pip pip install …",
        triggering: [
            Example("FROM python:3.12\n↓RUN pip install -r requirements.txt"),
            Example("FROM python:3.12\n↓RUN python3 -m pip install flask==3.0.3"),
        ],
        nonTriggering: [
            Example("FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt"),
            Example("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt"),
            Example("FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt"),
            Example("FROM python:3.12 AS build\nRUN pip wheel -r requirements.txt -w /wheels\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            // a RUN without a pip install is passed by before its stage, mounts and removals are looked at
            guard s.commands.contains(where: { PackageManager.of($0) == .pip && PackageManager.pip.isInstall($0) }) else { continue }
            if let i = ins.stageIndex, ctx.file.stages[i].env["PIP_NO_CACHE_DIR"] != nil || ctx.file.stages[i].env["UV_NO_CACHE"] != nil { continue }
            if ins.cacheMount(on: ["/root/.cache", "~/.cache"]) || ins.mounts.contains(where: { $0.type == "cache" && ($0.target ?? "").contains(".cache") }) { continue }
            let facts = RunFacts(s)
            if facts.removes(["/root/.cache", "~/.cache", "$HOME/.cache"]) || facts.runs("pip", "purge") || facts.runs("pip3", "purge") { continue }
            for c in s.commands where PackageManager.of(c) == .pip && PackageManager.pip.isInstall(c) {
                if c.name == "uv" { if c.has("--no-cache") { continue } } else if c.has("--no-cache-dir") { continue }
                if c.assignments.contains(where: { $0.name == "PIP_NO_CACHE_DIR" }) { continue }
                out.append(ctx.finding(Self.description, ins, command: c, "\(c.name) install keeps its download cache in the layer; add --no-cache-dir.", evidence: "pip install"))
            }
        }
        return out
    }
}
