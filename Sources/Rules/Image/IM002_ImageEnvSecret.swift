import BulkheadCore
import BulkheadModel

struct ImageEnvSecret: Rule {
    static let description = RuleDescription(
        id: "IM002", title: "Secret in the image's environment", severity: .high, controls: [.secretsImage], cis: ["4.10"],
        aliases: ["CIS-DI-0010", "DS-0031"],
        rationale: """
        Env in the image configuration is readable by anyone who can pull the image (docker inspect, any registry \
        client) and is inherited by every container and every process in it. A secret-named variable with a literal \
        value, or any value in a known credential format, is a leaked credential. Paths, references, placeholders and \
        fingerprints are not reported; the value is never printed.
        """,
        remediation: "Remove the value from the image (rebuild without the ENV), rotate the credential, and inject it when the container starts (a secret file, or an env var set by the orchestrator).",
        triggering: [
            Example("env DB_PASSWORD=s3cr3t-Passw0rd\n↓layer"),
            Example("env GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n↓layer"),
            Example("env AWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJXHN2L4P\n↓layer"),
        ],
        nonTriggering: [
            Example("env DB_PASSWORD_FILE=/run/secrets/db\nlayer"),
            Example("env GPG_KEY=E3FF2839C048B25C084DEBE9B26995E310250568\nlayer"),
            Example("env SE_JAVA_SSL_TRUST_STORE_PASSWORD=/opt/selenium/secrets/server.pass\nlayer"),
            Example("env PATH=/usr/local/bin:/usr/bin\nlayer"),
        ], grades: .high ... .critical)

    func check(_ ctx: ImageContext) -> [Finding] {
        var out: [Finding] = []
        for (i, kv) in ctx.image.config.env.enumerated() {
            let place = "config.Env[\(i)]"
            if let m = Secrets.scan(kv.value).first {
                var f = ctx.finding(Self.description, at: place, severity: max(.high, m.severity), "Env \(kv.name) holds a \(m.kind) (\(m.redacted)).", evidence: "Env \(kv.name) \(m.kind)")
                f.sensitive = [kv.value].filter { $0.count >= 3 }
                out.append(f)
                continue
            }
            guard Secrets.isSecretName(kv.name), !ctx.options.allowedSecretNames.contains(kv.name.uppercased()),
                  Secrets.isLiteralSecret(kv.value, name: kv.name) else { continue }
            var f = ctx.finding(Self.description, at: place, "Env \(kv.name) holds a literal secret, readable by anyone who can pull the image.", evidence: "Env \(kv.name)")
            f.sensitive = [kv.value].filter { $0.count >= 3 }
            out.append(f)
        }
        return out
    }
}
