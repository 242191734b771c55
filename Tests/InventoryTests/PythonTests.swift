import BulkheadTesting
import Foundation
import Testing
@testable import Inventory
import BulkheadModel

@Suite("Python distributions")
struct PythonTests {
    @Test func headersOnly() {
        let text = "Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.2\nSummary: x\nDescription-Content-Type: text/markdown\n\nName: not-this\nVersion: 9\n"
        #expect(PythonMetadata.package(text, path: "/usr/lib/python3/dist-packages/Jinja2-3.1.2.dist-info/METADATA")
                == InstalledPackage(ecosystem: "PyPI", name: "Jinja2", version: "3.1.2", path: "/usr/lib/python3/dist-packages/Jinja2-3.1.2.dist-info/METADATA"))
        #expect(PythonMetadata.package("Name: pip\r\nVersion: 23.2.1\r\n\r\n", path: "m")?.version == "23.2.1", "CRLF, as pip's own METADATA")
        #expect(PythonMetadata.package("Name: x\n", path: "m") == nil && PythonMetadata.package("", path: "m") == nil)
        #expect(PythonMetadata.normalized("Jinja2") == "jinja2" && PythonMetadata.normalized("zope.interface") == "zope-interface"
                && PythonMetadata.normalized("Foo__Bar-.baz") == "foo-bar-baz")
        #expect(PythonMetadata.isMetadataPath("a/b/requests-2.31.0.dist-info/METADATA") && PythonMetadata.isMetadataPath("x/six-1.16.0.egg-info/PKG-INFO")
                && PythonMetadata.isMetadataPath("x/distro-1.8.0.egg-info") && !PythonMetadata.isMetadataPath("x/METADATA"))
    }

    @Test func agreesWithImportlibMetadata() throws {
        // an independent reading of the same site-packages: Python's own importlib.metadata
        let script = "import importlib.metadata as m, site, sys\nroot = site.getsitepackages()[0]\nprint(root)\nfor d in m.distributions(path=[root]):\n    print(d.metadata['Name'] + '\\t' + d.version)\n"
        let out = String(decoding: try pipe("/usr/bin/env", ["python3", "-c", script], input: []), as: UTF8.self).split(separator: "\n").map(String.init)
        guard let root = out.first, FileManager.default.fileExists(atPath: root) || TestEnvironment.missing("python3's site-packages") else { return }
        let expected = Set(out.dropFirst())
        var ours = Set<String>()
        for entry in try FileManager.default.contentsOfDirectory(atPath: root) {
            let dir = root + "/" + entry
            let candidates = [dir + "/METADATA", dir + "/PKG-INFO", dir]
            for c in candidates where PythonMetadata.isMetadataPath(c) {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: c, isDirectory: &isDir), !isDir.boolValue,
                      let text = try? String(contentsOfFile: c, encoding: .utf8), let p = PythonMetadata.package(text, path: c) else { continue }
                ours.insert("\(p.name)\t\(p.version)")
            }
        }
        #expect(expected.count > 20, "pip, setuptools and the test tools are installed")
        #expect(ours == expected, "only ours: \(ours.subtracting(expected).sorted().prefix(5)); only importlib's: \(expected.subtracting(ours).sorted().prefix(5))")
    }
}
