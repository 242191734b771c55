import BulkheadCore
import BulkheadModel
import Rules

/// Inline pragmas in a Dockerfile:
/// - `# bulkhead ignore=DF012,DF020 -- reason` on the line(s) before an instruction: that instruction.
/// - `# bulkhead stage ignore=DF001 -- reason` before a FROM: that whole stage.
/// - `# bulkhead global ignore=DF050 -- reason` (or `ignore-file=`) anywhere: the whole file.
/// hadolint's `# hadolint ignore=DL3008` / `global ignore=` and BuildKit's `# check=skip=Name` are honoured
/// through rule aliases, so existing suppressions keep working.
public struct Pragmas: Sendable {
    public struct Scope: Sendable { public var rules: Set<String>; public var lines: ClosedRange<Int> }
    public var file: Set<String> = []
    public var scoped: [Scope] = []

    static func ids(_ list: Substring) -> Set<String> {
        var out = Set<String>()
        for raw in list.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let token = raw.trimmingSpaces
            guard !token.isEmpty else { continue }
            if token.lowercased() == "all" { out.insert("*"); continue }
            if let d = RuleCatalog.description(for: token) { out.insert(d.id) }
            // an alias shared by several rules (e.g. DS-0002) suppresses all of them
            for d in RuleCatalog.descriptions where d.aliases.contains(where: { $0.caseInsensitiveCompare(token) == .orderedSame }) { out.insert(d.id) }
        }
        return out
    }

    /// Parses `ignore=…` out of a pragma comment body (after "bulkhead " or "hadolint ").
    static func parse(_ text: String) -> (kind: String, ids: Set<String>)? {
        var t = Substring(text)
        var tool = ""
        for prefix in ["bulkhead", "hadolint"] where t.lowercased().hasPrefix(prefix) {
            tool = prefix; t = t.dropFirst(prefix.count).drop { $0 == " " || $0 == ":" }
        }
        guard !tool.isEmpty else { return nil }
        var kind = "next"
        if t.hasPrefix("global ") { kind = "file"; t = t.dropFirst(7).drop { $0 == " " } }
        else if t.hasPrefix("stage ") { kind = "stage"; t = t.dropFirst(6).drop { $0 == " " } }
        if t.hasPrefix("ignore-file=") { kind = "file"; t = t.dropFirst(12) }
        else if t.hasPrefix("ignore=") { t = t.dropFirst(7) } else { return nil }
        // the list ends at whitespace, "--" or "#"
        let list = t.prefix { $0 != " " && $0 != "\t" && $0 != "#" }
        return (kind, ids(list))
    }

    public init(_ model: DockerfileModel) {
        let starts = model.instructions.map { ($0.line, $0.endLine, $0.keyword) }
        for d in model.directives where d.name == "check" {
            // check=skip=Rule1,Rule2;error=true
            for part in d.value.split(separator: ";") where part.trimmingSpaces.lowercased().hasPrefix("skip=") {
                file.formUnion(Pragmas.ids(part.trimmingSpaces.dropFirst(5)[...]))
            }
        }
        for c in model.comments {
            guard let (kind, ids) = Pragmas.parse(c.text), !ids.isEmpty else { continue }
            switch kind {
            case "file": file.formUnion(ids)
            case "stage":
                guard let next = starts.first(where: { $0.0 > c.line && $0.2 == "FROM" }) else { continue }
                let end = starts.first(where: { $0.0 > next.0 && $0.2 == "FROM" }).map { $0.0 - 1 } ?? Int.max / 2
                scoped.append(Scope(rules: ids, lines: next.0...max(next.0, end)))
            default:
                guard let next = starts.first(where: { $0.0 > c.line }) else { continue }
                scoped.append(Scope(rules: ids, lines: next.0...next.1))
            }
        }
    }

    public func suppresses(_ f: Finding) -> Bool {
        if file.contains(f.ruleID) || file.contains("*") { return true }
        return scoped.contains { ($0.rules.contains(f.ruleID) || $0.rules.contains("*")) && $0.lines.contains(f.location.line) }
    }
}
