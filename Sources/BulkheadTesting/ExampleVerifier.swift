import Foundation
import Advisories
import Audit
import ImageFormats
import BulkheadCore
import BulkheadModel
import Rules

/// The one example verifier, for every rule of every subject. An example is read by the real reader of
/// its format (the subject's `exampleFormat`, or `format:` in its options: `run`, `inspect`, …), and the
/// rule alone runs over every subject of its kind; the lines it reports must be exactly the marked ones,
/// and the example must read without errors.
public enum ExampleVerifier {
    /// The path an example of a format is read as.
    static func path(for kind: TargetKind) -> String {
        switch kind {
        case .dockerfile: "Dockerfile"
        case .compose: "/example/compose.yaml"
        case .run: "/example/example.sh"
        case .inspect: "/example/inspect.json"
        case .host: "/example/host.json"
        default: "/example/input"
        }
    }

    /// Where an example's build context (`context:` in its options) is laid out, in memory.
    static let contextRoot = "/example/context"

    /// An example's `context:` option as files: one a line, `path` or `path => text` (`\n` in text for a newline).
    public static func contextFiles(_ option: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in option.split(separator: "\n") {
            let parts = line.components(separatedBy: " => ")
            out[parts[0]] = parts.count > 1 ? parts.dropFirst().joined(separator: " => ").replacingOccurrences(of: "\\n", with: "\n") : ""
        }
        return out
    }

    /// Failures of one rule's examples (empty when all behave).
    public static func verify(_ rule: any AnyRule.Type) -> [String] {
        guard let typed = rule as? any Rule.Type else { return ["\(rule.description.id) is not a Rule"] }
        return verifyTyped(typed)
    }

    static func verifyTyped<R: Rule>(_ rule: R.Type) -> [String] {
        var failures: [String] = []
        let d = rule.description
        for ex in d.triggering + d.nonTriggering {
            let format = ex.options["format"].flatMap(TargetKind.init(rawValue:)) ?? R.Subject.exampleFormat
            let p = path(for: format)
            var texts = [p: ex.source]
            // a Dockerfile example's build context: one file a line, `path` or `path => text` (\n for a newline)
            if let context = ex.options["context"] {
                for (path, text) in contextFiles(context) { texts[contextRoot + "/" + path] = text }
            }
            var io = testIO(texts)
            if let feed = ex.options["advisories"] {
                // an image example's advisory database: OSV records given with it
                do { io.advisories = AdvisoryList(try OSVFeed.parse(feed, source: "example")) } catch {
                    failures.append("\(d.id) example advisories do not read: \(error)"); continue
                }
            }
            let readers = Readers(io: io, buildContext: ex.options["context"] == nil ? .none : .directory(contextRoot))
            let where_ = "\(d.id) example at \(ex.file.split(separator: "/").last ?? ""):\(ex.line)"
            let input: AuditInput
            if format == .image {
                // an image spec, built into a real docker save archive and read back by the image reader
                do { input = readers.imageArchive(BytesStream(try ImageSpec.archive(ex.source)), source: "example.tar") } catch {
                    failures.append("\(where_): \(error)"); continue
                }
            } else {
                input = readers.read(p, as: format)
            }
            if !input.errors.isEmpty { failures.append("\(where_) does not read: \(input.errors.map(\.description))") }
            let environment = RuleEnvironment(exampleOptions: ex.options)
            let subjects = input.subjects.compactMap { $0.subject(environment) as? R.Subject }
            if subjects.isEmpty { failures.append("\(where_) yields nothing for \(R.Subject.self) rules to check") }
            let findings = subjects.flatMap { rule.init().check($0) }
            for f in findings where !d.severityRange.contains(f.severity) {
                failures.append("\(where_): a finding graded \(f.severity.name), outside the rule's range \(d.severityRange.lowerBound.name)–\(d.severityRange.upperBound.name) (declare grades: in its description)")
            }
            // image findings are not located by line: the markers count the findings expected
            let counted = format == .image || format == .host
            let found = counted ? Array(repeating: ex.markedLines.first ?? 0, count: findings.count) : findings.map(\.location.line).sorted()
            if counted ? findings.count != ex.markedLines.count : found != ex.markedLines {
                let got = counted ? "\(findings.count) finding(s) \(findings.map(\.message))" : "\(found)"
                failures.append("\(where_): expected findings \(counted ? "(count) \(ex.markedLines.count)" : "on lines \(ex.markedLines)"), got \(got)\n---\n\(ex.source)\n---")
            }
        }
        return failures
    }
}
