import BulkheadCore
import BulkheadModel
import Versions

/// One vulnerability of one installed package: the advisory records that agree on it, merged by alias.
public struct VulnerabilityMatch: Sendable {
    public enum Status: String, Sendable { case fixed, unfixed, wontFix = "wont-fix" }
    public var package: InstalledPackage
    /// A CVE id where the records give one, else the record's own id (GHSA, PYSEC, DSA …).
    public var id: String
    public var aliases: [String]
    public var summary: String
    public var status: Status
    /// The lowest version that fixes it, above the installed one.
    public var fixed: String?
    public var note: String?
    public var cvss: [String]
    public var best: CVSS.Score?
    public var severityWord: String?
    /// The records merged (their own ids).
    public var records: [String]
}

/// OSV's matching rules (introduced / fixed / last_affected / limit, explicit versions, withdrawn records
/// skipped), distribution records by source package and release, one result per vulnerability and package.
public enum VulnerabilityMatcher {
    static let distributions: Set<String> = ["Debian", "Alpine", "Ubuntu"]

    struct Verdict {
        var advisory: Int
        var specific: Bool
        var affected: Bool
        var status: VulnerabilityMatch.Status = .fixed
        var fixed: String?
        var note: String?
    }

    public static func match(_ inventory: PackageInventory, _ advisories: [Advisory]) -> [VulnerabilityMatch] {
        // (ecosystem, matching name) → (advisory, affected entry)
        var index: [String: [(Int, Int)]] = [:]
        for (ai, a) in advisories.enumerated() where a.withdrawn == nil {
            for (pi, p) in a.affected.enumerated() {
                index[p.ecosystem + "\u{1F}" + AffectedPackage.matchName(p.name, ecosystem: p.ecosystem), default: []].append((ai, pi))
            }
        }
        var out: [VulnerabilityMatch] = []
        for pkg in inventory.packages {
            let eco = pkg.ecosystem
            let distro = distributions.contains(eco)
            let name = distro ? pkg.sourceName : pkg.name
            let version = eco == "Debian" || eco == "Ubuntu" ? pkg.sourceVersion : pkg.version
            let release: String? = distro ? (inventory.distribution?.osvEcosystem == eco ? inventory.distribution?.osvRelease : nil) : ""
            // a distribution package whose release is unknown (testing, sid, no os-release) is not guessed at
            if distro && release == nil { continue }
            guard let hits = index[eco + "\u{1F}" + AffectedPackage.matchName(name, ecosystem: eco)] else { continue }
            let scheme = VersionScheme.forEcosystem(eco)
            var byAdvisory: [Int: [Int]] = [:]
            for (ai, pi) in hits { byAdvisory[ai, default: []].append(pi) }
            var verdicts: [Verdict] = []
            for (ai, rows) in byAdvisory.sorted(by: { $0.key < $1.key }) {
                let a = advisories[ai]
                let entries = rows.map { a.affected[$0] }
                let exact = release.map { r in entries.filter { !r.isEmpty && $0.release == r } } ?? []
                let use = !exact.isEmpty ? exact : entries.filter { $0.release.isEmpty }
                guard !use.isEmpty else { continue }
                var v = Verdict(advisory: ai, specific: !exact.isEmpty, affected: false)
                for e in use {
                    switch e.state {
                    case .notAffected: continue
                    case .unfixed:
                        if !v.affected || v.status == .unfixed { v.status = .unfixed; v.note = e.note }
                        v.affected = true
                    case .wontFix:
                        if !v.affected || v.status == .unfixed { v.status = .wontFix; v.note = e.note }
                        v.affected = true
                    case .ranges:
                        let ranges = AffectedRanges(ranges: e.ranges.map { r in
                            AffectedRanges.Range(type: r.type, events: r.events.map { ev in
                                switch ev.kind {
                                case .introduced: .introduced(ev.version)
                                case .fixed: .fixed(ev.version)
                                case .lastAffected: .lastAffected(ev.version)
                                case .limit: .limit(ev.version)
                                }
                            })
                        }, versions: e.versions, scheme: scheme)
                        guard ranges.affects(version) else { continue }
                        let fixes = e.fixedVersions.filter { f in scheme.map { $0.compare(f, version) > 0 } ?? true }
                        let lowest: String? = scheme.map { s in fixes.min { s.compare($0, $1) < 0 } } ?? fixes.first
                        v.affected = true
                        if let low = lowest {
                            if v.status != .fixed || v.fixed == nil || (scheme?.compare(low, v.fixed!) ?? 0) < 0 { v.fixed = low }
                            v.status = .fixed; v.note = e.note
                        } else if v.fixed == nil {
                            v.status = .unfixed; v.note = e.note
                        }
                    }
                }
                verdicts.append(v)
            }
            out += merge(verdicts, advisories, pkg, scheme)
        }
        return out.sorted { ($0.package.path, $0.package.name, $0.package.version, $0.id) < ($1.package.path, $1.package.name, $1.package.version, $1.id) }
    }

