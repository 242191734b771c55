import BulkheadModel
import BulkheadTesting
import Testing
@testable import Inventory

@Suite struct ImageInventoryTests {
    @Test func apkDatabase() {
        let text = "C:Q1abc=\nP:libcrypto3\nV:3.1.4-r1\nA:x86_64\no:openssl\np:so:libcrypto.so.3=3\n\nP:busybox\nV:1.36.1-r15\no:busybox\n\nP:broken\n"
        let p = ApkInstalled.packages(text, path: "/lib/apk/db/installed")
        #expect(p.map(\.name) == ["libcrypto3", "busybox"])
        #expect(p[0].sourceName == "openssl" && p[0].version == "3.1.4-r1" && p[0].architecture == "x86_64", "origin, and p: (provides) is not the name")
        #expect(p[1].sourceName == "busybox")
    }

    @Test func npmManifests() {
        #expect(NpmPackage.isManifestPath("app/node_modules/lodash/package.json"))
        #expect(NpmPackage.isManifestPath("app/node_modules/@scope/pkg/package.json"))
        #expect(NpmPackage.isManifestPath("app/node_modules/a/node_modules/b/package.json"))
        #expect(!NpmPackage.isManifestPath("app/package.json"), "the application's own manifest")
        #expect(!NpmPackage.isManifestPath("app/node_modules/@scope/package.json"))
        #expect(!NpmPackage.isManifestPath("app/node_modules/lodash/fp/package.json"))
        #expect(NpmPackage.package("{\"name\": \"lodash\", \"version\": \"4.17.20\"}", path: "/p")?.version == "4.17.20")
        #expect(NpmPackage.package("{\"name\": \"lodash\"}", path: "/p") == nil)
        #expect(NpmPackage.package("not json", path: "/p") == nil)
    }

    @Test func distributions() {
        func d(_ files: [String: String]) -> Distribution? { Distribution.detect { files[$0] } }
        #expect(d(["etc/os-release": "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n"])?.osvRelease == "12")
        #expect(d(["usr/lib/os-release": "ID=alpine\nVERSION_ID=3.19.1\n"])?.osvRelease == "v3.19")
        #expect(d(["etc/alpine-release": "3.20.3\n"])?.osvRelease == "v3.20", "alpine-release alone")
        #expect(d(["etc/os-release": "ID=debian\n", "etc/debian_version": "12.8\n"])?.osvRelease == "12", "debian_version gives the major")
        #expect(d(["etc/os-release": "ID=debian\n", "etc/debian_version": "trixie/sid\n"])?.osvRelease == nil, "testing has no release")
        #expect(d(["etc/os-release": "ID=ubuntu\nVERSION_ID=\"22.04\"\n"])?.osvEcosystem == "Ubuntu")
        #expect(d([:]) == nil)
    }

    @Test func packageFileKinds() {
        #expect(PackageFiles.kind("var/lib/dpkg/status") == .dpkgStatus)
        #expect(PackageFiles.kind("var/lib/dpkg/status.d/base") == .dpkgStatusD)
        #expect(PackageFiles.kind("var/lib/dpkg/status.d/base.md5sums") == nil)
        #expect(PackageFiles.kind("lib/apk/db/installed") == .apk)
        #expect(PackageFiles.kind("usr/lib/python3.11/site-packages/pip-23.2.1.dist-info/METADATA") == .python)
        #expect(PackageFiles.kind("srv/node_modules/qs/package.json") == .npm)
        #expect(PackageFiles.kind("etc/passwd") == nil)
        #expect(PackageFiles.keep("Name: x\nVersion: 1\n\nlong description\n", .python) == "Name: x\nVersion: 1\n")
    }

