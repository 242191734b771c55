import Testing
import BulkheadCore
@testable import Rules

struct RuleEntry: CustomTestStringConvertible, Sendable {
    let rule: any DockerfileRule.Type
    var testDescription: String { rule.description.id }
}

@Test("every rule's examples behave", arguments: RuleCatalog.dockerfile.map(RuleEntry.init))
func examplesBehave(_ entry: RuleEntry) {
    let failures = ExampleVerifier.verify(entry.rule)
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
}
