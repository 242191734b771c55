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
