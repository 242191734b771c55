import Audit
import BulkheadCore

/// JUnit XML: one test suite per input, one failing test case per finding, an error case per
/// unreadable input, and one passing case for a clean file (so CI dashboards count it).
public enum JUnitReporter {
    static func esc(_ s: String) -> String {
        var o = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&apos;"
            default:
                if ch.value < 0x20 && ch != "\n" && ch != "\t" && ch != "\r" { continue }
                o.unicodeScalars.append(ch)
            }
        }
        return o
    }

    /// Findings below the --fail-on threshold are passing test cases (they are listed, but they do not fail CI).
    public static func render(_ r: Report, _ ctx: ReportContext = ReportContext()) -> String {
        let rules = r.ruleIndex
        let byPath = Dictionary(grouping: r.findings, by: \.target.path)
        let errorsByPath = Dictionary(grouping: r.errors, by: \.path)
        let paths = Set(r.targets.map(\.path)).union(errorsByPath.keys).union(byPath.keys).sorted()
        var suites = ""
        var totalTests = 0, totalFailures = 0, totalErrors = 0
        for p in paths {
            let fs = byPath[p] ?? []
            let es = errorsByPath[p] ?? []
            let failing = fs.filter { f in ctx.failOn.map { f.severity >= $0 } ?? false }.count
            let tests = max(1, fs.count + es.count)
            totalTests += tests; totalFailures += failing; totalErrors += es.count
            suites += "  <testsuite name=\"\(esc(Reporters.displayPath(p)))\" tests=\"\(tests)\" failures=\"\(failing)\" errors=\"\(es.count)\" skipped=\"0\">\n"
            for e in es {
                suites += "    <testcase classname=\"\(esc(p))\" name=\"read \(esc(p))\(e.line.map { ":\($0)" } ?? "")\">\n"
                suites += "      <error message=\"\(esc(e.message))\">\(esc(e.description))</error>\n    </testcase>\n"
            }
            for f in fs {
                let d = rules[f.ruleID]
                suites += "    <testcase classname=\"\(esc(p))\" name=\"\(f.ruleID) \(esc(d?.title ?? "")) (line \(f.location.line))\">\n"
                guard ctx.failOn.map({ f.severity >= $0 }) ?? false else {
                    suites += "      <system-out>\(esc("\(f.severity.name), below the --fail-on threshold: \(f.message)"))</system-out>\n    </testcase>\n"
                    continue
                }
                suites += "      <failure message=\"\(esc(f.message))\" type=\"\(f.severity.name)\">\(esc("\(Reporters.displayPath(p)):\(f.location.line):\(f.location.column) \(f.severity.name) \(f.ruleID): \(f.message)\nFix: \(f.fix ?? d?.remediation ?? "")"))</failure>\n"
                suites += "    </testcase>\n"
            }
            if fs.isEmpty && es.isEmpty { suites += "    <testcase classname=\"\(esc(p))\" name=\"bulkhead audit\"/>\n" }
            suites += "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bulkhead\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(totalErrors)\">\n" + suites + "</testsuites>\n"
    }
}
