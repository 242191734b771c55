import BulkheadCore
import Rules

/// The inline ignores of one input, resolved to canonical rule ids once. An id that names no rule is a
/// warning (for `# bulkhead` pragmas; another tool's pragma may name rules bulkhead does not have).
struct InlineIgnoreSet {
    var file: [String: Set<String>] = [:]
    /// Ignores of a few lines (an instruction, a YAML line), indexed by path and line: a file full of pragmas
    /// and findings costs time linear in its size.
    var byLine: [String: [Int: Set<String>]] = [:]
    /// Ignores of long ranges (a whole stage): few per file.
    var wide: [String: [(rules: Set<String>, lines: ClosedRange<Int>)]] = [:]

    init(_ ignores: [InlineIgnore], warnings: inout [InputError]) {
        for ig in ignores {
            var ids = Set<String>()
            for word in ig.ids {
                if word.lowercased() == "all" { ids.insert("*"); continue }
                let found = RuleCatalog.canonicalIDs(word)
                if found.isEmpty, ig.dialect == .bulkhead {
                    warnings.append(InputError(path: ig.path, line: ig.line, column: ig.column,
                                               message: "unknown rule id '\(word)' in an inline ignore; it suppresses nothing (bulkhead rules lists the ids)"))
                }
                ids.formUnion(found)
            }
            guard !ids.isEmpty else { continue }
            switch ig.scope {
            case .file: file[ig.path, default: []].formUnion(ids)
            case .lines(let r) where r.count <= 256:
                for line in r { byLine[ig.path, default: [:]][line, default: []].formUnion(ids) }
            case .lines(let r): wide[ig.path, default: []].append((ids, r))
            }
        }
    }

    /// True when the input has no inline ignore (most have none: nothing is looked up per finding).
    var isEmpty: Bool { file.isEmpty && byLine.isEmpty && wide.isEmpty }

    func suppresses(_ f: Finding) -> Bool {
        if isEmpty { return false }
        if let s = file[f.target.path], s.contains(f.ruleID) || s.contains("*") { return true }
        if let s = byLine[f.target.path]?[f.location.line], s.contains(f.ruleID) || s.contains("*") { return true }
        return wide[f.target.path]?.contains { ($0.rules.contains(f.ruleID) || $0.rules.contains("*")) && $0.lines.contains(f.location.line) } ?? false
    }
}
