import Audit
import BulkheadCore
import Testing
@testable import Rules

struct RuntimeRuleEntry: CustomTestStringConvertible, Sendable {
    let rule: any RuntimeRule.Type
    var testDescription: String { rule.description.id }
}

@Test("every runtime rule's examples behave", arguments: RuleCatalog.runtime.map(RuntimeRuleEntry.init))
func runtimeExamplesBehave(_ entry: RuntimeRuleEntry) {
    let failures = RuntimeExampleReader.verify(entry.rule)
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
}
