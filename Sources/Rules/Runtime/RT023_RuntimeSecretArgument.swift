import BulkheadCore
import BulkheadModel

struct RuntimeSecretArgument: Rule {
    static let description = RuleDescription(
        id: "RT023", title: "Secret handed over on the command line", severity: .high, controls: [.secretsRuntime],
        aliases: ["CL-0020"],
        rationale: """
        A password or token given as a command-line argument (redis-server --requirepass …, a CLI's --token) is in \
        the container's configuration for anyone who can run docker inspect, and in the host's process list for \
        every user of the host. A `${VAR:-fallback}` written in the Compose file puts the fallback there whenever \
        the variable is unset.
        """,
        remediation: "Read the secret from a file the program is pointed at (Compose secrets: mounted under /run/secrets) or from an environment variable set at deploy time, without a literal fallback.",
        triggering: [
            // a string command points at its first line
            Example("services:\n  redis:\n    image: redis:7.4\n↓    command: >\n      redis-server --appendonly yes\n      --requirepass ${REDIS_AUTH:-myredissecret}"),
            Example("services:\n  cache:\n    image: redis:7.4\n↓    command: [\"redis-server\", \"--requirepass\", \"s3cr3t-passw0rd\"]"),
            Example("↓docker run -d redis:7.4 redis-server --requirepass=hunter2hunter2", options: ["format": "run"]),
            Example("services:\n  cli:\n    image: tool:1.0\n    command:\n↓      - --token=ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        ],
        nonTriggering: [
            Example("services:\n  redis:\n    image: redis:7.4\n    command: redis-server --requirepass ${REDIS_PASSWORD:?set it}"),
            Example("services:\n  redis:\n    image: redis:7.4\n    command: [\"redis-server\", \"--requirepass-file\", \"/run/secrets/redis\"]"),
            Example("services:\n  app:\n    image: app:1.0\n    command: [\"app\", \"--password\", \"/run/secrets/db\", \"--auth\", \"basic\", \"--token-ttl\", \"3600\"]"),
            Example("docker run --rm alpine:3.20 echo hello", options: ["format": "run"]),
        ], grades: .medium ... .critical)

    /// Option names that take a credential (compared without leading dashes, any case).
    static let secretFlags: Set<String> = ["requirepass", "masterauth", "password", "pass", "passwd", "pwd", "token", "secret", "api-key", "apikey",
                                           "auth", "auth-token", "access-key", "secret-key", "client-secret", "private-key", "db-password",
                                           "admin-password", "root-password", "storepass", "keypass", "bearer", "jwt-secret"]

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        let words = ctx.config.command
        let name = ctx.config.name
        var i = 0
        while i < words.count {
            let w = words[i]
            defer { i += 1 }
            if let m = Secrets.scan(w.value).first {
                var f = ctx.finding(Self.description, at: w.origin, severity: max(.high, m.severity),
                                    "'\(name)' gets a \(m.kind) on its command line (\(m.redacted)), readable with docker inspect and in the host's process list.",
                                    evidence: "argument \(m.kind)")
                f.sensitive = [w.value]
                out.append(f); continue
            }
            guard w.value.hasPrefix("-") else { continue }
            let body = String(w.value.drop { $0 == "-" })
            var flag = body, value: String?, raw: String?
            if let eq = body.firstIndex(of: "=") {
                flag = String(body[..<eq]); value = String(body[body.index(after: eq)...])
                raw = w.raw.flatMap { r in r.firstIndex(of: "=").map { String(r[r.index(after: $0)...]) } } ?? value
            } else if i + 1 < words.count, !words[i + 1].value.hasPrefix("-") {
                value = words[i + 1].value; raw = words[i + 1].raw ?? value
            }
            guard Self.secretFlags.contains(flag.lowercased()), let value, let raw else { continue }
            let at = value == w.value ? w.origin : (i + 1 < words.count && words[i + 1].value == value ? words[i + 1].origin : w.origin)
            if raw.trimmingSpaces.hasPrefix("$") {
                // ${VAR:-literal}: the literal is used whenever the variable is unset
                if let lit = EnvVar(name: flag, value: nil, raw: raw, origin: w.origin).literalDefault, Secrets.isLiteralSecret(lit, name: flag) {
                    var f = ctx.finding(Self.description, at: at, severity: .medium, "'\(name)' falls back to a literal secret for --\(flag) when the variable is unset.",
                                        evidence: "argument default --\(flag)")
                    f.sensitive = [lit].filter { $0.count >= 3 }
                    out.append(f)
                }
                continue
            }
            guard Secrets.isLiteralSecret(value, name: flag) else { continue }
            var f = ctx.finding(Self.description, at: at, "'\(name)' gets --\(flag) as a literal argument, readable with docker inspect and in the host's process list.",
                                evidence: "argument --\(flag)")
            f.sensitive = [value].filter { $0.count >= 3 }
            out.append(f)
        }
        return out
    }
}
