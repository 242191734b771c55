import BulkheadTesting
import Foundation
import Testing

/// Runs the built bulkhead binary (built by `swift test` because this target depends on it).
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

func bulkheadBinary() -> URL {
    // The test bundle sits in .build/<config>/; the executable is next to it.
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("bulkhead")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir.deleteLastPathComponent()
    }
    let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/bulkhead")
    return fallback
}

@discardableResult
func bulkhead(_ args: [String], stdin: String? = nil, env: [String: String] = [:], cwd: URL? = nil) throws -> Run {
    let p = Process()
    p.executableURL = bulkheadBinary()
    p.arguments = args
    var e = ProcessInfo.processInfo.environment
    e.removeValue(forKey: "NO_COLOR")
    for (k, v) in env { e[k] = v }
    p.environment = e
    if let cwd { p.currentDirectoryURL = cwd }
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out; p.standardError = err; p.standardInput = inp
    try p.run()
    if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
    try inp.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let r = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: r, as: UTF8.self))
}

func scratch(_ files: [String: String]) -> URL {
    let dir = Scratch.directory("cli")
    for (path, text) in files {
        let u = dir.appendingPathComponent(path)
        try! FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: u)
    }
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

let clean = "FROM alpine:3.20\nUSER 10001\nHEALTHCHECK CMD [\"true\"]\nCMD [\"app\"]\n"
let risky = "FROM ubuntu\nRUN curl -k https://x | sh\n"

@Suite("CLI", .serialized)
struct CLITests {
    @Test func exitCodes() throws {
        let d = scratch(["clean/Dockerfile": clean, "risky/Dockerfile": risky])
        #expect(try bulkhead(["dockerfile", d.appendingPathComponent("clean/Dockerfile").path]).status == 0)
        let r = try bulkhead(["dockerfile", d.appendingPathComponent("risky/Dockerfile").path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("DF001") && r.stdout.contains("failing"))
        #expect(try bulkhead(["dockerfile", "--fail-on", "critical", d.appendingPathComponent("risky/Dockerfile").path]).status == 0)
        #expect(try bulkhead(["dockerfile", "--fail-on", "low", d.appendingPathComponent("clean/Dockerfile").path]).status == 0)
        #expect(try bulkhead(["dockerfile", "--fail-on", "none", d.appendingPathComponent("risky/Dockerfile").path]).status == 0)
        // usage errors and unreadable input
        #expect(try bulkhead(["dockerfile"]).status == 2)
        #expect(try bulkhead(["dockerfile", "--format", "yaml", "x"]).status == 2)
        #expect(try bulkhead(["nonsense"]).status == 2)
        let missing = try bulkhead(["dockerfile", d.appendingPathComponent("nope").path])
        #expect(missing.status == 2)
        #expect(missing.stdout.contains("no such file"))
    }

    @Test func helpTeaches() throws {
        let h = try bulkhead(["--help"])
        #expect(h.status == 0)
        for word in ["EXIT CODES", "dockerfile", "scan", "rules", "explain", ".bulkhead.yml", "bulkhead ignore="] { #expect(h.stdout.contains(word), "\(word)") }
        let d = try bulkhead(["dockerfile", "--help"])
        for word in ["--fail-on", "--build-arg", "--baseline", "--write-baseline", "--format", "--color", "--config", "--output"] {
            #expect(d.stdout.contains(word), "\(word)")
        }
        #expect(try bulkhead(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func stdinAndBuildArgs() throws {
        let r = try bulkhead(["dockerfile", "-", "--format", "json", "--build-arg", "TAG=3.20"], stdin: "ARG TAG=latest\nFROM alpine:${TAG}\nUSER 1\n")
        #expect(!r.stdout.contains("\"DF011\""))
        let l = try bulkhead(["dockerfile", "-", "--format", "json"], stdin: "ARG TAG=latest\nFROM alpine:${TAG}\nUSER 1\n")
        #expect(l.stdout.contains("\"DF011\""))
        #expect(l.stdout.contains("\"path\": \"-\""))
    }

    @Test func outputFileAndFormats() throws {
        let d = scratch(["Dockerfile": risky])
        let out = d.appendingPathComponent("r.sarif")
        let r = try bulkhead(["dockerfile", d.appendingPathComponent("Dockerfile").path, "--format", "sarif", "-o", out.path])
        #expect(r.status == 1 && r.stdout.isEmpty)
        let sarif = try String(contentsOf: out, encoding: .utf8)
        #expect(sarif.contains("\"version\": \"2.1.0\""))
        for f in ["json", "junit", "markdown", "github", "text"] {
            #expect(try bulkhead(["dockerfile", d.appendingPathComponent("Dockerfile").path, "--format", f]).status == 1)
        }
    }

    @Test func colourFollowsNoColorAndFlag() throws {
        let d = scratch(["Dockerfile": risky])
        let p = d.appendingPathComponent("Dockerfile").path
        #expect(try bulkhead(["dockerfile", p, "--color", "always"]).stdout.contains("\u{1B}["))
        // an explicit --color always wins over NO_COLOR; auto honours it
        #expect(try bulkhead(["dockerfile", p, "--color", "always"], env: ["NO_COLOR": "1"]).stdout.contains("\u{1B}["))
        #expect(!(try bulkhead(["dockerfile", p], env: ["NO_COLOR": "1"]).stdout.contains("\u{1B}[")))
        #expect(!(try bulkhead(["dockerfile", p]).stdout.contains("\u{1B}[")))  // not a terminal
    }

    @Test func scanFindsFilesAndHonoursExcludes() throws {
        let d = scratch(["Dockerfile": clean, "svc/api.Dockerfile": risky, "node_modules/x/Dockerfile": risky,
                         "test/fixtures/Dockerfile": risky, ".bulkhead.yml": "exclude: [\"test/**\"]\n"])
        let r = try bulkhead(["scan", "--format", "json", "--fail-on", "none"], cwd: d)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"path\": \"Dockerfile\"") && r.stdout.contains("svc/api.Dockerfile"))
        #expect(!r.stdout.contains("node_modules") && !r.stdout.contains("fixtures"))
        let ex = try bulkhead(["scan", d.path, "--exclude", "svc/**", "--format", "json"])
        #expect(!ex.stdout.contains("api.Dockerfile"))
        let empty = try bulkhead(["scan", scratch(["README.md": "x"]).path])
        #expect(empty.status == 0 && empty.stderr.contains("no Dockerfiles or Compose files found"))
    }

