import Foundation
import Audit
import BulkheadCore

/// Human output: findings grouped by file, the source line with a caret, the fix, and a summary.
public enum TextReporter {
    /// Where a finding is: line:column in a file; in an image, the place inside it (`config.User`, `/etc/shadow`, `history[3]`).
    /// A live engine (or its snapshot), whose text nobody reads, is placed by the logical path (`info.LoggingDriver`,
    /// `/var/run/docker.sock`, `containers[2].HostConfig.Privileged`).
    /// The source line as shown under a finding, and the padding that puts the caret under its column. A line
    /// of up to 160 characters is shown whole; a longer one is cut at 157. Where the column lies beyond that, a
    /// window of the line around it is shown instead, found by byte offset (the column counts bytes): a
    /// half-megabyte line with thousands of findings costs each finding a look at its window, not the whole line.
    static func excerpt(_ src: String, column: Int) -> (shown: String, caretPad: String) {
        func pad<S: Sequence>(_ s: S) -> String where S.Element == Character { String(s.map { $0 == "\t" ? "\t" : " " }) }
        let long = src.index(src.startIndex, offsetBy: 160, limitedBy: src.endIndex).map { $0 < src.endIndex } ?? false
        guard long else { return (src, pad(src.prefix(max(0, column - 1)))) }
        if column - 1 <= 150 { return (String(src.prefix(157)) + "...", pad(src.prefix(max(0, column - 1)))) }
        let bytes = src.utf8
        func boundary(_ i: Int) -> Int {
            var k = min(max(i, 0), bytes.count)
            while k < bytes.count, bytes[bytes.index(bytes.startIndex, offsetBy: k)] & 0xC0 == 0x80 { k += 1 }
            return k
        }
        let at = boundary(column - 1), start = boundary(column - 1 - 60), end = boundary(start + 150)
        func text(_ a: Int, _ b: Int) -> String {
            String(decoding: bytes[bytes.index(bytes.startIndex, offsetBy: a)..<bytes.index(bytes.startIndex, offsetBy: max(a, b))], as: UTF8.self)
        }
        return ("..." + text(start, end) + (end < bytes.count ? "..." : ""), "   " + pad(text(start, min(at, end))))
    }

    static func position(_ f: Finding) -> String {
        if f.target.kind == .image { return f.location.path ?? "-" }
        if f.target.path.contains("://"), let p = f.location.path { return p.hasSuffix(".") ? String(p.dropLast()) : p }
        return "\(f.location.line):\(f.location.column)"
    }

    struct Style {
        let on: Bool
        func c(_ code: String, _ s: String) -> String { on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func sev(_ s: Severity) -> String {
            let label = s.name.uppercased()
            switch s {
            case .critical: return c("1;35", label)
            case .high: return c("1;31", label)
            case .medium: return c("33", label)
            case .low: return c("36", label)
            case .info: return c("2", label)
            }
        }
        func dim(_ s: String) -> String { c("2", s) }
        func bold(_ s: String) -> String { c("1", s) }
    }

    public static func render(_ r: Report, _ ctx: ReportContext) -> String {
        let st = Style(on: ctx.color)
        let rules = r.ruleIndex
        var out = ""
        let byPath = Dictionary(grouping: r.findings, by: \.target.path)
        let errorsByPath = Dictionary(grouping: r.errors, by: \.path)
        let warningsByPath = Dictionary(grouping: r.warnings, by: \.path)
        let paths = Set(byPath.keys).union(errorsByPath.keys).union(warningsByPath.keys).union(r.suppressedFindings.map(\.target.path)).sorted()
        for path in paths {
            out += st.bold(Reporters.displayPath(path)) + "\n"
            let lines = r.lines(of: path)
            // the secrets of every finding on a line, masked in that line whichever finding shows it (built once per file)
            var secretsByLine: [Int: [String]] = [:]
            for f in byPath[path] ?? [] where !f.sensitive.isEmpty { secretsByLine[f.location.line, default: []] += f.sensitive.filter { !$0.isEmpty } }
            for e in errorsByPath[path] ?? [] {
                let pos = e.line.map { "\($0):\(e.column ?? 1)" } ?? "-"
                out += "  \(pos)  \(st.c("1;31", "ERROR"))  \(e.message)\n"
            }
            for w in warningsByPath[path] ?? [] {
                let pos = w.line.map { "\($0):\(w.column ?? 1)" } ?? "-"
                out += "  \(pos)  \(st.c("33", "WARNING"))  \(w.message)\n"
            }
            for f in byPath[path] ?? [] {
                let d = rules[f.ruleID]
                let where_ = f.target.name.map { " [\($0)]" } ?? ""
                out += "  \(TextReporter.position(f))  \(st.sev(f.severity))  \(st.bold(f.ruleID))  \(f.message)\(st.dim(where_))\n"
                if f.location.line >= 1 && f.location.line <= lines.count {
                    // mask the secrets of every finding on this line, not only this one's
                    var src = lines[f.location.line - 1]
                    for s in secretsByLine[f.location.line] ?? [] { src = src.replacingOccurrences(of: s, with: String(s.prefix(2)) + "****") }
                    let (shown, caretPad) = TextReporter.excerpt(src, column: f.location.column)
                    let num = String(f.location.line)
                    out += "      " + st.dim(num + " | ") + shown + "\n"
                    let indent = String(repeating: " ", count: num.count) + " | "
                    out += "      " + st.dim(indent) + caretPad + st.c("1;32", "^") + "\n"
                }
                if let e = f.escape {
                    for (i, link) in e.chain.enumerated() { out += "      " + st.dim(i == 0 ? "chain: " : "       ") + link + "\n" }
                    out += "      " + st.dim("break it: ") + e.fix + "\n"
                }
                if let d, f.escape == nil {
                    out += "      " + st.dim("fix: ") + (f.fix ?? d.remediation) + "\n"
                    out += "      " + st.dim("controls: " + d.controls.map(\.rawValue).joined(separator: ", ") + "  (bulkhead explain \(d.id))") + "\n"
                }
            }
            for f in r.suppressedFindings where f.target.path == path {
                out += "  \(TextReporter.position(f))  \(st.dim("SUPPRESSED"))  \(st.dim(f.ruleID))  \(st.dim(f.message))  \(st.dim("(by \(f.suppressedBy ?? "?"))"))\n"
            }
            out += scorecardTable(r.scorecards.filter { $0.target.path == path }, st)
            out += "\n"
        }
        out += benchmarkTable(r, st)
        out += summaryLine(r, ctx, st) + "\n"
        return out
    }

