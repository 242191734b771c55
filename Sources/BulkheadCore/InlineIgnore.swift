/// An inline suppression found by a reader: `# bulkhead ignore=DF012,DL3008 -- reason`. Readers record
/// the ids as written; the engine resolves them (ids or other tools' aliases) to canonical rule ids once
/// and warns about ids it does not know.
public struct InlineIgnore: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        /// The whole file.
        case file
        /// Findings that start on one of these lines.
        case lines(ClosedRange<Int>)
    }
    /// Which tool's syntax it was written in: ids of another tool's pragma (hadolint, BuildKit `check=skip`)
    /// that bulkhead does not know are not worth a warning.
    public enum Dialect: String, Sendable, Hashable { case bulkhead, hadolint, buildkit }

    public var path: String
    public var scope: Scope
    /// As written: rule ids, aliases, or `all`.
    public var ids: [String]
    public var dialect: Dialect
    /// Where the pragma itself is written.
    public var line: Int
    public var column: Int

    public init(path: String, scope: Scope, ids: [String], dialect: Dialect = .bulkhead, line: Int, column: Int = 1) {
        self.path = path; self.scope = scope; self.ids = ids; self.dialect = dialect; self.line = line; self.column = column
    }
}

/// The text of a pragma comment, shared by every reader.
public enum PragmaSyntax {
    public enum Kind: Sendable, Equatable { case next, stage, file }

    /// Parses a comment body (the text after `#`): `bulkhead ignore=A,B -- why`, `bulkhead global ignore=…`,
    /// `bulkhead stage ignore=…`, `bulkhead ignore-file=…`, and the same after `hadolint`.
    public static func parse(_ text: Substring) -> (kind: Kind, ids: [String], dialect: InlineIgnore.Dialect)? {
        var t = text.drop { $0 == " " || $0 == "\t" }
        var dialect: InlineIgnore.Dialect? = nil
        for (prefix, d) in [("bulkhead", InlineIgnore.Dialect.bulkhead), ("hadolint", .hadolint)] where t.lowercased().hasPrefix(prefix) {
            dialect = d; t = t.dropFirst(prefix.count).drop { $0 == " " || $0 == ":" }
        }
        guard let dialect else { return nil }
        var kind = Kind.next
        if t.hasPrefix("global ") { kind = .file; t = t.dropFirst(7).drop { $0 == " " } }
        else if t.hasPrefix("stage ") { kind = .stage; t = t.dropFirst(6).drop { $0 == " " } }
        if t.hasPrefix("ignore-file=") { kind = .file; t = t.dropFirst(12) }
        else if t.hasPrefix("ignore=") { t = t.dropFirst(7) } else { return nil }
        // the list ends at whitespace, "--" or "#"
        let list = t.prefix { $0 != " " && $0 != "\t" && $0 != "#" }
        let ids = splitIDs(list)
        return ids.isEmpty ? nil : (kind, ids, dialect)
    }

    /// `A,B;C` → ["A", "B", "C"].
    public static func splitIDs(_ list: Substring) -> [String] {
        list.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// Where `needle` (ASCII) first starts in `text`.
    static func find(_ needle: String, in text: Substring) -> Substring.Index? {
        let n = Array(needle.utf8)
        let u = text.utf8
        var i = u.startIndex
        while i != u.endIndex {
            if u[i] == n[0], u[i...].starts(with: n) { return i }
            i = u.index(after: i)
        }
        return nil
    }

    /// `# bulkhead …` comments in line-oriented text (YAML, shell, Markdown, JSON has none): on a line of its
    /// own it covers the next line that is neither blank nor a comment; after other text, its own line;
    /// `global ignore=` the whole file. Only `# bulkhead` is read here (hadolint's pragmas are Dockerfile-only).
    /// One pass over the bytes; text that never says "bulkhead" costs one substring search.
    public static func scanLines(_ text: String, path: String) -> [InlineIgnore] {
        guard text.containsBytes("bulkhead") else { return [] }
        var out: [InlineIgnore] = []
        var pendingNext: [(ids: [String], line: Int, column: Int)] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let isBlankOrComment = trimmed.isEmpty || trimmed.hasPrefix("#")
            var ownLine: [(ids: [String], column: Int)] = []
            if line.utf8.contains(UInt8(ascii: "#")), line.containsBytes("bulkhead"),
               let hash = find("# bulkhead", in: line) ?? find("#bulkhead", in: line) {
                let body = line[line.index(after: hash)...]
                let column = line.distance(from: line.startIndex, to: hash) + 1
                if let (kind, ids, _) = parse(body) {
                    if kind == .file { out.append(InlineIgnore(path: path, scope: .file, ids: ids, line: lineNo, column: column)) }
                    else if line[..<hash].allSatisfy({ $0 == " " || $0 == "\t" }) { pendingNext.append((ids, lineNo, column)) }
                    else { ownLine.append((ids, column)) }
                }
            }
            for o in ownLine { out.append(InlineIgnore(path: path, scope: .lines(lineNo...lineNo), ids: o.ids, line: lineNo, column: o.column)) }
            if !isBlankOrComment {
                for p in pendingNext { out.append(InlineIgnore(path: path, scope: .lines(lineNo...lineNo), ids: p.ids, line: p.line, column: p.column)) }
                pendingNext = []
            }
        }
        // a pragma with no line after it covers the line past the end (nothing), as before
        for p in pendingNext { out.append(InlineIgnore(path: path, scope: .lines((lineNo + 1)...(lineNo + 1)), ids: p.ids, line: p.line, column: p.column)) }
        return out
    }
}

extension StringProtocol {
    public var trimmingSpaces: String {
        if let whole = self as? String { return whole.trimmingSpaces }
        return String.trimmedSpaces(Substring(self))
    }
    public var trimmingQuotes: String {
        if count >= 2, let f = first, let l = last, f == l, f == "\"" || f == "'" { return String(dropFirst().dropLast()) }
        return String(self)
    }
}


extension String {
    /// Spaces, tabs and line ends cut from both ends. A String is read without a cast (the Dockerfile parser asks
    /// this of every line); with nothing to trim (most lines) it is the string itself, sharing its storage.
    public var trimmingSpaces: String {
        func space(_ b: UInt8?) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        if !space(utf8.first) && !space(utf8.last) { return self }
        return String.trimmedSpaces(Substring(self))
    }

    static func trimmedSpaces(_ text: Substring) -> String {
        var s = text
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
