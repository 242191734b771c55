import BulkheadCore
import Foundation
import BulkheadTesting
import SystemIO
import Rules
import DockerfileParser
import Testing
@testable import Audit

func tempDir() -> URL {
    Scratch.directory("engine")
}

func write(_ text: String, _ url: URL) {
    try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try! Data(text.utf8).write(to: url)
}

@Suite("Suppression")
struct SuppressionTests {
    let auditor = Auditor(options: { var o = AuditOptions(); o.configPath = nil; return o }(), io: testIO())

    func ids(_ text: String) -> (Set<String>, Int) {
        let r = auditor.auditDockerfile(text: text, path: "/nonexistent-dir/Dockerfile")
        return (Set(r.findings.map(\.ruleID)), r.suppressed)
    }

    @Test func nextInstructionPragma() {
        let (a, s) = ids("FROM alpine:3.20\n# bulkhead ignore=DF030 -- vendor installer, checksum verified upstream\nRUN curl -fsSL https://x | sh\nRUN wget -qO- https://y | sh\nUSER 1")
        #expect(a.contains("DF030"))  // the second RUN is still reported
        #expect(s >= 1)
        let r = auditor.auditDockerfile(text: "FROM alpine:3.20\n# bulkhead ignore=DF030\nRUN curl -fsSL https://x | sh\nRUN wget -qO- https://y | sh\nUSER 1", path: "/x/Dockerfile")
        #expect(r.findings.filter { $0.ruleID == "DF030" }.map(\.location.line) == [4])
    }

    @Test func stageAndGlobalPragmas() {
        let text = """
        # bulkhead global ignore=DF050
        FROM debian:12 AS build
        RUN apt-get install -y --no-install-recommends gcc
        # bulkhead stage ignore=DF001,DF034 -- distroless later
        FROM debian:12
        RUN apt-get install -y --no-install-recommends curl
        """
        let (a, s) = ids(text)
        #expect(!a.contains("DF050") && !a.contains("DF001"))
        #expect(a.contains("DF034"))  // the build stage's DF034 is not covered by the stage pragma
        #expect(s >= 3)
    }

    @Test func unknownIdsInInlineIgnoresAreWarnings() {
        let r = auditor.auditDockerfile(text: "FROM debian:12\n# bulkhead ignore=DF999,DF050\nUSER 1000\n# hadolint ignore=DL9999\nCMD [\"x\"]\n", path: "/x/Dockerfile")
        #expect(r.warnings.count == 1)
        #expect(r.warnings.first?.line == 2 && r.warnings.first?.message.contains("'DF999'") == true)
        let y = audit("services:\n  a:\n    image: a:1\n    privileged: true # bulkhead ignore=RT002,XX001\n", as: .compose, path: "/w/c.yml")
        #expect(y.warnings.map(\.line) == [4] && !y.findings.contains { $0.ruleID == "RT002" })
    }

    @Test func hadolintAndBuildKitPragmasMapThroughAliases() {
        let (a, _) = ids("# check=skip=JSONArgsRecommended\nFROM ubuntu:24.04\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl\nCMD run\nUSER 1")
        #expect(!a.contains("DF066") && !a.contains("DF034") && !a.contains("DF040"))
        #expect(a.contains("DF041") == false)
    }
}

@Suite("Configuration")
struct ConfigTests {
    @Test func parsesEveryKey() throws {
        let c = try Config.parse("""
        profile: restricted
        fail-on: medium
        disable: [DF050, df034]
        severity: { DF035: info }
        trusted-registries: [registry.example.com, "*.corp.example.com"]
        allowed-secret-names: [SESSION_SECRET]
        require-digest: true
        exclude: ["test/**"]
        ignore:
          - rule: DF020
            paths: ["legacy/**"]
            reason: rotated
            expires: 2099-01-01
        """, path: "c.yml")
        #expect(c.profile == .restricted)
        #expect(c.failOn == .some(.medium))
        #expect(c.disabled == ["DF050", "DF034"])
        #expect(c.severities["DF035"] == .info)
        #expect(c.ruleOptions.trustedRegistries.count == 2 && c.ruleOptions.requireDigest)
        #expect(c.ignores.first?.paths == ["legacy/**"])
    }

