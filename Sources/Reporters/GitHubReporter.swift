import Audit
import BulkheadCore

/// GitHub Actions workflow commands: one annotation per finding and per error.
public enum GitHubReporter {
    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
    static func command(_ s: Severity) -> String {
        switch s { case .critical, .high: "error"; case .medium: "warning"; case .low, .info: "notice" }
    }

    public static func render(_ r: Report) -> String {
        var out = ""
        for e in r.errors {
            var props = "file=\(property(Reporters.displayPath(e.path)))"
            if let l = e.line { props += ",line=\(l)" }
            out += "::error \(props),title=\(property("bulkhead: cannot read input"))::\(data(e.message))\n"
        }
        for e in r.warnings {
            var props = "file=\(property(Reporters.displayPath(e.path)))"
            if let l = e.line { props += ",line=\(l)" }
            out += "::warning \(props),title=\(property("bulkhead: warning"))::\(data(e.message))\n"
        }
        let rules = r.ruleIndex
        for f in r.findings {
            let d = rules[f.ruleID]
            let title = "\(f.ruleID) \(d?.title ?? "") (\(f.severity.name))"
            out += "::\(command(f.severity)) file=\(property(Reporters.uri(f.target.path))),line=\(f.location.line),endLine=\(f.location.endLine),col=\(f.location.column),title=\(property(title))::\(data(f.message + ((f.fix ?? d?.remediation).map { "\nFix: " + $0 } ?? "")))\n"
        }
        return out
    }
}
