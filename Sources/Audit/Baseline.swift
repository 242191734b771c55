import BulkheadCore
import BulkheadModel
import Foundation

/// A baseline: fingerprints of accepted findings. Findings whose fingerprint is listed are suppressed.
public struct Baseline: Codable, Sendable {
    public var schema = "bulkhead.baseline/v1"
    public var findings: [Entry]
    public struct Entry: Codable, Sendable, Hashable {
        public var fingerprint: String
        public var rule: String
        public var path: String
    }
    public init(findings: [Finding]) {
        self.findings = findings.map { Entry(fingerprint: $0.fingerprint, rule: $0.ruleID, path: $0.target.path) }
            .sorted { ($0.path, $0.rule, $0.fingerprint) < ($1.path, $1.rule, $1.fingerprint) }
    }
    public var fingerprints: Set<String> { Set(findings.map(\.fingerprint)) }

    public static func load(path: String, files: any FileSource) throws(InputError) -> Baseline {
        guard let text = files.text(path) else { throw InputError(path: path, message: "cannot read the baseline file") }
        do { return try JSONDecoder().decode(Baseline.self, from: Data(text.utf8)) } catch {
            throw InputError(path: path, message: "not a bulkhead baseline (write one with --write-baseline): \(error)")
        }
    }

    /// The file's text: sorted keys, pretty-printed, one trailing newline.
    public func encoded() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(self), as: UTF8.self) + "\n"
    }
}
