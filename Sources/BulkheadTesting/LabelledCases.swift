import Audit
import BulkheadCore
import Rules
import Testing

/// A realistic input labelled by hand with the controls that must be reported (at any severity) and
/// that must not be reported at medium or above. Judged by control, the way users read a report, not by
/// rule id, through the whole pipeline (reader, rules, grading, suppression) with no configuration file.
public struct LabelledCase: Sendable, CustomTestStringConvertible {
    public var name: String
    public var kind: TargetKind
    public var text: String
    public var must: Set<Control>
    public var mustNot: Set<Control>
    public init(_ name: String, _ kind: TargetKind, _ text: String, must: Set<Control>, mustNot: Set<Control>) {
        self.name = name; self.kind = kind; self.text = text; self.must = must; self.mustNot = mustNot
    }
    public var testDescription: String { "\(kind.rawValue): \(name)" }

    /// What is wrong with the report of this case (empty when it matches its labels).
    public func judge() -> [String] {
        let path = ExampleVerifier.path(for: kind)
        let report = audit(text, as: kind, path: path)
        var problems: [String] = []
        if !report.errors.isEmpty { problems.append("does not read: \(report.errors.map(\.description))") }
        let rules = report.ruleIndex
        var all = Set<Control>(), serious = Set<Control>()
        for f in report.findings {
            let controls = rules[f.ruleID]?.controls ?? []
            all.formUnion(controls)
            if f.severity >= .medium { serious.formUnion(controls) }
        }
        let missed = must.subtracting(all)
        let falseAlarms = mustNot.intersection(serious)
        if !missed.isEmpty {
            problems.append("missed \(missed.map(\.rawValue).sorted()): \(report.findings.map { "\($0.ruleID)@\($0.location.line)" })")
        }
        if !falseAlarms.isEmpty {
            problems.append("false alarm \(falseAlarms.map(\.rawValue).sorted()): \(report.findings.filter { $0.severity >= .medium }.map { "\($0.ruleID)@\($0.location.line) \($0.message)" })")
        }
        return problems
    }
}
