import Audit
import BulkheadCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import BulkheadTesting
import SystemIO
import Testing
@testable import Reporters

let fixtureDockerfile = """
# syntax=docker/dockerfile:1
FROM golang:1.23 AS build
RUN go build -o /app .
FROM ubuntu
RUN apt-get update && apt-get install -y curl \\
    && curl -k https://get.example.com/i.sh | sh
ENV API_TOKEN=abcdef123456 NAME="a | b <c>"
# bulkhead ignore=DF066 -- legacy entrypoint
CMD run --fast
"""

/// A fixed report: the fixture audited with an empty configuration, plus one unreadable input.
func fixtureReport() -> Report {
    var r = Auditor(options: isolatedOptions(), io: testIO()).auditDockerfile(text: fixtureDockerfile, path: "services/api/Dockerfile")
    r.errors.append(InputError(path: "broken/Dockerfile", line: 3, message: "unterminated heredoc <<EOF started here"))
    r.targets.append(Target(kind: .dockerfile, path: "broken/Dockerfile"))
    r.sort()
    return r
}

let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

let fixtureCompose = """
services:
  web:
    image: nginx:1.27
    read_only: true
    cap_drop: [ALL]
    ports: ["127.0.0.1:8080:80"]
  agent:
    image: agent
    cap_add: [SYS_ADMIN]
    security_opt: [apparmor=unconfined]
    environment:
      API_TOKEN: abcdef123456
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
"""

func composeReport() -> Report {
    Auditor(options: isolatedOptions(), io: testIO()).auditCompose(files: ["deploy/compose.yaml"], inMemory: ["deploy/compose.yaml": fixtureCompose])
}

@Suite("Reporters")
struct ReporterTests {
    @Test(arguments: OutputFormat.allCases)
    func matchesGolden(_ format: OutputFormat) throws {
        let out = Reporters.render(fixtureReport(), format: format, context: ReportContext(color: false, failOn: .high))
        let file = goldenDir.appendingPathComponent("report.\(format.rawValue).golden")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenDir, withIntermediateDirectories: true)
            try Data(out.utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(out == expected, "\(format) output changed; rerun with UPDATE_GOLDEN=1 after checking the diff")
    }

    @Test(arguments: [OutputFormat.text, .json, .sarif])
    func composeMatchesGolden(_ format: OutputFormat) throws {
        let out = Reporters.render(composeReport(), format: format, context: ReportContext(color: false, failOn: .high))
        #expect(!out.contains("abcdef123456"))
        let file = goldenDir.appendingPathComponent("compose.\(format.rawValue).golden")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" { try Data(out.utf8).write(to: file) }
        #expect(out == (try String(contentsOf: file, encoding: .utf8)), "\(format) output changed; rerun with UPDATE_GOLDEN=1 after checking the diff")
    }

    @Test func composeJSONAndSARIFValidate() throws {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/report.schema.json")
        try validate(Reporters.render(composeReport(), format: .json), schema: schema.path, draft: "Draft7Validator")
        if let sarif = TestEnvironment.sharedPath("schemas/sarif-schema-2.1.0.json") {
            try validate(Reporters.render(composeReport(), format: .sarif), schema: sarif.path, draft: "Draft7Validator")
        }
    }

    @Test func reportContentIsSane() {
        let r = fixtureReport()
        #expect(r.suppressed == 1)
        #expect(r.findings.contains { $0.ruleID == "DF030" && $0.location.line == 6 })
        #expect(!r.findings.contains { $0.ruleID == "DF066" })
        // never print the secret value
        for f in OutputFormat.allCases {
            #expect(!Reporters.render(r, format: f).contains("abcdef123456"), "\(f) leaks the secret")
        }
    }

