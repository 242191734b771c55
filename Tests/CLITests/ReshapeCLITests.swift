import Foundation
import Testing

@Suite("CLI: one pipeline, canonical ids", .serialized)
struct ReshapeCLITests {
    /// Both spellings of the limits count (`512mb` used to read as no memory limit).
    @Test func runLimitsInEverySpelling() throws {
        let r = try bulkhead(["run", "--format", "json", "--", "docker", "run", "--memory", "512mb", "--pids-limit", "100", "--cpus", "1", "nginx:1.27"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("\"RT013\""), "a missing limit was reported: \(r.stdout)")
        let none = try bulkhead(["run", "--format", "json", "--", "docker", "run", "--memory", "0", "nginx:1.27"])
        #expect(none.stdout.contains("\"RT013\""))
    }

    @Test func aliasesInTheConfigurationFile() throws {
        let d = scratch([".bulkhead.yml": "disable: [DL3008]\nseverity: {DL3057: info}\nignore:\n  - rule: DL3002\n    reason: test\n",
                         "Dockerfile": "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER root\n"])
        let r = try bulkhead(["dockerfile", "--format", "json", "--fail-on", "off", d.appendingPathComponent("Dockerfile").path])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = json["findings"] as? [[String: Any]] ?? []
        #expect(!findings.contains { $0["rule"] as? String == "DF034" })
        #expect(findings.first { $0["rule"] as? String == "DF050" }?["severity"] as? String == "info")
        #expect(!findings.contains { $0["rule"] as? String == "DF002" })
        #expect((json["summary"] as? [String: Any])?["suppressed"] as? Int == 1)
        // a typo in the configuration is an error with its line, exit 2
        let bad = scratch([".bulkhead.yml": "fail-on: high\ndisable: [DL30O8]\n", "Dockerfile": "FROM debian:12\n"])
        let e = try bulkhead(["dockerfile", bad.appendingPathComponent("Dockerfile").path])
        #expect(e.status == 2 && e.stdout.contains("2:") && e.stdout.contains("unknown rule id 'DL30O8'"), "\(e.stdout)")
    }

    @Test func disableFlagTakesAliases() throws {
        let d = scratch(["Dockerfile": "FROM debian:12\nUSER 1000\nCMD [\"x\"]\n"])
        let r = try bulkhead(["dockerfile", "--disable", "DL3057", "--fail-on", "low", d.appendingPathComponent("Dockerfile").path])
        #expect(!r.stdout.contains("DF050") && r.status == 0, "\(r.stdout)")
        let u = try bulkhead(["dockerfile", "--disable", "NOPE1", d.appendingPathComponent("Dockerfile").path])
        #expect(u.status == 2 && u.stderr.contains("unknown rule id 'NOPE1'"))
    }

    @Test func unknownPragmaIdsAreWarnedAbout() throws {
        let d = scratch(["Dockerfile": "FROM debian:12\n# bulkhead ignore=DF05O\nUSER 1000\n"])
        let text = try bulkhead(["dockerfile", d.appendingPathComponent("Dockerfile").path])
        #expect(text.stdout.contains("2:1  WARNING  unknown rule id 'DF05O'") && text.stdout.contains("1 warning"), "\(text.stdout)")
        #expect(text.status == 0)
        let json = try bulkhead(["dockerfile", "--format", "json", d.appendingPathComponent("Dockerfile").path])
        #expect(json.stdout.contains("\"warnings\"") && json.stderr.contains("warning:") && json.stderr.contains("DF05O"))
    }

    @Test func failOnWordsMatchTheConfiguration() throws {
        let d = scratch(["Dockerfile": risky])
        for word in ["off", "none", "never", "OFF"] {
            #expect(try bulkhead(["dockerfile", "--fail-on", word, d.appendingPathComponent("Dockerfile").path]).status == 0, "\(word)")
        }
        let c = scratch([".bulkhead.yml": "fail-on: off\n", "Dockerfile": risky])
        #expect(try bulkhead(["dockerfile", c.appendingPathComponent("Dockerfile").path]).status == 0)
    }

    @Test func composeFromStandardInput() throws {
        let r = try bulkhead(["compose", "--format", "json", "-"], stdin: "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n")
        #expect(r.status == 1 && r.stdout.contains("\"RT002\"") && r.stdout.contains("\"path\": \"-\""), "\(r.stdout) \(r.stderr)")
    }

    @Test func everyCommandReadsStandardInput() throws {
        let run = try bulkhead(["run", "--format", "json", "--file", "-"], stdin: "#!/bin/sh\ndocker run --privileged x:1\n")
        #expect(run.status == 1 && run.stdout.contains("\"RT002\""), "\(run.stdout) \(run.stderr)")
        let project = try bulkhead(["compose", "-f", "-", "--format", "json"], stdin: "services:\n  a:\n    image: a:1\n    pid: host\n")
        #expect(project.stdout.contains("\"RT010\""), "\(project.stdout) \(project.stderr)")
        let empty = try bulkhead(["compose", "-"], stdin: "")
        #expect(empty.status == 2 && empty.stdout.contains("empty"), "\(empty.stdout)")
        let inspect = try bulkhead(["inspect", "-"], stdin: "[]")
        #expect(inspect.status == 0, "\(inspect.stdout) \(inspect.stderr)")
    }

    @Test func aliasBombsStopWithAnError() throws {
        var lines = ["x-a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for i in 1...8 { lines.append("x-a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]") }
        lines.append("services:\n  web:\n    image: nginx:1.27\n    labels: *a8")
        let d = scratch(["bomb.yml": lines.joined(separator: "\n") + "\n", "ok.yml": "services:\n  a:\n    image: a:1\n    privileged: true\n"])
        let r = try bulkhead(["compose", "--format", "json", d.appendingPathComponent("bomb.yml").path, d.appendingPathComponent("ok.yml").path])
        #expect(r.status == 2 && r.stdout.contains("alias bomb") && r.stdout.contains("\"RT002\""), "\(r.stdout.prefix(2000))")
    }

    /// A CI checkout without deploy-time files is audited (warnings, exit by findings); --strict restores
    /// docker compose config's errors and exit 2.
    @Test func missingDeployTimeFilesAreWarningsUnlessStrict() throws {
        let d = scratch(["compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    env_file: .env.production\n    privileged: true\n",
                         "deploy.sh": "docker run --env-file prod.env --memory 1g --pids-limit 10 --cpus 1 -u 1000 --read-only --cap-drop ALL --security-opt no-new-privileges nginx:1.27\n"])
        let r = try bulkhead(["compose", "--format", "json", d.appendingPathComponent("compose.yaml").path])
        #expect(r.status == 1 && r.stdout.contains("\"RT002\"") && r.stdout.contains("\"warnings\"") && r.stderr.contains(".env.production"), "\(r.stdout) \(r.stderr)")
        let strict = try bulkhead(["compose", "--strict", d.appendingPathComponent("compose.yaml").path])
        #expect(strict.status == 2 && strict.stdout.contains("ERROR") && strict.stdout.contains(".env.production"))
        let run = try bulkhead(["run", "--file", d.appendingPathComponent("deploy.sh").path])
        #expect(run.status == 0 && run.stdout.contains("WARNING") && run.stdout.contains("prod.env"), "\(run.stdout)")
        #expect(try bulkhead(["run", "--strict", "--file", d.appendingPathComponent("deploy.sh").path]).status == 2)
    }

    @Test func commandLineConventions() throws {
        // compose with no file reads compose.yaml and its override here, as docker compose does
        let d = scratch(["compose.yaml": "services:\n  web:\n    image: nginx:1.27\n", "compose.override.yaml": "services:\n  web:\n    privileged: true\n"])
        let c = try bulkhead(["compose", "--format", "json"], cwd: d)
        #expect(c.status == 1 && c.stdout.contains("\"RT002\"") && c.stdout.contains("compose.override.yaml"), "\(c.stdout) \(c.stderr)")
        let empty = scratch(["README.md": "x"])
        let none = try bulkhead(["compose"], cwd: empty)
        #expect(none.status == 2 && none.stderr.contains("no compose.yaml"))
        // --severity reports only those, and the exit code follows what is reported
        let r = scratch(["Dockerfile": risky])
        let only = try bulkhead(["dockerfile", "--format", "json", "--severity", "low,info", r.appendingPathComponent("Dockerfile").path])
        #expect(only.status == 0 && !only.stdout.contains("\"severity\": \"high\""), "\(only.stdout)")
        #expect(try bulkhead(["dockerfile", "--severity", "loud", r.appendingPathComponent("Dockerfile").path]).status == 2)
        // errors reach standard error also when the report goes to a file
        let out = r.appendingPathComponent("report.txt").path
        let missing = try bulkhead(["dockerfile", "-o", out, "/definitely/missing/Dockerfile"])
        #expect(missing.status == 2 && missing.stderr.contains("/definitely/missing/Dockerfile: no such file"), "\(missing.stderr)")
        // a malformed baseline is a readable error
        let b = scratch(["baseline.json": "{\"findings\": 3}"])
        let bad = try bulkhead(["dockerfile", "--baseline", b.appendingPathComponent("baseline.json").path, r.appendingPathComponent("Dockerfile").path])
        #expect(bad.status == 2 && bad.stderr.contains("not a bulkhead baseline (") && !bad.stderr.contains("DecodingError"), "\(bad.stderr)")
        // --build-arg belongs to the commands that read Dockerfiles
        #expect(try bulkhead(["inspect", "--build-arg", "A=1", "-"], stdin: "[]").status == 2)
        let env = try bulkhead(["dockerfile", "--format", "json", "--build-arg", "BASE", "-"], stdin: "ARG BASE\nFROM ${BASE}\nUSER 1\n", env: ["BASE": "alpine:latest"])
        #expect(env.stdout.contains("\"DF011\""), "\(env.stdout)")
    }

    @Test func rulesReferenceIsTheDocsPage() throws {
        let r = try bulkhead(["rules", "--format", "reference"])
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/rules.md")
        let page = try String(contentsOf: docs, encoding: .utf8)
        #expect(r.status == 0 && r.stdout == page)
    }

    @Test func oversizedStandardInputIsRefused() throws {
        // standard input from a file (a pipe would break when bulkhead stops reading)
        let d = scratch(["big": String(repeating: "# padding line\n", count: 1_200_000)])  // ~18 MiB
        let p = Process()
        p.executableURL = bulkheadBinary()
        p.arguments = ["dockerfile", "-"]
        p.standardInput = try FileHandle(forReadingFrom: d.appendingPathComponent("big"))
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2 && stderr.contains("<stdin>: more than 16 MiB"), "\(stderr)")
    }