    @Test func baselineWorkflow() throws {
        let d = scratch(["Dockerfile": risky])
        let p = d.appendingPathComponent("Dockerfile").path
        let b = d.appendingPathComponent("baseline.json").path
        let w = try bulkhead(["dockerfile", p, "--write-baseline", b])
        #expect(w.status == 0 && w.stderr.contains("recorded"))
        let again = try bulkhead(["dockerfile", p, "--baseline", b])
        #expect(again.status == 0)
        #expect(again.stdout.contains("suppressed"))
        try Data((risky + "ENV GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n").utf8).write(to: URL(fileURLWithPath: p))
        let newer = try bulkhead(["dockerfile", p, "--baseline", b])
        #expect(newer.status == 1 && newer.stdout.contains("DF022"))
        #expect(!newer.stdout.contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"))
        #expect(try bulkhead(["dockerfile", p, "--baseline", d.appendingPathComponent("missing.json").path]).status == 2)
    }

    @Test func configFileAndProfile() throws {
        let d = scratch(["Dockerfile": "FROM ubuntu:24.04\nUSER 1\nHEALTHCHECK CMD [\"true\"]\n", "strict.yml": "fail-on: low\nprofile: restricted\n",
                         "bad.yml": "fail-on: sometimes\n"])
        let p = d.appendingPathComponent("Dockerfile").path
        #expect(try bulkhead(["dockerfile", p]).status == 0)
        let strict = try bulkhead(["dockerfile", p, "--config", d.appendingPathComponent("strict.yml").path])
        #expect(strict.status == 1 && strict.stdout.contains("DF015"))
        let bad = try bulkhead(["dockerfile", p, "--config", d.appendingPathComponent("bad.yml").path])
        #expect(bad.status == 2 && bad.stdout.contains("fail-on must be"))
        #expect(try bulkhead(["dockerfile", p, "--config", d.appendingPathComponent("absent.yml").path]).status == 2)
        #expect(try bulkhead(["dockerfile", p, "--disable", "DF999"]).status == 2)
    }

    @Test func rulesAndExplain() throws {
        let r = try bulkhead(["rules"])
        #expect(r.status == 0 && r.stdout.contains("DF001") && r.stdout.contains("user.root"))
        let j = try bulkhead(["rules", "--format", "json"])
        let arr = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [[String: Any]]
        #expect((arr?.count ?? 0) >= 50)
        #expect(try bulkhead(["rules", "--format", "markdown"]).stdout.hasPrefix("| id |"))
        let e = try bulkhead(["explain", "DL3002"])
        #expect(e.status == 0 && e.stdout.hasPrefix("DF002") && e.stdout.contains("Why it matters") && e.stdout.contains("Does not trigger on"))
        #expect(try bulkhead(["explain", "XX123"]).status == 2)
    }

