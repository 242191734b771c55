import Audit
import BulkheadCore

/// SARIF 2.1.0 for GitHub code scanning and other viewers: every result has a location, every rule
/// has help text and a security-severity.
public enum SARIFReporter {
    static func level(_ s: Severity) -> String {
        switch s { case .critical, .high: "error"; case .medium: "warning"; case .low, .info: "note" }
    }
    static func securitySeverity(_ s: Severity) -> String {
        switch s { case .critical: "9.5"; case .high: "8.0"; case .medium: "5.5"; case .low: "3.0"; case .info: "0.5" }
    }

    static func location(_ path: String, line: Int?, column: Int?, endLine: Int?, logical: String? = nil) -> JSONValue {
        var region: [(String, JSONValue)] = [("startLine", .int(max(1, line ?? 1)))]
        if let c = column { region.append(("startColumn", .int(max(1, c)))) }
        if let e = endLine { region.append(("endLine", .int(max(e, line ?? 1)))) }
        var loc: [(String, JSONValue)] = [("physicalLocation", .object([
            ("artifactLocation", .object([("uri", .string(Reporters.uri(path)))])),
            ("region", .object(region)),
        ]))]
        if let logical { loc.append(("logicalLocations", .array([.object([("fullyQualifiedName", .string(logical))])]))) }
        return .object(loc)
    }

    /// "Final stage never sets USER" → "FinalStageNeverSetsUser": SARIF's `name` is an identifier.
    static func pascalCase(_ title: String) -> String {
        title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { w in
            w.prefix(1).uppercased() + w.dropFirst().lowercased()
        }.joined()
    }

    static func notification(_ e: InputError, level: String) -> JSONValue {
        .object([("level", .string(level)), ("message", .object([("text", .string(e.message))])),
                 ("locations", .array([location(e.path, line: e.line, column: e.column, endLine: nil)]))])
    }

    public static func render(_ r: Report) -> String {
        // only the rules the results use: every rule's help embedded in every log made files of 180 KB for three findings
        let used = Set(r.findings.map(\.ruleID))
        let rules = r.rules.filter { used.contains($0.id) }
        var index: [String: Int] = [:]
        for (i, d) in rules.enumerated() { index[d.id] = i }
        let ruleObjects: [JSONValue] = rules.map { d in
            let help = "\(d.rationale)\n\nRemediation: \(d.remediation)"
            var md = "**\(d.title)** (\(d.id), \(d.severity.name))\n\n\(d.rationale)\n\n**Remediation:** \(d.remediation)"
            if !d.controls.isEmpty { md += "\n\n**Controls:** " + d.controls.map { "`\($0.rawValue)`" }.joined(separator: ", ") }
            if !d.aliases.isEmpty { md += "\n\n**Also known as:** " + d.aliases.joined(separator: ", ") }
            var props: [(String, JSONValue)] = [
                ("tags", .strings(["security"] + d.controls.map(\.rawValue))),
                ("security-severity", .string(securitySeverity(d.severity))),
                ("precision", "high"),
            ]
            if !d.cis.isEmpty { props.append(("cis", .strings(d.cis))) }
            return .object([
                ("id", .string(d.id)),
                ("name", .string(pascalCase(d.title))),
                ("shortDescription", .object([("text", .string(d.title))])),
                ("fullDescription", .object([("text", .string(d.rationale))])),
                ("help", .object([("text", .string(help)), ("markdown", .string(md))])),
                ("defaultConfiguration", .object([("level", .string(level(d.severity))), ("enabled", .bool(d.enabledByDefault))])),
                ("properties", .object(props)),
            ])
        }
        let results: [JSONValue] = r.findings.map { f in
            var obj: [(String, JSONValue)] = [("ruleId", .string(f.ruleID))]
            if let i = index[f.ruleID] { obj.append(("ruleIndex", .int(i))) }
            obj += [
                ("level", .string(level(f.severity))),
                ("message", .object([("text", .string(f.message))])),
                ("locations", .array([location(f.target.path, line: f.location.line, column: f.location.column, endLine: f.location.endLine, logical: f.location.path)])),
                ("partialFingerprints", .object([("bulkhead/v1", .string(f.fingerprint))])),
                ("properties", .object([("severity", .string(f.severity.name)),
                                        ("security-severity", .string(securitySeverity(f.severity))),
                                        ("target", .string(f.target.name ?? ""))]
                                       + (f.location.path.map { [("logicalPath", JSONValue.string($0))] } ?? [])
                                       + (f.escape.map { [("escapeChain", JSONValue.strings($0.chain)), ("escapeFix", .string($0.fix))] } ?? []))),
            ]
            return .object(obj)
        }
        let notifications: [JSONValue] = r.errors.map { notification($0, level: "error") } + r.warnings.map { notification($0, level: "warning") }
        let doc: JSONValue = .object([
            ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
            ("version", "2.1.0"),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", "bulkhead"),
                    ("version", .string(bulkheadVersion)),
                    ("semanticVersion", .string(bulkheadVersion)),
                    ("rules", .array(ruleObjects)),
                ]))])),
                ("invocations", .array([.object([("executionSuccessful", .bool(r.errors.isEmpty)),
                                                 ("toolExecutionNotifications", .array(notifications))])])),
                ("results", .array(results)),
                ("columnKind", "unicodeCodePoints"),
            ])])),
        ])
        return doc.render() + "\n"
    }
}