    @Test(arguments: [
        ("unknown: 1", 1, "unknown key"),
        ("profile: strict", 1, "profile must be"),
        ("fail-on: severe", 1, "fail-on must be"),
        ("fail-on: high\ndisable: [DF999]", 2, "unknown rule id 'DF999'"),
        ("severity:\n  DL9999: low", 2, "unknown rule id 'DL9999'"),
        ("severity:\n  DF001: loud", 2, "one of critical"),
        ("ignore:\n  - rule: NOPE1", 2, "unknown rule id 'NOPE1'"),
        ("ignore:\n  - paths: [x]", 2, "needs a 'rule'"),
        ("severity: [1]", 1, "severity must map"),
        ("a: [unclosed", 2, "invalid YAML"),
    ] as [(String, Int, String)])
    func errorsNameTheLine(_ text: String, _ line: Int, _ fragment: String) {
        do {
            _ = try Config.parse(text, path: "cfg.yml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.path == "cfg.yml")
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.line == line, "\(text): \(error)")
        }
    }

    /// Aliases from other tools name the canonical rules wherever configuration takes an id.
    @Test func aliasesInTheConfigurationActOnTheirRules() throws {
        let c = try Config.parse("""
        fail-on: off
        disable: [DL3008]
        severity: {DL3057: info, DS-0002: critical, DF048: off}
        ignore:
          - rule: DL3002
            reason: the image drops privileges in its entrypoint
        """, path: "c.yml")
        #expect(c.failOn == .some(nil))
        #expect(c.disabled == ["DF034", "DF048"])
        #expect(c.severities == ["DF050": .info, "DF001": .critical, "DF002": .critical, "IM001": .critical])
        #expect(c.ignores.first?.rules == ["DF002"])

        let dir = tempDir()
        write("disable: [DL3008]\nseverity: {DL3057: info}\nignore:\n  - rule: DL3002\n", dir.appendingPathComponent(".bulkhead.yml"))
        let df = dir.appendingPathComponent("Dockerfile")
        write("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER root\n", df)
        let configured = Auditor(options: AuditOptions(), io: testIO()).audit(paths: [(df.path, .dockerfile)])
        let plain = testAuditor().audit(paths: [(df.path, .dockerfile)])
        let before = Dictionary(grouping: plain.findings, by: \.ruleID), after = Dictionary(grouping: configured.findings, by: \.ruleID)
        // the same Dockerfile without the configuration has all three findings …
        #expect(before["DF034"] != nil && before["DF050"]?.first?.severity == .low && before["DF002"] != nil)
        // … and with it: DL3008 → DF034 off, DL3057 → DF050 at info, DL3002 → DF002 ignored
        #expect(after["DF034"] == nil)
        #expect(after["DF050"]?.first?.severity == .info)
        #expect(after["DF002"] == nil && configured.suppressed == 1)
    }

    @Test func commandLineDisableTakesAliasesToo() {
        var o = isolatedOptions()
        o.disabled = Set(["DL3057", "DF002"].flatMap(RuleCatalog.canonicalIDs))
        let r = testAuditor(options: o).auditDockerfile(text: "FROM debian:12\nUSER root\n", path: "/x/Dockerfile")
        #expect(!r.findings.contains { $0.ruleID == "DF050" || $0.ruleID == "DF002" })
        #expect(r.findings.contains { $0.ruleID == "DF001" } == false)
    }

    @Test func foundUpwardAndApplied() throws {
        let dir = tempDir()
        write("disable: [DF050]\nseverity: { DF001: low }\nignore:\n  - rule: DF010\n    expires: 2000-01-01\n", dir.appendingPathComponent(".bulkhead.yml"))
        let df = dir.appendingPathComponent("svc/api/Dockerfile")
        write("FROM ubuntu\nCMD [\"x\"]\n", df)
        let r = Auditor(options: AuditOptions(), io: testIO()).audit(paths: [(df.path, .dockerfile)])
        let byRule = Dictionary(grouping: r.findings, by: \.ruleID)
        #expect(byRule["DF050"] == nil)
        #expect(byRule["DF001"]?.first?.severity == .low)
        #expect(byRule["DF010"] != nil, "an expired ignore no longer applies")
    }

    @Test func brokenConfigIsAnErrorButTheFileIsStillAudited() {
        let dir = tempDir()
        write("profile: [", dir.appendingPathComponent(".bulkhead.yml"))
        let df = dir.appendingPathComponent("Dockerfile")
        write("FROM ubuntu\n", df)
        let r = Auditor(options: AuditOptions(), io: testIO()).audit(paths: [(df.path, .dockerfile)])
        #expect(r.errors.contains { $0.path.hasSuffix(".bulkhead.yml") })
        #expect(r.findings.contains { $0.ruleID == "DF010" })
    }

