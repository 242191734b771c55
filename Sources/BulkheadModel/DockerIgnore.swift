/// `.dockerignore` as Docker reads it: the CLI's parser (moby/buildkit `dockerignore.ReadAll`) and the
/// matcher behind it (moby/patternmatcher `MatchesOrParentMatches`). It is not .gitignore:
///
/// - a pattern is matched against the whole path from the context root: `*.pem` excludes `key.pem` but not
///   `certs/key.pem` (that takes `**/*.pem`); `secrets` excludes `secrets` and everything under it, not `app/secrets`;
/// - `*` and `?` stop at `/`; `**` spans any number of directories (`**/x`, `x/**`, `a/**/b`); `[…]` is a class;
///   `\` escapes the next character;
/// - `!pattern` brings back what an earlier line excluded, and the last line that matches wins;
/// - each line is trimmed and cleaned as a path (`./a//b/` is `a/b`, a leading `/` is dropped); lines that start
///   with `#` are comments.
public struct DockerIgnore: Sendable {
    public struct Pattern: Sendable, Hashable {
        /// The cleaned pattern (without `!`), as Docker compares it.
        public var text: String
        public var exclusion: Bool
        /// 1-based line in the ignore file.
        public var line: Int
        enum Kind: Sendable, Hashable { case exact, prefix, suffix, glob }
        var kind: Kind
        var tokens: [Glob.Token]
    }

    public var patterns: [Pattern] = []
    /// Lines Docker refuses (`docker build` stops with "syntax error in pattern"), with their line numbers.
    public var errors: [(line: Int, message: String)] = []
    /// Whether any line brings files back (`!`).
    public var hasExclusions: Bool { patterns.contains { $0.exclusion } }

    public init() {}

    /// Reads an ignore file's text.
    public static func parse(_ text: String) -> DockerIgnore {
        var out = DockerIgnore()
        var lineNo = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            var line = Substring(rawLine)
            if lineNo == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            if line.hasPrefix("#") { continue }
            var p = trimSpace(line)
            if p.isEmpty { continue }
            let invert = p.hasPrefix("!")
            if invert {
                p = trimSpace(p.dropFirst())
                if p.isEmpty { out.errors.append((lineNo, "illegal exclusion pattern: \"!\"")); continue }
            }
            var cleaned = clean(String(p))
            if cleaned.count > 1, cleaned.hasPrefix("/") { cleaned.removeFirst() }
            switch compile(cleaned) {
            case .failure(let e): out.errors.append((lineNo, e.message))
            case .success(let (kind, tokens)):
                out.patterns.append(Pattern(text: cleaned, exclusion: invert, line: lineNo, kind: kind, tokens: tokens))
            }
        }
        return out
    }

    /// True when Docker leaves `path` (relative to the context root, `/`-separated) out of the context: the last
    /// pattern that matches the path or one of its parent directories decides.
    public func excludes(_ path: String) -> Bool { matchingLine(path) != nil }

    /// The line of the pattern that leaves `path` out, or nil when it is sent.
    public func matchingLine(_ path: String) -> Int? {
        if patterns.isEmpty { return nil }
        var matched: Int? = nil
        let parents = Self.parentPrefixes(path)
        // glob patterns match on the path's scalars; a parent is a prefix of them (made once per path)
        var scalars: [Unicode.Scalar]? = nil
        var matcher = Glob.Matcher()
        for p in patterns {
            // an inclusion is only tried while not excluded, an exclusion only once excluded
            if p.exclusion != (matched != nil) { continue }
            var m: Bool
            if p.kind == .glob {
                if scalars == nil { scalars = Array(path.unicodeScalars) }
                let all = scalars!
                // the path, or a parent directory (the path up to a "/"): one pass answers for every prefix
                m = matcher.match(p.tokens, all[...], orParent: true)
            } else {
                m = p.matches(path)
                if !m { m = parents.contains { p.matches($0) } }
            }
            if m { matched = p.exclusion ? nil : p.line }
        }
        return matched
    }

    /// Whether the classic builder walks into `directory` although it is excluded: only when an exclusion
    /// (`!`) pattern names something under it (docker's archive walker skips the directory otherwise, so
    /// `!**/keep` does not bring back `excluded-dir/keep`).
    public func walksInto(excluded directory: String) -> Bool {
        let dirSlash = directory + "/"
        return patterns.contains { $0.exclusion && ($0.text + "/").hasPrefix(dirSlash) }
    }

    /// "a/b/c" → ["a", "a/b"].
    static func parentPrefixes(_ path: String) -> [String] {
        var out: [String] = []
        var idx = path.startIndex
        while let slash = path[idx...].firstIndex(of: "/") {
            out.append(String(path[..<slash]))
            idx = path.index(after: slash)
        }
        return out
    }

    static func trimSpace(_ s: Substring) -> Substring {
        let ws: Set<Character> = [" ", "\t", "\r", "\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}"]
        var t = s
        while let f = t.first, ws.contains(f) { t = t.dropFirst() }
        while let l = t.last, ws.contains(l) { t = t.dropLast() }
        return t
    }

    /// Go's `filepath.Clean` on a `/`-separated path.
    public static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." { parts.removeLast() } else if !rooted { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        let body = parts.joined(separator: "/")
        if rooted { return "/" + body }
        return body.isEmpty ? "." : body
    }

    /// patternmatcher's `compile`: which of its four kinds of match a cleaned pattern is, and its tokens.
    static func compile(_ pattern: String) -> Result<(Pattern.Kind, [Glob.Token]), Glob.PatternError> {
        if case .failure(let m) = Glob.validate(pattern) { return .failure(m) }
        var kind = Pattern.Kind.exact
        var tokens: [Glob.Token] = []
        let c = Array(pattern)
        var i = 0, step = 0
        while i < c.count {
            let ch = c[i]; i += 1
            defer { step += 1 }
            if ch == "*" {
                if i < c.count, c[i] == "*" {
                    i += 1
                    if i < c.count, c[i] == "/" { i += 1 }
                    if i == c.count {
                        if kind == .exact { kind = .prefix } else { tokens.append(.anyPath); kind = .glob }
                    } else {
                        tokens.append(.anyDirectories); kind = .glob
                    }
                    if step == 0 { kind = .suffix }
                } else {
                    tokens.append(.star); kind = .glob
                }
            } else if ch == "?" {
                tokens.append(.one); kind = .glob
            } else if ch == "\\" {
                if i < c.count { tokens.append(.literal(c[i])); i += 1; kind = .glob } else { tokens.append(.literal("\\")) }
            } else if ch == "[" {
                switch Glob.parseClass(c, from: i) {
                case .some((let token, let next)): tokens.append(token); i = next; kind = .glob
                case .none: return .failure(Glob.PatternError(message: "syntax error in pattern (an unclosed [)"))
                }
            } else {
                tokens.append(.literal(ch))
            }
        }
        return .success((kind, tokens))
    }
}

