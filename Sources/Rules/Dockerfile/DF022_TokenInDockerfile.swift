import BulkheadCore
import BulkheadModel

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
            Example("FROM alpine:3.20\n↓ENV AWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJXHN2L4P"),
            Example("FROM alpine:3.20\nRUN git clone \\\n↓    https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/app.git"),
            Example("FROM alpine:3.20\nRUN pip install --index-url \\\n↓  https://deploy:s3cr3tpass@pypi.example.com/simple app"),
            Example("FROM alpine:3.20\nCOPY <<EOF /root/.ssh/id_ed25519\n↓-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nEOF"),
        ],
        nonTriggering: [
            Example("FROM alpine:3.20\nRUN pip install --index-url https://${PIP_USER}:${PIP_PASSWORD}@pypi.example.com/simple app"),
            Example("FROM alpine:3.20\nRUN curl -fsSL https://example.com/install.sh -o /tmp/i.sh"),
            Example("FROM alpine:3.20\nENV AWS_REGION=eu-west-1"),
        ], grades: .high ... .critical)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        // instructions come in line order: each line is scanned once (a counter, not a set of 200,000 lines)
        var next = 1
        for ins in ctx.file.instructions {
            let last = min(max(ins.line, ins.endLine), ctx.file.lines.count)
            guard max(ins.line, next) <= last else { continue }
            for line in max(ins.line, next)...last {
                next = line + 1
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