    @Test func restrictedProfileRaisesHardeningChecks() {
        let text = "FROM debian:12\nRUN apt-get install -y curl\nUSER 1000\n"
        let base = Auditor(options: AuditOptions(), io: testIO()).auditDockerfile(text: text, path: "/x/Dockerfile")
        var o = AuditOptions(); o.profile = .restricted
        let strict = Auditor(options: o, io: testIO()).auditDockerfile(text: text, path: "/x/Dockerfile")
        #expect(base.findings.first { $0.ruleID == "DF050" }?.severity == .low)
        #expect(strict.findings.first { $0.ruleID == "DF050" }?.severity == .medium)
        #expect(strict.findings.first { $0.ruleID == "DF034" }?.severity == .medium)
        #expect(strict.findings.contains { $0.ruleID == "DF015" } && !base.findings.contains { $0.ruleID == "DF015" })
    }

    @Test func pathGlobs() {
        #expect(pathGlob("test/**", "test/a/b/Dockerfile"))
        #expect(pathGlob("**/Dockerfile", "a/b/Dockerfile"))
        #expect(pathGlob("*.dockerfile", "x.dockerfile"))
        #expect(!pathGlob("*.dockerfile", "a/x.dockerfile"))
        #expect(pathGlob("a/*/c", "a/b/c") && !pathGlob("a/*/c", "a/b/b/c"))
    }
}

@Suite("Baseline and fingerprints")
struct BaselineTests {
    let text = "FROM ubuntu\nRUN curl -k https://x | sh\nENV API_TOKEN=abcdef123456\n"

    @Test func fingerprintsIgnoreLineShifts() {
        let a = Auditor(options: AuditOptions(), io: testIO()).auditDockerfile(text: text, path: "/x/Dockerfile")
        let b = Auditor(options: AuditOptions(), io: testIO()).auditDockerfile(text: "# a comment\n\n" + text.replacingOccurrences(of: "\nRUN", with: "\nLABEL a=b\nRUN"), path: "/x/Dockerfile")
        #expect(!a.findings.isEmpty)
        #expect(Set(a.findings.map(\.fingerprint)) == Set(b.findings.map(\.fingerprint)))
        #expect(Set(a.findings.map(\.fingerprint)).count == a.findings.count)
        #expect(a.findings.allSatisfy { $0.fingerprint.count == 32 })
    }

    @Test func baselineRoundTripSuppresses() throws {
        let dir = tempDir()
        let first = Auditor(options: AuditOptions(), io: testIO()).auditDockerfile(text: text, path: "/x/Dockerfile")
        let file = dir.appendingPathComponent("baseline.json").path
        try Data(Baseline(findings: first.findings).encoded().utf8).write(to: URL(fileURLWithPath: file))
        var o = AuditOptions()
        o.baseline = try Baseline.load(path: file, files: LocalFiles())
        let again = Auditor(options: o, io: testIO()).auditDockerfile(text: text + "RUN wget --no-check-certificate https://y\n", path: "/x/Dockerfile")
        #expect(again.findings.map(\.ruleID) == ["DF032"])
        #expect(again.suppressed == first.findings.count)
    }

    @Test func badBaselineIsAClearError() {
        let dir = tempDir()
        let f = dir.appendingPathComponent("b.json")
        write("{not json", f)
        #expect(throws: InputError.self) { try Baseline.load(path: f.path, files: LocalFiles()) }
    }
}

@Suite("Discovery and robustness")
struct DiscoveryTests {
    @Test func findsDockerfilesAndSkipsNoise() {
        let dir = tempDir()
        for p in ["Dockerfile", "svc/Dockerfile.prod", "svc/api.Dockerfile", "svc/x.dockerfile", "Containerfile", "build/Containerfile.dev",
                  ".git/Dockerfile", "node_modules/a/Dockerfile", "vendor/b/Dockerfile", "test/fixtures/Dockerfile", "README.md", "Dockerfile.md.txt.bak/keep",
                  // ignore files, source code and man pages named after Dockerfiles are not Dockerfiles
                  "svc/Dockerfile.prod.dockerignore", "Dockerfile.dockerignore", "Sources/Dockerfile.swift", "bench/dockerfile_corpus.py", "man/Dockerfile.5.gz"] {
            write("FROM alpine:3.20\n", dir.appendingPathComponent(p))
        }
        let (found, errors, _) = Discovery.discover([dir.path], excludes: ["test/**"], files: LocalFiles())
        let rel = found.map { String($0.0.dropFirst(dir.path.count + 1)) }
        #expect(errors.isEmpty)
        #expect(rel == ["Containerfile", "Dockerfile", "build/Containerfile.dev", "svc/Dockerfile.prod", "svc/api.Dockerfile", "svc/x.dockerfile"])
    }