extension DockerIgnore.Pattern {
    /// patternmatcher's `Pattern.match` on one path.
    func matches(_ path: String) -> Bool {
        switch kind {
        case .exact: return path == text
        case .prefix: return path.hasPrefix(text.dropLast(2))
        case .suffix:
            let suffix = text.dropFirst(2)
            if path.hasSuffix(suffix) { return true }
            return suffix.first == "/" && path == suffix.dropFirst()
        case .glob: return Glob.match(tokens, path)
        }
    }
}

/// Shell-style patterns over `/`-separated paths: Go's `filepath.Match` (COPY sources) and the regular
/// expressions patternmatcher builds (`**`). Matching is linear in the path for each token (memoised), so no
/// pattern can make it blow up.
public enum Glob {
    public struct PatternError: Error, Sendable { public var message: String }
    public enum Token: Sendable, Hashable {
        case literal(Character)
        /// `*`: any run of characters but `/`.
        case star
        /// `?`: one character but `/`.
        case one
        /// `**/` inside a pattern: `(.*/)?`, nothing or any directories.
        case anyDirectories
        /// `**` at the end after other wildcards: `.*`.
        case anyPath
        /// `[…]`, `[^…]`: ranges of characters.
        case set(negated: Bool, ranges: [ClosedRange<Character>])
    }

    /// Go's filepath.Match on a COPY source: `*` `?` `[…]` `\`; a `**` is two stars.
    public static func tokens(filepathPattern p: String) -> [Token]? {
        guard case .success = validate(p) else { return nil }
        let c = Array(p)
        var out: [Token] = []
        var i = 0
        while i < c.count {
            let ch = c[i]; i += 1
            switch ch {
            case "*": out.append(.star)
            case "?": out.append(.one)
            case "\\": if i < c.count { out.append(.literal(c[i])); i += 1 }
            case "[":
                guard let (t, next) = parseClass(c, from: i) else { return nil }
                out.append(t); i = next
            default: out.append(.literal(ch))
            }
        }
        return out
    }