    @Test func colourOnlyWhenAsked() {
        let plain = Reporters.render(fixtureReport(), format: .text, context: ReportContext(color: false))
        let colour = Reporters.render(fixtureReport(), format: .text, context: ReportContext(color: true))
        #expect(!plain.contains("\u{1B}["))
        #expect(colour.contains("\u{1B}[1;31mHIGH"))
    }

    @Test func githubAnnotationsEscapeProperties() {
        let out = Reporters.render(fixtureReport(), format: .github)
        #expect(out.contains("::error file=services/api/Dockerfile,line="))
        #expect(out.split(separator: "\n").allSatisfy { $0.hasPrefix("::") })
    }

    @Test func junitIsWellFormedXML() throws {
        let out = Reporters.render(fixtureReport(), format: .junit)
        let doc = try XMLDocument(data: Data(out.utf8))
        #expect(doc.rootElement()?.name == "testsuites")
        // findings below the default --fail-on (high) pass; the rest fail
        #expect(try doc.nodes(forXPath: "//failure").count == fixtureReport().findings.filter { $0.severity >= .high }.count)
        #expect(try doc.nodes(forXPath: "//testcase").count == fixtureReport().findings.count + 1)
        #expect(try doc.nodes(forXPath: "//error").count == 1)
    }

    @Test func jsonValidatesAgainstReportSchema() throws {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/report.schema.json")
        try validate(Reporters.render(fixtureReport(), format: .json), schema: schema.path, draft: "Draft7Validator")
    }

    @Test func sarifValidatesAgainstSARIF210Schema() throws {
        guard let shared = TestEnvironment.sharedPath("schemas/sarif-schema-2.1.0.json") else { return }
        let out = Reporters.render(fixtureReport(), format: .sarif)
        try validate(out, schema: shared.path, draft: "Draft7Validator")
        // GitHub code scanning needs a location on every result and help on every rule
        let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        let run = (json["runs"] as! [[String: Any]])[0]
        for res in run["results"] as! [[String: Any]] { #expect((res["locations"] as? [Any])?.isEmpty == false) }
        let rules = ((run["tool"] as! [String: Any])["driver"] as! [String: Any])["rules"] as! [[String: Any]]
        for rule in rules { #expect(rule["help"] != nil) }
    }
}

/// Validates with Python's jsonschema (a real, independent validator). In CI it must be present.
func validate(_ document: String, schema: String, draft: String) throws {
    let dir = Scratch.directory("schema")
    let doc = dir.appendingPathComponent("doc.json")
    try Data(document.utf8).write(to: doc)
    let script = """
    import json, sys
    try:
        import jsonschema
    except ImportError:
        print("NO_JSONSCHEMA"); sys.exit(3)
    schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
    errors = sorted(jsonschema.\(draft)(schema).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:10]: print(list(e.path), e.message)
    sys.exit(1 if errors else 0)
    """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script, schema, doc.path]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    do { try p.run() } catch { TestEnvironment.missing("python3 (schema validation)"); return }
    p.waitUntilExit()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    if p.terminationStatus == 3 { TestEnvironment.missing("Python's jsonschema (pip install jsonschema)"); return }
    #expect(p.terminationStatus == 0, "schema validation failed:\n\(out)")
}

@Suite("Warnings in reports")
struct WarningReportTests {
    func report() -> Report {
        testAuditor().auditDockerfile(text: "FROM debian:12\n# bulkhead ignore=DF999\nUSER 1000\n", path: "w/Dockerfile")
    }

