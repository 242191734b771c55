import BulkheadCore
import BulkheadModel

struct CopyFromProblems: Rule {
    static let description = RuleDescription(
        id: "DF067", title: "COPY --from names an unknown stage or its own stage", severity: .medium, controls: [.buildHygiene, .imagePinning],
        aliases: ["DL3022", "DL3023", "DS-0006"],
        rationale: """
        COPY --from=<name> that matches no earlier stage is treated as an image reference and pulled from a registry, \
        usually docker.io/library/<name>:latest: a typo silently copies files out of someone else's image. Naming the \
        stage itself is a circular reference that fails the build.
        """,
        remediation: "Define the stage before the COPY (FROM … AS <name>), or write a full, pinned image reference (--from=docker.io/library/nginx:1.27).",
        triggering: [
            Example("FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\n↓COPY --from=biuld /app /app"),
            Example("FROM alpine:3.20 AS final\n↓COPY --from=final /a /b"),
            Example("FROM alpine:3.20\n↓COPY --from=3 /a /b"),
        ],
        nonTriggering: [
            Example("FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app"),
            Example("FROM golang:1.23\nFROM alpine:3.20\nCOPY --from=0 /app /app"),
            Example("FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/"),
            Example("FROM alpine:3.20\nCOPY --from=ghcr.io/acme/tools:1.0 /bin/tool /bin/"),
        ], grades: .low ... .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for ins in ctx.file.instructions where ins.keyword == "COPY" {
            guard let from = ins.flag("from")?.value, !from.isEmpty, !from.contains("$"), let si = ins.stageIndex else { continue }
            let me = ctx.file.stages[si]
            if let n = Int(from) {
                if n >= si { out.append(ctx.finding(Self.description, ins, "COPY --from=\(n) names stage \(n), which is not defined before this one.", evidence: "--from=\(from)")) }
                continue
            }
            let lower = from.lowercased()
            if me.name == lower {
                out.append(ctx.finding(Self.description, ins, "COPY --from=\(from) names the stage it is in.", evidence: "--from=\(from) self")); continue
            }
            if ctx.file.stages.prefix(si).contains(where: { $0.name == lower }) { continue }
            if lower.contains(":") || lower.contains("/") || lower.contains("@") || lower.contains(".") { continue }
            if ctx.file.stages.contains(where: { $0.name == lower }) {
                out.append(ctx.finding(Self.description, ins, "COPY --from=\(from) names a stage that is only defined later; Docker pulls an image called '\(from)' instead.", evidence: "--from=\(from)"))
            } else {
                out.append(ctx.finding(Self.description, ins, severity: .low, "COPY --from=\(from) matches no stage: unless the build passes --build-context \(from)=…, Docker pulls the image '\(from):latest' from a registry.", evidence: "--from=\(from)"))
            }
        }
        return out
    }
}
