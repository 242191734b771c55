import BulkheadTesting
import Foundation
import Testing
@testable import Versions

/// Runs a reference tool with the pairs on standard input (one `a<TAB>b` per line); one -1/0/1 per pair.
func oracle(_ executable: String, _ arguments: [String], _ pairs: [(String, String)]) throws -> [Int] {
    let out = try pipe(executable, arguments, input: Array(pairs.map { "\($0.0)\t\($0.1)\n" }.joined().utf8))
    return String(decoding: out, as: UTF8.self).split(separator: "\n").map { Int($0)! }
}

/// The OSV records under ../shared/vulndb/`relative` (nil, recorded as missing, when absent).
func osvRecords(_ relative: String) -> [[String: Any]]? {
    guard let dir = TestEnvironment.sharedPath(relative) else { return nil }
    var out: [[String: Any]] = []
    let e = FileManager.default.enumerator(atPath: dir.path)
    while let f = e?.nextObject() as? String {
        guard f.hasSuffix(".json"), let d = FileManager.default.contents(atPath: dir.appendingPathComponent(f).path),
              let j = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else { continue }
        out.append(j)
    }
    return out
}

/// Every version an OSV record names: listed versions and range events.
func osvVersions(_ records: [[String: Any]]) -> [String] {
    var v: [String] = []
    for j in records {
        for a in j["affected"] as? [[String: Any]] ?? [] {
            v += a["versions"] as? [String] ?? []
            for r in a["ranges"] as? [[String: Any]] ?? [] { for ev in r["events"] as? [[String: String]] ?? [] { v += ev.values } }
        }
    }
    return v
}

func available(_ path: String, _ what: String) -> Bool {
    FileManager.default.isExecutableFile(atPath: path) ? true : TestEnvironment.missing(what)
}

/// Real Debian versions: the headers of the 30 changelogs in ../shared/vulndb (`pkg (version) dist; …`).
func debianVersions() -> [String]? {
    guard let dir = TestEnvironment.sharedPath("vulndb/debian/changelogs") else { return nil }
    var out: [String] = []
    for f in (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.sorted() ?? [] where f.hasSuffix(".gz") {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", dir.appendingPathComponent(f).path]
        let o = Pipe(); p.standardOutput = o
        try? p.run()
        let text = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") && line.contains("urgency=") {
            if let open = line.firstIndex(of: "("), let close = line[open...].firstIndex(of: ")") {
                out.append(String(line[line.index(after: open)..<close]))
            }
        }
    }
    return out
}

/// Neighbours (the hard cases: 2.36-9+deb12u3 vs 2.36-9+deb12u4) and a fixed pseudo-random sample of pairs.
func pairs(_ v: [String], random n: Int) -> [(String, String)] {
    var out = zip(v, v.dropFirst()).map { ($0, $1) }
    var state: UInt64 = 0x9E3779B97F4A7C15
    func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
    for _ in 0..<n { out.append((v[next() % v.count], v[next() % v.count])) }
    return out
}

@Suite("Version ordering")
struct VersionsTests {
    @Test func dpkgByTheBook() {
        let less: [(String, String)] = [
            ("1.0~rc1", "1.0"), ("1.0", "1.0+b1"), ("1.0", "1.0a"), ("1.0-1", "1.0-1.1"), ("2.36-9+deb12u3", "2.36-9+deb12u4"),
            ("2.0", "1:0.9"), ("1.0~~", "1.0~"), ("1.0~", "1.0"), ("1.2.3", "1.2.10"), ("7.88.1-10+deb12u5", "7.88.1-10+deb12u12"),
            ("1.0-1~bpo1", "1.0-1"), ("0.9", "0.10"), ("1.0a", "1.0b"), ("1.0a", "1.0."),
        ]
        for (a, b) in less {
            #expect(Dpkg.compare(a, b) == -1, "\(a) < \(b)")
            #expect(Dpkg.compare(b, a) == 1, "\(b) > \(a)")
        }
        for (a, b) in [("1.0", "1.00"), ("1.0", "1.0-0"), ("0:1.0", "1.0"), ("1.0-1", "1.0-01")] {
            #expect(Dpkg.compare(a, b) == 0, "\(a) = \(b)")
        }
        #expect(Dpkg.parse("1:2.3-4-5") == Dpkg.Version(epoch: 1, upstream: "2.3-4", revision: "5"))
    }

