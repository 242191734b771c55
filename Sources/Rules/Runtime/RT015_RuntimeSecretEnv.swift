import BulkheadCore
import BulkheadModel

struct RuntimeSecretEnv: Rule {
    static let description = RuleDescription(
        id: "RT015", title: "Secret handed over as a literal environment value", severity: .high, controls: [.secretsRuntime],
        aliases: ["CL-0020", "CL-0021"],
        rationale: """
        Environment values are readable by anyone who can run docker inspect, appear in /proc/<pid>/environ, in \
        crash dumps and child processes, and a literal value in a compose file or script is committed to source \
        control. References (${DB_PASSWORD}) and *_FILE variables pointing at /run/secrets are not reported; \
        names are split into words (DB_PASSWORD yes, PASSWORD_FILE no), and connection strings with a password \
        are caught whatever the variable is called.
        """,
        remediation: "Use compose secrets (mounted at /run/secrets) and the image's *_FILE convention, or inject the value from the environment (${VAR}) at deploy time.",
        triggering: [
            Example("services:\n  pihole:\n    image: pihole/pihole:2024.07.0\n    environment:\n↓      FTLCONF_webserver_api_password: 'correct horse battery staple'"),
            Example("services:\n  db:\n    image: postgres:16\n    environment:\n↓      POSTGRES_PASSWORD: example"),
            Example("services:\n  app:\n    image: app:1.0\n    environment:\n↓      - DATABASE_URL=postgres://app:s3cret@db:5432/app"),
            Example("↓docker run -e MYSQL_ROOT_PASSWORD=hunter2 mysql:8", options: ["format": "run"]),
            Example("services:\n  db:\n    image: postgres:16\n    environment:\n↓      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-example}"),
        ],
        nonTriggering: [
            Example("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      POSTGRES_USER: app"),
            Example("docker run -e MYSQL_ROOT_PASSWORD mysql:8", options: ["format": "run"]),
            Example("services:\n  app:\n    image: app:1.0\n    environment:\n      - DATABASE_PASSWORD=/run/secrets/db-password\n      - NEXTAUTH_URL=${NEXTAUTH_URL:-http://localhost:3000}"),
            // a key path, a token realm URL, auth modes and realm phrases are configuration, not credentials
            Example("services:\n  orderer:\n    image: hyperledger/fabric-orderer:2.5\n    environment:\n      - ORDERER_ADMIN_TLS_PRIVATEKEY=/var/hyperledger/orderer/tls/server.key\n      - REGISTRY_AUTH_TOKEN_REALM=https://auth.example.com/token\n      - REGISTRY_AUTH=htpasswd\n      - REGISTRY_AUTH_HTPASSWD_REALM=Registry Realm\n      - POSTGRES_HOST_AUTH_METHOD=scram-sha-256\n      - API_KEY=<your-api-key>"),
        ], grades: .medium ... .critical)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for e in ctx.config.env {
            // ${DB_PASSWORD:-example}: a committed fallback credential used whenever the variable is unset
            if e.isReference, let lit = e.literalDefault, Secrets.isLiteralSecret(lit, name: e.name) {
                let token = Secrets.scan(lit).first
                if token != nil || (Secrets.isSecretName(e.name) && !ctx.options.allowedSecretNames.contains(e.name.uppercased())) {
                    var f = ctx.finding(Self.description, at: e.origin, severity: .medium,
                                        "'\(ctx.config.name)' falls back to a literal \(token?.kind ?? "secret") for \(e.name) when the variable is unset.", evidence: "env default \(e.name)")
                    f.sensitive = [lit].filter { $0.count >= 3 }
                    out.append(f)
                }
                continue
            }
            guard let v = e.value, !e.isReference else { continue }
            if let m = Secrets.scan(v).first {
                var f = ctx.finding(Self.description, at: e.origin, severity: max(.high, m.severity), "'\(ctx.config.name)' gets a \(m.kind) in \(e.name) (\(m.redacted)).", evidence: "env \(e.name) \(m.kind)")
                f.sensitive = [v]
                out.append(f); continue
            }
            guard Secrets.isSecretName(e.name), Secrets.isLiteralSecret(v, name: e.name), !ctx.options.allowedSecretNames.contains(e.name.uppercased()) else { continue }
            var f = ctx.finding(Self.description, at: e.origin, "'\(ctx.config.name)' gets \(e.name) as a literal value, readable with docker inspect.", evidence: "env \(e.name)")
            f.sensitive = [v].filter { $0.count >= 3 }
            out.append(f)
        }
        return out
    }
}
