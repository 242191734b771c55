import BulkheadCore
import BulkheadModel

extension DockerfileContext {
    /// (name, raw value or nil, instruction) for every ARG and ENV declaration.
    var declarations: [(name: String, value: String?, ins: Instruction)] {
        var out: [(String, String?, Instruction)] = []
        for ins in allInstructions where ins.keyword == "ARG" || ins.keyword == "ENV" {
            let words = ShellWords.split(ins.rawArgs)
            if ins.keyword == "ENV", let f = words.first, !f.contains("=") {
                // legacy ENV name value
                let rest = ins.rawArgs.trimmingSpaces.drop { $0 != " " && $0 != "\t" }.trimmingSpaces
                out.append((f, rest, ins))
                continue
            }
            for w in words {
                let kv = w.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                out.append((String(kv[0]), kv.count > 1 ? String(kv[1]) : nil, ins))
            }
        }
        return out
    }
}

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
        ],
        nonTriggering: [
            Example("FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password"),
            Example("FROM node:22\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci"),
            Example("FROM golang:1.23\nENV GOPRIVATE=github.com/acme/*"),
            Example("FROM alpine:3.20\nENV TOKEN_URL=https://auth.example.com/token PASSWORD_MIN_LENGTH=12"),
            Example("FROM alpine:3.20\nENV SECRET_KEY=${SECRET_KEY}"),
            Example("FROM alpine:3.20\nENV DB_PASSWORD=", options: [:]),
            Example("FROM alpine:3.20\nENV SESSION_SECRET=abcdef123456", options: ["allowed-secret-names": "SESSION_SECRET"]),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.declarations.compactMap { name, value, ins in
            guard let value, !ctx.options.allowedSecretNames.contains(name.uppercased()), Secrets.isSecretName(name),
                  !Secrets.isReference(value), Secrets.scan(value).isEmpty else { return nil }
            let kind = ins.keyword == "ENV" ? "stored in the image configuration" : "recorded in the build history"
            var f = ctx.finding(Self.description, ins, "\(ins.keyword) \(name) holds a literal secret value, \(kind) for anyone who can pull the image.",
                                evidence: "\(ins.keyword) \(name)")
            f.sensitive = [value, value.trimmingQuotes].filter { $0.count >= 3 }
            return f
        }
    }
}

