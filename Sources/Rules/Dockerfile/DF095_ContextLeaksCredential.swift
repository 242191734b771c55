import BulkheadCore
import BulkheadModel

struct ContextLeaksCredential: Rule {
    static let description = RuleDescription(
        id: "DF095", title: "COPY or ADD sends a credential from the build context into the image", severity: .high,
        controls: [.secretsImage], cis: ["4.10"], aliases: ["DL4007"],
        rationale: """
        `COPY . .` copies whatever the build context holds that .dockerignore does not leave out: a .env file with \
        real values, private keys, cloud credentials, an .npmrc or .pypirc with a token, Terraform state, the .git \
        directory (every secret ever committed, and credentials in its remote URLs). They stay readable in the \
        layer for anyone who can pull the image, even if a later RUN deletes them. Judged only where the context is \
        at hand (`bulkhead scan`, `bulkhead dockerfile --context DIR`), with Docker's own matching rules for \
        .dockerignore and Dockerfile.dockerignore (a pattern matches from the context root: `*.pem` does not \
        exclude `certs/key.pem`, `**/*.pem` does). Files that reach the final image through `COPY --from` of a \
        build stage count; files copied only into build stages are reported at low severity, as are keys under \
        test and example directories.
        """,
        remediation: "Add the file to .dockerignore (with **/ to match it in any directory), or COPY only what the application needs; give the build its credentials with RUN --mount=type=secret, and rotate any that were shipped.",
        triggering: [
            Example("FROM node:22-slim\nWORKDIR /app\n↓COPY . .\nCMD [\"node\", \"server.js\"]",
                    options: ["context": "server.js\n.env => DATABASE_PASSWORD=Xk2v9PqL7mWz4Rt8\n.dockerignore => node_modules"]),
            Example("FROM python:3.12-slim\nWORKDIR /srv\n↓COPY . .",
                    options: ["context": "app.py\ncerts/server.key => -----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\n.dockerignore => *.key"]),
            Example("FROM golang:1.23 AS build\nWORKDIR /src\n↓COPY . .\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /src /src",
                    options: ["context": "main.go\n.npmrc => //registry.npmjs.org/:_authToken=npm_4f8a9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e"]),
            Example("FROM alpine:3.20\n↓COPY infra/ /opt/infra/", options: ["context": "infra/main.tf\ninfra/terraform.tfstate => {\"version\": 4}"]),
            Example("FROM alpine:3.20\nWORKDIR /app\n↓COPY . .", options: ["context": "app.sh\n.git/HEAD => ref: refs/heads/main\n.git/config => [core]\\nbare = false"]),
            Example("FROM alpine:3.20\n↓COPY .git /src/.git", options: ["context": "app.sh\n.git/HEAD => ref: refs/heads/main"]),
            // only into a build stage: low
            Example("FROM golang:1.23 AS build\nWORKDIR /src\n↓COPY . .\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app",
                    options: ["context": "main.go\n.env => SECRET_KEY=Xk2v9PqL7mWz4Rt8\n.dockerignore => .git"]),
        ],
        nonTriggering: [
            Example("FROM node:22-slim\nWORKDIR /app\nCOPY . .", options: ["context": "server.js\n.env => DATABASE_PASSWORD=Xk2v9PqL7mWz4Rt8\n.dockerignore => .env"]),
            Example("FROM node:22-slim\nWORKDIR /app\nCOPY . .", options: ["context": "server.js\nsub/.env => TOKEN=Xk2v9PqL7mWz4Rt8\n.dockerignore => **/.env"]),
            Example("FROM nginx:1.27\nCOPY certs/ /etc/nginx/certs/", options: ["context": "certs/fullchain.pem => -----BEGIN CERTIFICATE-----\\nMIIF\\n-----END CERTIFICATE-----"]),
            Example("FROM node:22-slim\nWORKDIR /app\nCOPY . .", options: ["context": "server.js\n.npmrc => //registry.npmjs.org/:_authToken=${NPM_TOKEN}\n.env.example => API_KEY=changeme"]),
            Example("FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ /app/", options: ["context": "src/app.py\n.env => SECRET_KEY=Xk2v9PqL7mWz4Rt8"]),
            Example("FROM alpine:3.20\nWORKDIR /app\nCOPY . .", options: ["context": "app.sh\n.git/HEAD => ref: refs/heads/main\n.dockerignore => .git"]),
        ], grades: .low ... .high)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let bc = ctx.file.buildContext else { return [] }
        var kinds: [String: ContextLeak.Kind] = [:]
        let perStage = ContextCopies.perStage(ctx, bc) { e in
            guard let k = ContextLeak.credential(e, in: bc) else { return false }
            kinds[e.path] = k
            return true
        }
        guard let last = ctx.file.stages.last else { return [] }
        let ignoreNote = bc.ignoreFile.map { "\(Paths.lastComponent($0)) does not leave it out" } ?? "there is no .dockerignore"
        var out: [Finding] = []
        var reported = Set<String>()
        func report(_ c: ContextCopy, final: Bool) {
            guard let k = kinds[c.entry.path], !c.named || c.entry.kind == .directory else { return }
            let key = "\(c.instruction.line)|\(c.entry.path)"
            guard reported.insert(key).inserted else { return }
            let ins = c.instruction
            let words = ins.words
            let shown = "\(ins.keyword) \(words.joined(separator: " "))"
            var where_ = final ? "into the final image at \(c.imagePath)" : "into build stage '\(ctx.stage(of: ins)?.displayName ?? "?")' at \(c.imagePath) (not the final image, but the build cache and any --target build keep it)"
            if final, let via = c.carriedBy { where_ += " (carried there by COPY --from at line \(via.line))" }
            let name = c.entry.kind == .directory ? c.entry.path + "/" : c.entry.path
            out.append(ctx.finding(Self.description, ins, severity: final ? k.severity : .low,
                                   "\(shown) sends \(name) from the build context, \(k.what), \(where_); \(ignoreNote).",
                                   evidence: "\(ins.keyword) \(name)"))
        }
        for c in perStage[last.index] { report(c, final: true) }
        for (s, list) in perStage.enumerated() where s != last.index {
            for c in list where c.carriedBy == nil && c.instruction.stageIndex == s { report(c, final: false) }
        }
        return out.sorted { ($0.location.line, $0.evidence) < ($1.location.line, $1.evidence) }
    }
}
