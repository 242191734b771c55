import BulkheadModel
import BulkheadTesting
import Foundation
import Testing
@testable import Advisories
@testable import AdvisoryDB
@testable import Rules
import SystemIO

func sharedText(_ relative: String) -> String? {
    guard let url = TestEnvironment.sharedPath(relative) else { return nil }
    return try? String(contentsOf: url, encoding: .utf8)
}

func tempDirectory() -> URL {
    Scratch.directory("advisories")
}

@Suite struct FeedTests {
    @Test func detectsFeedKinds() {
        #expect(FeedKind.detect(path: "a.json", text: "{\"id\":\"X\",\"modified\":\"2024-01-01T00:00:00Z\"}") == .osv)
        #expect(FeedKind.detect(path: "a.json", text: "[ {\"id\":\"X\",\"modified\":\"2024-01-01T00:00:00Z\"} ]") == .osv)
        #expect(FeedKind.detect(path: "list", text: "[16 Jul 2025] DSA-5962-1 gnutls28 - security update\n\t{CVE-2025-6395}\n") == .debianList)
        #expect(FeedKind.detect(path: "list", text: "CVE-2026-4438 (x)\n\t- glibc 2.42-14\n") == .debianList)
        #expect(FeedKind.detect(path: "a.json", text: "{\"distroversion\": \"v3.11\", \"packages\": []}") == .alpine)
        #expect(FeedKind.detect(path: "a.json", text: "{\"glibc\": {\"CVE-1\": {\"releases\": {}}}}") == .debianJSON)
        #expect(FeedKind.detect(path: "eol.json", text: "{\"products\": {}}") == nil)
        #expect(FeedKind.detect(path: "README", text: "# notes") == nil)
    }

    @Test func debianTrackerList() throws {
        guard let text = sharedText("vulndb/debian/tracker-lists/CVE-list.subset.txt") else { return }
        let all = try DebianTrackerList.parse(text, source: "t")
        let a = try #require(all.first { $0.id == "CVE-2026-4438" })
        #expect(a.affected.contains { $0.release == "12" && $0.name == "glibc" && $0.fixedVersions == ["2.36-9+deb12u14"] })
        #expect(a.affected.contains { $0.release == "11" && $0.state == .wontFix && $0.note?.hasPrefix("postponed") == true })
        // the unstable line speaks for releases without their own line
        #expect(a.affected.contains { $0.release == "" && $0.fixedVersions == ["2.42-14"] })
        let b = try #require(all.first { $0.id == "CVE-2026-0915" })
        #expect(b.affected.contains { $0.release == "12" && $0.state == .wontFix && $0.note?.hasPrefix("no-dsa") == true })
        #expect(all.count == 52, "52 entries in the subset (SOURCES.md)")

        guard let dsa = sharedText("vulndb/debian/tracker-lists/DSA-list.2023-2025.subset.txt") else { return }
        let d = try DebianTrackerList.parse(dsa, source: "t")
        let x = try #require(d.first { $0.id == "DSA-5514-1" })
        #expect(x.aliases == ["CVE-2023-4911"])
        #expect(x.affected.contains { $0.release == "12" && $0.fixedVersions == ["2.36-9+deb12u3"] })
        #expect(d.count == 6)
        #expect(throws: FeedError.self) { try DebianTrackerList.parse("CVE-2020-1 (x)\nnot a tracker line at all\n", source: "t") }
    }

    @Test func debianTrackerJSONAndAlpine() throws {
        guard let text = sharedText("vulndb/debian/tracker-json-sample.vunnel-fixture.json") else { return }
        let all = try DebianTrackerJSON.parse(text, source: "t")
        let a = try #require(all.first { $0.id == "CVE-2007-2383" })
        #expect(a.affected.contains { $0.release == "9" && $0.state == .notAffected })
        let b = try #require(all.first { $0.id == "CVE-2008-7220" })
        #expect(b.affected.contains { $0.release == "9" && $0.fixedVersions == ["1.6.0.2-1"] })

        guard let secdb = sharedText("vulndb/alpine/v3.11-main.json") else { return }
        let alpine = try AlpineSecDB.parse(secdb, source: "t")
        #expect(alpine.count > 500)
        #expect(alpine.allSatisfy { $0.affected.allSatisfy { $0.ecosystem == "Alpine" && $0.release == "v3.11" } })
    }

    @Test func osvRecords() throws {
        guard let text = sharedText("vulndb/npm-osv/minimist/GHSA-7fhm-mqm4-2wp7.json") else { return }
        let a = try OSVFeed.parse(text, source: "t")
        #expect(a.count == 1 && a[0].withdrawn != nil, "a withdrawn record keeps its withdrawn date")
        #expect(throws: FeedError.self) { try OSVFeed.parse("{\"modified\": \"x\"}", source: "t") }
        #expect(throws: FeedError.self) { try OSVFeed.parse("{\"id\": ", source: "t") }
    }

