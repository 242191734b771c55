import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// Alpine's secdb (`https://secdb.alpinelinux.org/v3.19/main.json`): per branch, each origin package's
/// `secfixes`, fixed version → the CVEs it fixes. A fixed version of `0` means the branch was never affected.
public enum AlpineSecDB {
    public static func parse(_ text: String, source: String) throws(FeedError) -> [Advisory] {
        let root: JNode
        do { root = try JNode.parse(text) } catch { throw FeedError(line: error.line, column: error.column, "not JSON: \(error.message)") }
        guard let branch = root["distroversion"]?.string, let packages = root["packages"]?.array else {
            throw FeedError(line: 1, column: 1, "an Alpine secdb file has distroversion and packages")
        }
        var byID: [String: Advisory] = [:]
        var order: [String] = []
        for entry in packages {
            guard let pkg = entry["pkg"], let name = pkg["name"]?.string else { continue }
            for (version, ids) in pkg["secfixes"]?.object ?? [] {
                for idNode in ids.array ?? [] {
                    guard let text = idNode.string else { continue }
                    // "CVE-2019-1234", sometimes several in one string, or with a remark after them
                    for word in text.split(separator: " ") where word.hasPrefix("CVE-") || word.hasPrefix("XSA-") || word.hasPrefix("GHSA-") {
                        let id = String(word)
                        var p = AffectedPackage(ecosystem: "Alpine", release: branch, name: name)
                        if version == "0" { p.state = .notAffected }
                        else { p.ranges = [AffectedPackage.Range(type: "ECOSYSTEM", events: [.init(.introduced, "0"), .init(.fixed, version)])] }
                        if byID[id] == nil { byID[id] = Advisory(id: id, source: source); order.append(id) }
                        byID[id]!.affected.append(p)
                    }
                }
            }
        }
        return order.compactMap { byID[$0] }
    }
}

/// Which kind of feed a file is, by its content (and name where content cannot tell).
public enum FeedKind: String, Sendable {
    case osv, debianJSON = "debian-tracker-json", debianList = "debian-tracker-list", alpine = "alpine-secdb", endOfLife = "endoflife-date"

    public static func detect(path: String, text: String) -> FeedKind? {
        let head = text.prefix(4096)
        let trimmed = head.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r\n" || $0 == "\u{FEFF}" }
        let afterBracket = trimmed.dropFirst().drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r\n" }
        let jsonArray = trimmed.hasPrefix("[") && (afterBracket.hasPrefix("{") || afterBracket.hasPrefix("]"))
        if trimmed.hasPrefix("{") || jsonArray {
            if head.contains("\"distroversion\"") { return .alpine }
            if head.contains("\"products\"") && head.contains("\"releaseCycle\"") { return .endOfLife }
            if head.contains("\"id\"") && (head.contains("\"modified\"") || head.contains("\"affected\"") || head.contains("\"schema_version\"")) { return .osv }
            if head.contains("\"releases\"") { return .debianJSON }
            if jsonArray { return .osv }
            return nil
        }
        if trimmed.hasPrefix("CVE-") || trimmed.hasPrefix("TEMP-") || (trimmed.hasPrefix("[") && (head.contains("DSA-") || head.contains("DLA-"))) { return .debianList }
        return nil
    }

    public func parse(_ text: String, source: String) throws(FeedError) -> [Advisory] {
        switch self {
        case .osv: try OSVFeed.parse(text, source: source)
        case .debianJSON: try DebianTrackerJSON.parse(text, source: source)
        case .debianList: try DebianTrackerList.parse(text, source: source)
        case .alpine: try AlpineSecDB.parse(text, source: source)
        case .endOfLife: []   // not advisories: EndOfLifeFeed.parse
        }
    }
}

/// endoflife.date's release data (`{"products": {"debian": [{"releaseCycle", "eol", "eoes", …}], …}}`, as
/// ../shared/vulndb/eol/eol.json holds it): the end of support of each distribution release, keyed by os-release ID.
public enum EndOfLifeFeed {
    /// os-release ID → endoflife.date product, and how VERSION_ID becomes a release cycle.
    static let plan: [(id: String, product: String, cut: String)] = [
        ("almalinux", "almalinux", "major"), ("alpine", "alpine-linux", "minor"), ("amzn", "amazon-linux", "major"),
        ("centos", "centos-stream", "major"), ("debian", "debian", "major"), ("rhel", "rhel", "major"),
        ("rocky", "rocky-linux", "major"), ("ubuntu", "ubuntu", "minor"),
    ]

    /// Free security support ends at Debian's LTS end (`eoes`), elsewhere at `eol`; a date that is `false` or
    /// missing (still supported, no date) leaves the release out.
    public static func parse(_ text: String) throws(FeedError) -> [EndOfLife] {
        let root: JNode
        do { root = try JNode.parse(text) } catch { throw FeedError(line: error.line, column: error.column, "not JSON: \(error.message)") }
        guard let products = root["products"] else { throw FeedError(line: 1, column: 1, "no products (not endoflife.date data)") }
        var out: [EndOfLife] = []
        for (id, product, cut) in plan {
            for r in products[product]?.array ?? [] {
                guard let cycle = r["releaseCycle"]?.string else { continue }
                let eol = r["eol"]?.string
                let end = product == "debian" ? (r["eoes"]?.string ?? eol) : eol
                guard let end else { continue }
                out.append(EndOfLife(id: id, cut: cut, cycle: cycle, end: end, regular: eol ?? end))
            }
        }
        return out
    }
}
