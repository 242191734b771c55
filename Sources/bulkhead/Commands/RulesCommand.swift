import ArgumentParser
import Audit
import BulkheadCore
import Foundation
import Reporters
import Rules

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule: id, severity, controls, title.")
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, reference }
    @Option(help: "markdown is a table; reference is the full page of docs/rules.md (every rule with its rationale, fix and examples).")
    var format: Format = .text

    func run() async throws {
        let rules = RuleCatalog.descriptions
        switch format {
        case .text:
            var out = ""
            for d in rules {
                // a rule that grades by what it finds shows its range
                let r = d.severityRange
                let sev = (r.lowerBound == r.upperBound ? d.severity.name : "\(r.lowerBound.name)-\(r.upperBound.name)").padding(toLength: 13, withPad: " ", startingAt: 0)
                let ctl = d.controls.map(\.rawValue).joined(separator: ",")
                let shown = ctl.count > 36 ? String(ctl.prefix(35)) + "…" : ctl
                out += "\(d.id)  \(sev)  \(shown.padding(toLength: 36, withPad: " ", startingAt: 0))  \(d.title)\n"
            }
            print(out, terminator: "")
        case .json:
            let arr: JSONValue = .array(rules.map { d in
                .object([("id", .string(d.id)), ("title", .string(d.title)), ("severity", .string(d.severity.name)), ("severityRange", .strings([d.severityRange.lowerBound.name, d.severityRange.upperBound.name])),
                         ("controls", .strings(d.controls.map(\.rawValue))), ("cis", .strings(d.cis)), ("aliases", .strings(d.aliases)),
                         ("enabledByDefault", .bool(d.enabledByDefault)), ("rationale", .string(d.rationale)), ("remediation", .string(d.remediation))])
            })
            print(arr.render())
        case .reference:
            print(RuleReference.markdown(rules, families: RuleCatalog.families.map { ($0.prefix, $0.name) }, sourceFiles: RuleCatalog.sourceFiles), terminator: "")
        case .markdown:
            var out = "| id | severity | controls | CIS | title | aliases |\n|---|---|---|---|---|---|\n"
            for d in rules {
                out += "| \(d.id) | \(d.severityText) | \(d.controls.map { "`\($0.rawValue)`" }.joined(separator: " ")) | \(d.cis.joined(separator: ", ")) | \(d.title) | \(d.aliases.joined(separator: ", ")) |\n"
            }
            print(out, terminator: "")
        }
    }
}
