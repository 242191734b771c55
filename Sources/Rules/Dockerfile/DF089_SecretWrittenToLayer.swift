import BulkheadCore
import BulkheadModel

struct SecretWrittenToLayer: Rule {
    static let description = RuleDescription(
        id: "DF089", title: "A build secret is written into the image", severity: .high, controls: [.secretsImage],
        rationale: """
        RUN --mount=type=secret is the right way to use a secret in a build: the file exists only while that RUN \
        runs and never reaches a layer. Copying it out (cp /run/secrets/npmrc ~/.npmrc, cat /run/secrets/key > key) \
        or writing its env= variable to a file puts it in the layer after all, where anyone with the image reads it, \
        unless the same RUN removes it again.
        """,
        remediation: "Use the secret where it is mounted (NPM_CONFIG_USERCONFIG=/run/secrets/npmrc npm ci, or --mount=type=secret,id=npmrc,target=/root/.npmrc), or remove the copy in the same RUN.",
        triggering: [
            Example("FROM node:22-alpine\n↓RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci"),
            Example("FROM debian:12\n↓RUN --mount=type=secret,id=key,target=/tmp/key cat /tmp/key > /etc/app/key && app-setup"),
            Example("FROM debian:12\n↓RUN --mount=type=secret,id=token,env=TOKEN echo \"$TOKEN\" > /root/.token"),
        ],
        nonTriggering: [
            Example("FROM node:22-alpine\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci"),
            Example("FROM node:22-alpine\nRUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc && npm ci && rm -f /root/.npmrc"),
            Example("FROM debian:12\nRUN --mount=type=secret,id=token,env=TOKEN curl -H \"Authorization: Bearer $TOKEN\" -fsSLo /app.tar.gz https://example.com/app.tar.gz"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, script) in ctx.shellRuns {
            let secrets = ins.mounts.filter { $0.type == "secret" }
            guard !secrets.isEmpty else { continue }
            let paths = secrets.map { m in m.target ?? "/run/secrets/" + (m.options["id"] ?? m.options["source"] ?? m.options["src"] ?? "") }
            let vars = secrets.compactMap { $0.options["env"] }
            func mentions(_ t: String) -> Bool {
                paths.contains { t == $0 || t.hasSuffix($0) || t.contains($0 + " ") } || vars.contains { t.contains("$" + $0) || t.contains("${" + $0) }
            }
            func removed(_ dest: String) -> Bool {
                script.commands.contains { c in c.name == "rm" && c.args.contains { $0.text == dest || dest.hasPrefix($0.text.hasSuffix("/") ? $0.text : $0.text + "/") } }
            }
            for c in script.commands {
                var dest: String? = nil
                if ["cp", "mv", "install", "rsync"].contains(c.name) {
                    let words = c.args.map(\.text).filter { !$0.hasPrefix("-") }
                    if words.count >= 2, words.dropLast().contains(where: mentions) { dest = words.last }
                }
                if dest == nil, c.args.contains(where: { mentions($0.text) }) {
                    dest = c.redirects.first { r in r.hasPrefix(">") && !r.hasPrefix(">&") && !r.dropFirst(r.hasPrefix(">>") ? 2 : 1).hasPrefix("/dev/") }
                        .map { String($0.drop { $0 == ">" }) }
                }
                if dest == nil, c.name == "tee", c.args.contains(where: { !$0.text.hasPrefix("-") }), script.commands.contains(where: { p in p.pipeline == c.pipeline && p.pipelinePosition < c.pipelinePosition && p.args.contains { mentions($0.text) } }) {
                    dest = c.args.first { !$0.text.hasPrefix("-") }?.text
                }
                guard let d = dest, !d.isEmpty, !d.hasPrefix("/run/secrets"), !removed(d) else { continue }
                out.append(ctx.finding(Self.description, ins, command: c, "RUN writes the build secret to \(d), which stays in the layer.", evidence: "secret to \(d)"))
                break
            }
        }
        return out
    }
}
