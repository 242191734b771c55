import BulkheadCore
import BulkheadModel

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
        ], grades: .medium ... .high)

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
