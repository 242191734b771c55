import Audit
import BulkheadCore
import BulkheadTesting
import Foundation
import SystemIO
import Testing

/// What DF095 and DF096 report as sent from the build context is what a real `docker build` puts in the
/// image: a context with planted credentials and a .dockerignore that leaves some of them out (and lets
/// others through, the way Docker's matching rules do, not .gitignore's), built by a real engine
/// (classic builder, offline); the final image's files are compared with the report, path by path.
@Suite("Build context against a real docker build", .serialized)
struct BuildContextIntegrationTests {
    static let key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
    static let context: [String: String] = [
        "app.sh": "#!/bin/sh\necho hi\n",
        ".env": "DB_PASSWORD=Xk2v9PqL7mWz4Rt8\n",
        ".env.production": "SECRET_KEY=Q9vL2xPw7Kz3Mn8R\n",
        ".env.example": "SECRET_KEY=changeme\n",
        "id_rsa": key,
        "certs/server.key": key,
        "certs/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "deploy/terraform.tfstate": "{\"version\": 4, \"resources\": []}\n",
        "config/.npmrc": "//registry.npmjs.org/:_authToken=npm_4f8a9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e\n",
        "config/.pypirc": "[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n",
        ".git/HEAD": "ref: refs/heads/main\n",
        ".git/config": "[remote \"origin\"]\n\turl = https://ci:glpat-Abcdefghij1234567890@gitlab.example.com/a/b.git\n",
        "node_modules/left-pad/index.js": "module.exports = 1\n",
        "secrets/sa-key.json": "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"}\n",
        "sub/secrets/sa-key.json": "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"}\n",
        // Docker's rules: *.key and secrets match at the root only; .git is left out but its config brought back
        ".dockerignore": "# planted\nid_rsa\n*.key\n**/*.tfstate\n.env.*\n!.env.example\nsecrets\n.git\n!.git/config\nDockerfile\n",
        "Dockerfile": """
            FROM bulkhead-test:1 AS build
            WORKDIR /src
            COPY . .
            FROM bulkhead-test:1
            WORKDIR /app
            COPY . .
            COPY --from=build /src/sub /opt/sub
            """,
    ]
    /// Where each planted credential would land in the final image if Docker sent it.
    static let sensitive: Set<String> = ["/app/.env", "/app/.env.production", "/app/id_rsa", "/app/certs/server.key", "/app/deploy/terraform.tfstate",
                                         "/app/config/.npmrc", "/app/.git", "/app/node_modules", "/app/secrets/sa-key.json",
                                         "/app/sub/secrets/sa-key.json", "/opt/sub/secrets/sa-key.json", "/opt/sub/.env"]

    @Test func reportedLeaksAreWhatDockerCopies() throws {
        guard let engine = TestEngine() else {
            TestEnvironment.missing("dockerd run as root (Debian's docker.io)")
            return
        }
        defer { engine.stop() }
        try importTestImage(engine)
        let ctx = engine.dir.appendingPathComponent("context")
        for (path, text) in Self.context {
            let url = ctx.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let (status, out) = try run(TestEngine.which("docker")!, ["-H", "unix://" + engine.socket, "build", "--network", "none", "-q", "-t", "leaky:1", ctx.path],
                                    env: ["DOCKER_BUILDKIT": "0"])
        try #require(status == 0, "docker build: \(out)")
        // the final image's files, from the engine's own export of a created container
        let id = try engine.docker(["create", "leaky:1", "/bin/true"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let tar = engine.dir.appendingPathComponent("leaky.tar")
        #expect(try engine.docker(["export", "-o", tar.path, id]).status == 0)
        let (_, listing) = try run("/bin/tar", ["-tf", tar.path])
        let inImage = Set(listing.split(separator: "\n").map { "/" + $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) })
        // the test is not vacuous: harmless files arrived, and the ignore file kept some credentials out
        #expect(inImage.contains("/app/app.sh") && inImage.contains("/app/certs/ca.pem") && inImage.contains("/app/.env.example"))
        #expect(!inImage.contains("/app/id_rsa") && !inImage.contains("/app/secrets/sa-key.json") && !inImage.contains("/app/.git/HEAD"))

        var options = isolatedOptions()
        options.buildContext = .directory(ctx.path)
        let auditor = Auditor(options: options, io: testIO())
        let report = auditor.audit(auditor.readers.dockerfile(ctx.appendingPathComponent("Dockerfile").path))
        #expect(report.errors.isEmpty, "\(report.errors)")
        var reported = Set<String>()
        for f in report.findings where f.ruleID == "DF095" || f.ruleID == "DF096" {
            guard let r = f.message.range(of: "into the final image at ") else { continue }
            let rest = f.message[r.upperBound...]
            var path = String(rest.prefix { $0 != ";" && $0 != " " })
            if path.hasSuffix(".") { path.removeLast() }
            reported.insert(path)
        }
        let expected = Self.sensitive.filter { inImage.contains($0) }
        #expect(reported == expected, "reported \(reported.sorted()) but the image holds \(expected.sorted())")
        // and what reaches only the build stage is reported there, at low severity
        let stage = report.findings.filter { $0.ruleID == "DF095" && $0.message.contains("into build stage") }
        #expect(!stage.isEmpty && stage.allSatisfy { $0.severity == .low })
    }
}
