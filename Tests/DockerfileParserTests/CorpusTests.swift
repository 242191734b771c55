import BulkheadModel
import BulkheadTesting
import Foundation
import Testing
@testable import DockerfileParser

@Suite("Real-world corpus")
struct CorpusTests {
    /// Files Docker itself rejects, with the reason. (None of the corpus files are rejected by Docker today.)
    static let expectedErrors: [String: String] = [:]

    @Test func everyCorpusDockerfileParsesWithoutCrashOrError() throws {
        // ../shared/corpus holds real-world Dockerfiles (not part of this repository)
        guard let dir = TestEnvironment.sharedPath("corpus/dockerfiles") else { return }
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
