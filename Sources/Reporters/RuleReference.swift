import Foundation
import BulkheadCore

/// docs/rules.md: every rule's description as one Markdown page, generated (`bulkhead rules --format
/// reference`) and checked for staleness by a test, never edited by hand.
public enum RuleReference {
    /// `families`: (id prefix, what the rules of that prefix are called); `sourceFiles`: id → file.
    public static func markdown(_ rules: [RuleDescription], families: [(prefix: String, name: String)], sourceFiles: [String: String]) -> String {
        var out = "# bulkhead rules\n\n"
        out += "<!-- Generated from the rule descriptions: bulkhead rules --format reference > docs/rules.md. Do not edit; a test fails when this page is stale. -->\n\n"
        let counts = families.map { f in "\(rules.filter { $0.id.hasPrefix(f.prefix) }.count) \(f.name) (\(f.prefix)…)" }
        out += "\(rules.count) rules: \(counts.joined(separator: ", ")). Every finding names a security control "
        out += "([controls.md](controls.md)); `bulkhead explain ID` prints one rule in the terminal. Ids are never renumbered or reused.\n\n"
        out += "| id | severity | controls | title |\n|---|---|---|---|\n"
        for d in rules {
            out += "| [\(d.id)](#\(d.id.lowercased())) | \(d.severityRange.lowerBound == d.severityRange.upperBound ? d.severity.name : "\(d.severityRange.lowerBound.name)–\(d.severityRange.upperBound.name)") | \(d.controls.map { "`\($0.rawValue)`" }.joined(separator: " ")) | \(escape(d.title)) |\n"
        }
        for d in rules {
            if !out.hasSuffix("\n\n") { out += "\n" }
            out += "## \(d.id)\n\n**\(escape(d.title))**\n\n"
            var facts = ["severity: \(d.severityText)" + (d.restrictedSeverity.map { " (\($0.name) under the restricted profile)" } ?? "")]
            facts.append("controls: " + d.controls.map { "`\($0.rawValue)`" }.joined(separator: ", "))
            if !d.cis.isEmpty { facts.append("CIS Docker Benchmark: " + d.cis.joined(separator: ", ")) }
            if !d.aliases.isEmpty { facts.append("aliases: " + d.aliases.joined(separator: ", ")) }
            if !d.enabledByDefault { facts.append("off unless enabled in configuration") }
            if let f = sourceFiles[d.id] { facts.append("source: [\(f.split(separator: "/").last ?? "")](../\(f))") }
            out += facts.map { "- \($0)\n" }.joined()
            out += "\n\(d.rationale)\n\n**How to fix.** \(d.remediation)\n"
            if !d.references.isEmpty { out += "\nReferences: " + d.references.map { "<\($0)>" }.joined(separator: ", ") + "\n" }
            out += "\nReported (↓ marks the line):\n\n" + d.triggering.map(block).joined()
            out += "Not reported:\n\n" + d.nonTriggering.map(block).joined()
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    static func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    static func block(_ ex: Example) -> String {
        let lang: String
        switch ex.options["format"] {
        case "run": lang = "sh"
        case "inspect": lang = "json"
        case nil: lang = ex.code.hasPrefix("services:") || ex.code.contains("\n  ") && !ex.code.contains("FROM ") ? "yaml" : "dockerfile"
        default: lang = ""
        }
        let opts = ex.options.filter { $0.key != "format" && $0.key != "context" }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        var note = opts.isEmpty ? "" : "with \(opts.joined(separator: ", ")):\n\n"
        if let context = ex.options["context"] {
            // the build context, one file a line: its name, and what it holds where that matters
            let files = context.split(separator: "\n").map { line -> String in
                let parts = line.components(separatedBy: " => ")
                return parts.count > 1 ? "- `\(parts[0])`: `\(parts.dropFirst().joined(separator: " => "))`" : "- `\(parts[0])`"
            }
            note += "with a build context holding:\n\n" + files.joined(separator: "\n") + "\n\n"
        }
        let fence = ex.code.contains("```") ? "~~~~" : "```"
        return note + "\(fence)\(lang)\n\(ex.code)\n\(fence)\n\n"
    }
}
