import Advisories
import BulkheadCore
import BulkheadModel
import Foundation
import GRDB

/// The advisory database: one SQLite file the user owns, copies and updates. Each import replaces what the
/// same source gave before, inside one transaction: an import that is killed leaves the previous contents.
public final class AdvisoryDatabase: AdvisorySource, @unchecked Sendable {
    public let path: String
    let queue: DatabaseQueue
    static let schemaVersion = 1

    /// Opens (and with `create`, makes) the database at `path`. Read-only opening never writes.
    public init(path: String, create: Bool) throws {
        self.path = path
        var config = Configuration()
        config.readonly = !create
        config.busyMode = .timeout(10)
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
            if create {
                try queue.write { db in try Self.migrate(db) }
            } else {
                let version = try queue.read { db in try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'") }
                guard version == Self.schemaVersion else {
                    throw DatabaseFailure("\(path) is an advisory database of another version (schema \(version.map(String.init) ?? "none")); import the feeds again into a new file")
                }
            }
        } catch let e as DatabaseFailure { throw e } catch {
            throw DatabaseFailure("\(path) cannot be opened as an advisory database: \(Self.describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "\(e.resultCode)" }
        return "\(error)"
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS source(id INTEGER PRIMARY KEY, location TEXT NOT NULL UNIQUE, kinds TEXT NOT NULL,
                imported TEXT NOT NULL, records INTEGER NOT NULL, files INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS advisory(source INTEGER NOT NULL, id TEXT NOT NULL, aliases TEXT NOT NULL, summary TEXT NOT NULL,
                published TEXT, modified TEXT, withdrawn TEXT, cvss TEXT NOT NULL, severity TEXT, PRIMARY KEY(source, id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS affected(source INTEGER NOT NULL, advisory TEXT NOT NULL, ecosystem TEXT NOT NULL, release TEXT NOT NULL,
                name TEXT NOT NULL, spelled TEXT NOT NULL, state TEXT NOT NULL, ranges TEXT NOT NULL, versions TEXT NOT NULL, note TEXT);
            CREATE INDEX IF NOT EXISTS affected_package ON affected(ecosystem, name);
            CREATE INDEX IF NOT EXISTS affected_source ON affected(source);
            """)
        try db.execute(sql: "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", arguments: [String(schemaVersion)])
    }

    // MARK: status

    public struct Source: Sendable {
        public var location: String
        public var kinds: String
        public var imported: String
        public var records: Int
        public var files: Int
    }

    public func sources() throws -> [Source] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT location, kinds, imported, records, files FROM source ORDER BY location").map {
                Source(location: $0["location"], kinds: $0["kinds"], imported: $0["imported"], records: $0["records"], files: $0["files"])
            }
        }
    }

    public func counts() throws -> (advisories: Int, packages: Int, byEcosystem: [(String, Int)]) {
        try queue.read { db in
            let a = try Int.fetchOne(db, sql: "SELECT count(*) FROM advisory") ?? 0
            let p = try Int.fetchOne(db, sql: "SELECT count(*) FROM affected") ?? 0
            let e = try Row.fetchAll(db, sql: "SELECT ecosystem, count(DISTINCT advisory) AS n FROM affected GROUP BY ecosystem ORDER BY ecosystem").map { row -> (String, Int) in
                let name: String = row["ecosystem"], n: Int = row["n"]
                return (name, n)
            }
            return (a, p, e)
        }
    }

    public var isEmpty: Bool { ((try? queue.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM advisory)") }) ?? false) == false }

    public var description: String {
        // the sources' own counts: counting the advisory table would read all of it
        let n = (try? queue.read { db in try Int.fetchOne(db, sql: "SELECT sum(records) FROM source") }) ?? 0
        return "the advisory database \(path) (\(n) records)"
    }

    // MARK: import

    /// Replaces everything `location` gave before with `advisories`, in one transaction.
    public func replace(source location: String, kinds: [String], files: Int, advisories: [Advisory], imported: String,
                        endOfLife: [EndOfLife]? = nil) throws {
        do {
            try queue.inTransaction(.immediate) { db in
                // an end-of-life table replaces the one held before (whichever location gave it)
                if let endOfLife, let json = try? JSONEncoder().encode(endOfLife) {
                    try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('endoflife', ?)", arguments: [String(decoding: json, as: UTF8.self)])
                    try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('endoflife.source', ?)", arguments: [location])
                }
                if let old = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE location = ?", arguments: [location]) {
                    try db.execute(sql: "DELETE FROM affected WHERE source = ?", arguments: [old])
                    try db.execute(sql: "DELETE FROM advisory WHERE source = ?", arguments: [old])
                    try db.execute(sql: "DELETE FROM source WHERE id = ?", arguments: [old])
                }
                try db.execute(sql: "INSERT INTO source(location, kinds, imported, records, files) VALUES (?, ?, ?, ?, ?)",
                               arguments: [location, kinds.joined(separator: ","), imported, advisories.count, files])
                let id = db.lastInsertedRowID
                let insertAdvisory = try db.makeStatement(sql: """
                    INSERT INTO advisory(source, id, aliases, summary, published, modified, withdrawn, cvss, severity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(source, id) DO UPDATE SET aliases = excluded.aliases, cvss = excluded.cvss
                    """)
                let insertAffected = try db.makeStatement(sql: """
                    INSERT INTO affected(source, advisory, ecosystem, release, name, spelled, state, ranges, versions, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                var seen: [String: Advisory] = [:]
                for a in advisories {
                    // one id given twice by a feed (Alpine main and community, several tracker files): aliases and vectors united
                    var merged = a
                    if let prev = seen[a.id] {
                        merged.aliases = Self.union(prev.aliases, a.aliases)
                        merged.cvss = Self.union(prev.cvss, a.cvss)
                        if merged.summary.isEmpty { merged.summary = prev.summary }
                    }
                    seen[a.id] = merged
                    try insertAdvisory.execute(arguments: [id, a.id, merged.aliases.joined(separator: "\n"), merged.summary, a.published, a.modified,
                                                           a.withdrawn, merged.cvss.joined(separator: "\n"), merged.severityWord])
                    for p in a.affected {
                        try insertAffected.execute(arguments: [id, a.id, p.ecosystem, p.release, AffectedPackage.matchName(p.name, ecosystem: p.ecosystem),
                                                               p.name, p.state.rawValue, Self.encode(p.ranges), p.versions.joined(separator: "\u{1F}"), p.note])
                    }
                }
                return .commit
            }
        } catch {
            throw DatabaseFailure("the import of \(location) into \(path) failed and was rolled back: \(Self.describe(error))")
        }
    }

    static func union(_ a: [String], _ b: [String]) -> [String] { a + b.filter { !a.contains($0) } }

    /// Ranges as text: ranges split by U+001E, a range's type and events by U+001F, an event's kind and version by U+001D.
    static func encode(_ ranges: [AffectedPackage.Range]) -> String {
        ranges.map { r in ([r.type] + r.events.map { $0.kind.rawValue + "\u{1D}" + $0.version }).joined(separator: "\u{1F}") }.joined(separator: "\u{1E}")
    }
    static func decode(_ text: String) -> [AffectedPackage.Range] {
        guard !text.isEmpty else { return [] }
        var out: [AffectedPackage.Range] = []
        let u = Array(text.utf8)
        var i = 0
        func field(_ stops: Set<UInt8>) -> String {
            let start = i
            while i < u.count, !stops.contains(u[i]) { i += 1 }
            return String(decoding: u[start..<i], as: UTF8.self)
        }
        while i <= u.count {
            var r = AffectedPackage.Range(type: field([0x1F, 0x1E]), events: [])
            while i < u.count, u[i] == 0x1F {
                i += 1
                let kind = field([0x1D, 0x1F, 0x1E])
                guard i < u.count, u[i] == 0x1D else { continue }
                i += 1
                let version = field([0x1F, 0x1E])
                if let k = AffectedPackage.Event.Kind(rawValue: kind) { r.events.append(AffectedPackage.Event(k, version)) }
            }
            out.append(r)
            if i < u.count, u[i] == 0x1E { i += 1 } else { break }
        }
        return out
    }

    // MARK: lookup

    public func endOfLife() -> [EndOfLife]? {
        guard let text = try? queue.read({ db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'endoflife'") }) else { return nil }
        return try? JSONDecoder().decode([EndOfLife].self, from: Data(text.utf8))
    }

    public func advisories(for packages: [InstalledPackage]) throws -> [Advisory] {
        var keys = Set<[String]>()
        for p in packages {
            keys.insert([p.ecosystem, AffectedPackage.matchName(p.sourceName, ecosystem: p.ecosystem)])
            keys.insert([p.ecosystem, AffectedPackage.matchName(p.name, ecosystem: p.ecosystem)])
        }
        return try queue.read { db in
            // one indexed query per package name; columns by position (name lookups cost more than the query)
            let byName = try db.cachedStatement(sql: """
                SELECT f.source, f.advisory, f.ecosystem, f.release, f.spelled, f.state, f.ranges, f.versions, f.note,
                       a.aliases, a.summary, a.published, a.modified, a.withdrawn, a.cvss, a.severity
                FROM affected f JOIN advisory a ON a.source = f.source AND a.id = f.advisory
                WHERE f.ecosystem = ? AND f.name = ?
                """)
            var found: [AdvisoryKey: Int] = [:]
            var out: [Advisory] = []
            for key in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let rows = try Row.fetchCursor(byName, arguments: [key[0], key[1]])
                while let row = try rows.next() {
                    let source: Int64 = row[0], id: String = row[1]
                    let k = AdvisoryKey(source: source, id: id)
                    let index: Int
                    if let i = found[k] { index = i } else {
                        index = out.count
                        found[k] = index
                        out.append(Advisory(id: id, aliases: Self.lines(row[9]), summary: row[10], published: row[11], modified: row[12],
                                            withdrawn: row[13], cvss: Self.lines(row[14]), severityWord: row[15], source: String(source)))
                    }
                    let versions: String = row[7]
                    out[index].affected.append(AffectedPackage(
                        ecosystem: row[2], release: row[3], name: row[4],
                        state: AffectedPackage.State(rawValue: row[5]) ?? .ranges, ranges: Self.decode(row[6]),
                        versions: Self.split(versions, 0x1F), note: row[8]))
                }
            }
            return out
        }
    }

    struct AdvisoryKey: Hashable { var source: Int64; var id: String }

    static func lines(_ s: String) -> [String] { split(s, 0x0A) }

    /// Splits on one ASCII byte (faster than Character splitting, which cares about grapheme clusters).
    static func split(_ s: String, _ separator: UInt8) -> [String] {
        guard !s.isEmpty else { return [] }
        var out: [String] = []
        var s = s
        s.withUTF8 { u in
            var start = 0
            for i in 0..<u.count where u[i] == separator {
                if i > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: u[start..<i]), as: UTF8.self)) }
                start = i + 1
            }
            if start < u.count { out.append(String(decoding: UnsafeBufferPointer(rebasing: u[start..<u.count]), as: UTF8.self)) }
        }
        return out
    }
}

public struct DatabaseFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