    /// Templates that generate Dockerfiles and Compose files are passed over, unless included by name.
    @Test func templatesArePassedOverUnlessIncluded() {
        let dir = tempDir()
        for p in ["Dockerfile", "Dockerfile.template", "linux/Dockerfile-linux.template", "Dockerfile.j2", "Dockerfile.ncl", "Dockerfile.tmpl",
                  "compose.yml.j2", "docker-compose.yml.example", "Dockerfile.in"] {
            write("FROM {{ base }}\n", dir.appendingPathComponent(p))
        }
        let (found, _, skipped) = Discovery.discover([dir.path], excludes: [], files: LocalFiles())
        #expect(found.map { String($0.0.dropFirst(dir.path.count + 1)) } == ["Dockerfile"])
        #expect(skipped.count == 6)  // compose.yml.j2 and .example were never taken for Compose files
        let (again, _, left) = Discovery.discover([dir.path], excludes: [], includes: ["**/Dockerfile-linux.template"], files: LocalFiles())
        #expect(again.map { String($0.0.dropFirst(dir.path.count + 1)) } == ["Dockerfile", "linux/Dockerfile-linux.template"] && left.count == 5)
    }

    @Test func missingPathIsReported() {
        let (found, errors, _) = Discovery.discover(["/definitely/not/here"], excludes: [], files: LocalFiles())
        #expect(found.isEmpty && errors.first?.message == "no such file or directory")
    }

    @Test func badInputsDoNotStopTheOthers() {
        let dir = tempDir()
        let good = dir.appendingPathComponent("Dockerfile")
        write("FROM ubuntu\n", good)
        let binary = dir.appendingPathComponent("bin.Dockerfile")
        try! Data([0x46, 0x00, 0xFF]).write(to: binary)
        let broken = dir.appendingPathComponent("broken.Dockerfile")
        write("FROM alpine:3.20\nRUN <<EOF\necho\n", broken)
        let r = Auditor(options: AuditOptions(), io: testIO()).audit(paths: [(binary.path, .dockerfile), (broken.path, .dockerfile), (good.path, .dockerfile),
                                                                (dir.appendingPathComponent("missing").path, .dockerfile)])
        #expect(r.errors.count == 3)
        #expect(r.errors.contains { $0.path == broken.path && $0.line == 2 })
        #expect(r.findings.contains { $0.target.path == good.path && $0.ruleID == "DF010" })
        #expect(r.findings.contains { $0.target.path == broken.path })  // what could be read is still audited
    }

    @Test func outputIsDeterministic() {
        let files = (0..<8).map { i -> (String, TargetKind) in
            let u = tempDir().appendingPathComponent("Dockerfile")
            write("FROM ubuntu\nRUN apt-get update && apt-get install -y curl\nRUN curl -k https://x/\(i) | sh\n", u)
            return (u.path, .dockerfile)
        }
        let a = Auditor(options: AuditOptions(), io: testIO()).audit(paths: files)
        let b = Auditor(options: AuditOptions(), io: testIO()).audit(paths: files.reversed())
        #expect(a.findings.map { "\($0.target.path):\($0.location.line):\($0.ruleID):\($0.fingerprint)" }
                == b.findings.map { "\($0.target.path):\($0.location.line):\($0.ruleID):\($0.fingerprint)" })
    }
}

@Suite("Run configurations through the pipeline")
struct RuntimePipelineTests {
    @Test func suppressionCommentsInYAML() {
        let text = "services:\n  a:\n    image: a:1\n    # bulkhead ignore=RT002 -- needed for the device plugin\n    privileged: true\n    pid: host # bulkhead ignore=RT010\n"
        let r = audit(text, as: .compose, path: "/s/c.yml")
        #expect(!r.findings.contains { $0.ruleID == "RT002" || $0.ruleID == "RT010" })
        #expect(r.findings.contains { $0.ruleID == "ES001" })
        #expect(r.suppressed == 2)
    }