    @Test func cvssBaseScores() {
        #expect(CVSS.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")?.base == 9.8)
        #expect(CVSS.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")?.base == 7.5)
        #expect(CVSS.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")?.base == 10.0)
        #expect(CVSS.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")?.base == 6.1)
        #expect(CVSS.score("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")?.base == 7.8)
        #expect(CVSS.score("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N")?.base == 6.1)
        #expect(CVSS.score("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N")?.base == 0)
        #expect(CVSS.score("AV:N/AC:L/Au:N/C:P/I:P/A:P")?.base == 7.5)
        #expect(CVSS.score("CVSS:3.1/AV:N/AC:L") == nil)
        // v4.0: the specification's examples
        #expect(CVSS.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")?.base == 9.3)
        #expect(CVSS.score("CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N")?.base == 0)
        #expect(CVSS.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U")?.base == 8.1)
        #expect(CVSS.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")?.version == "4.0")
        #expect(CVSS.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N") == nil, "a base metric missing")
        #expect(CVSS.score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:Q") == nil, "a value that is not the metric's")
    }

    /// v4.0 scores of thousands of generated vectors (base, threat, environmental and supplemental metrics)
    /// against Red Hat's `cvss` library, a port of FIRST's calculator.
    @Test func cvss4AgreesWithTheCvssLibrary() throws {
        let probe = try pipe("/usr/bin/env", ["python3", "-c", "import cvss; print('ok')"], input: [])
        guard String(decoding: probe, as: UTF8.self).hasPrefix("ok") || TestEnvironment.missing("Python's cvss (pip install cvss), the oracle") else { return }
        var state: UInt64 = 0x2545F4914F6CDD1D
        func pick(_ xs: [String]) -> String { state = state &* 6364136223846793005 &+ 1442695040888963407; return xs[Int(state >> 33) % xs.count] }
        var vectors: [String] = []
        for k in 0..<4000 {
            var v = "CVSS:4.0/AV:\(pick(["N", "A", "L", "P"]))/AC:\(pick(["L", "H"]))/AT:\(pick(["N", "P"]))/PR:\(pick(["N", "L", "H"]))/UI:\(pick(["N", "P", "A"]))"
            for m in ["VC", "VI", "VA", "SC", "SI", "SA"] { v += "/\(m):\(pick(["H", "L", "N"]))" }
            if k % 2 == 1 { v += "/E:\(pick(["X", "A", "P", "U"]))" }
            if k % 3 == 1 { for m in ["CR", "IR", "AR"] { v += "/\(m):\(pick(["X", "H", "M", "L"]))" } }
            if k % 4 == 3 {
                v += "/MAV:\(pick(["X", "N", "L"]))/MPR:\(pick(["X", "N", "H"]))/MVC:\(pick(["X", "H", "N"]))/MSI:\(pick(["X", "S", "H", "L", "N"]))/MSA:\(pick(["X", "S", "N"]))"
            }
            if k % 5 == 4 { v += "/S:\(pick(["X", "N", "P"]))/AU:\(pick(["X", "Y"]))/U:\(pick(["X", "Red", "Clear"]))" }
            vectors.append(v)
        }
        let script = """
        import sys
        from cvss import CVSS4
        for l in sys.stdin:
            print(CVSS4(l.strip()).base_score)
        """
        let out = try pipe("/usr/bin/env", ["python3", "-c", script], input: Array(vectors.joined(separator: "\n").utf8 + [10]))
        let expected = String(decoding: out, as: UTF8.self).split(separator: "\n").map { Double($0) }
        #expect(expected.count == vectors.count)
        var wrong: [String] = []
        for (v, e) in zip(vectors, expected) where CVSS.score(v)?.base != e { wrong.append("\(v): ours \(CVSS.score(v)?.base ?? -1), cvss \(e ?? -1)") }
        #expect(wrong.isEmpty, "\(wrong.count) of \(vectors.count) differ: \(wrong.prefix(5))")
    }
}

@Suite struct MatcherTests {
    func osv(_ id: String, aliases: [String] = [], eco: String = "PyPI", name: String = "requests", events: [(String, String)],
             versions: [String] = [], withdrawn: Bool = false) -> Advisory {
        var a = Advisory(id: id, aliases: aliases, source: "t")
        if withdrawn { a.withdrawn = "2024-01-01T00:00:00Z" }
        let (e, r) = AffectedPackage.splitEcosystem(eco)
        a.affected = [AffectedPackage(ecosystem: e, release: r, name: name,
                                      ranges: [.init(type: "ECOSYSTEM", events: events.map { .init(.init(rawValue: $0.0)!, $0.1) })], versions: versions)]
        return a
    }
    func match(_ p: InstalledPackage, _ a: [Advisory], distro: Distribution? = nil) -> [VulnerabilityMatch] {
        VulnerabilityMatcher.match(PackageInventory(distribution: distro, packages: [p]), a)
    }
    let requests = InstalledPackage(ecosystem: "PyPI", name: "Requests", version: "2.28.1", path: "/m")