    /// The layer of a package is the lowest from which every later version of its database still lists it.
    @Test func layerOfEachPackage() {
        let v1 = "Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: b\nStatus: install ok installed\nVersion: 1\n"
        let v2 = v1 + "\nPackage: c\nStatus: install ok installed\nVersion: 1\n"
        let v3 = v2.replacingOccurrences(of: "Package: b\nStatus: install ok installed\nVersion: 1", with: "Package: b\nStatus: install ok installed\nVersion: 2")
        var image = ImageModel(source: "x", reference: nil, config: ImageConfig(), history: [], layers: [], files: [:], removed: [],
                               texts: ["etc/os-release": "ID=debian\nVERSION_ID=12\n"], contentSecrets: [])
        image.packageTexts["var/lib/dpkg/status"] = [LayeredText(layer: 0, text: v1), LayeredText(layer: 2, text: v2), LayeredText(layer: 3, text: v3)]
        let inv = ImageInventory.read(image)
        #expect(inv.distribution?.osvRelease == "12")
        let layers = Dictionary(uniqueKeysWithValues: inv.packages.map { ($0.name, $0.layer) })
        #expect(layers == ["a": 0, "b": 3, "c": 2])
        #expect(inv.packages.allSatisfy { $0.path == "/var/lib/dpkg/status" })
    }
}

@Suite struct LanguageInventoryTests {
    @Test func gemspecs() {
        #expect(Gemspec.package("Gem::Specification.new do |spec|\n  spec.name = 'rack'\n  spec.version = '2.2.4'\nend\n", path: "/g")?.version == "2.2.4")
        #expect(Gemspec.package("# stub: json 2.6.1 ruby lib\n", path: "/g")?.name == "json", "the stub line alone")
        #expect(Gemspec.package("s.name = \"x\".freeze\n", path: "/g") == nil)
        #expect(Gemspec.isSpecificationPath("usr/lib/ruby/gems/3.1.0/specifications/default/base64-0.1.1.gemspec"))
        #expect(!Gemspec.isSpecificationPath("app/mygem.gemspec"), "a gem's own source, not an installed gem")
    }

    @Test func pomProperties() {
        #expect(JavaArchives.coordinates("#Generated\ngroupId=org.apache.commons\nartifactId=commons-text\nversion=1.9\n") == "org.apache.commons:commons-text 1.9")
        #expect(JavaArchives.coordinates("artifactId=x\nversion=1\n") == nil)
        let p = JavaArchives.packages("org.a:b 1.0\norg.c:d 2.0 BOOT-INF/lib/d-2.0.jar\n", path: "/app.jar")
        #expect(p.map(\.name) == ["org.a:b", "org.c:d"] && p[1].path == "/app.jar!BOOT-INF/lib/d-2.0.jar" && p.allSatisfy { $0.ecosystem == "Maven" })
    }
}

@Suite struct GoComposerDotNetInventoryTests {
    /// A Go 1.18+ build-info blob as the linker lays it out: magic, pointer size, flags (2 = inline strings),
    /// padding to 32 bytes, then the version and the framed module text, each after its uvarint length.
    static func blob(version: String, modinfo: String) -> [UInt8] {
        func uvarint(_ n: Int) -> [UInt8] { var n = n, o: [UInt8] = []; while n >= 0x80 { o.append(UInt8(n & 0x7f) | 0x80); n >>= 7 }; return o + [UInt8(n)] }
        // cmd/go's binary sentinels (not UTF-8)
        let framed: [UInt8] = [0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02, 0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6] + Array(modinfo.utf8)
            + [0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2]
        var b = GoBuildInfo.magic + [8, 2] + Array(repeating: 0, count: 16)
        b += uvarint(version.utf8.count) + Array(version.utf8) + uvarint(framed.count) + framed
        return b
    }

    static let modinfo = "path\texample.com/tool\nmod\texample.com/tool\tv1.2.0\th1:x=\ndep\tgolang.org/x/net\tv0.17.0\th1:y=\n=>\texample.com/fork/net\tv0.17.1\th1:z=\ndep\tgolang.org/x/text\tv0.13.0\th1:w=\ndep\texample.com/local\tv0.0.0\n=>\t../local\t\nbuild\t-compiler=gc\n"

