import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// Debian's release code names and numbers (OSV names Debian releases by number: `Debian:12`).
public enum DebianReleases {
    static let numbers: [String: String] = [
        "hamm": "2", "slink": "2.1", "potato": "2.2", "woody": "3.0", "sarge": "3.1", "etch": "4", "lenny": "5", "squeeze": "6",
        "wheezy": "7", "jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13",
        "forky": "14", "duke": "15", "sid": "sid",
    ]
    /// `bookworm` → `12`; unknown names pass through.
    public static func number(_ codename: String) -> String { numbers[codename.lowercased()] ?? codename }
}

/// The security tracker's JSON (`https://security-tracker.debian.org/tracker/data/json`): source package →
/// CVE → releases → status, fixed_version, urgency, nodsa.
public enum DebianTrackerJSON {
    public static func parse(_ text: String, source: String) throws(FeedError) -> [Advisory] {
        let root: JNode
        do { root = try JNode.parse(text) } catch { throw FeedError(line: error.line, column: error.column, "not JSON: \(error.message)") }
        guard let packages = root.object else { throw FeedError(line: 1, column: 1, "the tracker JSON is an object of source packages") }
        var byID: [String: Advisory] = [:]
        var order: [String] = []
        for (pkg, cves) in packages {
            for (id, entry) in cves.object ?? [] {
                var affected: [AffectedPackage] = []
                for (codename, r) in entry["releases"]?.object ?? [] {
                    var p = AffectedPackage(ecosystem: "Debian", release: DebianReleases.number(codename), name: pkg)
                    let status = r["status"]?.string ?? ""
                    let fixed = r["fixed_version"]?.string
                    let urgency = r["urgency"]?.string
                    p.note = urgency.map { "urgency \($0)" }
                    if status == "resolved", let fixed {
                        if fixed == "0" { p.state = .notAffected }
                        else { p.ranges = [AffectedPackage.Range(type: "ECOSYSTEM", events: [.init(.introduced, "0"), .init(.fixed, fixed)])] }
                    } else if status == "open" || status == "undetermined" {
                        if let reason = r["nodsa_reason"]?.string, !reason.isEmpty {
                            p.state = .wontFix; p.note = reason == "postponed" ? "postponed" : (reason == "ignored" ? "ignored" : "no-dsa")
                        } else if r["nodsa"] != nil {
                            p.state = .wontFix; p.note = "no-dsa"
                        } else if urgency == "end-of-life" {
                            p.state = .wontFix; p.note = "end-of-life"
                        } else {
                            p.state = .unfixed
                            if status == "undetermined" { p.note = "undetermined" }
                        }
                    } else { continue }
                    affected.append(p)
                }
                affected.sort { ($0.release, $0.name) < ($1.release, $1.name) }
                if byID[id] == nil {
                    byID[id] = Advisory(id: id, summary: OSVFeed.firstLine(entry["description"]?.string ?? ""), source: source)
                    order.append(id)
                }
                byID[id]!.affected += affected
            }
        }
        return order.compactMap { byID[$0] }
    }
}

