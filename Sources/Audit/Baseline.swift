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
            let why: String
            switch error as? DecodingError {
            case .keyNotFound(let key, _)?: why = "it has no '\(key.stringValue)'"
            case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?: why = "'\(c.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
            case .dataCorrupted?: why = "it is not valid JSON"
            default: why = "it cannot be read"
            }
            throw InputError(path: path, message: "not a bulkhead baseline (\(why)); write one with --write-baseline FILE")
        }
    }

    /// The file's text: sorted keys, pretty-printed, one trailing newline.
    public func encoded() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(self), as: UTF8.self) + "\n"
    }
}