struct SecretBuildArg: Rule {
    static let description = RuleDescription(
        id: "DF021", title: "Secret passed as a build argument or copied into ENV", severity: .medium, controls: [.secretsImage], cis: ["4.10"],
        aliases: ["SecretsUsedInArgOrEnv", "DL3064"],
        rationale: """
        A secret handed in with --build-arg is recorded in the image history of every RUN that sees it \
        (docker history shows '|1 NPM_TOKEN=…'), and ENV NAME=$ARG copies it into the image configuration for good. \
        BuildKit secret mounts exist precisely so that build secrets never touch a layer or the metadata.
        """,
        remediation: "Replace the ARG with a secret mount: RUN --mount=type=secret,id=token,env=TOKEN …, and build with --secret id=token,env=TOKEN.",
        triggering: [
            Example("FROM node:22\n↓ARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci"),
            Example("FROM node:22\n↓ARG GH_TOKEN=\"\""),
            Example("FROM alpine:3.20\n↓ARG API_KEY\n↓ENV API_KEY=${API_KEY}"),
        ],
        nonTriggering: [
            Example("FROM node:22\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci"),
            Example("FROM alpine:3.20\nARG TOKEN_URL\nENV TOKEN_URL=$TOKEN_URL"),
            Example("FROM alpine:3.20\nARG GITHUB_TOKEN_FILE=/run/secrets/gh"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.declarations.compactMap { name, value, ins in
            guard !ctx.options.allowedSecretNames.contains(name.uppercased()), Secrets.isSecretName(name) else { return nil }
            if ins.keyword == "ARG" {
                // no default, an empty one ("" is a placeholder too), or a reference
                guard value == nil || value!.trimmingSpaces.trimmingQuotes.isEmpty || value!.trimmingSpaces.hasPrefix("$") else { return nil }
                return ctx.finding(Self.description, ins, "ARG \(name) looks like a secret; a value passed with --build-arg is recorded in the image history.",
                                   evidence: "ARG \(name)")
            }
            guard let v = value, v.trimmingSpaces.hasPrefix("$") else { return nil }
            return ctx.finding(Self.description, ins, "ENV \(name)=\(v) copies a secret into the image configuration, readable with docker inspect.",
                               evidence: "ENV \(name)")
        }
    }
}

struct TokenInDockerfile: Rule {
    static let description = RuleDescription(
        id: "DF022", title: "Credential in the Dockerfile", severity: .high, controls: [.secretsImage], cis: ["4.10"],
        aliases: ["CKV_SECRET_*", "CIS-DI-0010"],
        rationale: """
        A cloud key, an access token, a private key or a URL with a password written anywhere in a Dockerfile is \
        committed to source control and, through ENV, ARG, RUN history or heredoc files, usually baked into the image. \
        Recognised formats: AWS access key ids, GitHub and GitLab tokens, Slack tokens, Stripe live keys, PEM private \
        keys, JSON Web Tokens and scheme://user:password@host URLs. The value is never printed in full.
        """,
        remediation: "Revoke the credential now, remove it from the file and its git history, and pass it at build time with a secret mount or at runtime with a secret.",
        triggering: [
            Example("FROM alpine:3.20\n↓ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"),
            Example("FROM alpine:3.20\nRUN git clone \\\n↓    https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/app.git"),
            Example("FROM alpine:3.20\nRUN pip install --index-url \\\n↓  https://deploy:s3cr3tpass@pypi.example.com/simple app"),
            Example("FROM alpine:3.20\nCOPY <<EOF /root/.ssh/id_ed25519\n↓-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nEOF"),
        ],
        nonTriggering: [
            Example("FROM alpine:3.20\nRUN pip install --index-url https://${PIP_USER}:${PIP_PASSWORD}@pypi.example.com/simple app"),
            Example("FROM alpine:3.20\nRUN curl -fsSL https://example.com/install.sh -o /tmp/i.sh"),
            Example("FROM alpine:3.20\nENV AWS_REGION=eu-west-1"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        var done = Set<Int>()
        for ins in ctx.file.instructions {
            for line in ins.line...max(ins.line, ins.endLine) where line <= ctx.file.lines.count && !done.contains(line) {
                done.insert(line)
                for m in Secrets.scan(ctx.file.lines[line - 1]) {
                    var f = ctx.finding(Self.description, ins, line: line, severity: max(Self.description.severity, m.severity),
                                        "\(ins.keyword) contains a \(m.kind) (\(m.redacted)).", evidence: "\(m.kind) \(m.redacted)")
                    f.sensitive = [m.value].filter { $0.count >= 3 }
                    out.append(f)
                }
            }
        }
        return out
    }
}

struct SecretFileCopied: Rule {
    static let description = RuleDescription(
        id: "DF023", title: "Key or credential file copied into the image", severity: .high, controls: [.secretsImage], cis: ["4.10"],
        aliases: ["DS-0031", "CIS-DI-0010", "DL4007"],
        rationale: """
        Files such as id_rsa, *.pem keys, .env, .npmrc, .pypirc, .netrc, .git-credentials, cloud credential files and \
        kubeconfigs end up in a layer when COPY or ADD brings them in, and stay readable in that layer even if a later \
        RUN deletes them. Files copied only into build stages do not reach the final image and are reported at lower severity.
        """,
        remediation: "Keep credentials out of the build context (.dockerignore) and use RUN --mount=type=secret or --mount=type=ssh for what the build needs.",
        triggering: [
            Example("FROM alpine:3.20\n↓COPY id_rsa /root/.ssh/id_rsa"),
            Example("FROM node:22\nWORKDIR /app\n↓COPY .npmrc package.json ./"),
            Example("FROM python:3.12\n↓ADD .env /app/.env"),
            Example("FROM python:3.12\nENV GOOGLE_APPLICATION_CREDENTIALS=/app/sa.json\n↓COPY sa.json /app/sa.json"),
        ],
        nonTriggering: [
            Example("FROM alpine:3.20\nCOPY id_rsa.pub /root/.ssh/authorized_keys"),
            Example("FROM node:22\nCOPY .env.example /app/.env.example"),
            Example("FROM nginx:1.27\nCOPY certs/fullchain.pem /etc/nginx/fullchain.pem"),
            Example("FROM alpine:3.20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci"),
        ])

    static let credentialEnv: Set<String> = ["GOOGLE_APPLICATION_CREDENTIALS", "AWS_SHARED_CREDENTIALS_FILE", "KUBECONFIG",
                                             "AZURE_AUTH_LOCATION", "DOCKER_CONFIG", "GIT_SSH_KEY", "SSH_PRIVATE_KEY_PATH"]

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for ins in ctx.allInstructions where ins.keyword == "COPY" || ins.keyword == "ADD" {
            guard ins.heredocs.isEmpty || ins.words.count > 1 else { continue }
            let words = ins.words
            guard words.count >= 2 else { continue }
            let stage = ctx.stage(of: ins)
            let credentialPaths = Set(stage.map { s in s.env.filter { Self.credentialEnv.contains($0.key) }.map(\.value) } ?? [])
            let severity: Severity = ctx.inFinalImage(ins) ? .high : .medium
            let dest = words.last!
            // a destination that says "public key" (jenkins.key → /war/jenkins-key.pub, keyrings) is not a secret
            let dl = dest.lowercased()
            if dl.hasSuffix(".pub") || dl.hasSuffix(".asc") || dl.hasSuffix(".gpg") || dl.contains("keyring") || dl.contains("trusted.gpg") { continue }
            var hits: [String] = []
            for src in words.dropLast() where !src.hasPrefix("http://") && !src.hasPrefix("https://") && !src.hasPrefix("<<") {
                if let kind = Secrets.isSecretFile(src) { hits.append("\(src) (\(kind))") }
            }
            if hits.isEmpty, let kind = Secrets.isSecretFile(dest), words.count == 2 { hits.append("\(dest) (\(kind))") }
            if hits.isEmpty, credentialPaths.contains(where: { $0 == dest || (dest.hasSuffix("/") && $0.hasPrefix(dest)) }) {
                hits.append("\(dest) (a path named by a credentials variable)")
            }
            guard !hits.isEmpty else { continue }
            let scope = severity == .high ? "into the final image" : "into build stage '\(stage?.displayName ?? "?")'"
            out.append(ctx.finding(Self.description, ins, severity: severity, "\(ins.keyword) brings \(hits.joined(separator: ", ")) \(scope).",
                                   evidence: "\(ins.keyword) \(hits.joined(separator: ","))"))
        }
        return out
    }
}
