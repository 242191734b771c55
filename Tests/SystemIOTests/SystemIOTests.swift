import BulkheadModel
import Foundation
import Testing
@testable import SystemIO

@Suite("Real edges")
struct SystemIOTests {
    func temp() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    @Test func readsAreBoundedAndClassified() throws {
        let dir = try temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = LocalFiles()
        try Data("FROM x\n".utf8).write(to: dir.appendingPathComponent("ok"))
        try Data(repeating: 0x41, count: 2048).write(to: dir.appendingPathComponent("big"))
        try Data([0x46, 0, 0x41]).write(to: dir.appendingPathComponent("bin"))
        try Data([0xFF, 0xFE, 0x41]).write(to: dir.appendingPathComponent("latin"))
        #expect(files.readText(dir.appendingPathComponent("ok").path) == .success("FROM x\n"))
        #expect(files.readText(dir.appendingPathComponent("big").path, limit: 1024) == .failure(.tooLarge(limit: 1024)))
        #expect(files.readText(dir.appendingPathComponent("bin").path) == .failure(.binary))
        #expect(files.readText(dir.appendingPathComponent("latin").path) == .failure(.notUTF8))
        #expect(files.readText(dir.appendingPathComponent("nope").path) == .failure(.missing))
        #expect(files.readText(dir.path) == .failure(.directory))
    }

    @Test func listsDirectoriesWithoutFollowingLinks() throws {
        let dir = try temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data().write(to: dir.appendingPathComponent("Dockerfile"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("loop").path, withDestinationPath: dir.path)
        let entries = try LocalFiles().entries(of: dir.path).get().sorted { $0.name < $1.name }
        #expect(entries == [DirectoryEntry(name: "Dockerfile", kind: .file), DirectoryEntry(name: "loop", kind: .symlink), DirectoryEntry(name: "sub", kind: .directory)])
        #expect(LocalFiles().entries(of: dir.appendingPathComponent("none").path) == .failure(.missing))
    }

    @Test func clockAndEnvironment() throws {
        let today = SystemClock().today
        #expect(try Regex(#"^\d{4}-\d{2}-\d{2}$"#).wholeMatch(in: today) != nil)
        #expect(ProcessEnvironment().variables["PATH"] == ProcessInfo.processInfo.environment["PATH"])
    }
}
