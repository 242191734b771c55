import Audit
import BulkheadCore
import BulkheadTesting
import Testing

/// Realistic build contexts labelled by hand: `secrets.image` must be reported (at any severity) where a
/// credential really reaches the final image, and must not be reported at medium or above where it does not,
/// through the whole pipeline with the context laid out in memory.
@Suite("Labelled build contexts")
struct ContextLabelledTests {
    struct Case: CustomTestStringConvertible {
        var name: String
        var dockerfile: String
        var files: [String: String]
        var leaks: Bool
        var dockerfileName = "Dockerfile"
        var testDescription: String { name }
    }
    static let key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----\n"
    static let node = "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n"

    static let cases: [Case] = [
        Case(name: "node app with the usual .dockerignore", dockerfile: node,
             files: ["server.js": "", "package.json": "{}", ".env": "STRIPE_SECRET_KEY=sk_live_51Hx9aKd8Qw2Ee4Rt6Yu8Io0Pa2Sd4Fg6Hj8Kl0Zx", ".git/HEAD": "ref",
                     "node_modules/x/i.js": "", ".dockerignore": "node_modules\n.git\n.env\nnpm-debug.log\n"], leaks: false),
        Case(name: "node app without .dockerignore, .env with a live key", dockerfile: node,
             files: ["server.js": "", "package.json": "{}", ".env": "STRIPE_SECRET_KEY=sk_live_51Hx9aKd8Qw2Ee4Rt6Yu8Io0Pa2Sd4Fg6Hj8Kl0Zx"], leaks: true),
        Case(name: "python app with only an example env file", dockerfile: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["app.py": "", ".env.example": "SECRET_KEY=change-me", "config/settings.py": "SECRET_KEY = os.environ['SECRET_KEY']"], leaks: false),
        Case(name: "go build stage copies everything, the final image only the binary",
             dockerfile: "FROM golang:1.23 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n",
             files: ["main.go": "", ".env": "DB_PASSWORD=Xk2v9PqL7mWz4Rt8"], leaks: false),
        Case(name: "the final image copies the build stage's whole source tree",
             dockerfile: "FROM node:22 AS build\nWORKDIR /src\nCOPY . .\nRUN npm ci && npm run build\nFROM node:22-slim\nCOPY --from=build /src /app\nUSER node\nCMD [\"node\", \"/app/dist/server.js\"]\n",
             files: ["package.json": "{}", ".env.production": "DATABASE_URL=postgres://app:Xk2v9PqL7mWz4Rt8@db:5432/app"], leaks: true),
        Case(name: "nginx with its TLS private key", dockerfile: "FROM nginx:1.27\nCOPY certs/ /etc/nginx/certs/\n",
             files: ["certs/fullchain.pem": "-----BEGIN CERTIFICATE-----\nMIIF\n-----END CERTIFICATE-----\n", "certs/privkey.pem": key], leaks: true),
        Case(name: "*.pem in .dockerignore does not reach certs/", dockerfile: "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["run.sh": "", "certs/key.pem": key, ".dockerignore": "*.pem\n"], leaks: true),
        Case(name: "**/*.pem in .dockerignore does", dockerfile: "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["run.sh": "", "certs/key.pem": key, ".dockerignore": "**/*.pem\n"], leaks: false),
        Case(name: "rails secrets.yml that reads the environment", dockerfile: "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["Gemfile": "", "config/secrets.yml": "production:\n  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>\n"], leaks: false),
        Case(name: ".npmrc that takes its token from the environment", dockerfile: node,
             files: ["server.js": "", "package.json": "{}", ".npmrc": "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n", ".dockerignore": ".git\nnode_modules\n"], leaks: false),
        Case(name: ".npmrc with a literal token", dockerfile: node,
             files: ["server.js": "", "package.json": "{}", ".npmrc": "//npm.pkg.github.com/:_authToken=ghp_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2\n"], leaks: true),
        Case(name: "the Dockerfile's own ignore file wins", dockerfile: "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["run.sh": "", ".env": "API_TOKEN=Xk2v9PqL7mWz4Rt8Q", ".dockerignore": "", "api.Dockerfile.dockerignore": ".env\n"], leaks: false,
             dockerfileName: "api.Dockerfile"),
        Case(name: "a Java trust store", dockerfile: "FROM eclipse-temurin:21-jre\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["app.jar": "", "truststore.jks": ""], leaks: false),
        Case(name: "terraform state beside the app", dockerfile: "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["run.sh": "", "infra/terraform.tfstate": "{\"version\": 4}"], leaks: true),
        Case(name: "a registry login in .docker/config.json", dockerfile: "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["run.sh": "", ".docker/config.json": "{\"auths\": {\"ghcr.io\": {\"auth\": \"dXNlcjpnaHBfQWIxQ2QyRWYzR2g0\"}}}"], leaks: true),
        Case(name: "a .docker/config.json with a credential helper only", dockerfile: "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["run.sh": "", ".docker/config.json": "{\"credsStore\": \"desktop\"}"], leaks: false),
        Case(name: "a RubyGems API key in .gem/credentials", dockerfile: "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["Gemfile": "", ".gem/credentials": "---\n:rubygems_api_key: rubygems_0123456789abcdef0123456789abcdef0123456789abcdef\n"], leaks: true),
        Case(name: "git repository with a token in its remote", dockerfile: "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nUSER 1000\n",
             files: ["run.sh": "", ".git/HEAD": "ref", ".git/config": "[remote \"origin\"]\n\turl = https://x-access-token:ghs_Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv@github.com/o/r\n"], leaks: true),
    ]

    @Test(arguments: cases) func judged(_ c: Case) {
        let root = "/labelled/\(c.name.filter { $0.isLetter })"
        var texts = [root + "/" + c.dockerfileName: c.dockerfile]
        for (p, t) in c.files { texts[root + "/" + p] = t }
        var options = isolatedOptions()
        options.buildContext = .directory(root)
        let auditor = testAuditor(texts, options: options)
        let report = auditor.audit(auditor.readers.dockerfile(root + "/" + c.dockerfileName))
        #expect(report.errors.isEmpty, "\(report.errors)")
        let rules = report.ruleIndex
        let secret = report.findings.filter { rules[$0.ruleID]?.controls.contains(.secretsImage) == true }
        if c.leaks {
            #expect(!secret.isEmpty, "missed: \(report.findings.map { "\($0.ruleID) \($0.message)" })")
        } else {
            let serious = secret.filter { $0.severity >= .medium }
            #expect(serious.isEmpty, "false alarm: \(serious.map { "\($0.ruleID) \($0.severity) \($0.message)" })")
        }
    }
}