    @Test func dpkgAgreesWithDpkgOnRealVersions() throws {
        guard available("/usr/bin/dpkg", "dpkg (dpkg --compare-versions is the oracle)"), let v = debianVersions() else { return }
        #expect(v.count > 1000, "the changelogs hold thousands of versions")
        let sample = pairs(v, random: 1500)
        let script = #"while IFS="$(printf '\t')" read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo -1; elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done"#
        let expected = try oracle("/bin/bash", ["-c", script], sample)
        #expect(expected.count == sample.count)
        var wrong: [String] = []
        for (k, (a, b)) in sample.enumerated() where Dpkg.compare(a, b) != expected[k] { wrong.append("\(a) vs \(b): dpkg \(expected[k])") }
        #expect(wrong.isEmpty, "\(wrong.count) of \(sample.count) differ: \(wrong.prefix(5))")
        #expect(Set(expected) == [-1, 0, 1], "the sample has all three answers")
    }

    @Test func rpmByTheBook() {
        let less: [(String, String)] = [
            ("1.0~rc1", "1.0"), ("1.0", "1.0^git1"), ("1.0^git1", "1.0.1"), ("1.0~rc1", "1.0~rc2"), ("1.0", "1.0a"), ("1.a", "1.0"),
            ("2.5.1-1.el9", "2.5.1-2.el9"), ("1.0-1", "1:0.5-1"), ("1.9", "1.10"), ("1.0", "1.0.1"), ("5.14.0-362.el9", "5.14.0-362.8.1.el9_3"),
        ]
        for (a, b) in less {
            #expect(Rpm.compare(a, b) == -1, "\(a) < \(b)")
            #expect(Rpm.compare(b, a) == 1, "\(b) > \(a)")
        }
        for (a, b) in [("1.0", "1.0"), ("1.01", "1.1"), ("1_0", "1.0"), ("1..0", "1.0")] { #expect(Rpm.vercmp(a, b) == 0, "\(a) = \(b)") }
    }

    @Test func rpmAgreesWithLabelCompare() throws {
        let py = "/usr/bin/python3"
        guard available(py, "Debian's python3 with python3-rpm") else { return }
        let probe = Process(); probe.executableURL = URL(fileURLWithPath: py); probe.arguments = ["-c", "import rpm"]
        probe.standardError = FileHandle.nullDevice
        try probe.run(); probe.waitUntilExit()
        guard probe.terminationStatus == 0 || TestEnvironment.missing("python3-rpm (rpm.labelCompare is the oracle)"), let deb = debianVersions() else { return }
        // Debian's versions read as rpm's (epochs, releases, `~`, `+` as a separator), and rpm's own forms
        var v = deb
        v += ["1.0^git1", "1.0^git2", "1.0~rc1^post", "1.0a^", "5.14.0-362.el9", "5.14.0-362.8.1.el9_3", "1.0-1.fc38", "1.0_1-1", "0:1.0-1", "1.0-1.el9~", "2.1.1-17.fc39.1", "a", "a.b", "1.0.0.0"]
        let sample = pairs(v, random: 3000)
        let script = """
        import sys, rpm
        def evr(s):
            e, _, rest = s.rpartition(':') if ':' in s else ('', '', s)
            if e and not e.isdigit(): e, rest = '', s
            v, _, r = rest.rpartition('-') if '-' in rest else (rest, '', '')
            return (e or '0', v, r)
        for line in sys.stdin:
            a, b = line.rstrip('\\n').split('\\t')
            print(rpm.labelCompare(evr(a), evr(b)))
        """
        let expected = try oracle(py, ["-c", script], sample)
        var wrong: [String] = []
        for (k, (a, b)) in sample.enumerated() where Rpm.compare(a, b) != expected[k] { wrong.append("\(a) vs \(b): rpm \(expected[k])") }
        #expect(wrong.isEmpty, "\(wrong.count) of \(sample.count) differ: \(wrong.prefix(5))")
    }

    @Test func semverByTheSpec() {
        // semver.org §11, in order
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"]
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(SemVer.compare(a, b) == -1, "\(a) < \(b)")
            #expect(SemVer.compare(b, a) == 1, "\(b) > \(a)")
        }
        #expect(SemVer.compare("1.0.0+build.1", "1.0.0+build.2") == 0, "build metadata is ignored")
        #expect(SemVer.compare("v1.2.3", "1.2.3") == 0, "Go's v prefix")
        #expect(SemVer.compare("v0.0.0-20230101000000-abcdef123456", "v0.1.0") == -1, "Go pseudo-versions")
        #expect(SemVer.compare("1.2", "1.2.0") == 0 && SemVer.compare("1.10.0", "1.9.0") == 1)
        #expect(VersionScheme.forEcosystem("Debian:12") == .dpkg && VersionScheme.forEcosystem("npm") == .semver && VersionScheme.forEcosystem("PyPI") == .pep440 && VersionScheme.forEcosystem("Maven") == .maven && VersionScheme.forEcosystem("Packagist") == .php && VersionScheme.forEcosystem("Hackage") == nil)
    }

