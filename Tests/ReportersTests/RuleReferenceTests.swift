import BulkheadCore
import BulkheadTesting
import Foundation
import Rules
import Testing
@testable import Reporters

@Suite("Generated rule docs")
struct RuleReferenceTests {
    static var page: String {
        RuleReference.markdown(RuleCatalog.descriptions, families: RuleCatalog.families.map { ($0.prefix, $0.name) }, sourceFiles: RuleCatalog.sourceFiles)
    }

    /// docs/rules.md is what the rule descriptions say today (UPDATE_GOLDEN=1 rewrites it, as
    /// `bulkhead rules --format reference > docs/rules.md` does).
    @Test func docsAreNotStale() throws {
        let file = TestEnvironment.repository.appendingPathComponent("docs/rules.md")
        let page = Self.page
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" { try Data(page.utf8).write(to: file) }
        let onDisk = try String(contentsOf: file, encoding: .utf8)
        #expect(onDisk == page, "docs/rules.md is stale: run `bulkhead rules --format reference > docs/rules.md` (or UPDATE_GOLDEN=1 swift test)")
    }

    @Test func everyRuleHasASectionWithItsSourceFile() throws {
        let page = Self.page
        for d in RuleCatalog.descriptions {
            #expect(page.contains("\n## \(d.id)\n"), "\(d.id) has no section")
            let source = try #require(RuleCatalog.sourceFiles[d.id])
            #expect(page.contains("(../\(source))"), "\(d.id) does not link its source")
            #expect(FileManager.default.fileExists(atPath: TestEnvironment.repository.appendingPathComponent(source).path), "\(source) does not exist")
        }
    }

    /// The README's numbers of rules come from the catalog.
    @Test func readmeCountsMatchTheCatalog() throws {
        let readme = try String(contentsOf: TestEnvironment.repository.appendingPathComponent("README.md"), encoding: .utf8)
        func count(_ prefix: String) -> Int { RuleCatalog.descriptions.filter { $0.id.hasPrefix(prefix) }.count }
        let expected = [("Dockerfiles, ", " rules", count("DF")), ("", " runtime rules", count("RT")), ("", " escape paths", count("ES")),
                        ("", " image rules", count("IM")), ("", " host rules", count("HO")), ("", " rules in all", RuleCatalog.all.count)]
        for (before, after, n) in expected {
            let pattern = try Regex("\(before)(\\d+)\(after)")
            let found = readme.matches(of: pattern).compactMap { m in Int(readme[m.range].filter(\.isNumber)) }
            #expect(!found.isEmpty, "README does not say how many\(after) there are (\"\(before)N\(after)\")")
            #expect(found.allSatisfy { $0 == n }, "README says \(found)\(after); the catalog has \(n)")
        }
    }
}
