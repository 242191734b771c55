import BulkheadCore
import BulkheadTesting
import DockerfileParser
import Foundation
import Testing
@testable import Rules

@Suite("Robustness")
struct RobustnessTests {
    /// Mutated rule examples and corpus files: the parser and every rule must return, and what they return
    /// must make sense (findings on lines of the file, errors with a place in it, known rule ids).
    @Test func mutatedDockerfilesNeverCrash() throws {
        var seeds = RuleCatalog.descriptions.flatMap { ($0.triggering + $0.nonTriggering).map(\.source) }
        if let corpus = TestEnvironment.sharedPath("corpus/dockerfiles"),
           let files = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) {
            let count = Int(ProcessInfo.processInfo.environment["BULKHEAD_FUZZ_FILES"] ?? "") ?? 150
            for f in files.sorted().prefix(count) {
                seeds.append(String(decoding: (try? Data(contentsOf: corpus.appendingPathComponent(f))) ?? Data(), as: UTF8.self))
            }
        }
        let known = Set(RuleCatalog.descriptions.map(\.id))
        let environment = RuleEnvironment(options: RuleOptions(dictionary: ["require-digest": "true", "trusted-registries": "*.example.com"]))
        var rng = SplitMix(state: 20261129)
        var problems: [String] = []
        for seed in seeds {
            for _ in 0..<Mutator.rounds(default: 6) {
                let text = Mutator.mutate(seed, &rng)
                let model = DockerfileParser.parse(text, path: "fuzz/Dockerfile", buildArgs: ["A": "x"])
                let lineCount = max(1, model.lines.count)
                for e in model.errors where !(1...lineCount + 1).contains(e.line ?? 1) { problems.append("error outside the file: \(e)") }
                for f in model.check(environment) {
                    if !known.contains(f.ruleID) { problems.append("unknown rule id \(f.ruleID)") }
                    if !(1...lineCount + 1).contains(f.location.line) || f.location.endLine < f.location.line {
                        problems.append("\(f.ruleID) at line \(f.location.line)-\(f.location.endLine) of a \(lineCount)-line file")
                    }
                }
                if problems.count > 20 { break }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }
}