    @Test func semverAgreesWithPythonSemver() throws {
        // python-semver (PyPI `semver`) as the oracle, over real npm/Go/GHSA versions and the spec's forms
        var v: [String] = osvVersions(osvRecords("vulndb/npm-osv") ?? [])
        for core in ["0.0.1", "0.1.0", "1.0.0", "1.2.3", "1.10.0", "10.0.0", "1.2.30"] {
            for pre in ["", "-alpha", "-alpha.1", "-alpha.beta", "-beta.2", "-beta.11", "-rc.1", "-1", "-0.3.7", "-x.7.z.92", "-x-y-z.-", "-alpha.10"] {
                v.append(core + pre); v.append(core + pre + "+build.5")
            }
        }
        let valid = Set(v.filter { s in
            let parts = s.split(separator: "+")[0].split(separator: "-", maxSplits: 1)
            return parts[0].split(separator: ".").count == 3 && parts[0].split(separator: ".").allSatisfy { Int($0) != nil }
        }).sorted()
        let sample = pairs(valid, random: 4000)
        let script = "import sys, semver\nfor line in sys.stdin:\n    a, b = line.rstrip('\\n').split('\\t')\n    print(semver.compare(a, b))\n"
        let probe = Process(); probe.executableURL = URL(fileURLWithPath: "/usr/bin/env"); probe.arguments = ["python3", "-c", "import semver"]
        probe.standardError = FileHandle.nullDevice
        try probe.run(); probe.waitUntilExit()
        guard probe.terminationStatus == 0 || TestEnvironment.missing("Python's semver (pip install semver), the oracle") else { return }
        let expected = try oracle("/usr/bin/env", ["python3", "-c", script], sample)
        var wrong: [String] = []
        for (k, (a, b)) in sample.enumerated() where SemVer.compare(a, b) != expected[k] { wrong.append("\(a) vs \(b): semver \(expected[k])") }
        #expect(wrong.isEmpty, "\(wrong.count) of \(sample.count) differ: \(wrong.prefix(5))")
        #expect(valid.count > 150)
    }
    @Test func pep440ByTheSpec() {
        // PEP 440's own summary of ordering, in order
        let ordered = ["1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456",
                       "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "1!0.1"]
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(Pep440.compare(a, b) == -1, "\(a) < \(b)")
            #expect(Pep440.compare(b, a) == 1, "\(b) > \(a)")
        }
        for (a, b) in [("1.0", "1.0.0"), ("1.0alpha1", "1.0a1"), ("1.0-1", "1.0.post1"), ("1.0rev", "1.0.post0"), ("1.0c1", "1.0rc1"), ("v1.0", "1.0"), ("1.0-DEV", "1.0.dev0"), ("1.0_a_2", "1.0a2")] {
            #expect(Pep440.compare(a, b) == 0, "\(a) = \(b)")
        }
        for bad in ["", "1.0.", "abc", "1.0+", "1.0+a..b", "1.0a.", "1.0-", "1.0 beta"] { #expect(Pep440.parse(bad) == nil, "\(bad) is not PEP 440") }
        #expect(Pep440.compare("not-a-version", "0.0.1") == -1, "what is not PEP 440 sorts below")
    }

    @Test func pep440AgreesWithPackaging() throws {
        // every version PyPI's OSV records in ../shared/vulndb name, and forms a parser can get wrong
        var v: [String] = ["1.0a.1", "1.0-1", "1.0_post_2", "1.0.r3", "1.0.rev4", "1.0-dev", "1!2.0", "1.0+ubuntu-1", "1.0+Ubuntu.1a", "1.0a-dev", "1.0.post", "00.01", "1.0.0.0.0", "v2.0rc1", "1.0alpha", "2.0.0-beta.1", "1.0.0-rc.1+build.5", "0.0.0-20230101000000-abcdef123456", "1.0a1a"]
        for r in ["1.0", "1.0.1", "2.0", "1!1.0"] {
            for suffix in ["", "a1", "b2", "rc1", ".post1", ".dev1", "a1.dev2", ".post1.dev3", "+local.1", "+1", "+abc", "rc1.post2"] { v.append(r + suffix) }
        }
        guard let records = osvRecords("vulndb/pypi-osv") else { return }
        v += osvVersions(records)
        let versions = Array(Set(v)).sorted()
        #expect(versions.count > 1000, "PyPI's records name thousands of versions")
        let valid = "from pip._vendor.packaging.version import Version, InvalidVersion\nimport sys\nfor line in sys.stdin:\n    a = line.rstrip('\\n').split('\\t')[0]\n    try:\n        Version(a); print(1)\n    except InvalidVersion:\n        print(0)\n"
        let validity = try oracle("/usr/bin/env", ["python3", "-c", valid], versions.map { ($0, "") })
        var wrong = zip(versions, validity).filter { (Pep440.parse($0) != nil) != ($1 == 1) }.map { "\($0.0): packaging says \($0.1 == 1 ? "valid" : "invalid")" }
        #expect(wrong.isEmpty, "\(wrong.count) of \(versions.count) parse differently: \(wrong.prefix(5))")
        let good = zip(versions, validity).filter { $1 == 1 }.map(\.0)
        let sample = pairs(good, random: 6000)
        let script = "from pip._vendor.packaging.version import Version\nimport sys\nfor line in sys.stdin:\n    a, b = line.rstrip('\\n').split('\\t')\n    x, y = Version(a), Version(b)\n    print(-1 if x < y else (0 if x == y else 1))\n"
        let expected = try oracle("/usr/bin/env", ["python3", "-c", script], sample)
        wrong = []
        for (k, (a, b)) in sample.enumerated() where Pep440.compare(a, b) != expected[k] { wrong.append("\(a) vs \(b): packaging \(expected[k])") }
        #expect(wrong.isEmpty, "\(wrong.count) of \(sample.count) differ: \(wrong.prefix(5))")
    }
    @Test func apkByTheBook() {
        // Alpine's own forms: pre-release and post-release suffixes, letters, revisions, leading zeros, long dates
        let less: [(String, String)] = [
            ("1.2", "1.2.1"), ("1.1_alpha1", "1.1"), ("0.1.0_alpha", "0.1.0_alpha2"), ("1.3_alpha2", "1.3_alpha3"), ("0.8_beta1", "0.8_beta2"),
            ("2.0.0_rc3-r1", "2.0.0"), ("1.0_pre1", "1.0_rc1"), ("1.0_rc1", "1.0"), ("1.0", "1.0_p1"), ("3.1_p16", "3.1_p17"), ("1.0_p9-r0", "1.0_p10-r0"),
            ("1.2.2", "1.2.2-r1"), ("1.0.4-r3", "1.0.4-r4"), ("1.3.5-r8", "1.3.5-r10"), ("2.5.1-r8", "2.5.1a-r1"), ("0.9.8c-r1", "0.9.8d"),
            ("1.7", "1.7b"), ("1.02.07", "1.02.10-r1"), ("1.2.07.8", "1.2.12.04"), ("3.0.20060720", "20060720"), ("0.1.0_alpha_pre2", "0.1.0_alpha"),
            ("1.0.0_pre20191002222144-r0", "1.0.0_pre20210530193627-r0"), ("1.0", "1.0bc"), ("7.0.17", "7.0.174"), ("1.3-r0", "1.3.1-r0"),
            ("3.0.14-r0", "3.0.15-r0"), ("1.36.1-r2", "1.36.1-r15"),
        ]
        for (a, b) in less {
            #expect(Apk.compare(a, b) == -1, "\(a) < \(b)")
            #expect(Apk.compare(b, a) == 1, "\(b) > \(a)")
        }
        for v in ["1.0", "2.16.1-r3", "0.1.0_alpha", "3.1_p16"] { #expect(Apk.compare(v, v) == 0) }
        #expect(VersionScheme.forEcosystem("Alpine:v3.19") == .apk)
    }

    @Test func apkOrdersRealAlpineVersionsConsistently() throws {
        // no apk-tools on Debian to ask: every fixed version in Alpine's secdb must at least be ordered
        // consistently (antisymmetric, transitive) and package by package as Alpine released them
        guard let dir = TestEnvironment.sharedPath("vulndb/alpine") else { return }
        var versions = Set<String>()
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".json") {
            guard let d = FileManager.default.contents(atPath: dir.appendingPathComponent(f).path),
                  let j = try? JSONSerialization.jsonObject(with: d) as? [String: Any] else { continue }
            for p in j["packages"] as? [[String: Any]] ?? [] {
                for (v, _) in (p["pkg"] as? [String: Any])?["secfixes"] as? [String: Any] ?? [:] where v != "0" { versions.insert(v) }
            }
        }
        #expect(versions.count > 500)
        let sorted = versions.sorted { Apk.compare($0, $1) < 0 }
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(Apk.compare(a, b) <= 0 && Apk.compare(b, a) >= 0, "\(a) ≤ \(b)") }
        let sample = pairs(sorted, random: 3000)
        for (a, b) in sample { #expect(Apk.compare(a, b) == -Apk.compare(b, a), "\(a) vs \(b) is antisymmetric") }
        let index = Dictionary(sorted.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for (a, b) in sample where Apk.compare(a, b) < 0 { #expect(index[a]! < index[b]!, "\(a) sorts before \(b)") }
    }
    @Test func mavenByTheBook() {
        let ordered = ["1-alpha-1", "1-alpha-2", "1-beta-1", "1-milestone-1", "1-rc-1", "1-snapshot", "1", "1-sp-1", "1-abc", "1-xyz", "1-1", "1.1", "1.2-snapshot", "1.2", "1.10", "2.0.0.1"]
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(Maven.compare(a, b) == -1, "\(a) < \(b)")
            #expect(Maven.compare(b, a) == 1, "\(b) > \(a)")
        }
        for (a, b) in [("1", "1.0.0"), ("1-ga", "1"), ("1.0-final", "1"), ("1-RELEASE", "1"), ("1-cr1", "1-rc1"), ("1a1", "1-alpha-1"), ("1.0.0-M1", "1-milestone-1"), ("1.0-0", "1"), ("2.0.RC1", "2.0-rc-1")] {
            #expect(Maven.compare(a, b) == 0, "\(a) = \(b)")
        }
        #expect(Maven.compare("1.0.123456789012345678901", "1.0.123456789012345678900") == 1, "numbers of any size")
        // hostile: 200,000 letter/digit changes would nest as deep; the nesting is bounded and the answer stable
        let deep = String(repeating: "a1", count: 100_000)
        #expect(Maven.compare(deep, deep) == 0 && Maven.compare(deep + "-2", deep) == Maven.compare(deep + "-2", deep))
        #expect(Maven.compare("1", deep) == 1 && Maven.compare(String(repeating: "1-", count: 100_000), "1") == 1)
    }

    @Test func mavenAgreesWithComparableVersion() throws {
        // maven-artifact's own ComparableVersion (Debian's maven package) is the oracle
        let jar = "/usr/share/java/maven-artifact-3.x.jar"
        guard FileManager.default.fileExists(atPath: jar) || TestEnvironment.missing("maven-artifact (Debian's maven), the oracle"),
              available("/usr/bin/javac", "javac (default-jdk-headless)") else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-maven-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = """
        import org.apache.maven.artifact.versioning.ComparableVersion;
        import java.io.*;
        public class Cmp {
            public static void main(String[] a) throws Exception {
                BufferedReader r = new BufferedReader(new InputStreamReader(System.in));
                String line; StringBuilder out = new StringBuilder();
                while ((line = r.readLine()) != null) {
                    String[] p = line.split("\\t", -1);
                    int c = new ComparableVersion(p[0]).compareTo(new ComparableVersion(p[1]));
                    out.append(c < 0 ? -1 : (c > 0 ? 1 : 0)).append('\\n');
                }
                System.out.print(out);
            }
        }
        """
        try Data(source.utf8).write(to: dir.appendingPathComponent("Cmp.java"))
        let javac = Process()
        javac.executableURL = URL(fileURLWithPath: "/usr/bin/javac")
        javac.arguments = ["-cp", jar, "-d", dir.path, dir.appendingPathComponent("Cmp.java").path]
        try javac.run(); javac.waitUntilExit()
        #expect(javac.terminationStatus == 0)
        // versions as Maven Central spells them: qualifiers, separators, aliases, case, padding
        var v: [String] = []
        for core in ["1", "1.0", "1.0.0", "1.1", "1.10", "2.0.0.0", "1.0.01", "0.9"] {
            for q in ["", "-SNAPSHOT", "-alpha", "-alpha-1", "-alpha1", "a1", "-beta-2", "b2", "-M3", "m3", "-RC1", "-rc.2", "-CR1", "-ga", "-final", ".Final",
                      "-RELEASE", "-sp1", "-SP-2", "-jre", "-android", "-1", ".1", "-0", ".0", "-foo", "-foo-1", "-1-foo", "-20230101.120000-1", "_1", "-x-y",
                      ".RC1", ".M2", ".alpha2", ".beta-1", ".foo", ".foo.1", "foo", ".RC1.2", ".Final", ".sp3", "-RC1.2"] {
                v.append(core + q)
            }
        }
        v += ["1-", "1..1", "1--1", "", "1.0.0.RELEASE", "31.1-jre", "32.0.0-android", "2.13.4.2", "5.3.27", "6.0.0-M5", "1.0.0-beta.11"]
        let sample = pairs(Array(Set(v)).sorted(), random: 8000)
        let expected = try oracle("/usr/bin/java", ["-cp", "\(jar):\(dir.path)", "Cmp"], sample)
        #expect(expected.count == sample.count)
        var wrong: [String] = []
        for (k, (a, b)) in sample.enumerated() where k < expected.count && Maven.compare(a, b) != expected[k] { wrong.append("\(a) vs \(b): maven \(expected[k])") }
        #expect(wrong.isEmpty, "\(wrong.count) of \(sample.count) differ: \(wrong.prefix(5))")
    }
    @Test func rubygemsByTheBook() {
        let ordered = ["1.0.a", "1.0.a1", "1.0.b", "1.0.rc1", "1.0", "1.0.1", "1.1", "1.10", "2.0.0-rc1", "2.0.0"]
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(RubyGems.compare(a, b) == -1, "\(a) < \(b)")
            #expect(RubyGems.compare(b, a) == 1, "\(b) > \(a)")
        }
        for (a, b) in [("1.0", "1"), ("1.0.0", "1.0"), ("1.0.a.0", "1.0.a"), ("1.0-rc1", "1.0.pre.rc1"), ("", "0"), (" 1.2 ", "1.2")] {
            #expect(RubyGems.compare(a, b) == 0, "\(a) = \(b)")
        }
        for bad in ["1.0.", ".1", "1..0", "junk", "1.0-", "1.0+build"] { #expect(!RubyGems.isValid(bad), "\(bad)") }
    }

    @Test func rubygemsAgreesWithGemVersion() throws {
        guard available("/usr/bin/ruby", "ruby (Gem::Version is the oracle)") else { return }
        var v: [String] = ["", "0", "1", "1.0", "1.0.0", "01.2", "1.2.3.4.5", "10.0", "9.9.9"]
        for core in ["1", "1.0", "1.2.3", "2.0.0", "0.9"] {
            for q in ["", ".a", ".a1", ".b", ".beta", ".beta.2", ".rc1", ".rc.1", ".pre", ".pre.1", "-rc1", "-beta-2", "-alpha.1", ".A", "a", "rc2", ".0.a", ".1"] { v.append(core + q) }
        }
        v += ["1.0.0.pre.rc1", "3.2.22.5", "4.2.11.1", "5.2.4.3", "6.0.3.1", "7.0.4.1", "1.13.10", "2.2.6.2", "1.0.0-x-y"]
        let valid = v.filter { RubyGems.isValid($0) }
        #expect(valid.count > 80)
        let sample = pairs(Array(Set(valid)).sorted(), random: 5000)
        let script = "STDIN.each_line { |l| a, b = l.chomp.split(\"\\t\", -1); puts(Gem::Version.new(a) <=> Gem::Version.new(b)) }"
        let expected = try oracle("/usr/bin/ruby", ["-e", script], sample)
        var wrong: [String] = []
        for (k, (a, b)) in sample.enumerated() where k < expected.count && RubyGems.compare(a, b) != expected[k] { wrong.append("'\(a)' vs '\(b)': gem \(expected[k])") }
        #expect(expected.count == sample.count && wrong.isEmpty, "\(wrong.count) of \(sample.count) differ: \(wrong.prefix(5))")
        // validity as Gem::Version judges it
        let forms = ["1.0.", ".1", "1..0", "junk", "1.0-", "1.0+build", "1.0-a.b", "1-", "1.a-b-c", "  2.0  ", "1.0 beta"]
        let ok = try oracle("/usr/bin/ruby", ["-e", "STDIN.each_line { |l| puts(Gem::Version.correct?(l.chomp.split(\"\\t\", -1)[0]) ? 1 : 0) }"], forms.map { ($0, "") })
        #expect(forms.map { RubyGems.isValid($0) ? 1 : 0 } == ok, "\(forms)")
    }
    @Test func phpByTheBook() {
        let ordered = ["1.0-dev", "1.0alpha1", "1.0a2", "1.0beta", "1.0b2", "1.0RC1", "1.0rc2", "1.0", "1.0.1", "1.0pl1", "v1.1", "1.10"]
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(Php.compare(a, b) == -1, "\(a) < \(b)")
            #expect(Php.compare(b, a) == 1, "\(b) > \(a)")
        }
        for (a, b) in [("1.0.0", "1.0.0"), ("1-0", "1.0"), ("1_0+0", "1.0.0"), ("v2.3", "2.3"), ("1..0", "1.0")] {
            #expect(Php.compare(a, b) == 0, "\(a) = \(b)")
        }
        #expect(Php.canonical("1.0rc1") == Array("1.0.rc.1".utf8))
        #expect(VersionScheme.forEcosystem("Packagist") == .php)
    }

    @Test func phpAgreesWithVersionCompare() throws {
        guard available("/usr/bin/php", "php-cli (PHP's version_compare is the oracle)") else { return }
        var v: [String] = ["", "0", "1", "1.0", "1.0.0", "1.0.0.0", "01.2", "10.0", "9.9.9", "1..2", "1.2.", ".1", "x", "#", "1.0-", "1.0+build.5"]
        for core in ["1", "1.0", "1.2.3", "2.0.0", "0.9", "5.4.10.0"] {
            for q in ["", "-dev", "dev", "-alpha", "alpha2", "a1", "-beta.3", "b", "-RC1", "rc2", "RC.3", "pl1", "-p2", "patch1", "-foo", ".x", "_1", "+2", "-stable", "#1"] { v.append(core + q) }
        }
        // real Composer versions of the kind installed.json records
        v += ["v5.4.3", "5.4.3", "v1.2.0-beta1", "2.10.1", "3.0.0-RC3", "4.4.x-dev", "dev-main", "dev-master", "1.0.0.0-dev", "v6.2.14", "9.5.28"]
        let distinct = Array(Set(v)).sorted()
        #expect(distinct.count > 120)
        let sample = pairs(distinct, random: 5000)
        // Composer's tags carry a leading v that OSV's Packagist ordering drops; the oracle gets it dropped too
        func bare(_ s: String) -> String { s.count > 1 && s.hasPrefix("v") && s.dropFirst().first!.isNumber ? String(s.dropFirst()) : s }
        let script = "while (($l = fgets(STDIN)) !== false) { [$a, $b] = explode(\"\\t\", rtrim($l, \"\\n\")); echo version_compare($a, $b), \"\\n\"; }"
        let expected = try oracle("/usr/bin/php", ["-r", script], sample.map { (bare($0.0), bare($0.1)) })
        var wrong: [String] = []
        for (k, (a, b)) in sample.enumerated() where k < expected.count && Php.compare(a, b) != expected[k] { wrong.append("'\(a)' vs '\(b)': php \(expected[k])") }
        #expect(expected.count == sample.count && wrong.isEmpty, "\(wrong.count) of \(sample.count) differ: \(wrong.prefix(5))")
    }

    @Test func osvRangesAsTheSchemaSaysAndAsOSVEnumeratesThem() throws {
        // by the book: two windows, an open one, last_affected, limit, and a listed version
        let two = AffectedRanges(ranges: [.init(type: "ECOSYSTEM", events: [.introduced("1.0"), .fixed("1.0.4"), .introduced("1.1"), .fixed("1.1.1")])], scheme: .pep440)
        #expect(!two.affects("0.9") && two.affects("1.0") && two.affects("1.0.3") && !two.affects("1.0.4") && two.affects("1.1.0") && !two.affects("1.1.1") && !two.affects("2.0"))
        let open = AffectedRanges(ranges: [.init(type: "ECOSYSTEM", events: [.introduced("0")])], scheme: .dpkg)
        #expect(open.affects("1:9.9-1") && open.affects("0.1"))
        let last = AffectedRanges(ranges: [.init(type: "ECOSYSTEM", events: [.introduced("2.0.0"), .lastAffected("2.3.1")])], scheme: .semver)
        #expect(last.affects("2.3.1") && !last.affects("2.3.2") && !last.affects("1.9.9") && last.affects("2.0.0"))
        let limited = AffectedRanges(ranges: [.init(type: "SEMVER", events: [.introduced("0"), .limit("3.0.0")])], scheme: nil)
        #expect(limited.affects("2.9.9") && !limited.affects("3.0.0"))
        let listed = AffectedRanges(ranges: [.init(type: "GIT", events: [.introduced("abc123"), .fixed("def456")])], versions: ["1.2.3"], scheme: .semver)
        #expect(listed.affects("1.2.3") && !listed.affects("1.2.4"))
        #expect(!AffectedRanges(ranges: [.init(type: "ECOSYSTEM", events: [.introduced("0")])], scheme: nil).affects("1"), "no order known: no claim")

        // PyPI records carry both: their ranges must select exactly the versions OSV enumerated from them,
        // over every release of the package that any record names
        guard let all = osvRecords("vulndb/pypi-osv") else { return }
        var records: [String: [(id: String, ranges: [AffectedRanges.Range], versions: [String])]] = [:]
        for j in all where j["withdrawn"] == nil {
            for a in j["affected"] as? [[String: Any]] ?? [] {
                guard let p = a["package"] as? [String: Any], p["ecosystem"] as? String == "PyPI", let name = p["name"] as? String else { continue }
                let ranges = (a["ranges"] as? [[String: Any]] ?? []).map { r in
                    AffectedRanges.Range(type: r["type"] as? String ?? "", events: (r["events"] as? [[String: String]] ?? []).compactMap { ev in
                        if let v = ev["introduced"] { return .introduced(v) }
                        if let v = ev["fixed"] { return .fixed(v) }
                        if let v = ev["last_affected"] { return .lastAffected(v) }
                        if let v = ev["limit"] { return .limit(v) }
                        return nil
                    })
                }
                records[name.lowercased(), default: []].append((j["id"] as? String ?? "?", ranges, a["versions"] as? [String] ?? []))
            }
        }
        var checked = 0, explained = 0, differ: [String] = []
        for (_, recs) in records {
            let releases = Set(recs.flatMap(\.versions))
            for r in recs where !r.versions.isEmpty {
                let byRanges = AffectedRanges(ranges: r.ranges, scheme: .pep440)
                let listed = Set(r.versions)
                let introduced = r.ranges.flatMap(\.events).compactMap { if case .introduced(let i) = $0 { return Pep440.parse(i) }; return nil }
                for v in releases {
                    checked += 1
                    guard byRanges.affects(v) != listed.contains(v) else { continue }
                    // the one kind of difference known: OSV's enumeration also lists the pre-releases of an
                    // `introduced` release (3.2a1 for introduced 3.2), which PEP 440 orders below it
                    if let p = Pep440.parse(v), p.pre != nil, listed.contains(v),
                       introduced.contains(where: { Pep440.compare(Pep440.Version(epoch: $0.epoch, release: $0.release), Pep440.Version(epoch: p.epoch, release: p.release)) == 0 }) {
                        explained += 1; continue
                    }
                    differ.append("\(r.id) \(v): ranges say \(byRanges.affects(v)), OSV lists it: \(listed.contains(v))")
                }
            }
        }
        #expect(checked > 10_000, "\(checked) (record, release) pairs")
        #expect(differ.isEmpty, "\(differ.count) of \(checked) differ: \(differ.prefix(5))")
        #expect(explained < 20, "pre-releases of an introduced release, listed by OSV: \(explained)")
    }
}