    /// Verdicts about the same vulnerability (linked by ids and aliases) become one; within a group the records
    /// for the exact release decide over records for every release.
    static func merge(_ verdicts: [Verdict], _ advisories: [Advisory], _ pkg: InstalledPackage, _ scheme: VersionScheme?) -> [VulnerabilityMatch] {
        var parent = Array(verdicts.indices)
        func find(_ i: Int) -> Int { var i = i; while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }; return i }
        var owner: [String: Int] = [:]
        for (i, v) in verdicts.enumerated() {
            let a = advisories[v.advisory]
            for id in [a.id] + a.aliases {
                if let j = owner[id] { parent[find(i)] = find(j) } else { owner[id] = i }
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in verdicts.indices { groups[find(i), default: []].append(i) }
        var out: [VulnerabilityMatch] = []
        for members in groups.values {
            let specific = members.contains { verdicts[$0].specific }
            let deciding = members.filter { verdicts[$0].specific == specific }
            let affected = deciding.filter { verdicts[$0].affected }
            guard !affected.isEmpty else { continue }
            var ids = Set<String>()
            for i in members { let a = advisories[verdicts[i].advisory]; ids.insert(a.id); ids.formUnion(a.aliases) }
            let cves = ids.filter { $0.hasPrefix("CVE-") }.sorted()
            let ghsas = ids.filter { $0.hasPrefix("GHSA-") }.sorted()
            let records = members.map { advisories[verdicts[$0].advisory].id }.sorted()
            let primary = cves.first ?? ghsas.first ?? records[0]
            // status: a published fix wins over "will not fix", which wins over "no fix yet"
            let rank: (VulnerabilityMatch.Status) -> Int = { $0 == .fixed ? 2 : ($0 == .wontFix ? 1 : 0) }
            let bestStatus = affected.map { verdicts[$0].status }.max { rank($0) < rank($1) } ?? .unfixed
            let withStatus = affected.filter { verdicts[$0].status == bestStatus }
            var fixed: String? = nil
            for i in withStatus { if let f = verdicts[i].fixed, fixed == nil || (scheme?.compare(f, fixed!) ?? 0) < 0 { fixed = f } }
            let note = withStatus.compactMap { verdicts[$0].note }.first
            var vectors: [String] = []
            var word: String? = nil
            var summary = ""
            for i in members.sorted(by: { advisories[verdicts[$0].advisory].id < advisories[verdicts[$1].advisory].id }) {
                let a = advisories[verdicts[i].advisory]
                for v in a.cvss where !vectors.contains(v) { vectors.append(v) }
                if word == nil { word = a.severityWord }
                if summary.isEmpty || (a.id == primary && !a.summary.isEmpty) { summary = a.summary }
            }
            let best = vectors.compactMap(CVSS.score).max { $0.base < $1.base }
            out.append(VulnerabilityMatch(package: pkg, id: primary, aliases: ids.subtracting([primary]).sorted(), summary: summary,
                                          status: bestStatus, fixed: fixed, note: note, cvss: vectors, best: best,
                                          severityWord: word ?? urgency(note), records: records))
        }
        return out
    }

    /// Debian's urgency as a severity word, where a note carries one (`urgency low**`).
    static func urgency(_ note: String?) -> String? {
        guard let n = note else { return nil }
        // the tracker lists' own mark for issues of no real impact: `<unfixed> (unimportant)`
        if n.hasPrefix("unimportant") { return "LOW" }
        guard n.hasPrefix("urgency ") else { return nil }
        let u = n.dropFirst(8).filter { $0 != "*" }
        return ["unimportant": "LOW", "low": "LOW", "medium": "MEDIUM", "high": "HIGH"][String(u)]
    }

    /// The severity a match is reported at: its CVSS base score, else the records' word, else medium.
    public static func severity(_ m: VulnerabilityMatch) -> Severity {
        if let s = m.best {
            switch s.base {
            case 9...: return .critical
            case 7..<9: return .high
            case 4..<7: return .medium
            case 0.1..<4: return .low
            default: return .info
            }
        }
        switch m.severityWord?.uppercased() {
        case "CRITICAL": return .critical
        case "HIGH", "IMPORTANT": return .high
        case "MODERATE", "MEDIUM": return .medium
        case "LOW", "NEGLIGIBLE": return .low
        default: return .medium
        }
    }
}