    @Test func malformedFileIsReportedAndOthersStillAudited() throws {
        let d = scratch(["a/Dockerfile": "FROM alpine:3.20\nRUN <<EOF\necho\n", "b/Dockerfile": risky])
        let r = try bulkhead(["scan", d.path, "--format", "json"])
        #expect(r.status == 2)
        #expect(r.stdout.contains("unterminated heredoc") && r.stdout.contains("\"line\": 2"))
        #expect(r.stdout.contains("b/Dockerfile"))
        #expect(r.stderr.contains("a/Dockerfile:2"))
    }

    @Test func composeCommand() throws {
        let d = scratch(["compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    ports: [\"5432:5432\"]\n",
                         "prod.yaml": "services:\n  web:\n    privileged: false\n    read_only: true\n"])
        let one = try bulkhead(["compose", d.appendingPathComponent("compose.yaml").path, "--format", "json"])
        #expect(one.status == 1)
        #expect(one.stdout.contains("\"RT002\"") && one.stdout.contains("\"escape\"") && one.stdout.contains("\"scorecard\""))
        #expect(one.stdout.contains("\"path\": \"services.web.privileged\""))
        let merged = try bulkhead(["compose", "-f", d.appendingPathComponent("compose.yaml").path, "-f", d.appendingPathComponent("prod.yaml").path, "--format", "json"])
        #expect(!merged.stdout.contains("\"RT002\""))
        let text = try bulkhead(["compose", d.appendingPathComponent("compose.yaml").path])
        #expect(text.stdout.contains("defense in depth") && text.stdout.contains("chain:") && text.stdout.contains("break it:"))
        #expect(try bulkhead(["compose"]).status == 2)
        let bad = try bulkhead(["compose", scratch(["c.yml": "services:\n  a: [\n"]).appendingPathComponent("c.yml").path])
        #expect(bad.status == 2 && bad.stdout.contains("invalid YAML"))
    }

    @Test func runCommand() throws {
        let r = try bulkhead(["run", "--format", "json", "--", "docker", "run", "--privileged", "-v", "/var/run/docker.sock:/var/run/docker.sock", "x:1"])
        #expect(r.status == 1 && r.stdout.contains("\"RT003\"") && r.stdout.contains("\"kind\": \"run\""))
        let d = scratch(["deploy.sh": "#!/bin/sh\ndocker run -d \\\n  --cap-add SYS_ADMIN \\\n  x:1\n", "README.md": "```sh\ndocker run --pid=host y:1\n```\n"])
        let f = try bulkhead(["run", "--file", d.appendingPathComponent("deploy.sh").path, "--file", d.appendingPathComponent("README.md").path, "--format", "json"])
        #expect(f.stdout.contains("\"RT004\"") && f.stdout.contains("\"RT010\""))
        #expect(f.stdout.contains("\"line\": 3"))  // --cap-add is on the continuation line; the command starts on line 2
        #expect(try bulkhead(["run", "--", "ls", "-l"]).status == 2)
    }

    @Test func inspectCommandAndDaemonConfig() throws {
        let json = "[{\"Name\": \"/db\", \"Config\": {\"User\": \"999\", \"Image\": \"postgres:16\"}, \"HostConfig\": {\"SecurityOpt\": [], \"CapDrop\": [\"ALL\"], \"ReadonlyRootfs\": true, \"Memory\": 1000000, \"PidsLimit\": 100, \"NanoCpus\": 1000000000}}]"
        let d = scratch(["i.json": json, "daemon.json": "{\"no-new-privileges\": true}", "bad.json": "{"])
        let plain = try bulkhead(["inspect", d.appendingPathComponent("i.json").path, "--format", "json", "--fail-on", "low"])
        #expect(plain.stdout.contains("\"RT009\""))
        let withDaemon = try bulkhead(["inspect", d.appendingPathComponent("i.json").path, "--format", "json", "--fail-on", "low",
                                       "--daemon-config", d.appendingPathComponent("daemon.json").path])
        #expect(!withDaemon.stdout.contains("\"RT009\""))
        #expect(try bulkhead(["inspect", "-", "--format", "json"], stdin: json).stdout.contains("\"name\": \"db\""))
        #expect(try bulkhead(["inspect", d.appendingPathComponent("i.json").path, "--daemon-config", d.appendingPathComponent("bad.json").path]).status == 2)
    }

    @Test func scanPicksUpComposeFiles() throws {
        let d = scratch(["Dockerfile": clean, "deploy/docker-compose.prod.yml": "services:\n  a:\n    image: a:1\n    privileged: true\n", "notes.yml": "a: 1\n"])
        let r = try bulkhead(["scan", d.path, "--format", "json"])
        #expect(r.stdout.contains("docker-compose.prod.yml") && r.stdout.contains("\"RT002\""))
        #expect(!r.stdout.contains("notes.yml"))
    }
}
