import Audit
import BulkheadCore

/// shared/spec/report-format.md, key for key.
public enum JSONReporter {
    static func scorecard(_ s: Scorecard) -> JSONValue {
        .object([
            ("target", .object([("kind", .string(s.target.kind.rawValue)), ("path", .string(s.target.path)), ("name", .str(s.target.name))])),
            ("layers", .array(s.layers.map { l in
                .object([("layer", .string(l.name)), ("status", .string(l.status.rawValue)), ("controls", .strings(l.controls.map(\.rawValue))), ("rules", .strings(l.rules))])
            })),
        ])
    }

    public static func render(_ r: Report) -> String {
        var findings: [JSONValue] = []
        for f in r.findings {
            let d = Reporters.describe(f.ruleID)
            findings.append(.object([
                ("rule", .string(f.ruleID)),
                ("title", .string(d?.title ?? f.ruleID)),
                ("severity", .string(f.severity.name)),
                ("controls", .strings((d?.controls ?? []).map(\.rawValue))),
                ("cis", .strings(d?.cis ?? [])),
                ("aliases", .strings(d?.aliases ?? [])),
                ("message", .string(f.message)),
                ("target", .object([("kind", .string(f.target.kind.rawValue)), ("path", .string(f.target.path)), ("name", .str(f.target.name))])),
                ("location", .object([("line", .int(f.location.line)), ("column", .int(f.location.column)),
                                      ("endLine", .int(f.location.endLine)), ("path", .str(f.location.path))])),
                ("remediation", .string(d?.remediation ?? "")),
                ("fingerprint", .string(f.fingerprint)),
            ] + (f.escape.map { e in [("escape", JSONValue.object([("technique", .string(e.technique)), ("chain", .strings(e.chain)), ("fix", .string(e.fix))]))] } ?? [])))
        }
        let s = r.summary
        let doc: JSONValue = .object([
            ("schema", "bulkhead.report/v1"),
            ("tool", .object([("name", "bulkhead"), ("version", .string(bulkheadVersion))])),
            ("targets", .array(r.targets.map { .object([("kind", .string($0.kind.rawValue)), ("path", .string($0.path))]) })),
            ("findings", .array(findings)),
            ("summary", .object(Severity.allCases.reversed().map { ($0.name, .int(s[$0] ?? 0)) } + [("suppressed", .int(r.suppressed))])),
            ("errors", .array(r.errors.map { .object([("path", .string($0.path)), ("line", $0.line.map { .int($0) } ?? .null), ("message", .string($0.message))]) })),
        ] + (r.scorecards.isEmpty ? [] : [("scorecard", .array(r.scorecards.map(scorecard)))]))
        return doc.render() + "\n"
    }
}