    @Test func goBuildInfo() {
        let text = GoBuildInfo.text(fromBlob: Self.blob(version: "go1.21.3", modinfo: Self.modinfo))
        #expect(text == "go\tgo1.21.3\n" + Self.modinfo)
        let p = GoBuildInfo.packages(text ?? "", path: "/usr/bin/tool")
        #expect(p.map { "\($0.name)@\($0.version)" } == ["stdlib@1.21.3", "example.com/tool@v1.2.0", "example.com/fork/net@v0.17.1",
                                                          "golang.org/x/text@v0.13.0", "example.com/local@v0.0.0"],
                "a replacement is what was linked; a local directory replacement keeps the module")
        #expect(p.allSatisfy { $0.ecosystem == "Go" && $0.path == "/usr/bin/tool" })
        #expect(GoBuildInfo.text(fromBlob: Array(Self.blob(version: "go1.21.3", modinfo: Self.modinfo).dropLast(20))) == nil, "cut short")
        var old = Self.blob(version: "go1.16", modinfo: "")
        old[15] = 0
        #expect(GoBuildInfo.text(fromBlob: old) == nil, "pre-1.18 pointer form is not read")
        for (go, semver) in [("go1.21.3", "1.21.3"), ("go1.20", "1.20.0"), ("go1.22rc2", "1.22.0-rc.2"), ("go1.9beta1", "1.9.0-beta.1"),
                             ("go1.21.3 X:boringcrypto", "1.21.3"), ("go1.22.1-bigcorp", "1.22.1")] {
            #expect(GoBuildInfo.semver(goVersion: go) == semver, "\(go)")
        }
        #expect(GoBuildInfo.semver(goVersion: "devel +abc") == nil)
        #expect(PackageURL.of(p[2], distribution: nil) == "pkg:golang/example.com/fork/net@v0.17.1")
        #expect(PackageURL.of(p[0], distribution: nil) == "pkg:golang/stdlib@1.21.3")
        #expect(PackageURL.package("pkg:golang/example.com/fork/net@v0.17.1", path: "/s")?.0.name == "example.com/fork/net")
    }

    @Test func composerInstalled() {
        let v2 = #"{"packages": [{"name": "symfony/http-kernel", "version": "v5.4.3", "version_normalized": "5.4.3.0"}, {"name": "monolog/monolog", "version": "2.9.1"}, {"name": "broken"}], "dev": true}"#
        let v1 = #"[{"name": "guzzlehttp/guzzle", "version": "6.5.5"}]"#
        #expect(ComposerInstalled.packages(v2, path: "/app/vendor/composer/installed.json").map { "\($0.name)@\($0.version)" } == ["symfony/http-kernel@v5.4.3", "monolog/monolog@2.9.1"])
        #expect(ComposerInstalled.packages(v1, path: "/p").map(\.name) == ["guzzlehttp/guzzle"], "Composer 1's list")
        #expect(ComposerInstalled.packages("{", path: "/p").isEmpty)
        #expect(PackageFiles.kind("var/www/vendor/composer/installed.json") == .composer)
        #expect(PackageFiles.kind("var/www/composer.json") == nil)
        let p = ComposerInstalled.packages(v2, path: "/p")[0]
        #expect(PackageURL.of(p, distribution: nil) == "pkg:composer/symfony/http-kernel@v5.4.3")
    }

    @Test func dotnetDeps() {
        let deps = #"""
        {"runtimeTarget": {"name": ".NETCoreApp,Version=v8.0"},
         "targets": {".NETCoreApp,Version=v8.0": {"App/1.0.0": {}, "Newtonsoft.Json/13.0.1": {}}},
         "libraries": {"App/1.0.0": {"type": "project", "serviceable": false},
                       "Newtonsoft.Json/13.0.1": {"type": "package", "serviceable": true, "sha512": "sha512-x"},
                       "System.Text.Encodings.Web/4.7.1": {"type": "package"},
                       "Microsoft.NETCore.App.Ref/8.0.0": {"type": "reference"}}}
        """#
        let p = DotNetDeps.packages(deps, path: "/app/App.deps.json")
        #expect(p.map { "\($0.name)@\($0.version)" } == ["Newtonsoft.Json@13.0.1", "System.Text.Encodings.Web@4.7.1"], "packages only, not the project or references")
        #expect(PackageFiles.kind("app/App.deps.json") == .dotnet)
        #expect(PackageURL.of(p[0], distribution: nil) == "pkg:nuget/Newtonsoft.Json@13.0.1")
    }
}

@Suite struct RpmInventoryUnitTests {
    /// A header blob: index entries (tag, type, offset, count), then the data store.
    static func header(_ entries: [(Int, Int, [UInt8])]) -> [UInt8] {
        func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
        var index: [UInt8] = [], store: [UInt8] = []
        for (tag, type, data) in entries { index += be(tag) + be(type) + be(store.count) + be(1); store += data }
        return be(entries.count) + be(store.count) + index + store
    }

    @Test func headerBlobs() {
        let blob = Self.header([(1000, 6, Array("bash\0".utf8)), (1003, 4, [0, 0, 0, 1]), (1001, 6, Array("5.1.8\0".utf8)),
                                (1002, 6, Array("6.el9\0".utf8)), (1022, 6, Array("x86_64\0".utf8)), (1044, 6, Array("bash-5.1.8-6.el9.src.rpm\0".utf8))])
        let line = RpmDatabase.line(header: blob)
        #expect(line == "bash\t1\t5.1.8\t6.el9\tx86_64\tbash-5.1.8-6.el9.src.rpm")
        let p = RpmDatabase.packages(line ?? "", path: "/var/lib/rpm/rpmdb.sqlite")
        #expect(p.map { "\($0.name) \($0.version) \($0.sourceName) \($0.sourceVersion)" } == ["bash 1:5.1.8-6.el9 bash 1:5.1.8-6.el9"])
        #expect(RpmDatabase.packages("gpg-pubkey\t\tfd431d51\t4ae0493b\t\t", path: "/p").isEmpty, "rpm's stored keys are not packages")
        // hostile blobs: counts and offsets beyond the blob
        #expect(RpmDatabase.line(header: [0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0]) == nil)
        var lying = blob
        lying[7] = 0xff   // a data length past the end
        #expect(RpmDatabase.line(header: lying) == nil)
        var noNul = Self.header([(1000, 6, Array("bash".utf8)), (1001, 6, Array("1".utf8))])
        noNul.removeLast()
        #expect(RpmDatabase.line(header: noNul) == nil)
        #expect(RpmDatabase.line(header: []) == nil)
        #expect(PackageFiles.kind("usr/lib/sysimage/rpm/rpmdb.sqlite") == .rpm)
    }

    /// Berkeley DB pages that lie: an overflow chain that loops, offsets past the page, a page count past the file.
    @Test func hostileBerkeleyDB() {
        func page(_ size: Int = 512) -> [UInt8] { [UInt8](repeating: 0, count: size) }
        func put32(_ b: inout [UInt8], _ at: Int, _ v: Int) { for k in 0..<4 { b[at + k] = UInt8(v >> (8 * k) & 0xff) } }
        func put16(_ b: inout [UInt8], _ at: Int, _ v: Int) { b[at] = UInt8(v & 0xff); b[at + 1] = UInt8(v >> 8 & 0xff) }
        var meta = page()
        put32(&meta, 12, 0x061561); put32(&meta, 20, 512); put32(&meta, 32, 1_000_000)   // last page far past the file
        var hash = page()
        hash[25] = 13; put16(&hash, 20, 2)
        put16(&hash, 26, 500); put16(&hash, 28, 400)      // key at 500, value at 400
        hash[400] = 3; put32(&hash, 404, 2); put32(&hash, 408, 4096)   // off-page value on page 2, 4096 bytes
        var overflow = page()
        overflow[25] = 7; put32(&overflow, 16, 2); put16(&overflow, 22, 486)   // its next page is itself
        let file = meta + hash + overflow
        #expect(RpmBerkeleyDB.headers(file).isEmpty, "a looping chain ends and yields nothing")
        #expect(RpmBerkeleyDB.headers(Array(file.prefix(700))).isEmpty)
        var wild = file
        put16(&wild, 512 + 28, 60_000)                    // a value offset past the page
        #expect(RpmBerkeleyDB.headers(wild).isEmpty)
        #expect(RpmBerkeleyDB.headers([UInt8](repeating: 0xff, count: 4096)).isEmpty)
        #expect(PackageFiles.kind("var/lib/rpm/Packages") == .rpm)
    }

    @Test func rpmPurls() {
        let d = Distribution(id: "rhel", versionID: "9.3", prettyName: "RHEL 9.3")
        var p = RpmDatabase.packages("bash\t1\t5.1.8\t6.el9\tx86_64\tbash-5.1.8-6.el9.src.rpm\nlibgcc\t\t11.4.1\t2.el9\tx86_64\tgcc-11.4.1-2.el9.src.rpm", path: "/r")
        for i in p.indices { p[i].ecosystem = "Red Hat" }
        #expect(PackageURL.of(p[0], distribution: d) == "pkg:rpm/rhel/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.3&epoch=1")
        #expect(PackageURL.of(p[1], distribution: d) == "pkg:rpm/rhel/libgcc@11.4.1-2.el9?arch=x86_64&distro=rhel-9.3&upstream=gcc-11.4.1-2.el9.src.rpm")
        let back = PackageURL.package("pkg:rpm/rhel/libgcc@11.4.1-2.el9?arch=x86_64&distro=rhel-9.3&upstream=gcc-11.4.1-2.el9.src.rpm", path: "/s")?.0
        #expect(back?.ecosystem == "Red Hat" && back?.sourceName == "gcc" && back?.sourceVersion == "11.4.1-2.el9")
        #expect(PackageURL.package("pkg:rpm/rhel/bash@5.1.8-6.el9?epoch=1", path: "/s")?.0.version == "1:5.1.8-6.el9")
    }
}

@Suite struct NpmLockTests {
    @Test func lockFiles() {
        let v3 = #"""
        {"name": "app", "lockfileVersion": 3, "packages": {
          "": {"name": "app", "version": "1.0.0"},
          "node_modules/lodash": {"version": "4.17.20"},
          "node_modules/@babel/core": {"version": "7.22.0", "dev": true},
          "node_modules/a/node_modules/qs": {"version": "6.5.2"},
          "node_modules/local": {"resolved": "../local", "link": true},
          "node_modules/@scope/x": {"version": "1.2.3"}}}
        """#
        #expect(NpmLock.packages(v3, path: "/app/package-lock.json").map { "\($0.name)@\($0.version)" }.sorted() == ["@scope/x@1.2.3", "lodash@4.17.20", "qs@6.5.2"],
                "dev dependencies, links and the application itself are not installed packages")
        let v1 = #"{"lockfileVersion": 1, "dependencies": {"minimist": {"version": "1.2.5"}, "jest": {"version": "29.0.0", "dev": true}, "x": {"version": "1.0.0", "dependencies": {"y": {"version": "2.0.0"}}}, "g": {"version": "git+https://example.com/g.git#abc"}}}"#
        #expect(NpmLock.packages(v1, path: "/p").map { "\($0.name)@\($0.version)" }.sorted() == ["minimist@1.2.5", "x@1.0.0", "y@2.0.0"])
        #expect(PackageFiles.kind("app/package-lock.json") == .npmLock)
        #expect(PackageFiles.kind("app/node_modules/x/package-lock.json") == nil, "a dependency's own lock is not what was installed")
    }

    /// A lock file is read only where its node_modules is not in the image.
    @Test func lockBesideInstalledModules() {
        let lock = #"{"lockfileVersion": 3, "packages": {"node_modules/lodash": {"version": "4.17.20"}}}"#
        var image = ImageModel(source: "x", reference: nil, config: ImageConfig(), history: [], layers: [], files: [:], removed: [], texts: [:], contentSecrets: [])
        image.packageTexts["app/package-lock.json"] = [LayeredText(layer: 0, text: lock)]
        #expect(ImageInventory.read(image).packages.map(\.name) == ["lodash"])
        image.files["app/node_modules"] = ImageFile(path: "app/node_modules", type: .directory, mode: 0o755, uid: 0, gid: 0, size: 0, linkTarget: nil, addedIn: 0, changedIn: 0)
        #expect(ImageInventory.read(image).packages.isEmpty)
    }
}

/// Every package reader on mutated real-shaped inputs (text formats through the Mutator, byte formats by flipped,
/// cut and spliced bytes): no crash, no hang. BULKHEAD_FUZZ_ROUNDS sets a long run.
@Suite struct InventoryFuzzTests {
    @Test func readersTakeMutatedInput() {
        let texts: [(String, String)] = [
            ("var/lib/dpkg/status", "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9+deb12u3\nSource: glibc\nArchitecture: amd64\n\nPackage: x\nStatus: deinstall ok config-files\nVersion: 1\n"),
            ("lib/apk/db/installed", "C:Q1abc=\nP:libcrypto3\nV:3.1.4-r1\nA:x86_64\no:openssl\n\nP:busybox\nV:1.36.1-r15\n"),
            ("usr/lib/python3/dist-packages/requests-2.19.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: requests\nVersion: 2.19.0\n\nbody"),
            ("app/node_modules/qs/package.json", #"{"name": "qs", "version": "6.5.2", "dependencies": {"a": "1"}}"#),
            ("app/package-lock.json", #"{"lockfileVersion": 3, "packages": {"": {"name": "app"}, "node_modules/lodash": {"version": "4.17.20"}, "node_modules/a/node_modules/@s/b": {"version": "1.0.0", "dev": true}}}"#),
            ("var/www/vendor/composer/installed.json", #"{"packages": [{"name": "symfony/http-kernel", "version": "v5.4.3"}]}"#),
            ("app/App.deps.json", #"{"libraries": {"Newtonsoft.Json/13.0.1": {"type": "package"}, "App/1.0.0": {"type": "project"}}}"#),
            ("usr/share/rubygems-integration/all/specifications/rake-13.0.6.gemspec", "# stub: rake 13.0.6 ruby lib\nGem::Specification.new do |s|\n  s.name = \"rake\".freeze\n  s.version = \"13.0.6\"\nend\n"),
            ("usr/bin/tool", "go\tgo1.21.3\npath\tex.com/t\nmod\tex.com/t\tv1.0.0\th1:x\ndep\tgolang.org/x/net\tv0.17.0\th1:y\n=>\tex.com/fork\tv0.17.1\th1:z\n"),
            ("usr/bin/rusty", #"{"packages":[{"name":"serde","version":"1.0.130","source":"crates.io"},{"name":"cc","version":"1.0","kind":"build"}]}"#),
            ("var/lib/rpm/rpmdb.sqlite", "bash\t1\t5.1.8\t6.el9\tx86_64\tbash-5.1.8-6.el9.src.rpm\nlibgcc\t\t11.4.1\t2.el9\tx86_64\tgcc-11.4.1-2.el9.src.rpm"),
            ("app.jar", "org.a:b 1.0\norg.c:d 2.0 BOOT-INF/lib/d-2.0.jar"),
        ]
        var rng = SplitMix(state: 0xB0_11_4E_AD)
        var total = 0
        for (path, seed) in texts {
            for _ in 0..<Mutator.rounds(default: 400) {
                let text = Mutator.mutate(seed, &rng)
                let packages = PackageFiles.packages(text, path: path)
                total += 1
                for p in packages { _ = PackageURL.of(p, distribution: Distribution(id: "rhel", versionID: "9", prettyName: "x")) }
            }
        }
        // byte formats: rpm header blobs, Berkeley DB pages, Go build-info blobs
        let blob = RpmInventoryUnitTests.header([(1000, 6, Array("bash\0".utf8)), (1003, 4, [0, 0, 0, 1]), (1001, 6, Array("5.1.8\0".utf8)), (1002, 6, Array("6\0".utf8))])
        let go = GoComposerDotNetInventoryTests.blob(version: "go1.21.3", modinfo: GoComposerDotNetInventoryTests.modinfo)
        for seed in [blob, go] {
            for _ in 0..<Mutator.rounds(default: 2000) {
                var b = seed
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    guard !b.isEmpty else { break }
                    let at = Int.random(in: 0..<b.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: b[at] = UInt8.random(in: 0...255, using: &rng)
                    case 1: b = Array(b[..<at])
                    default: b.insert(contentsOf: b[at..<min(b.count, at + 16)], at: Int.random(in: 0..<b.count, using: &rng))
                    }
                }
                _ = RpmDatabase.line(header: b)
                _ = RpmBerkeleyDB.headers(b + [UInt8](repeating: 0, count: 1024))
                if let t = GoBuildInfo.text(fromBlob: b) { _ = GoBuildInfo.packages(t, path: "/p") }
                total += 1
            }
        }
        #expect(total > 5000)
    }
}
