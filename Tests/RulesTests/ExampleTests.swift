import BulkheadTesting
import Rules
import Testing

struct RuleEntry: CustomTestStringConvertible, Sendable {
    let rule: any AnyRule.Type
    var testDescription: String { rule.description.id }
}

/// Every example of every rule in the catalog, whatever its subject, through the one verifier.
@Test("every rule's examples behave", arguments: RuleCatalog.all.map(RuleEntry.init))
func examplesBehave(_ entry: RuleEntry) {
    let failures = ExampleVerifier.verify(entry.rule)
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
}
