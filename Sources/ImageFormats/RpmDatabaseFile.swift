import BulkheadCore
import GRDBSQLite
import Inventory

/// rpm's database file, as the inventory keeps it: one line per package (RpmDatabase's format). `rpmdb.sqlite`
/// (RHEL 9, Fedora, openSUSE) is opened as a read-only in-memory SQLite database (nothing is written anywhere),
/// each row of its `Packages` table a header blob; anything else is read as Berkeley DB (RpmBerkeleyDB).
public enum RpmDatabaseFile {
    /// "" when the bytes are neither database.
    public static func describe(_ bytes: [UInt8]) -> String {
        guard bytes.count >= 100, bytes.starts(with: Array("SQLite format 3\0".utf8)) else { return RpmBerkeleyDB.describe(bytes) }
        var db: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nil) == SQLITE_OK, let db else { return "" }
        defer { sqlite3_close(db) }
        // the database takes a copy it owns (freed on close); no write reaches it
        guard let copy = sqlite3_malloc64(sqlite3_uint64(bytes.count)) else { return "" }
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        // rpm keeps the database in WAL mode; an in-memory database cannot be, so the header says rollback journal
        let header = copy.assumingMemoryBound(to: UInt8.self)
        if header[18] == 2 { header[18] = 1 }
        if header[19] == 2 { header[19] = 1 }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
        guard sqlite3_deserialize(db, "main", copy.assumingMemoryBound(to: UInt8.self), sqlite3_int64(bytes.count), sqlite3_int64(bytes.count), flags) == SQLITE_OK else { return "" }
        // a hostile file gets bounded work: no triggers or views run on a plain SELECT of a table
        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 64 << 20)
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, "SELECT blob FROM Packages", -1, &stmt, nil) == SQLITE_OK, let stmt else { return "" }
        defer { sqlite3_finalize(stmt) }
        var lines: [String] = []
        while sqlite3_step(stmt) == SQLITE_ROW, lines.count < 1_000_000 {
            let n = Int(sqlite3_column_bytes(stmt, 0))
            guard n > 0, let p = sqlite3_column_blob(stmt, 0) else { continue }
            if let line = RpmDatabase.line(header: UnsafeRawBufferPointer(start: p, count: n)) { lines.append(line) }
        }
        return lines.sorted().joined(separator: "\n")
    }
}
