import BulkheadCore
import BulkheadModel

struct ImageContentSecret: Rule {
    static let description = RuleDescription(
        id: "IM004", title: "Credential in a file of the image", severity: .critical, controls: [.secretsImage], cis: ["4.10"],
        aliases: ["CIS-DI-0010", "trivy-secret"],
        rationale: """
        Every text file of every layer is searched for credential formats (cloud keys, VCS and SaaS tokens, private \
        keys, JSON Web Tokens, URLs with passwords) and for secret-named keys given a high-entropy literal value \
        (password: Xk9mQ2…, in configuration files bare, in program source only as a quoted string). A file that a later layer deleted or replaced still sits in the \
        earlier layer's tarball, so it is reported with the layer that holds it. Binaries (where key header strings are \
        program constants), documentation trees and installed packages' test fixtures are not reported.
        """,
        remediation: "Rebuild without the file (deleting it in a later layer does not remove it), keep it out with .dockerignore, and rotate the credential.",
        triggering: [
            Example("user 1000\n↓layer\nfile app/config.yml 0644 0:0 aws_key: AKIAZ7VRSQ5TJXHN2L4P"),
            Example("user 1000\n↓layer\nfile app/deploy.sh 0755 0:0 git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/app\nlayer RUN rm /app/deploy.sh\ndelete app/deploy.sh"),
            Example("user 1000\n↓layer\nfile app/config/settings.yaml 0644 0:0 database:\\n  host: db\\n  password: Xk9mQ2vL7pR4tZ8w"),
            Example("user 1000\n↓layer\nfile srv/.git/config 0644 0:0 [remote \"origin\"]\\n\\turl = https://deploy:Sup3rS3cret@git.example.com/acme/app.git"),
        ],
        nonTriggering: [
            Example("user 1000\nlayer\nfile usr/lib/python3/site-packages/requests/tests/keys.py 0644 0:0 KEY = 'AKIAZ7VRSQ5TJXHN2L4P'"),
            Example("user 1000\nlayer\nfile usr/share/doc/git/README 0644 0:0 https://user:password@example.com"),
            Example("user 1000\nlayer\nfile app/main.py 0644 0:0 url = f\"https://{user}:{password}@db\""),
            Example("user 1000\nlayer\nfile app/config/settings.yaml 0644 0:0 database:\\n  password: ${DB_PASSWORD}\\n  password_file: /run/secrets/db"),
            Example("user 1000\nlayer\nfile app/auth.py 0644 0:0 token = request.headers.get('Authorization')"),
            Example("user 1000\nlayer\nfile usr/lib/python3/dist-packages/paramiko/common.py 0644 0:0 MSG_SERVICE_TOKEN = 'Svc-Token-v2x9'"),
        ], grades: .high ... .critical)

    func check(_ ctx: ImageContext) -> [Finding] {
        var out: [Finding] = []
        // installed packages' own code is not judged by entropy (constants and message names look random)
        for s in ctx.image.contentSecrets where !ImageFacts.isPackageFixture(s.path) && !(s.match.heuristic && ImageFacts.isInstalledPackage(s.path)) {
            let sev = max(.high, s.match.severity)
            let message: String
            if let gone = s.removedIn {
                message = "/\(s.path) line \(s.line): \(s.match.kind) (\(s.match.redacted)); the file was deleted or replaced in \(ctx.layerName(gone)) but is still in \(ctx.layerName(s.layer))'s tarball."
            } else {
                message = "/\(s.path) line \(s.line): \(s.match.kind) (\(s.match.redacted)), added in \(ctx.layerName(s.layer))."
            }
            var f = ctx.finding(Self.description, at: "/\(s.path):\(s.line)", severity: sev, message, evidence: "/\(s.path) \(s.match.kind) \(ctx.layerName(s.layer))")
            f.sensitive = [s.match.value].filter { $0.count >= 3 }
            out.append(f)
        }
        return out
    }
}
