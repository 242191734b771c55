import BulkheadCore
import BulkheadModel

/// Inline ignores of a Dockerfile:
/// - `# bulkhead ignore=DF012,DF020 -- reason` on the line(s) before an instruction: that instruction.
/// - `# bulkhead stage ignore=DF001 -- reason` before a FROM: that whole stage.
/// - `# bulkhead global ignore=DF050 -- reason` (or `ignore-file=`) anywhere: the whole file.
/// hadolint's `# hadolint ignore=DL3008` / `global ignore=` and BuildKit's `# check=skip=Name` are read too;
/// the engine honours them through rule aliases.
enum InlineIgnores {
    static func of(_ model: DockerfileModel) -> [InlineIgnore] {
        var out: [InlineIgnore] = []
        let starts = model.instructions.map { (line: $0.line, end: $0.endLine, keyword: $0.keyword) }
        let froms = starts.filter { $0.keyword == "FROM" }
        /// The first entry that starts after `line` (entries are in line order): a binary search, so a file
        /// full of pragmas stays linear.
        func firstAfter<T>(_ line: Int, in list: [T], _ lineOf: (T) -> Int) -> T? {
            var lo = 0, hi = list.count
            while lo < hi { let mid = (lo + hi) / 2; if lineOf(list[mid]) <= line { lo = mid + 1 } else { hi = mid } }
            return lo < list.count ? list[lo] : nil
        }
        for d in model.directives where d.name == "check" {
            // check=skip=Rule1,Rule2;error=true
            for part in d.value.split(separator: ";") where part.trimmingSpaces.lowercased().hasPrefix("skip=") {
                let ids = PragmaSyntax.splitIDs(part.trimmingSpaces.dropFirst(5)[...])
                if !ids.isEmpty { out.append(InlineIgnore(path: model.path, scope: .file, ids: ids, dialect: .buildkit, line: d.line)) }
            }
        }
        for c in model.comments {
            guard let (kind, ids, dialect) = PragmaSyntax.parse(c.text[...]) else { continue }
            switch kind {
            case .file: out.append(InlineIgnore(path: model.path, scope: .file, ids: ids, dialect: dialect, line: c.line))
            case .stage:
                guard let next = firstAfter(c.line, in: froms, { $0.line }) else { continue }
                let end = firstAfter(next.line, in: froms, { $0.line }).map { $0.line - 1 } ?? Int.max / 2
                out.append(InlineIgnore(path: model.path, scope: .lines(next.line...max(next.line, end)), ids: ids, dialect: dialect, line: c.line))
            case .next:
                guard let next = firstAfter(c.line, in: starts, { $0.line }) else { continue }
                out.append(InlineIgnore(path: model.path, scope: .lines(next.line...next.end), ids: ids, dialect: dialect, line: c.line))
            }
        }
        return out
    }
}
