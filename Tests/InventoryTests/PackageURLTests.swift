import BulkheadModel
import Testing
@testable import Inventory

@Suite struct PackageURLTests {
    let bookworm = Distribution(id: "debian", versionID: "12", prettyName: "Debian 12")

    @Test func purlsOfPackages() {
        let bash = InstalledPackage(ecosystem: "Debian", name: "bash", version: "5.2.15-2+b7", sourceName: "bash", sourceVersion: "5.2.15-2", architecture: "amd64", path: "/s")
        #expect(PackageURL.of(bash, distribution: bookworm) == "pkg:deb/debian/bash@5.2.15-2%2Bb7?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2")
        let bsd = InstalledPackage(ecosystem: "Debian", name: "bsdutils", version: "1:2.38.1-5", sourceName: "util-linux", sourceVersion: "2.38.1-5", path: "/s")
        #expect(PackageURL.of(bsd, distribution: bookworm) == "pkg:deb/debian/bsdutils@1:2.38.1-5?distro=debian-12&upstream=util-linux%402.38.1-5")
        #expect(PackageURL.of(InstalledPackage(ecosystem: "PyPI", name: "Jinja2", version: "3.1.2", path: "/m"), distribution: nil) == "pkg:pypi/jinja2@3.1.2")
        #expect(PackageURL.of(InstalledPackage(ecosystem: "npm", name: "@babel/core", version: "7.0.0", path: "/m"), distribution: nil) == "pkg:npm/%40babel/core@7.0.0")
        let ssl = InstalledPackage(ecosystem: "Alpine", name: "libssl3", version: "3.1.4-r1", sourceName: "openssl", architecture: "x86_64", path: "/a")
        #expect(PackageURL.of(ssl, distribution: Distribution(id: "alpine", versionID: "3.19.1", prettyName: "")) == "pkg:apk/alpine/libssl3@3.1.4-r1?arch=x86_64&distro=alpine-3.19.1&upstream=openssl")
    }

    @Test func packagesFromPurls() throws {
        let (p, d) = try #require(PackageURL.package("pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5%2Bdeb12u3", path: "/s"))
        #expect(p.ecosystem == "Debian" && p.name == "bsdutils" && p.version == "1:2.38.1-5+deb12u3" && p.sourceName == "util-linux" && p.sourceVersion == "2.38.1-5+deb12u3")
        #expect(d?.osvRelease == "12")
        // Syft and Trivy spell the distro and epoch their own ways
        #expect(PackageURL.package("pkg:deb/debian/libc6@2.36-9?distro=bookworm", path: "/s")?.1?.osvRelease == "12")
        #expect(PackageURL.package("pkg:deb/debian/bsdutils@2.38.1-5?epoch=1", path: "/s")?.0.version == "1:2.38.1-5")
        #expect(PackageURL.package("pkg:npm/%40babel/core@7.0.0", path: "/m")?.0.name == "@babel/core")
        #expect(PackageURL.package("pkg:maven/org.apache.commons/commons-text@1.9", path: "/m")?.0.name == "org.apache.commons:commons-text")
        #expect(PackageURL.package("pkg:golang/github.com/docker/docker@v24.0.0", path: "/m")?.0.name == "github.com/docker/docker")
        #expect(PackageURL.package("not a purl", path: "/m") == nil)
        #expect(PackageURL.package("pkg:pypi/x", path: "/m") == nil, "no version")
    }
}