/// The security tracker's own lists (`data/CVE/list`, `data/DSA/list`, `data/DLA/list` of its repository).
public enum DebianTrackerList {
    /// `CVE-2023-4911 (description …)` or `[14 Nov 2023] DSA-5559-1 glibc - security update`, then tab-indented
    /// lines: `- pkg version` (unstable), `[release] - pkg version|<state> (note)`, `{CVE-… CVE-…}`, `NOTE: …`.
    public static func parse(_ text: String, source: String) throws(FeedError) -> [Advisory] {
        var out: [Advisory] = []
        var current: Advisory?
        // the unstable line per package, applied to releases that have no line of their own
        var unstable: [String: (String, String?)] = [:]
        var lineNo = 0
        func finish() {
            guard var a = current else { return }
            for (pkg, (value, note)) in unstable.sorted(by: { $0.key < $1.key }) {
                var p = AffectedPackage(ecosystem: "Debian", release: "", name: pkg)
                // the unstable line speaks for every release without its own line (as the tracker decides): an
                // empty release, which a release's own row overrides when matching
                apply(value, note: note, to: &p)
                p.note = [p.note, "from the unstable entry"].compactMap { $0 }.joined(separator: "; ")
                if p.state == .ranges && p.ranges.isEmpty { continue }
                a.affected.append(p)
            }
            out.append(a)
            current = nil; unstable = [:]
        }
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            if raw.isEmpty { continue }
            if raw.first != "\t" && raw.first != " " {
                finish()
                let line = raw.trimmingSpaces
                if line.hasPrefix("CVE-") || line.hasPrefix("TEMP-") {
                    let id = line.prefix { $0 != " " && $0 != "\t" }
                    var summary = line.dropFirst(id.count).trimmingSpaces
                    if summary.hasPrefix("(") || summary.hasPrefix("[") { summary = String(summary.dropFirst().dropLast()) }
                    // the list cuts descriptions with " ..."
                    if summary.hasSuffix(" ...") { summary = String(summary.dropLast(4)) + "…" }
                    current = Advisory(id: String(id), summary: summary, source: source)
                } else if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                    // [date] DSA-5514-1 glibc - security update
                    let rest = line[line.index(after: close)...].trimmingSpaces
                    let words = rest.split(separator: " ")
                    guard let id = words.first, id.hasPrefix("DSA-") || id.hasPrefix("DLA-") || id.hasPrefix("DTSA-") else { continue }
                    let summary = rest.split(separator: "-", maxSplits: 1).count > 1 ? String(rest.drop { $0 != " " }).trimmingSpaces : ""
                    current = Advisory(id: String(id), summary: summary, published: String(line[line.index(after: line.startIndex)..<close]), source: source)
                } else {
                    throw FeedError(line: lineNo, column: 1, "not a Debian security tracker list line: '\(line.prefix(80))'")
                }
                continue
            }
            guard current != nil else { throw FeedError(line: lineNo, column: 1, "an indented line before any entry") }
            let line = raw.trimmingSpaces
            if line.hasPrefix("{"), line.hasSuffix("}") {
                current!.aliases += line.dropFirst().dropLast().split(separator: " ").map(String.init)
            } else if line.hasPrefix("- ") {
                let (pkg, value, note) = packageLine(line.dropFirst(2))
                if let pkg { unstable[pkg] = (value, note) }
            } else if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                let release = DebianReleases.number(String(line[line.index(after: line.startIndex)..<close]))
                var rest = line[line.index(after: close)...].trimmingSpaces[...]
                guard rest.hasPrefix("- ") else { continue }
                rest = rest.dropFirst(2)
                let (pkg, value, note) = packageLine(rest)
                guard let pkg else { continue }
                var p = AffectedPackage(ecosystem: "Debian", release: release, name: pkg)
                apply(value, note: note, to: &p)
                if p.state == .ranges && p.ranges.isEmpty { continue }
                current!.affected.append(p)
            }
            // NOTE:, TODO:, RESERVED, REJECTED and the like carry nothing to match
        }
        finish()
        return out
    }

    /// `glibc 2.36-9+deb12u3 (bug #1)` or `glibc <no-dsa> (Minor issue)` → (name, value, note).
    static func packageLine(_ s: Substring) -> (String?, String, String?) {
        let words = s.split(separator: " ", maxSplits: 2)
        guard let name = words.first else { return (nil, "", nil) }
        let value = words.count > 1 ? String(words[1]) : "<unfixed>"
        var note: String? = words.count > 2 ? words[2].trimmingSpaces : nil
        if let n = note, n.hasPrefix("("), n.hasSuffix(")") { note = String(n.dropFirst().dropLast()) }
        if value.hasPrefix("(") { return (String(name), "<unfixed>", String(value.dropFirst().dropLast())) }
        return (String(name), value, note)
    }

    static func apply(_ value: String, note: String?, to p: inout AffectedPackage) {
        switch value {
        case "<unfixed>": p.state = .unfixed; p.note = note
        case "<not-affected>": p.state = .notAffected; p.note = note
        case "<no-dsa>": p.state = .wontFix; p.note = ["no-dsa", note].compactMap { $0 }.joined(separator: ": ")
        case "<ignored>": p.state = .wontFix; p.note = ["ignored", note].compactMap { $0 }.joined(separator: ": ")
        case "<postponed>": p.state = .wontFix; p.note = ["postponed", note].compactMap { $0 }.joined(separator: ": ")
        case "<end-of-life>": p.state = .wontFix; p.note = ["end-of-life", note].compactMap { $0 }.joined(separator: ": ")
        case _ where value.hasPrefix("<"): p.state = .ranges  // <removed>, <itp>, <undetermined>: nothing to match
        default:
            p.state = .ranges; p.note = note
            p.ranges = [AffectedPackage.Range(type: "ECOSYSTEM", events: [.init(.introduced, "0"), .init(.fixed, value)])]
        }
    }
}