    @Test func everyFormatCarriesWarnings() throws {
        let r = report()
        #expect(r.warnings.count == 1)
        #expect(Reporters.render(r, format: .text).contains("2:1  WARNING  unknown rule id 'DF999'"))
        #expect(Reporters.render(r, format: .github).contains("::warning file=w/Dockerfile,line=2,"))
        let json = Reporters.render(r, format: .json)
        #expect(json.contains("\"warnings\""))
        try validate(json, schema: TestEnvironment.repository.appendingPathComponent("docs/report.schema.json").path, draft: "Draft7Validator")
        let sarif = Reporters.render(r, format: .sarif)
        #expect(sarif.contains("\"level\": \"warning\"") || sarif.contains("\"level\":\"warning\""))
        if let schema = TestEnvironment.sharedPath("schemas/sarif-schema-2.1.0.json") { try validate(sarif, schema: schema.path, draft: "Draft7Validator") }
        // no warnings, no key: the JSON of a clean run is as before
        #expect(!Reporters.render(fixtureReport(), format: .json).contains("\"warnings\""))
    }
}

@Suite("Suppressed findings on request")
struct ShowSuppressedTests {
    @Test func suppressedFindingsSayWhatHidThem() throws {
        var o = isolatedOptions()
        o.keepSuppressed = true
        let r = testAuditor(options: o).auditDockerfile(text: fixtureDockerfile, path: "services/api/Dockerfile")
        #expect(r.suppressed == 1 && r.suppressedFindings.count == 1)
        #expect(r.suppressedFindings.first?.ruleID == "DF066" && r.suppressedFindings.first?.suppressedBy == "an inline ignore")
        // a suppressed finding carries its fingerprint (32 hex digits), as a listed one does: a baseline can take it
        #expect(r.suppressedFindings.first.map { $0.fingerprint.count == 32 && $0.fingerprint.allSatisfy(\.isHexDigit) } == true)
        #expect(Reporters.render(r, format: .text).contains("SUPPRESSED  DF066"))
        let json = Reporters.render(r, format: .json)
        #expect(json.contains("\"suppressedBy\": \"an inline ignore\""))
        try validate(json, schema: TestEnvironment.repository.appendingPathComponent("docs/report.schema.json").path, draft: "Draft7Validator")
        // not asked: not kept
        #expect(testAuditor().auditDockerfile(text: fixtureDockerfile, path: "services/api/Dockerfile").suppressedFindings.isEmpty)
    }
}

@Suite("Source excerpts in text reports")
struct ExcerptTests {
    @Test func shortAndEarlyColumnsAreShownAsBefore() {
        #expect(TextReporter.excerpt("RUN\tcurl -k x", column: 5) == ("RUN\tcurl -k x", "   \t"))
        let long = "RUN " + String(repeating: "a", count: 300)
        let e = TextReporter.excerpt(long, column: 5)
        #expect(e.shown == String(long.prefix(157)) + "..." && e.caretPad == "    ")
    }

    @Test func aFarColumnShowsItsWindowWithTheCaretUnderIt() {
        // one line of 20,000 commands (a hostile file): the finding at byte 4,026 is shown where it is
        let line = "RUN " + (0..<20_000).map { "apt-get install -y a\($0)" }.joined(separator: " && ")
        let column = line.utf8.distance(from: line.utf8.startIndex, to: line.range(of: "apt-get install -y a153 ")!.lowerBound) + 1
        let e = TextReporter.excerpt(line, column: column)
        #expect(e.shown.hasPrefix("...") && e.shown.hasSuffix("...") && e.shown.count <= 160)
        let under = e.shown.dropFirst(e.caretPad.count)
        #expect(under.hasPrefix("apt-get install -y a153 "), "\(under.prefix(30))")
        // multi-byte text before the column: the window starts on a character, the caret counts characters
        let accented = "RUN " + String(repeating: "é", count: 200) + " && curl -k x"
        let c = accented.utf8.count - "curl -k x".utf8.count + 1
        let a = TextReporter.excerpt(accented, column: c)
        #expect(a.shown.dropFirst(a.caretPad.count).hasPrefix("curl -k x"))
        #expect(!a.shown.contains("\u{FFFD}"))
        // a column past the end of the line puts the caret after what is shown
        let past = TextReporter.excerpt(String(repeating: "b", count: 400), column: 10_000)
        #expect(past.shown == "..." && past.caretPad == "   ")
    }
}
