import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// An error in one feed file, with the place it was found.
public struct FeedError: Error, Sendable, CustomStringConvertible {
    public var line: Int?
    public var column: Int?
    public var message: String
    public init(line: Int? = nil, column: Int? = nil, _ message: String) { self.line = line; self.column = column; self.message = message }
    public var description: String { message }
}

/// OSV records (osv-schema 1.x): one JSON object per file, or an array of them.
public enum OSVFeed {
    public static func parse(_ text: String, source: String) throws(FeedError) -> [Advisory] {
        let root: JNode
        do { root = try JNode.parse(text) } catch { throw FeedError(line: error.line, column: error.column, "not JSON: \(error.message)") }
        if let a = root.array { return try a.map { (n: JNode) throws(FeedError) in try record(n, source: source) } }
        return [try record(root, source: source)]
    }

    public static func record(_ n: JNode, source: String) throws(FeedError) -> Advisory {
        guard n.object != nil else { throw FeedError(line: n.line, column: n.column, "an OSV record is a JSON object") }
        guard let id = n["id"]?.string, !id.isEmpty else { throw FeedError(line: n.line, column: n.column, "an OSV record without an id") }
        var a = Advisory(id: id, source: source)
        a.aliases = (n["aliases"]?.array ?? []).compactMap(\.string)
        a.summary = n["summary"]?.string ?? firstLine(n["details"]?.string ?? "")
        a.published = n["published"]?.string
        a.modified = n["modified"]?.string
        a.withdrawn = n["withdrawn"]?.string
        a.cvss = vectors(n["severity"])
        a.severityWord = n["database_specific"]?["severity"]?.string
        for aff in n["affected"]?.array ?? [] {
            guard let pkg = aff["package"], let eco = pkg["ecosystem"]?.string, let name = pkg["name"]?.string else { continue }
            let (ecosystem, release) = AffectedPackage.splitEcosystem(eco)
            var p = AffectedPackage(ecosystem: ecosystem, release: release, name: name)
            p.versions = (aff["versions"]?.array ?? []).compactMap(\.string)
            for r in aff["ranges"]?.array ?? [] {
                guard let type = r["type"]?.string else { continue }
                var events: [AffectedPackage.Event] = []
                for e in r["events"]?.array ?? [] {
                    for (k, v) in e.object ?? [] {
                        guard let s = v.string, let kind = AffectedPackage.Event.Kind(rawValue: k) else { continue }
                        events.append(AffectedPackage.Event(kind, s))
                    }
                }
                p.ranges.append(AffectedPackage.Range(type: type, events: events))
            }
            // per-package severity (Debian's urgency, GHSA's per-package vectors)
            for v in vectors(aff["severity"]) where !a.cvss.contains(v) { a.cvss.append(v) }
            if let u = aff["ecosystem_specific"]?["urgency"]?.string { p.note = "urgency \(u)" }
            a.affected.append(p)
        }
        return a
    }

    static func vectors(_ n: JNode?) -> [String] {
        (n?.array ?? []).compactMap { s -> String? in
            guard let score = s["score"]?.string, !score.isEmpty else { return nil }
            return score
        }
    }

    static func firstLine(_ s: String) -> String {
        let line = s.split(whereSeparator: { $0 == "\n" }).first.map(String.init) ?? ""
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
