import BulkheadCore
import BulkheadModel

struct SecretInArgOrEnv: Rule {
    static let description = RuleDescription(
        id: "DF020", title: "Secret-named ARG or ENV holds a literal value", severity: .high, controls: [.secretsImage], cis: ["4.10"],
        aliases: ["DL3064", "DS-0031", "CIS-DI-0010", "SecretsUsedInArgOrEnv"],
        rationale: """
        An ENV value is stored in the image configuration and an ARG value in the build history: anyone who can pull \
        the image reads them with docker inspect or docker history. A literal in the Dockerfile is also committed to \
        source control. Names are split into words, so DB_PASSWORD and dbPassword match while PASSWORD_FILE, \
        TOKEN_URL, GOPRIVATE and values like ${VAR} or /run/secrets/… do not.
        """,
        remediation: "Use a BuildKit secret mount for build-time secrets (RUN --mount=type=secret,id=npm,env=NPM_TOKEN …) and inject runtime secrets when the container starts (Docker/Compose secrets, a *_FILE variable pointing at /run/secrets).",
        references: ["https://docs.docker.com/build/building/secrets/", "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/"],
        triggering: [
            Example("FROM postgres:16\n↓ENV POSTGRES_PASSWORD=supersecret"),
            Example("FROM node:22\n↓ARG NPM_TOKEN=abc123def456"),
            Example("FROM python:3.12\n↓ENV DJANGO_SECRET_KEY \"insecure-key-123\""),
            Example("FROM alpine:3.20\n↓ENV apiKey=0123456789abcdef"),
            Example("FROM alpine:3.20\n↓ENV DB_PASSWORD=changeme"),
        ],
        nonTriggering: [
            Example("FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password"),
            Example("FROM node:22\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci"),
            Example("FROM golang:1.23\nENV GOPRIVATE=github.com/acme/*"),
            Example("FROM alpine:3.20\nENV TOKEN_URL=https://auth.example.com/token PASSWORD_MIN_LENGTH=12"),
            Example("FROM alpine:3.20\nENV SECRET_KEY=${SECRET_KEY}"),
            Example("FROM alpine:3.20\nENV DB_PASSWORD=", options: [:]),
            Example("FROM alpine:3.20\nENV SESSION_SECRET=abcdef123456", options: ["allowed-secret-names": "SESSION_SECRET"]),
            // paths to where the secret lives, a public key fingerprint, numbers and modes are not secrets
            Example("FROM selenium/base:4\nENV SE_HTTPS_PRIVATE_KEY=\"/opt/selenium/secrets/tls.key\" SE_JAVA_SSL_TRUST_STORE_PASSWORD=\"/opt/selenium/secrets/server.pass\""),
            Example("FROM swift:6.0\nARG SWIFT_SIGNING_KEY=E813C892820A6FA13755B268F167DF1ACF9CE069"),
            Example("FROM registry:2\nENV REGISTRY_AUTH=htpasswd REGISTRY_AUTH_HTPASSWD_REALM=\"Registry Realm\" JWT_SECRET_LENGTH=64"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.declarations.compactMap { name, value, ins in
            guard let value, !ctx.options.allowedSecretNames.contains(name.uppercased()), Secrets.isSecretName(name),
                  Secrets.isLiteralSecret(value, name: name), Secrets.scan(value).isEmpty else { return nil }
            let kind = ins.keyword == "ENV" ? "stored in the image configuration" : "recorded in the build history"
            var f = ctx.finding(Self.description, ins, "\(ins.keyword) \(name) holds a literal secret value, \(kind) for anyone who can pull the image.",
                                evidence: "\(ins.keyword) \(name)")
            f.sensitive = [value, value.trimmingQuotes].filter { $0.count >= 3 }
            return f
        }
    }
}
