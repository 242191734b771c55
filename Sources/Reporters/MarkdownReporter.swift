import Audit
import BulkheadCore

/// Markdown for pull-request comments: a summary table, then findings per file.
public enum MarkdownReporter {
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "<", with: "&lt;")
    }

    public static func render(_ r: Report, _ ctx: ReportContext) -> String {
        let rules = r.ruleIndex
        var out = "## bulkhead\n\n"
        let s = r.summary
        out += "| critical | high | medium | low | info | suppressed | errors |\n|---:|---:|---:|---:|---:|---:|---:|\n"
        out += "| \(s[.critical] ?? 0) | \(s[.high] ?? 0) | \(s[.medium] ?? 0) | \(s[.low] ?? 0) | \(s[.info] ?? 0) | \(r.suppressed) | \(r.errors.count) |\n\n"
        if r.findings.isEmpty && r.errors.isEmpty {
            out += "No findings in \(r.targets.count) file\(r.targets.count == 1 ? "" : "s").\n"
            return out
        }
        if !r.errors.isEmpty {
            out += "### Inputs that could not be read\n\n"
            for e in r.errors { out += "- `\(cell(Reporters.displayPath(e.path)))\(e.line.map { ":\($0)" } ?? "")`: \(cell(e.message))\n" }
            out += "\n"
        }
        let byPath = Dictionary(grouping: r.findings, by: \.target.path)
        for p in byPath.keys.sorted() {
            // images are placed by what inside them a finding is about (config.User, /etc/shadow, history[3])
            let image = byPath[p]!.first?.target.kind == .image
            out += "### `\(cell(Reporters.displayPath(p)))`\n\n| \(image ? "where" : "line") | severity | rule | finding | fix |\n|\(image ? "---" : "---:")|---|---|---|---|\n"
            for f in byPath[p]! {
                let place = image ? cell(f.location.path ?? "-") : "\(f.location.line)"
                let d = rules[f.ruleID]
                if let e = f.escape {
                    out += "| \(place) | \(f.severity.name) | \(f.ruleID) | \(cell(f.message)) chain: \(cell(e.chain.joined(separator: " → "))) | \(cell(e.fix)) |\n"
                } else {
                    out += "| \(place) | \(f.severity.name) | \(f.ruleID) | \(cell(f.message)) | \(cell(f.fix ?? d?.remediation ?? "")) |\n"
                }
            }
            out += "\n"
            let cards = r.scorecards.filter { $0.target.path == p }
            if !cards.isEmpty {
                out += "| defense in depth | " + cards.map { cell($0.target.name ?? "?") }.joined(separator: " | ") + " |\n"
                out += "|---|" + cards.map { _ in "---|" }.joined() + "\n"
                for (i, (layer, _)) in Scorecard.layerTable.enumerated() {
                    out += "| \(layer) | " + cards.map { $0.layers[i].status.rawValue }.joined(separator: " | ") + " |\n"
                }
                out += "\n"
            }
        }
        if let f = ctx.failOn {
            let failing = r.findings.filter { $0.severity >= f }.count
            out += failing > 0 ? "**\(failing) finding\(failing == 1 ? "" : "s") at or above \(f.name).**\n" : "Nothing at or above \(f.name).\n"
        }
        return out
    }
}
