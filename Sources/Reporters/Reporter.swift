import Audit
import BulkheadCore

public let bulkheadVersion = "0.1.0"

/// Output formats. Each reporter turns a finished Report into text; none of them does I/O.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, markdown, github
}

public struct ReportContext: Sendable {
    public var color: Bool
    public var failOn: Severity?
    public init(color: Bool = false, failOn: Severity? = .high) { self.color = color; self.failOn = failOn }
}

public enum Reporters {
    public static func render(_ report: Report, format: OutputFormat, context: ReportContext = ReportContext()) -> String {
        switch format {
        case .text: TextReporter.render(report, context)
        case .json: JSONReporter.render(report)
        case .sarif: SARIFReporter.render(report)
        case .junit: JUnitReporter.render(report, context)
        case .markdown: MarkdownReporter.render(report, context)
        case .github: GitHubReporter.render(report)
        }
    }

    static func displayPath(_ p: String) -> String { p == "-" ? "<stdin>" : p }
    static func uri(_ p: String) -> String {
        if p == "-" { return "stdin" }
        let s = p.hasPrefix("./") ? String(p.dropFirst(2)) : p
        var out = ""
        for ch in s.unicodeScalars {
            if ch == " " { out += "%20" } else if ch == "%" { out += "%25" } else { out.unicodeScalars.append(ch) }
        }
        return out
    }
}