    /// Whether a pattern has anything but literal characters.
    public static func hasMagic(_ p: String) -> Bool { p.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" } }

    /// A `[` … `]` class starting after the `[` at `from`: the token and the index after the `]`.
    static func parseClass(_ c: [Character], from: Int) -> (Token, Int)? {
        var i = from
        var negated = false
        if i < c.count, c[i] == "^" { negated = true; i += 1 }
        var ranges: [ClosedRange<Character>] = []
        var first = true
        while i < c.count {
            if c[i] == "]" && !first { return (.set(negated: negated, ranges: ranges), i + 1) }
            first = false
            var lo = c[i]
            if lo == "\\" { i += 1; guard i < c.count else { return nil }; lo = c[i] }
            i += 1
            var hi = lo
            if i + 1 < c.count, c[i] == "-", c[i + 1] != "]" {
                i += 1
                hi = c[i]
                if hi == "\\" { i += 1; guard i < c.count else { return nil }; hi = c[i] }
                i += 1
            }
            guard lo <= hi else { return nil }
            ranges.append(lo...hi)
        }
        return nil
    }

    /// The errors Go's filepath.Match reports for a pattern (Docker refuses such lines).
    static func validate(_ p: String) -> Result<Void, Glob.PatternError> {
        let c = Array(p)
        var i = 0
        while i < c.count {
            if c[i] == "\\" {
                if i + 1 >= c.count { return .failure(PatternError(message: "syntax error in pattern (a trailing \\)")) }
                i += 2; continue
            }
            if c[i] == "[" {
                guard let (_, next) = parseClass(c, from: i + 1) else { return .failure(PatternError(message: "syntax error in pattern (an unclosed or malformed [ ])")) }
                i = next; continue
            }
            i += 1
        }
        return .success(())
    }

    /// The same matching over Unicode scalars, with its two rows kept between calls.
    public struct Matcher {
        var reachable: [Bool] = []
        var next: [Bool] = []
        public init() {}

        /// `orParent`: also true when the tokens match the part before one of the `/`s (the row after the
        /// last token says, for every prefix, whether the tokens match it).
        public mutating func match(_ tokens: [Token], _ s: ArraySlice<Unicode.Scalar>, orParent: Bool = false) -> Bool {
            let base = s.startIndex, m = s.count
            reachable.removeAll(keepingCapacity: true); reachable.append(contentsOf: repeatElement(false, count: m + 1))
            reachable[0] = true
            for t in tokens {
                next.removeAll(keepingCapacity: true); next.append(contentsOf: repeatElement(false, count: m + 1))
                var any = false
                switch t {
                case .literal(let ch):
                    let scalars = ch.unicodeScalars
                    if scalars.count == 1, let u = scalars.first {
                        for j in 0..<m where reachable[j] && s[base + j] == u { next[j + 1] = true; any = true }
                    } else {
                        let seq = Array(scalars)
                        for j in 0..<m where reachable[j] && j + seq.count <= m && s[(base + j)..<(base + j + seq.count)].elementsEqual(seq) { next[j + seq.count] = true; any = true }
                    }
                case .one:
                    for j in 0..<m where reachable[j] && s[base + j] != "/" { next[j + 1] = true; any = true }
                case .set(let negated, let ranges):
                    for j in 0..<m where reachable[j] {
                        let c = Character(s[base + j])
                        if ranges.contains(where: { $0.contains(c) }) != negated { next[j + 1] = true; any = true }
                    }
                case .star:
                    var run = false
                    for j in 0...m {
                        if reachable[j] { run = true }
                        if run { next[j] = true; any = true }
                        if j < m && s[base + j] == "/" { run = false }
                    }
                case .anyPath:
                    if let first = reachable.firstIndex(of: true) { for j in first...m { next[j] = true }; any = true }
                case .anyDirectories:
                    var seen = false
                    for j in 0...m {
                        if reachable[j] { next[j] = true; seen = true; any = true }
                        if seen && j < m && s[base + j] == "/" { next[j + 1] = true }
                    }
                }
                swap(&reachable, &next)
                if !any { return false }
            }
            if reachable[m] { return true }
            if orParent {
                for j in 1..<max(m, 1) where s[base + j] == "/" && reachable[j] { return true }
            }
            return false
        }
    }

    /// Whether the tokens match the whole of `path`.
    public static func match(_ tokens: [Token], _ path: String) -> Bool {
        var m = Matcher()
        return m.match(tokens, Array(path.unicodeScalars)[...])
    }
}