    /// The CIS statuses of a host audit: one line per recommendation, failures and warnings with their evidence.
    static func benchmarkTable(_ r: Report, _ st: Style) -> String {
        guard !r.benchmark.isEmpty else { return "" }
        var out = st.bold("CIS Docker Benchmark \(r.benchmarkVersion?.rawValue ?? "1.7")") + "\n"
        for b in r.benchmark {
            let label = b.status.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)
            let colored: String
            switch b.status {
            case .pass: colored = st.c("32", label)
            case .fail: colored = st.c("1;31", label)
            case .warn: colored = st.c("33", label)
            default: colored = st.dim(label)
            }
            out += "  " + colored + b.id.padding(toLength: 7, withPad: " ", startingAt: 0) + b.title + "\n"
            if b.status == .fail || b.status == .warn || b.status == .info { out += "         " + st.dim(b.evidence.count > 300 ? String(b.evidence.prefix(299)) + "…" : b.evidence) + "\n" }
        }
        let counts = BenchmarkStatus.allCases.compactMap { s in
            let n = r.benchmark.filter { $0.status == s }.count
            return n > 0 ? "\(n) \(s.rawValue)" : nil
        }
        return out + "  " + counts.joined(separator: ", ") + "\n\n"
    }

    /// A compact table: one row per layer, one column per service or container.
    static func scorecardTable(_ cards: [Scorecard], _ st: Style) -> String {
        guard !cards.isEmpty else { return "" }
        var out = ""
        for chunk in stride(from: 0, to: cards.count, by: 6).map({ Array(cards[$0..<min($0 + 6, cards.count)]) }) {
            let names = chunk.map { c -> String in
                let n = c.target.name ?? "?"
                return n.count > 14 ? String(n.prefix(13)) + "…" : n
            }
            let width = max(14, (names.map(\.count).max() ?? 0) + 2)
            out += "  " + st.bold("defense in depth".padding(toLength: 26, withPad: " ", startingAt: 0)) + names.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined() + "\n"
            for (i, (layer, _)) in Scorecard.layerTable.enumerated() {
                var row = "  " + layer.padding(toLength: 26, withPad: " ", startingAt: 0)
                for c in chunk {
                    let s = c.layers[i].status
                    let label = s.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                    switch s {
                    case .held: row += st.c("32", label)
                    case .weakened: row += st.c("33", label)
                    case .missing: row += st.c("1;31", label)
                    case .notAssessed: row += st.dim(label)
                    }
                }
                out += row + "\n"
            }
        }
        return out
    }

    static func summaryLine(_ r: Report, _ ctx: ReportContext, _ st: Style) -> String {
        let s = r.summary
        let total = r.findings.count
        var parts: [String] = []
        for sev in Severity.allCases.reversed() where (s[sev] ?? 0) > 0 { parts.append("\(s[sev]!) \(sev.name)") }
        var line = total == 0 ? "No findings" : "\(total) finding\(total == 1 ? "" : "s") (\(parts.joined(separator: ", ")))"
        // images are counted as images, everything else as the files it came from
        let images = r.targets.filter { $0.kind == .image }.count, hosts = r.targets.filter { $0.kind == .host }.count
        let files = r.targets.count - images - hosts
        let counted = [files > 0 || images + hosts == 0 ? "\(files) file\(files == 1 ? "" : "s")" : nil, images > 0 ? "\(images) image\(images == 1 ? "" : "s")" : nil,
                       hosts > 0 ? "\(hosts) host\(hosts == 1 ? "" : "s")" : nil]
        line += " in " + counted.compactMap { $0 }.joined(separator: " and ")
        if r.suppressed > 0 { line += ", \(r.suppressed) suppressed" }
        if r.omitted > 0 { line += ", \(r.omitted) more not listed (--max-per-rule)" }
        if !r.errors.isEmpty { line += ", \(r.errors.count) error\(r.errors.count == 1 ? "" : "s")" }
        if !r.warnings.isEmpty { line += ", \(r.warnings.count) warning\(r.warnings.count == 1 ? "" : "s")" }
        if let f = ctx.failOn {
            let failing = r.findings.filter { $0.severity >= f }.count
            line += failing > 0 ? ". \(failing) at or above \(f.name): failing." : ". Nothing at or above \(f.name)."
        } else {
            line += "."
        }
        return line
    }
}