    /// `dockerfile --context DIR` and `scan` judge what COPY . sends; scan finds a Dockerfile's context above it
    /// when what its COPY names lives there (docker build -f docker/Dockerfile .).
    @Test func buildContextFromTheCommandLineAndScan() throws {
        let d = scratch(["docker/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\nUSER 1000\n",
                         "requirements.txt": "flask==3.0.0\n", ".env": "SECRET_KEY=Q9vL2xPw7Kz3Mn8R\n", "docker/.env": "X=1\n"])
        let df = d.appendingPathComponent("docker/Dockerfile").path
        let without = try bulkhead(["dockerfile", "--format", "json", df])
        #expect(!without.stdout.contains("DF095"))
        let with = try bulkhead(["dockerfile", "--format", "json", "--context", d.path, df])
        #expect(with.status == 1 && with.stdout.contains("DF095") && with.stdout.contains("/app/.env"), "\(with.stdout)")
        let scan = try bulkhead(["scan", "--format", "json", d.path])
        #expect(scan.stdout.contains("DF095") && scan.stdout.contains("a literal SECRET_KEY"), "\(scan.stdout)")
        // a Compose file names the context: deploy/Dockerfile is built from the project root
        let p = scratch(["compose.yaml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: deploy/Dockerfile\n",
                         "deploy/Dockerfile": "FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nUSER 1000\n", ".env": "API_TOKEN=Q9vL2xPw7Kz3Mn8Rb\n"])
        let project = try bulkhead(["scan", "--format", "json", p.path])
        #expect(project.stdout.contains("DF095") && project.stdout.contains("/app/.env"), "\(project.stdout)")
        let missing = try bulkhead(["dockerfile", "--context", d.appendingPathComponent("nope").path, df])
        #expect(missing.status == 2 && missing.stderr.contains("no such directory"), "\(missing.status) \(missing.stderr)")
    }
}
