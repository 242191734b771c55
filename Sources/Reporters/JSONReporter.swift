import Audit
import BulkheadCore

/// docs/report-format.md, key for key.
public enum JSONReporter {
    static func scorecard(_ s: Scorecard) -> JSONValue {
        .object([
            ("target", .object([("kind", .string(s.target.kind.rawValue)), ("path", .string(s.target.path)), ("name", .str(s.target.name))])),
            ("layers", .array(s.layers.map { l in
                .object([("layer", .string(l.name)), ("status", .string(l.status.rawValue)), ("controls", .strings(l.controls.map(\.rawValue))), ("rules", .strings(l.rules))])
            })),
        ])
    }

    /// The fields every finding of one rule shares, rendered once (findings sit at a fixed depth).
    struct RuleFields {
        var title: [UInt8], controls: [UInt8], cis: [UInt8], aliases: [UInt8], remediation: [UInt8]
    }

    static func ruleFields(_ id: String, _ d: RuleDescription?) -> RuleFields {
        func bytes(_ v: JSONValue) -> [UInt8] { var b: [UInt8] = []; v.write(&b, pretty: true, indent: 3); return b }
        return RuleFields(title: bytes(.string(d?.title ?? id)), controls: bytes(.strings((d?.controls ?? []).map(\.rawValue))),
                          cis: bytes(.strings(d?.cis ?? [])), aliases: bytes(.strings(d?.aliases ?? [])), remediation: bytes(.string(d?.remediation ?? "")))
    }

    /// Streams the report (same bytes as building a JSONValue tree, without the tree).
    public static func render(_ r: Report) -> String {
        var w = JSONWriter(capacity: 256 + r.findings.count * 900)
        var cache: [String: RuleFields] = [:]
        let rules = r.ruleIndex
        let s = r.summary
        w.open("{")
        w.key("schema"); w.string("bulkhead.report/v1")
        w.key("tool"); w.raw(.object([("name", "bulkhead"), ("version", .string(bulkheadVersion))]))
        w.key("targets"); w.raw(.array(r.targets.map { .object([("kind", .string($0.kind.rawValue)), ("path", .string($0.path))]) }))
        w.key("findings"); w.open("[")
        for f in r.findings {
            let rf: RuleFields
            if let c = cache[f.ruleID] { rf = c } else { rf = ruleFields(f.ruleID, rules[f.ruleID]); cache[f.ruleID] = rf }
            w.element(); w.open("{")
            w.key("rule"); w.string(f.ruleID)
            w.key("title"); w.out.append(contentsOf: rf.title)
            w.key("severity"); w.string(f.severity.name)
            w.key("controls"); w.out.append(contentsOf: rf.controls)
            w.key("cis"); w.out.append(contentsOf: rf.cis)
            w.key("aliases"); w.out.append(contentsOf: rf.aliases)
            w.key("message"); w.string(f.message)
            w.key("target"); w.open("{")
            w.key("kind"); w.string(f.target.kind.rawValue); w.key("path"); w.string(f.target.path); w.key("name"); w.stringOrNull(f.target.name)
            w.close("}")
            w.key("location"); w.open("{")
            w.key("line"); w.int(f.location.line); w.key("column"); w.int(f.location.column)
            w.key("endLine"); w.int(f.location.endLine); w.key("path"); w.stringOrNull(f.location.path)
            w.close("}")
            w.key("remediation")
            if let fix = f.fix { w.string(fix) } else { w.out.append(contentsOf: rf.remediation) }
            w.key("fingerprint"); w.string(f.fingerprint)
            if let e = f.escape {
                w.key("escape"); w.raw(.object([("technique", .string(e.technique)), ("chain", .strings(e.chain)), ("fix", .string(e.fix))]))
            }
            if let v = f.vulnerability {
                let p = v.package
                let cvss: JSONValue = v.cvssVector.map { .object([("vector", .string($0)), ("score", v.cvssScore.map { .double($0) } ?? .null)]) } ?? .null
                w.key("vulnerability")
                w.raw(.object([("id", .string(v.id)), ("aliases", .strings(v.aliases)),
                               ("package", .object([("ecosystem", .string(p.ecosystem)), ("name", .string(p.name)), ("version", .string(p.version)),
                                                    ("source", .str(p.source)), ("path", .string(p.path)), ("layer", .str(p.layer))])),
                               ("status", .string(v.status)), ("fixed", .str(v.fixed)), ("note", .str(v.note)), ("cvss", cvss),
                               ("advisories", .strings(v.advisories))]))
            }
            w.close("}")
        }
        w.close("]")
        w.key("summary"); w.raw(.object(Severity.allCases.reversed().map { ($0.name, .int(s[$0] ?? 0)) } + [("suppressed", .int(r.suppressed))] + (r.omitted > 0 ? [("omitted", .int(r.omitted))] : [])))
        w.key("errors"); w.raw(.array(r.errors.map { .object([("path", .string($0.path)), ("line", $0.line.map { .int($0) } ?? .null), ("message", .string($0.message))]) }))
        if !r.warnings.isEmpty {
            w.key("warnings")
            w.raw(.array(r.warnings.map { .object([("path", .string($0.path)), ("line", $0.line.map { .int($0) } ?? .null), ("message", .string($0.message))]) }))
        }
        if !r.suppressedFindings.isEmpty {
            w.key("suppressedFindings")
            w.raw(.array(r.suppressedFindings.map { f in
                .object([("rule", .string(f.ruleID)), ("severity", .string(f.severity.name)), ("message", .string(f.message)),
                         ("target", .object([("kind", .string(f.target.kind.rawValue)), ("path", .string(f.target.path)), ("name", .str(f.target.name))])),
                         ("location", .object([("line", .int(f.location.line)), ("column", .int(f.location.column))])),
                         ("fingerprint", .string(f.fingerprint)), ("suppressedBy", .string(f.suppressedBy ?? ""))])
            }))
        }
        if !r.scorecards.isEmpty { w.key("scorecard"); w.raw(.array(r.scorecards.map(scorecard))) }
        if !r.benchmark.isEmpty {
            w.key("benchmark")
            w.raw(.object([("name", .string("CIS Docker Benchmark")), ("version", .string(r.benchmarkVersion?.rawValue ?? "1.7")),
                           ("recommendations", .array(r.benchmark.map { b in
                               .object([("id", .string(b.id)), ("title", .string(b.title)), ("status", .string(b.status.rawValue)),
                                        ("evidence", .string(b.evidence)), ("rules", .array(b.rules.map { .string($0) }))])
                           }))]))
        }
        w.close("}")
        w.out.append(0x0A)
        return String(decoding: w.out, as: UTF8.self)
    }
}
