/// An input for a rule's self-test. In `code`, the character `↓` marks the start of a line on
/// which the rule must report (a triggering example has at least one mark; several marks mean
/// several findings). Non-triggering examples carry no mark.
public struct Example: Sendable, Hashable {
    public var code: String
    /// Rule options for this example (e.g. a configured registry allow-list).
    public var options: [String: String]
    public var file: String
    public var line: Int
    public init(_ code: String, options: [String: String] = [:], file: String = #filePath, line: Int = #line) {
        self.code = code; self.options = options; self.file = file; self.line = line
    }
    public static let marker: Character = "↓"
    /// The code with markers removed.
    public var source: String { code.filter { $0 != Example.marker } }
    /// 1-based line numbers that carry a marker, once per marker (`↓↓` means two findings on that line).
    public var markedLines: [Int] {
        var out: [Int] = []
        for (i, l) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            out.append(contentsOf: Array(repeating: i + 1, count: l.filter { $0 == Example.marker }.count))
        }
        return out
    }
}

/// Everything a rule says about itself. `bulkhead rules`, `bulkhead explain`, SARIF rule metadata
/// and the example tests are all generated from these values.
public struct RuleDescription: Sendable {
    public var id: String
    public var title: String
    public var severity: Severity
    public var controls: [Control]
    public var cis: [String]
    public var aliases: [String]
    public var rationale: String
    public var remediation: String
    public var references: [String]
    public var triggering: [Example]
    public var nonTriggering: [Example]
    /// Off unless enabled in configuration (policy rules such as digest pinning).
    public var enabledByDefault: Bool
    /// Severity under the `restricted` profile, if it differs (hardening checks become medium).
    public var restrictedSeverity: Severity?
    /// The severities the rule grades its findings within, by what each one opens (a read-only mount of
    /// /etc is lower than a writable one). `severity` is the usual one; the example tests hold every
    /// finding to this range.
    public var severityRange: ClosedRange<Severity>
    /// For an escape path: the rules whose findings open it. Ignoring those does not hide the path, and the
    /// path's finding says so.
    public var enabledBy: [String]

    public init(id: String, title: String, severity: Severity, controls: [Control], cis: [String] = [],
                aliases: [String] = [], rationale: String, remediation: String, references: [String] = [],
                triggering: [Example], nonTriggering: [Example], enabledByDefault: Bool = true,
                restrictedSeverity: Severity? = nil, grades: ClosedRange<Severity>? = nil, enabledBy: [String] = []) {
        self.id = id; self.title = title; self.severity = severity; self.controls = controls; self.cis = cis
        self.aliases = aliases; self.rationale = rationale; self.remediation = remediation; self.references = references
        self.triggering = triggering; self.nonTriggering = nonTriggering; self.enabledByDefault = enabledByDefault
        self.restrictedSeverity = restrictedSeverity
        self.severityRange = grades ?? (severity...severity)
        self.enabledBy = enabledBy
    }

    /// "high", or "high (graded low–critical by what it finds)".
    public var severityText: String {
        severityRange.lowerBound == severityRange.upperBound ? severity.name
            : "\(severity.name) (graded \(severityRange.lowerBound.name)–\(severityRange.upperBound.name) by what it finds)"
    }

    public func severity(for profile: Profile) -> Severity {
        profile == .restricted ? max(severity, restrictedSeverity ?? severity) : severity
    }
}

/// Rule profiles, after Kubernetes' Pod Security Standards (controls.md).
public enum Profile: String, Sendable, CaseIterable, Codable {
    case baseline, restricted
}
