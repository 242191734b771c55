import AdvisoryDB
import Advisories
import ArgumentParser
import Audit
import BulkheadCore
import BulkheadModel
import Foundation
import Reporters

/// Where the advisory database lives: --db, else $BULKHEAD_DB, else $XDG_DATA_HOME/bulkhead/advisories.db
/// (~/.local/share/bulkhead/advisories.db).
struct DatabaseOption: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The advisory database (SQLite). Default: $BULKHEAD_DB, else $XDG_DATA_HOME/bulkhead/advisories.db (~/.local/share/bulkhead/advisories.db).", valueName: "FILE"))
    var db: String?

    var path: String {
        if let db { return db }
        let env = systemIO.environment.variables
        if let p = env["BULKHEAD_DB"], !p.isEmpty { return p }
        let data = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (systemIO.files.homeDirectory + "/.local/share")
        return data + "/bulkhead/advisories.db"
    }
}

/// Options of commands that match packages against the advisory database.
struct VulnerabilityOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOption
    @ArgumentParser.Flag(name: .customLong("ignore-unfixed"), help: "Leave out known vulnerabilities that have no published fix (unfixed, or that the distribution will not fix).")
    var ignoreUnfixed = false
    @Option(name: .customLong("vex"), help: ArgumentHelp("An OpenVEX or CycloneDX VEX document (repeatable): vulnerabilities it says do not affect a package (not_affected) are suppressed, with its justification (--show-suppressed lists them).", valueName: "FILE"))
    var vex: [String] = []
    @ArgumentParser.Flag(name: .customLong("skip-vulnerabilities"), help: "List packages but do not match them against the advisory database.")
    var skip = false

    /// The statements of the --vex documents, or the first error.
    func statements() -> Result<[VEXStatement], InputError> {
        var out: [VEXStatement] = []
        for path in vex {
            switch systemIO.files.readText(path, limit: 64 << 20) {
            case .failure(let f): return .failure(InputError(path: path, message: f.message(readingAs: "a VEX document")))
            case .success(let text):
                switch VEXDocument.read(text, path: path) {
                case .failure(let e): return .failure(e)
                case .success(let s): out += s
                }
            }
        }
        return .success(out)
    }

    /// The database, opened read-only; a missing or unreadable one is an empty source whose description says why.
    func source() -> (any AdvisorySource)? {
        if skip { return nil }
        let path = database.path
        guard systemIO.files.exists(path) else { return NoDatabase(description: "there is no advisory database at \(path) (bulkhead db import FEED… makes one)") }
        do { return try AdvisoryDatabase(path: path, create: false) } catch { return NoDatabase(description: "\(error)") }
    }
}

struct NoDatabase: AdvisorySource {
    var description: String
    var isEmpty: Bool { true }
    func advisories(for packages: [InstalledPackage]) throws -> [Advisory] { [] }
}

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The local advisory database: import feeds, update them, show what it holds.",
        discussion: """
          Vulnerabilities are matched offline, against one SQLite file you own:
          copy it to air-gapped runners, keep it in a CI cache, update it on
          your schedule. Feeds: OSV records (files, directories, the zips
          osv.dev publishes per ecosystem; GitHub advisories are OSV), the
          Debian security tracker's JSON and its data/{CVE,DSA,DLA}/list
          files, and Alpine's secdb JSON.

          bulkhead db import ~/feeds/osv/PyPI.zip ~/feeds/debian.json
          bulkhead db import https://secdb.alpinelinux.org/v3.20/main.json
          bulkhead db import --db ci/advisories.db ./vulndb
          bulkhead db update
          bulkhead db status
        """,
        subcommands: [DatabaseImport.self, DatabaseUpdate.self, DatabaseStatus.self])
}

