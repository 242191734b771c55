import BulkheadModel
import BulkheadTesting
import Foundation
import Testing
@testable import DockerfileParser

/// The build context reader on real directories: which ignore file applies, what is walked, and its bounds.
@Suite("Build context reader")
struct BuildContextReaderTests {
    func lay(_ files: [String: String], in dir: URL) throws {
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    @Test func dockerfileSpecificIgnoreFileWins() throws {
        let d = Scratch.directory("context")
        try lay(["app.py": "", ".env": "A=b", "build/.env": "A=b", ".dockerignore": ".env\n", "build/api.Dockerfile": "FROM x",
                 "build/api.Dockerfile.dockerignore": "build\n"], in: d)
        let io = testIO().files
        // beside the named Dockerfile: <name>.dockerignore, as BuildKit reads it
        let (own, w1) = BuildContextReader.read(root: d.path, dockerfile: d.appendingPathComponent("build/api.Dockerfile").path, files: io)
        #expect(w1.isEmpty)
        #expect(own?.ignoreFile?.hasSuffix("build/api.Dockerfile.dockerignore") == true)
        #expect(own?.entries.map(\.path) == [".dockerignore", ".env", "app.py"])
        // otherwise the context's .dockerignore
        let (root, _) = BuildContextReader.read(root: d.path, dockerfile: nil, files: io)
        #expect(root?.entries.map(\.path) == [".dockerignore", "app.py", "build", "build/.env", "build/api.Dockerfile", "build/api.Dockerfile.dockerignore"])
        // the start of files that tell a credential from a harmless one is read
        #expect(root?.entries.first { $0.path == "build/.env" }?.text == "A=b")
        #expect(root?.entries.first { $0.path == "app.py" }?.text == nil)
    }

    @Test func excludedDirectoriesAreNotWalkedAndLinksNotFollowed() throws {
        let d = Scratch.directory("context")
        try lay(["keep/a": "", "vendor/x/y": "", ".git/HEAD": "ref", ".git/config": "[core]", "outside/secret.key": "-----BEGIN PRIVATE KEY-----"], in: d)
        try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent("keep/link").path, withDestinationPath: d.appendingPathComponent("outside").path)
        try lay([".dockerignore": "vendor\n.git\n!.git/config\noutside\n!**/y\n"], in: d)
        let (c, _) = BuildContextReader.read(root: d.path, dockerfile: nil, files: testIO().files)
        let paths = c?.entries.map(\.path) ?? []
        // vendor is skipped whole (`!**/y` does not name anything under vendor/ by its text), .git is walked for !.git/config
        #expect(paths == [".dockerignore", ".git", ".git/config", "keep", "keep/a", "keep/link"])
        #expect(c?.entries.first { $0.path == "keep/link" }?.kind == .symlink)
    }

    @Test func boundsGiveWarningsNotCrashes() throws {
        let d = Scratch.directory("context")
        var files: [String: String] = [:]
        for i in 0..<50 { files["f\(i)"] = "" }
        try lay(files, in: d)
        var limits = BuildContextReader.Limits()
        limits.entries = 10
        let (c, w) = BuildContextReader.read(root: d.path, dockerfile: nil, files: testIO().files, limits: limits)
        #expect(c?.entries.count == 10 && c?.incomplete != nil)
        #expect(w.contains { $0.message.contains("more than 10 entries") })
        // deep nesting
        var deep = d.appendingPathComponent("deep")
        for _ in 0..<12 { deep = deep.appendingPathComponent("d") }
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        limits = BuildContextReader.Limits()
        limits.depth = 5
        let (_, w2) = BuildContextReader.read(root: d.path, dockerfile: nil, files: testIO().files, limits: limits)
        #expect(w2.contains { $0.message.contains("nested more than 5 deep") })
        // a hostile ignore file: too many patterns is a warning, the context is not judged
        try lay([".dockerignore": (0..<3000).map { "p\($0)*" }.joined(separator: "\n")], in: d)
        let (none, w3) = BuildContextReader.read(root: d.path, dockerfile: nil, files: testIO().files)
        #expect(none == nil && w3.first?.message.contains("more than 2000 patterns") == true)
        // broken lines are warnings with their line; the others apply
        try lay([".dockerignore": "f1\n[oops\n"], in: d)
        let (partial, w4) = BuildContextReader.read(root: d.path, dockerfile: nil, files: testIO().files)
        #expect(w4.map(\.line) == [2] && partial?.index(of: "f1") == nil && partial?.index(of: "f2") != nil)
        // an ignore file that cannot be read: not judged (the report would name files Docker leaves out)
        try lay([".dockerignore": String(repeating: "x\n", count: 600_000)], in: d)
        let (unread, w6) = BuildContextReader.read(root: d.path, dockerfile: nil, files: testIO().files)
        #expect(unread == nil && w6.first?.message.contains("was not judged") == true, "\(w6)")
        // unreadable directories: ten by name, then a count
        let locked = d.appendingPathComponent("locked")
        let denied = OverlayDenied(base: testIO().files, denied: (0..<25).map { locked.appendingPathComponent("d\($0)").path })
        for i in 0..<25 { try FileManager.default.createDirectory(at: locked.appendingPathComponent("d\(i)"), withIntermediateDirectories: true) }
        try lay([".dockerignore": ""], in: d)
        let (_, w7) = BuildContextReader.read(root: d.path, dockerfile: nil, files: denied)
        #expect(w7.filter { $0.message.contains("cannot read this directory") }.count == 10 && w7.contains { $0.message.contains("15 more directories") }, "\(w7)")
        // a context that is not there
        let (missing, w5) = BuildContextReader.read(root: d.appendingPathComponent("nope").path, dockerfile: nil, files: testIO().files)
        #expect(missing == nil && w5.first?.message.contains("does not exist") == true)
    }
}

/// Real files, with some directories that cannot be listed (as /proc's are for a context of /).
struct OverlayDenied: FileSource {
    var base: any FileSource
    var denied: [String]
    func readText(_ path: String, limit: Int) -> Result<String, FileReadFailure> { base.readText(path, limit: limit) }
    func openStream(_ path: String) -> Result<any ByteStream, FileReadFailure> { base.openStream(path) }
    func openRandomAccess(_ path: String) -> (any RandomAccessBytes)? { base.openRandomAccess(path) }
    func exists(_ path: String) -> Bool { base.exists(path) }
    func isDirectory(_ path: String) -> Bool { base.isDirectory(path) }
    func entries(of directory: String) -> Result<[DirectoryEntry], FileReadFailure> {
        denied.contains(directory) ? .failure(.unreadable) : base.entries(of: directory)
    }
    var currentDirectory: String { base.currentDirectory }
    var homeDirectory: String { base.homeDirectory }
}
