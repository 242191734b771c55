/// The build context of a Dockerfile as `docker build` would send it: what its directory holds, less what
/// `.dockerignore` (or `<Dockerfile>.dockerignore` beside the Dockerfile) leaves out. Read by
/// `BuildContextReader`; rules only look at it.
public struct BuildContext: Sendable {
    public struct Entry: Sendable, Hashable {
        public enum Kind: Sendable, Hashable { case file, directory, symlink }
        /// Relative to the context root, `/`-separated, no leading `./`.
        public var path: String
        public var kind: Kind
        /// The start of the text of files whose contents tell a credential from a harmless file (`.npmrc`, `*.pem`,
        /// `.env`, `.git/config`, small JSON key files); nil for the others.
        public var text: String?
        public init(path: String, kind: Kind, text: String? = nil) { self.path = path; self.kind = kind; self.text = text }
        public var name: Substring { path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? Substring(path) }
    }

    /// The context directory as the user named it (for messages).
    public var root: String
    /// The ignore file that applied (a path as named), nil when there is none.
    public var ignoreFile: String?
    public var ignore: DockerIgnore
    /// What is sent, sorted by path; directories that hold something sent are listed too.
    public var entries: [Entry]
    /// Set when a limit stopped the listing early (what was listed is still judged).
    public var incomplete: String?

    public init(root: String, ignoreFile: String?, ignore: DockerIgnore, entries: [Entry], incomplete: String? = nil) {
        self.root = root; self.ignoreFile = ignoreFile; self.ignore = ignore
        self.entries = entries.sorted { $0.path < $1.path }; self.incomplete = incomplete
    }

    /// A COPY/ADD source as Docker resolves it in the context: `./a/../b/` → `b`, `/x` → `x`, `.` → "".
    public static func normalizeSource(_ source: String) -> String {
        let c = DockerIgnore.clean(source.hasPrefix("/") ? String(source.dropFirst()) : source)
        var s = c
        while s.hasPrefix("/") { s.removeFirst() }
        return s == "." ? "" : s
    }

    /// What one COPY/ADD source brings in: each entry sent with the part of its path kept under the destination
    /// (a directory's contents go under the destination; a file keeps its own name; a directory named as the
    /// source is the destination itself, relative path ""). Empty when the source names nothing in the context.
    /// Directories are included as entries.
    public func copied(by source: String) -> [(entry: Entry, relative: String)] {
        let s = Self.normalizeSource(source)
        if s.hasPrefix("..") { return [] }
        if s.isEmpty { return entries.map { ($0, $0.path) } }
        if !Glob.hasMagic(s) { return under(s, keepName: true) }
        guard let tokens = Glob.tokens(filepathPattern: s) else { return [] }
        let depth = s.split(separator: "/").count
        // every entry whose path (or the directory at the pattern's depth) matches
        var roots = Set<String>()
        for e in entries where e.path.split(separator: "/").count == depth && Glob.match(tokens, e.path) { roots.insert(e.path) }
        var out: [(Entry, String)] = []
        for r in roots.sorted() { out += under(r, keepName: true) }
        return out
    }

    /// The entry at `path` and what lies under it; a file keeps its name, a directory gives its contents (and
    /// itself, at the destination: relative path "").
    func under(_ path: String, keepName: Bool) -> [(entry: Entry, relative: String)] {
        guard let i = index(of: path) else { return [] }
        let e = entries[i]
        if e.kind != .directory { return [(e, String(e.name))] }
        var out: [(Entry, String)] = [(e, "")]
        let prefix = path + "/"
        var j = i + 1
        // sorted by path: "a/…" entries follow "a" (a sibling like "a-b" sorts before "a/", and "a0" after)
        while j < entries.count {
            let p = entries[j].path
            if p.hasPrefix(prefix) { out.append((entries[j], String(p.dropFirst(prefix.count)))) } else if p > prefix { break }
            j += 1
        }
        return out
    }

    /// Binary search for an exact path.
    public func index(of path: String) -> Int? {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].path < path { lo = mid + 1 } else { hi = mid }
        }
        return lo < entries.count && entries[lo].path == path ? lo : nil
    }
}
