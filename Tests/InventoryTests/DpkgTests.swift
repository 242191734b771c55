import BulkheadTesting
import Foundation
import Testing
@testable import Inventory
import BulkheadModel

@Suite("dpkg database")
struct DpkgTests {
    @Test func paragraphsStatusAndSource() {
        let text = """
        Package: libc6
        Status: install ok installed
        Architecture: amd64
        Source: glibc
        Version: 2.36-9+deb12u4
        Description: GNU C Library: Shared libraries
         Contains the standard libraries that are used by nearly all programs on
         the system.

        Package: libgcrypt20
        Status: install ok installed
        Architecture: amd64
        Source: libgcrypt20 (1.10.1-3)
        Version: 1.10.1-3+b1

        Package: oldpkg
        Status: deinstall ok config-files
        Version: 1.0-1

        Package: half
        Status: install ok half-configured
        Version: 2.0-1

        Package: noversion
        Status: install ok installed
        """
        let p = DpkgStatus.packages(text, path: "/var/lib/dpkg/status")
        #expect(p.map(\.name) == ["libc6", "libgcrypt20"], "removed, half-configured and version-less entries are not installed packages")
        #expect(p[0].sourceName == "glibc" && p[0].sourceVersion == "2.36-9+deb12u4" && p[0].architecture == "amd64")
        #expect(p[1].sourceName == "libgcrypt20" && p[1].sourceVersion == "1.10.1-3" && p[1].version == "1.10.1-3+b1", "a binNMU keeps its source version")
        // distroless: status.d files have no Status field
        let d = DpkgStatus.packages("Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n", path: "/var/lib/dpkg/status.d/base")
        #expect(d.count == 1 && d[0].sourceName == "base-files" && d[0].ecosystem == "Debian")
        #expect(DpkgStatus.packages("Package: a\r\nStatus: install ok installed\r\nVersion: 1\r\n\r\nPackage: b\r\nVersion: 2\r\n", path: "x").map(\.version) == ["1", "2"])
        #expect(DpkgStatus.packages("", path: "x").isEmpty && DpkgStatus.packages("garbage\n\n:\n", path: "x").isEmpty)
    }

    @Test func agreesWithDpkgQueryOnThisMachine() throws {
        // an independent reading of the same database: dpkg-query's own fields
        let status = "/var/lib/dpkg/status"
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-query"), FileManager.default.fileExists(atPath: status)
                || TestEnvironment.missing("dpkg-query and /var/lib/dpkg/status (a Debian machine)") else { return }
        let q = Process()
        q.executableURL = URL(fileURLWithPath: "/usr/bin/dpkg-query")
        q.arguments = ["-W", "-f=${db:Status-Status}\\t${Package}\\t${Version}\\t${source:Package}\\t${source:Version}\\t${Architecture}\\n"]
        let out = Pipe(); q.standardOutput = out
        try q.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        q.waitUntilExit()
        let expected = Set(text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count == 6 && $0[0] == "installed" }
            .map { "\($0[1]) \($0[2]) \($0[3]) \($0[4]) \($0[5])" })
        let ours = Set(DpkgStatus.packages(try String(contentsOfFile: status, encoding: .utf8), path: status)
            .map { "\($0.name) \($0.version) \($0.sourceName) \($0.sourceVersion) \($0.architecture ?? "")" })
        #expect(expected.count > 100, "a Debian machine has hundreds of packages")
        #expect(ours == expected, "only ours: \(ours.subtracting(expected).sorted().prefix(5)); only dpkg-query's: \(expected.subtracting(ours).sorted().prefix(5))")
    }
}