    @Test func daemonDefaultsCount() {
        var o = isolatedOptions()
        o.daemon.noNewPrivileges = true
        let text = "services:\n  a:\n    image: a:1\n"
        let with = audit(text, as: .compose, path: "/d/c.yml", options: o)
        let without = audit(text, as: .compose, path: "/d/c.yml")
        #expect(!with.findings.contains { $0.ruleID == "RT009" } && without.findings.contains { $0.ruleID == "RT009" })
    }
}

@Suite("Scorecard agrees with the findings")
struct ScorecardConsistencyTests {
    @Test func privilegedOnTheHostNetworkHoldsNothing() throws {
        let r = audit("services:\n  vpn:\n    image: vpn:1.0\n    privileged: true\n    network_mode: host\n", as: .compose, path: "/s/compose.yaml")
        let card = try #require(r.scorecards.first)
        func status(_ layer: String) -> Scorecard.Status? { card.layers.first { $0.name == layer }?.status }
        #expect(status("seccomp and MAC") == .missing)
        #expect(status("network isolation") == .missing)
        #expect(status("reduced capabilities") == .missing)
        // and a hardened service still holds them
        let ok = audit("services:\n  a:\n    image: a:1.0\n    cap_drop: [ALL]\n", as: .compose, path: "/s/compose.yaml")
        #expect(ok.scorecards.first?.layers.first { $0.name == "seccomp and MAC" }?.status == .held)
        #expect(ok.scorecards.first?.layers.first { $0.name == "network isolation" }?.status == .held)
    }
}

@Suite("Suppression explains itself")
struct SuppressionExplainsTests {
    @Test func expiredIgnoresSayTheyExpired() throws {
        let dir = tempDir()
        write("ignore:\n  - rule: DF010\n    expires: 2000-01-01\n  - rule: DF050\n    expires: 2999-01-01\n", dir.appendingPathComponent(".bulkhead.yml"))
        write("FROM ubuntu\nUSER 1\n", dir.appendingPathComponent("a/Dockerfile"))
        write("FROM ubuntu\nUSER 1\n", dir.appendingPathComponent("b/Dockerfile"))
        let r = Auditor(options: AuditOptions(), io: testIO()).audit(paths: [(dir.appendingPathComponent("a/Dockerfile").path, .dockerfile), (dir.appendingPathComponent("b/Dockerfile").path, .dockerfile)])
        #expect(r.warnings.count == 1, "\(r.warnings)")  // one configuration, one warning
        #expect(r.warnings.first?.line == 2 && r.warnings.first?.message.contains("DF010 expired on 2000-01-01") == true)
        #expect(r.findings.contains { $0.ruleID == "DF010" } && !r.findings.contains { $0.ruleID == "DF050" })
    }

    @Test func anEscapePathSaysItsCauseWasIgnored() throws {
        let r = audit("services:\n  a:\n    image: a:1\n    privileged: true # bulkhead ignore=RT002\n", as: .compose, path: "/s/c.yml")
        let es = try #require(r.findings.first { $0.ruleID == "ES001" })
        #expect(es.message.contains("RT002 is ignored here") && es.message.contains("ignore ES001 as well"))
        let plain = audit("services:\n  a:\n    image: a:1\n    privileged: true\n", as: .compose, path: "/s/c.yml")
        #expect(plain.findings.first { $0.ruleID == "ES001" }?.message.contains("ignored") == false)
    }
}

@Suite("Fixes in the finding's own terms")
struct OwnFixTests {
    @Test func fixesUseTheFindingsValues() throws {
        let d = audit("FROM registry.access.redhat.com/ubi9/ubi\nUSER 1001\nCMD npm start\n", as: .dockerfile, path: "/f/Dockerfile")
        #expect(d.findings.first { $0.ruleID == "DF010" }?.fix?.contains("registry.access.redhat.com/ubi9/ubi:<version>") == true)
        #expect(d.findings.first { $0.ruleID == "DF066" }?.fix == "Use the JSON form: CMD [\"npm\", \"start\"].")
        let shell = audit("FROM node:22\nUSER 1\nCMD npm start && node x | tee log\n", as: .dockerfile, path: "/f/Dockerfile")
        #expect(shell.findings.first { $0.ruleID == "DF066" }?.fix?.contains("exec \"$@\"") == true)
        let c = audit("services:\n  db:\n    image: postgres:16\n    ports: [\"6543:5432\", \"53:53/udp\"]\n", as: .compose, path: "/f/compose.yaml")
        let fixes = c.findings.filter { $0.ruleID == "RT014" }.compactMap(\.fix)
        #expect(fixes.contains { $0.contains("\"127.0.0.1:6543:5432\"") } && fixes.contains { $0.contains("\"127.0.0.1:53:53/udp\"") }, "\(fixes)")
    }
}

