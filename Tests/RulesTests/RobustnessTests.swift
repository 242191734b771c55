import BulkheadCore
import BulkheadTesting
import DockerfileParser
import Foundation
import Testing
@testable import Rules

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

@Suite("Robustness")
struct RobustnessTests {
    static let fragments = ["\\", "`", "\"", "'", "<<EOF", "<<-'X'", "$(", "${", "}", "\n", "\r\n", "|", "&&", ";", "#",
                            "[\"", "]", "--mount=", "FROM ", "RUN ", "COPY --from=", "ONBUILD ", "ARG ", "ENV A=", "\u{0}", "é", "🐳", "\t"]

    static func mutate(_ s: String, _ rng: inout SplitMix) -> String {
        var chars = Array(s)
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            guard !chars.isEmpty else { break }
            let at = Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: chars.insert(contentsOf: fragments.randomElement(using: &rng)!, at: at)
            case 1: chars.removeSubrange(at..<min(chars.count, at + Int.random(in: 1...40, using: &rng)))
            case 2: chars = Array(chars[..<at])  // truncate
            default: chars.insert(contentsOf: chars[at..<min(chars.count, at + 30)], at: Int.random(in: 0..<chars.count, using: &rng))
            }
        }
        return String(chars)
    }

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
            for _ in 0..<(Int(ProcessInfo.processInfo.environment["BULKHEAD_FUZZ_ROUNDS"] ?? "") ?? 6) {
                let text = Self.mutate(seed, &rng)
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