enum DatabaseRun {
    static func open(_ path: String) throws -> AdvisoryDatabase {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                stderr("bulkhead: cannot create \(dir): \(error.localizedDescription)"); throw ExitCode(2)
            }
        }
        do { return try AdvisoryDatabase(path: path, create: true) } catch { stderr("bulkhead: \(error)"); throw ExitCode(2) }
    }

    static func stderr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    static func now() -> String {
        var t = time(nil)
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(tm.tm_year + 1900)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday))T\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec))Z"
    }

    static func absolute(_ location: String) -> String {
        if location.hasPrefix("http://") || location.hasPrefix("https://") || location.hasPrefix("/") { return location }
        let joined = FileManager.default.currentDirectoryPath + "/" + location
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// Imports each location as one source; returns false when something could not be read.
    static func importAll(_ locations: [String], into db: AdvisoryDatabase) -> Bool {
        let reader = FeedReader(files: systemIO.files, http: systemIO.http)
        var ok = true
        for location in locations {
            let start = DispatchTime.now()
            let loaded = reader.load(location == "-" ? location : absolute(location))
            for e in loaded.errors { stderr("bulkhead: \(e.description)"); ok = false }
            if loaded.files == 0 && !loaded.errors.isEmpty { continue }
            if loaded.files == 0 {
                stderr("bulkhead: \(location): no advisory feed found (\(loaded.skipped.count) other files skipped)"); ok = false; continue
            }
            do {
                try db.replace(source: loaded.location, kinds: loaded.kinds.sorted(), files: loaded.files, advisories: loaded.advisories, imported: now(),
                               endOfLife: loaded.endOfLife)
            } catch { stderr("bulkhead: \(error)"); ok = false; continue }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            let eol = loaded.endOfLife.map { "; an end-of-life table of \($0.count) releases" } ?? ""
            print("imported \(loaded.advisories.count) records\(eol) from \(location) (\(loaded.files) feed files: \(loaded.kinds.sorted().joined(separator: ", "))\(loaded.skipped.isEmpty ? "" : "; \(loaded.skipped.count) other files skipped")) in \(String(format: "%.2f", seconds)) s")
        }
        return ok
    }
}

struct DatabaseImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import advisory feeds (files, directories, zips, http(s) URLs); each replaces what it gave before.",
        discussion: """
          Each location is one source: importing it again replaces its records,
          inside one transaction (a killed import leaves the previous contents).
          A directory tree may mix feeds; files that are not feeds are skipped.
        """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: ArgumentHelp("Feed files, directories, zips or URLs.", valueName: "LOCATION"))
    var locations: [String]

    func run() async throws {
        let db = try DatabaseRun.open(database.path)
        let ok = DatabaseRun.importAll(locations, into: db)
        throw ExitCode(ok ? 0 : 2)
    }
}

struct DatabaseUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Import every source of the database again from where it was imported.")
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let db = try DatabaseRun.open(database.path)
        let sources: [AdvisoryDatabase.Source]
        do { sources = try db.sources() } catch { DatabaseRun.stderr("bulkhead: \(error)"); throw ExitCode(2) }
        if sources.isEmpty { DatabaseRun.stderr("bulkhead: \(database.path) has no sources yet (bulkhead db import FEED…)"); throw ExitCode(2) }
        let ok = DatabaseRun.importAll(sources.map(\.location), into: db)
        throw ExitCode(ok ? 0 : 2)
    }
}

struct DatabaseStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database's sources, their record counts and age.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "Output format: text or json.") var format: String = "text"

    func run() async throws {
        let path = database.path
        guard FileManager.default.fileExists(atPath: path) else {
            DatabaseRun.stderr("bulkhead: there is no advisory database at \(path) (bulkhead db import FEED… makes one)"); throw ExitCode(2)
        }
        let db: AdvisoryDatabase
        do { db = try AdvisoryDatabase(path: path, create: false) } catch { DatabaseRun.stderr("bulkhead: \(error)"); throw ExitCode(2) }
        let sources = try db.sources()
        let counts = try db.counts()
        let today = String(DatabaseRun.now().prefix(10))
        func age(_ imported: String) -> Int? {
            guard let a = days(String(imported.prefix(10))), let b = days(today) else { return nil }
            return b - a
        }
        if format == "json" {
            let doc: JSONValue = .object([
                ("database", .string(path)), ("advisories", .int(counts.advisories)), ("affected", .int(counts.packages)),
                ("ecosystems", .object(counts.byEcosystem.map { ($0.0, .int($0.1)) })),
                ("sources", .array(sources.map { s in
                    .object([("location", .string(s.location)), ("kinds", .strings(s.kinds.split(separator: ",").map(String.init))),
                             ("imported", .string(s.imported)), ("ageDays", age(s.imported).map { .int($0) } ?? .null),
                             ("records", .int(s.records)), ("files", .int(s.files))])
                })),
            ])
            print(doc.render())
            return
        }
        print("\(path): \(counts.advisories) advisories, \(counts.packages) affected-package entries")
        if !counts.byEcosystem.isEmpty { print("ecosystems: " + counts.byEcosystem.map { "\($0.0) \($0.1)" }.joined(separator: ", ")) }
        if sources.isEmpty { print("no sources yet: bulkhead db import FEED…"); return }
        for s in sources {
            let a = age(s.imported).map { $0 == 0 ? "today" : "\($0) day\($0 == 1 ? "" : "s") ago" } ?? "?"
            print("  \(s.location)\n      \(s.records) records from \(s.files) files (\(s.kinds.replacingOccurrences(of: ",", with: ", "))), imported \(s.imported) (\(a))")
        }
    }

    func days(_ s: String) -> Int? {
        let p = s.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        var y = p[0]; let m = p[1], d = p[2]
        if m <= 2 { y -= 1 }
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }
}