@Suite("One wording for unreadable inputs")
struct ReadFailureWordingTests {
    @Test func everyReaderSaysTheSame() throws {
        let dir = tempDir()
        let bin = dir.appendingPathComponent("blob")
        try Data([0x46, 0, 0x41]).write(to: bin)
        let a = testAuditor()
        let kinds: [(TargetKind, String)] = [(.dockerfile, "a Dockerfile"), (.compose, "a Compose file"), (.inspect, "docker inspect output"),
                                             (.run, "a shell script or Markdown file")]
        for (kind, what) in kinds {
            let onBinary = a.audit(a.readers.read(bin.path, as: kind)).errors.map(\.message)
            #expect(onBinary == ["binary file (contains NUL bytes); not \(what)"], "\(kind): \(onBinary)")
            let onDir = a.audit(a.readers.read(dir.path, as: kind)).errors.map(\.message)
            #expect(onDir == ["is a directory (name the file in it, or search it with bulkhead scan DIR)"], "\(kind): \(onDir)")
        }
    }
}

@Suite("Findings per rule, bounded")
struct PerRuleLimitTests {
    func auditor(_ n: Int) -> Auditor {
        var o = AuditOptions(); o.configLookup = false; o.maxPerRule = n
        return Auditor(options: o, io: testIO())
    }
    func dockerfile(_ runs: Int) -> String {
        "FROM debian:12\n" + (0..<runs).map { "RUN apt-get update && apt-get install -y curl\($0) && rm -rf /var/lib/apt/lists/*\n" }.joined() + "USER 1000\n"
    }

    @Test func listsTheFirstNAndCountsTheRest() {
        let r = auditor(10).auditDockerfile(text: dockerfile(30), path: "/x/Dockerfile")
        let df034 = r.findings.filter { $0.ruleID == "DF034" }
        #expect(df034.count == 10)
        #expect(df034.map(\.location.line) == Array(2...11), "the first ones, in order")
        #expect(r.omitted == 20 * 2, "DF034 and DF040 fire on every RUN")
        #expect(r.warnings.contains { $0.message.hasPrefix("DF034 was found 30 times; 10 are listed") })
        let all = auditor(0).auditDockerfile(text: dockerfile(30), path: "/x/Dockerfile")
        #expect(all.findings.filter { $0.ruleID == "DF034" }.count == 30 && all.omitted == 0 && all.warnings.isEmpty)
        // the listed findings keep the fingerprints they have when every finding is listed (baselines hold)
        let fp = Set(all.findings.map(\.fingerprint))
        #expect(r.findings.allSatisfy { fp.contains($0.fingerprint) && $0.fingerprint.count == 32 })
    }

    @Test func theMostSevereAreListedFirst() {
        let t = Target(kind: .dockerfile, path: "/x/Dockerfile")
        let sev: [Severity] = [.low, .low, .high, .low, .critical, .medium, .low]
        var findings = sev.enumerated().map { Finding(ruleID: "DF001", severity: $1, message: "m", target: t, location: Location(line: $0 + 1), evidence: "e\($0)") }
        findings.append(Finding(ruleID: "DF002", severity: .info, message: "m", target: t, location: Location(line: 1), evidence: "x"))
        var part = Tally.Part()
        Auditor.limit(&findings, perRule: 3, into: &part)
        #expect(findings.filter { $0.ruleID == "DF001" }.map(\.location.line) == [3, 5, 6], "the high, critical and medium ones, in their order")
        #expect(findings.contains { $0.ruleID == "DF002" }, "a rule under the limit is untouched")
        #expect(part.omitted == 4 && part.warnings.count == 1)
        var few = Array(findings.prefix(2))
        Auditor.limit(&few, perRule: 3, into: &part)
        #expect(few.count == 2 && part.omitted == 4)
    }