    @Test func osvRangeSemantics() {
        #expect(match(requests, [osv("A", events: [("introduced", "0"), ("fixed", "2.31.0")])]).map(\.fixed) == ["2.31.0"])
        #expect(match(requests, [osv("A", events: [("introduced", "2.29"), ("fixed", "2.31.0")])]).isEmpty)
        #expect(match(requests, [osv("A", events: [("introduced", "0"), ("last_affected", "2.28.1")])]).map(\.status) == [.unfixed])
        #expect(match(requests, [osv("A", events: [("introduced", "0"), ("last_affected", "2.28.0")])]).isEmpty)
        #expect(match(requests, [osv("A", events: [], versions: ["2.28.1"])]).count == 1, "listed versions count")
        #expect(match(requests, [osv("A", events: [("introduced", "0")], withdrawn: true)]).isEmpty, "withdrawn records are skipped")
        // two ranges, the lowest fix above the installed version is the one to upgrade to
        var two = osv("A", events: [("introduced", "0"), ("fixed", "2.30.0")])
        two.affected[0].ranges.append(.init(type: "ECOSYSTEM", events: [.init(.introduced, "2.0"), .init(.fixed, "2.29.0")]))
        #expect(match(requests, [two]).map(\.fixed) == ["2.29.0"])
        // names compared as PEP 503 names
        #expect(match(InstalledPackage(ecosystem: "PyPI", name: "PyYAML", version: "5.3", path: "/m"),
                      [osv("B", name: "pyyaml", events: [("introduced", "0"), ("fixed", "5.4")])]).count == 1)
        #expect(match(InstalledPackage(ecosystem: "PyPI", name: "zope.interface", version: "5", path: "/m"),
                      [osv("C", name: "Zope_Interface", events: [("introduced", "0")])]).count == 1)
    }

    @Test func aliasesMergeIntoOneFinding() {
        let a = osv("PYSEC-2023-74", aliases: ["CVE-2023-32681"], events: [("introduced", "2.3.0"), ("fixed", "2.31.0")])
        let b = osv("GHSA-j8r2-6x86-q33q", aliases: ["CVE-2023-32681"], events: [("introduced", "2.3.0"), ("fixed", "2.31.0")])
        let m = match(requests, [a, b])
        #expect(m.count == 1 && m[0].id == "CVE-2023-32681" && m[0].records == ["GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"])
        #expect(Set(m[0].aliases) == ["PYSEC-2023-74", "GHSA-j8r2-6x86-q33q"])
    }

    @Test func distributionRecordsBySourceAndRelease() throws {
        let libc = InstalledPackage(ecosystem: "Debian", name: "libc6", version: "2.36-9+deb12u1", sourceName: "glibc", path: "/var/lib/dpkg/status")
        let bookworm = Distribution(id: "debian", versionID: "12", prettyName: "Debian 12")
        let list = """
        CVE-2026-4438 (x)
        \t- glibc 2.42-14
        \t[bookworm] - glibc 2.36-9+deb12u14
        \t[bullseye] - glibc <postponed> (Minor issue)
        CVE-2026-4046 (y)
        \t- glibc <unfixed>
        \t[bookworm] - glibc <no-dsa> (Minor issue)
        CVE-2020-1 (z)
        \t- glibc 2.30-1
        CVE-2020-2 (w)
        \t- glibc 2.40-1
        \t[bookworm] - glibc <not-affected> (Vulnerable code not present)
        """
        let advisories = try DebianTrackerList.parse(list, source: "t")
        let m = match(libc, advisories, distro: bookworm)
        #expect(m.map(\.id) == ["CVE-2026-4046", "CVE-2026-4438"], "2020-1 fixed before, 2020-2 not affected in bookworm")
        #expect(m.first { $0.id == "CVE-2026-4438" }?.fixed == "2.36-9+deb12u14")
        #expect(m.first { $0.id == "CVE-2026-4046" }?.status == .wontFix, "no-dsa is not the same as unfixed")
        // without the release, sid's records would be guessed at: nothing is matched
        #expect(match(libc, advisories).isEmpty, "a distribution package of an unknown release is not guessed at")
        // the binary name is not the source name
        #expect(match(InstalledPackage(ecosystem: "Debian", name: "glibc-doc", version: "1", sourceName: "other", path: "/s"), advisories, distro: bookworm).isEmpty)
    }

    /// endoflife.date's data read at import time gives the same table as the copy built into IM013 (generated from
    /// the same file by scripts/gen_eol_table.py), and it lands in the database.
    @Test func endOfLifeTable() throws {
        guard let text = sharedText("vulndb/eol/eol.json") else { return }
        #expect(FeedKind.detect(path: "eol.json", text: text) == .endOfLife)
        let rows = try EndOfLifeFeed.parse(text)
        let builtIn = Rules.endOfLifeTable.map { EndOfLife(id: $0.id, cut: $0.cut, cycle: $0.cycle, end: $0.end, regular: $0.regular) }
        #expect(rows.count > 50)
        #expect(rows.sorted { ($0.id, $0.cycle) < ($1.id, $1.cycle) } == builtIn.sorted { ($0.id, $0.cycle) < ($1.id, $1.cycle) })
        #expect(ImageEndOfLife.release(id: "debian", version: "12.8", table: rows)?.cycle == "12")
        #expect(throws: FeedError.self) { try EndOfLifeFeed.parse("{\"x\": 1}") }
        let dir = tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try AdvisoryDatabase(path: dir.appendingPathComponent("a.db").path, create: true)
        #expect(db.endOfLife() == nil)
        try db.replace(source: "eol.json", kinds: ["endoflife-date"], files: 1, advisories: [], imported: "2026-12-01T00:00:00Z", endOfLife: rows)
        #expect(db.endOfLife() == rows)
    }

    /// Ubuntu's OSV records (ecosystem `Ubuntu:22.04:LTS`, source package names): by source package and release;
    /// the paid-support streams (`Ubuntu:Pro:…`) are not this release's fixes.
    @Test func ubuntuBySourceAndRelease() throws {
        let record = """
        {"id": "USN-6000-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2023-0001"], "affected": [
          {"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "openssl"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.2-0ubuntu1.10"}]}]},
          {"package": {"ecosystem": "Ubuntu:Pro:18.04:LTS", "name": "openssl"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.1.1-1ubuntu2.1~18.04.23+esm1"}]}]}]}
        """
        let advisories = try OSVFeed.parse(record, source: "t")
        let jammy = Distribution(id: "ubuntu", versionID: "22.04", prettyName: "Ubuntu 22.04")
        let libssl = InstalledPackage(ecosystem: "Ubuntu", name: "libssl3", version: "3.0.2-0ubuntu1.9", sourceName: "openssl", path: "/var/lib/dpkg/status")
        #expect(match(libssl, advisories, distro: jammy).map { "\($0.id) \($0.fixed ?? "")" } == ["CVE-2023-0001 3.0.2-0ubuntu1.10"])
        var fixed = libssl
        fixed.version = "3.0.2-0ubuntu1.10"; fixed.sourceVersion = fixed.version
        #expect(match(fixed, advisories, distro: jammy).isEmpty)
        let bionic = Distribution(id: "ubuntu", versionID: "18.04", prettyName: "Ubuntu 18.04")
        var old = libssl
        old.version = "1.1.1-1ubuntu2.1~18.04.20"; old.sourceVersion = old.version
        #expect(match(old, advisories, distro: bionic).isEmpty, "an ESM (Pro) fix is not a fix of the free release")
    }

    @Test func alpineByOriginAndBranch() throws {
        let secdb = """
        {"distroversion": "v3.19", "reponame": "main", "packages": [{"pkg": {"name": "openssl", "secfixes": {"3.1.4-r1": ["CVE-2023-5678"], "0": ["CVE-2020-1"]}}}]}
        """
        let a = try AlpineSecDB.parse(secdb, source: "t")
        let ssl = InstalledPackage(ecosystem: "Alpine", name: "libcrypto3", version: "3.1.4-r0", sourceName: "openssl", path: "/lib/apk/db/installed")
        let alpine = Distribution(id: "alpine", versionID: "3.19.1", prettyName: "Alpine")
        #expect(match(ssl, a, distro: alpine).map(\.id) == ["CVE-2023-5678"])
        #expect(match(ssl, a, distro: Distribution(id: "alpine", versionID: "3.20.0", prettyName: "Alpine")).isEmpty, "another branch")
        var fixed = ssl; fixed.version = "3.1.4-r1"
        #expect(match(fixed, a, distro: alpine).isEmpty)
    }

    @Test func severityFromScoreThenWord() {
        var m = match(requests, [osv("A", events: [("introduced", "0")])])[0]
        #expect(VulnerabilityMatcher.severity(m) == .medium, "no rating at all")
        m.severityWord = "HIGH"
        #expect(VulnerabilityMatcher.severity(m) == .high)
        m.best = CVSS.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
        #expect(VulnerabilityMatcher.severity(m) == .critical)
    }
}
