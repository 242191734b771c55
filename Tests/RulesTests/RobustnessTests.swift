import BulkheadCore
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

    @Test func mutatedDockerfilesNeverCrash() throws {
        var seeds = RuleCatalog.descriptions.flatMap { ($0.triggering + $0.nonTriggering).map(\.source) }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let corpus = url.appendingPathComponent("shared/corpus/dockerfiles")
        if let files = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) {
            let count = Int(ProcessInfo.processInfo.environment["BULKHEAD_FUZZ_FILES"] ?? "") ?? 150
            for f in files.sorted().prefix(count) {
                seeds.append(String(decoding: (try? Data(contentsOf: corpus.appendingPathComponent(f))) ?? Data(), as: UTF8.self))
            }
        } else {
            print("SKIPPED (partly): ../shared corpus absent; mutating rule examples only")
        }
        var rng = SplitMix(state: 20261129)
        var runs = 0
        for seed in seeds {
            for _ in 0..<(Int(ProcessInfo.processInfo.environment["BULKHEAD_FUZZ_ROUNDS"] ?? "") ?? 6) {
                let text = Self.mutate(seed, &rng)
                let model = DockerfileParser.parse(text, path: "fuzz/Dockerfile", buildArgs: ["A": "x"])
                _ = RuleCatalog.check(model, options: RuleOptions(dictionary: ["require-digest": "true", "trusted-registries": "*.example.com"]))
                runs += 1
            }
        }
        #expect(runs > 1000)
    }
}