    @Test func occurrenceHashesTellKeysApart() {
        // equal keys hash alike, run after run (no seed); different keys (of every length around a word's
        // eight bytes, and the same bytes cut between fields differently) do not collide
        func key(_ parts: [String]) -> Int {
            var h = OccurrenceHasher()
            for p in parts { h.combine(p) }
            return h.finalize()
        }
        #expect(key(["DF034", "Dockerfile", "", "apt-get curl"]) == key(["DF034", "Dockerfile", "", "apt-get curl"]))
        #expect(key(["ab", "c"]) != key(["a", "bc"]) && key(["", "x"]) != key(["x", ""]) && key(["a"]) != key(["a", ""]))
        var seen = Set<Int>()
        var n = 0
        for i in 0..<15_000 {
            for e in ["apt-get curl\(i) wget\(i)", String(repeating: "x", count: i % 40) + "\(i)", "\u{0}\(i)", "é\(i)"] {
                seen.insert(key(["DF034", "Dockerfile", "", e])); n += 1
            }
        }
        #expect(seen.count == n)
        let t = Target(kind: .dockerfile, path: "./Dockerfile")
        let f = Finding(ruleID: "DF034", severity: .low, message: "m", target: t, location: Location(line: 1), evidence: "apt-get  curl")
        var g = f
        g.target = Target(kind: .dockerfile, path: "Dockerfile"); g.evidence = "apt-get curl"
        #expect(Auditor.occurrenceHash(f) == Auditor.occurrenceHash(g), "./ and whitespace runs do not make another key")
    }

    @Test func aMessageIsMadeOnlyForAFindingThatMayBeListed() {
        let t = Target(kind: .dockerfile, path: "/x/Dockerfile")
        let sev: [Severity] = Array(repeating: .low, count: 8) + [.high, .low]
        func finding(_ i: Int) -> Finding {
            Finding(ruleID: "DF034", severity: sev[i], message: "", target: t, location: Location(line: i + 1), evidence: "e\(i % 3)")
        }
        func collect(lazily: Bool, perRule: Int) -> (findings: [Finding], made: [Int], omitted: Int) {
            let a = auditor(perRule)
            var report = Report()
            let settings = a.settings(for: t.path, into: &report)
            let tally = Tally()
            let k = RuleCollector(auditor: a, settings: settings, ignores: InlineIgnoreSet([], warnings: &report.warnings), tally: tally)
            var made: [Int] = []
            for i in sev.indices {
                if lazily { k.add(finding(i)) { made.append(i); return "m\(i)" } } else { var f = finding(i); f.message = "m\(i)"; k.add(f) }
            }
            let out = k.finish()
            return (out, made, tally.total.omitted)
        }
        let lazy = collect(lazily: true, perRule: 3), eager = collect(lazily: false, perRule: 3)
        // while the rule runs, the first 3 of each severity may still be listed: only theirs are made
        #expect(lazy.made == [0, 1, 2, 8], "the lows after the third and the last low are only counted")
        #expect(lazy.findings == eager.findings && lazy.findings.map(\.message) == ["m0", "m1", "m8"])
        #expect(lazy.omitted == 7 && eager.omitted == 7)
        // the fingerprints count every occurrence (listed or not) the same way both ways
        #expect(lazy.findings.map(\.fingerprint) == eager.findings.map(\.fingerprint) && Set(lazy.findings.map(\.fingerprint)).count == 3)
        let all = collect(lazily: true, perRule: 0)
        #expect(all.made == Array(sev.indices) && all.findings == collect(lazily: false, perRule: 0).findings)
    }

    @Test func aLargeFileRunsItsRulesSideBySideWithTheSameResult() {
        // ≥ 2000 instructions: rules run concurrently; the result is the same as rule by rule, in order
        let text = dockerfile(2100)
        let ctx = DockerfileContext(file: DockerfileParser.parse(text, path: "/x/Dockerfile"))
        let ruleByRule = DockerfileContext.checks.flatMap { $0.run(ctx) }
        let sideBySide = ctx.runRules()
        #expect(ruleByRule.count == sideBySide.count && zip(ruleByRule, sideBySide).allSatisfy { $0.ruleID == $1.ruleID && $0.location == $1.location && $0.message == $1.message })
        let a = auditor(0).auditDockerfile(text: text, path: "/x/Dockerfile")
        #expect(a.findings.filter { $0.ruleID == "DF040" }.count == 2100)
        let small = auditor(0).auditDockerfile(text: dockerfile(3), path: "/x/Dockerfile")
        #expect(Set(small.findings.map(\.ruleID)) == Set(a.findings.map(\.ruleID)))
    }
}
