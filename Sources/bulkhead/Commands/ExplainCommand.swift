import ArgumentParser
import Audit
import BulkheadCore
import Foundation
import Reporters
import Rules

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain one rule: why it matters, how to fix it, examples.",
                                                    discussion: "Takes a bulkhead id (DF001) or an alias from another tool (DL3002, DS-0002, CKV_DOCKER_8).")
    @Argument(help: ArgumentHelp("Rule id or alias.", valueName: "ID"))
    var id: String

    func run() async throws {
        guard let d = RuleCatalog.description(for: id) else {
            FileHandle.standardError.write(Data("bulkhead: unknown rule '\(id)'; 'bulkhead rules' lists them\n".utf8))
            throw ExitCode(2)
        }
        var out = "\(d.id)  \(d.title)\n\n"
        out += "severity:  \(d.severityText)\(d.restrictedSeverity.map { " (\($0.name) under --profile restricted)" } ?? "")\n"
        out += "controls:  \(d.controls.map(\.rawValue).joined(separator: ", "))\n"
        if !d.cis.isEmpty { out += "CIS:       \(d.cis.joined(separator: ", "))\n" }
        if !d.aliases.isEmpty { out += "aliases:   \(d.aliases.joined(separator: ", "))\n" }
        out += "\nWhy it matters\n\(wrap(d.rationale))\n\nHow to fix\n\(wrap(d.remediation))\n"
        if !d.references.isEmpty { out += "\nReferences\n" + d.references.map { "  \($0)\n" }.joined() }
        out += "\nTriggers on (↓ marks the reported line)\n"
        for ex in d.triggering { out += indent(ex.code) + optionsNote(ex) + "\n" }
        out += "Does not trigger on\n"
        for ex in d.nonTriggering { out += indent(ex.code) + optionsNote(ex) + "\n" }
        print(out, terminator: "")
    }

    func optionsNote(_ ex: Example) -> String {
        ex.options.isEmpty ? "" : "    (with " + ex.options.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")\n"
    }
    func indent(_ s: String) -> String { s.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n" }
    func wrap(_ s: String, width: Int = 96) -> String {
        var lines: [String] = []
        var cur = ""
        for w in s.split(separator: " ") {
            if cur.count + w.count + 1 > width && !cur.isEmpty { lines.append(cur); cur = "" }
            cur += (cur.isEmpty ? "" : " ") + w
        }
        if !cur.isEmpty { lines.append(cur) }
        return lines.map { "  " + $0 }.joined(separator: "\n")
    }
}
