import Foundation

/// A small deterministic generator (SplitMix64), so fuzz failures reproduce.
public struct SplitMix: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// Mutations of real inputs for robustness tests: inserted syntax fragments of every format we read,
/// cuts, truncations and duplicated runs.
public enum Mutator {
    public static let fragments = ["\\", "`", "\"", "'", "<<EOF", "<<-'X'", "$(", "${", "}", "\n", "\r\n", "|", "&&", ";", "#",
                                   "[\"", "]", "--mount=", "FROM ", "RUN ", "COPY --from=", "ONBUILD ", "ARG ", "ENV A=", "\u{0}", "é", "🐳", "\t",
                                   // YAML and JSON
                                   ": ", "- ", "&a ", "*a", "<<: *a", "!!binary ", "{", "[", "\n  ", "\n    - ", "services:\n", "${X:?}", "null",
                                   "\"HostConfig\": {", "\"Privileged\": true", "-1e999", "\"\\u0000\"",
                                   // shell
                                   "docker run ", "--privileged ", "-v /:/h ", "--env-file x ", "\\\n", "$'"]

    public static func mutate(_ s: String, _ rng: inout SplitMix) -> String {
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

    /// Rounds per seed: BULKHEAD_FUZZ_ROUNDS (a long run: 100,000 inputs and more), else `default`.
    public static func rounds(default d: Int) -> Int { Int(ProcessInfo.processInfo.environment["BULKHEAD_FUZZ_ROUNDS"] ?? "") ?? d }
}
