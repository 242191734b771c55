import Audit
import BulkheadCore
import BulkheadModel
import BulkheadTesting
import Foundation
import Rules
import SystemIO
import Testing

/// Every reader other than the Dockerfile parser (fuzzed in RulesTests), fed mutated real inputs through
/// the whole pipeline: no crash, no hang, and what comes back makes sense. BULKHEAD_FUZZ_ROUNDS=2000
/// runs well over 100,000 inputs; the default keeps CI quick.
@Suite("Fuzzing the readers")
struct FuzzTests {
    static func seeds(_ kind: TargetKind) -> [String] {
        var out: [String] = []
        for d in RuleCatalog.descriptions {
            for ex in d.triggering + d.nonTriggering {
                let format = ex.options["format"] ?? (d.id.hasPrefix("DF") ? "dockerfile" : d.id.hasPrefix("HO") ? "host" : "compose")
                if format == kind.rawValue { out.append(ex.source) }
            }
        }
        if kind == .compose, let dir = TestEnvironment.shared?.appendingPathComponent("corpus/compose"),
           let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) {
            for f in files.sorted().prefix(40) { out.append((try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)) ?? "") }
        }
        if kind == .run { out.append("# Run it\n\n```console\n$ docker run -d \\\n    -p 5432:5432 -e POSTGRES_PASSWORD=x postgres:16\n```\n") }
        return out
    }

    /// Lines as YAML and shells count them: LF, CR LF and a lone CR each end one.
    static func lineCount(_ text: String) -> Int {
        let b = Array(text.utf8)
        var n = 1
        for (i, c) in b.enumerated() where c == 10 || (c == 13 && (i + 1 == b.count || b[i + 1] != 10)) { n += 1 }
        return n
    }

    /// Findings lie inside their file; errors and warnings name a place inside it.
    static func check(_ r: Report, lines: Int, _ problems: inout [String], _ text: String, path: String? = nil) {
        let known = Set(r.rules.map(\.id))
        // (a host snapshot's daemon.json findings point into daemon.json, a text of its own)
        for f in r.findings where path == nil || f.target.path == path {
            if !known.contains(f.ruleID) { problems.append("unknown rule \(f.ruleID)") }
            if f.location.line > lines + 1 { problems.append("\(f.ruleID) at line \(f.location.line) of a \(lines)-line input:\n\(text.prefix(300))") }
        }
        for e in r.errors + r.warnings where (e.line ?? 1) > lines + 1 && (path == nil || e.path == path || e.path == "-") { problems.append("\(e) beyond the end of a \(lines)-line input") }
    }

    @Test(arguments: [TargetKind.compose, .run, .inspect, .host])
    func mutatedInputsAreReadSafely(_ kind: TargetKind) {
        let path = kind == .run ? "/fuzz/README.md" : (kind == .inspect ? "/fuzz/inspect.json" : kind == .host ? "/fuzz/host.json" : "/fuzz/compose.yaml")
        var rng = SplitMix(state: 20261201 &+ UInt64(kind.rawValue.count))
        var problems: [String] = []
        var runs = 0
        for seed in Self.seeds(kind) where !seed.isEmpty {
            for _ in 0..<Mutator.rounds(default: 4) {
                let text = Mutator.mutate(seed, &rng)
                let r = audit(text, as: kind, path: path)
                Self.check(r, lines: Self.lineCount(text), &problems, text, path: kind == .host ? path : nil)
                runs += 1
                if problems.count > 10 { break }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
        #expect(!Self.seeds(kind).isEmpty, "no seeds for \(kind)")  // the seeds come from the rule examples, which exist
    }

    /// Build contexts with mutated .dockerignore files and mutated COPY lines (from the DF095/DF096 examples):
    /// no crash, every finding inside the Dockerfile, ignore-file warnings inside the ignore file, and the
    /// same report twice.
    @Test func mutatedIgnoreFilesAndContextsAreReadSafely() {
        var rng = SplitMix(state: 20261202)
        var problems: [String] = []
        let contextRules = RuleCatalog.descriptions.filter { $0.id == "DF095" || $0.id == "DF096" }
        let seeds = contextRules.flatMap { $0.triggering + $0.nonTriggering }.filter { $0.options["context"] != nil }
        let ignoreSeeds = ["node_modules\n.git\n*.md\n!README.md\n", "**/*.pem\n[a-z]*.key\n!keep/**\n", "# c\n/.env*\n!.env.example\n\\#x\n?.tfstate\n"]
        #expect(!seeds.isEmpty)
        for ex in seeds {
            for round in 0..<Mutator.rounds(default: 4) {
                let dockerfile = round % 2 == 0 ? ex.source : Mutator.mutate(ex.source, &rng)
                let ignore = Mutator.mutate(ignoreSeeds[round % ignoreSeeds.count], &rng)
                var texts = ["/fuzzctx/Dockerfile": dockerfile, "/fuzzctx/.dockerignore": ignore]
                for (path, text) in ExampleVerifier.contextFiles(ex.options["context"]!) where path != ".dockerignore" { texts["/fuzzctx/" + path] = text }
                var options = isolatedOptions()
                options.buildContext = .directory("/fuzzctx")
                let a = testAuditor(texts, options: options)
                let r1 = a.audit(a.readers.dockerfile("/fuzzctx/Dockerfile"))
                let r2 = a.audit(a.readers.dockerfile("/fuzzctx/Dockerfile"))
                Self.check(r1, lines: Self.lineCount(dockerfile), &problems, dockerfile, path: "/fuzzctx/Dockerfile")
                // Docker reads the ignore file by \n (a lone CR ends no line there)
                for w in r1.warnings where w.path.hasSuffix(".dockerignore") && (w.line ?? 1) > ignore.utf8.filter({ $0 == 10 }).count + 1 {
                    problems.append("\(w) beyond the ignore file")
                }
                if r1.findings.map(\.message) != r2.findings.map(\.message) { problems.append("not deterministic:\n\(dockerfile)\n---\n\(ignore)") }
                if problems.count > 10 { break }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
    }

    @Test func mutatedConfigurationsAndBaselinesAreClearErrors() {
        let config = """
        profile: restricted
        fail-on: medium
        disable: [DF050, DL3008]
        severity: { DF034: info }
        ignore:
          - rule: DF020
            paths: ["legacy/**"]
            expires: 2099-01-01
        """
        let baseline = "{\"schema\": \"bulkhead.baseline/v1\", \"findings\": [{\"fingerprint\": \"ab\", \"rule\": \"DF001\", \"path\": \"Dockerfile\"}]}"
        var rng = SplitMix(state: 7)
        for _ in 0..<Mutator.rounds(default: 300) {
            let c = Mutator.mutate(config, &rng)
            do { _ = try Config.parse(c, path: "c.yml") } catch { #expect(error.path == "c.yml" && !error.message.isEmpty) }
            let b = Mutator.mutate(baseline, &rng)
            do { _ = try Baseline.load(path: "b.json", files: OverlayFiles(["b.json": b], over: LocalFiles())) } catch {
                #expect(error.message.contains("baseline"), "\(error.message)")
            }
        }
    }
}
