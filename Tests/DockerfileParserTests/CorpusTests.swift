import BulkheadModel
import Foundation
import Testing
@testable import DockerfileParser

/// ../shared/corpus holds real-world Dockerfiles (not part of this repository).
enum SharedData {
    static var root: URL? {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/X/File.swift → repo root
        let shared = url.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
    }
}

@Suite("Real-world corpus")
struct CorpusTests {
    /// Files Docker itself rejects, with the reason. (None of the corpus files are rejected by Docker today.)
    static let expectedErrors: [String: String] = [:]

    @Test func everyCorpusDockerfileParsesWithoutCrashOrError() throws {
        guard let shared = SharedData.root else {
            print("SKIPPED: ../shared is absent, so the corpus test cannot run (CI always has it)")
            return
        }
        let dir = shared.appendingPathComponent("corpus/dockerfiles")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.count >= 600)
        var unexpected: [String] = []
        var commands = 0
        for f in files {
            let text = String(decoding: try Data(contentsOf: dir.appendingPathComponent(f)), as: UTF8.self)
            let m = DockerfileParser.parse(text, path: f)
            commands += m.instructions.compactMap(\.script).map(\.commands.count).reduce(0, +)
            if !m.errors.isEmpty && Self.expectedErrors[f] == nil {
                unexpected.append("\(f): \(m.errors.map(\.description))")
            }
            #expect(!m.stages.isEmpty || Self.expectedErrors[f] != nil, "\(f) has no stages")
        }
        #expect(unexpected.isEmpty, "\(unexpected.joined(separator: "\n"))")
        #expect(commands > 5000)
    }
}
