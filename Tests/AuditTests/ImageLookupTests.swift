import Audit
import BulkheadCore
import BulkheadTesting
import Foundation
import ImageFormats
import Testing

@Suite("Runtime rules that know the image (--images)")
struct ImageLookupTests {
    @Test func containersInheritTheImagesUser() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-images-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let archive = dir.appendingPathComponent("images.tar")
        // two images in one archive is not what ImageSpec writes: two archives
        let rootImage = dir.appendingPathComponent("root.tar")
        try Data(try ImageSpec.archive("tag acme/api:1\nuser 10001\nlayer\nfile app 0755 0:0 x")).write(to: archive)
        try Data(try ImageSpec.archive("tag acme/worker:2\nlayer\nfile app 0755 0:0 x")).write(to: rootImage)
        let compose = """
        services:
          api:
            image: acme/api:1
            security_opt: ["seccomp=unconfined", "apparmor=unconfined"]
          worker:
            image: docker.io/acme/worker:2
          cache:
            image: redis:7
        """
        let path = dir.appendingPathComponent("compose.yaml").path
        try Data(compose.utf8).write(to: URL(fileURLWithPath: path))
        let auditor = testAuditor(options: isolatedOptions())
        let input = auditor.readers.attachingImages(["docker-archive:" + archive.path, "docker-archive:" + rootImage.path], to: auditor.readers.compose(files: [path]))
        let report = auditor.audit(input)
        func rules(_ service: String) -> Set<String> { Set(report.findings.filter { $0.target.name == service }.map(\.ruleID)) }
        // the worker's image runs as root: reported, with where that fact came from
        #expect(rules("worker").contains("RT001"))
        #expect(report.findings.contains { $0.ruleID == "RT001" && $0.message.contains("root.tar") })
        // the api's image runs as 10001: no root finding, and no root-only escape path
        #expect(!rules("api").contains("RT001") && !rules("api").contains("ES004"), "\(rules("api"))")
        // redis is in neither: a warning, and it is judged as before
        #expect(report.warnings.contains { $0.message.contains("redis:7") })
        #expect(!rules("cache").contains("RT001"))
        // without --images nothing changes
        let plain = auditor.audit(auditor.readers.compose(files: [path]))
        #expect(!plain.findings.contains { $0.ruleID == "RT001" })
        #expect(plain.findings.contains { $0.ruleID == "ES004" && $0.target.name == "api" })

        // docker run -P publishes what the image exposes: graded by those ports once the image is known
        let db = dir.appendingPathComponent("db.tar")
        try Data(try ImageSpec.archive("tag acme/db:1\nuser 999\nexpose 5432/tcp\nlayer\nfile app 0755 0:0 x")).write(to: db)
        let run = auditor.readers.runWords(["docker", "run", "-d", "-P", "acme/db:1"])
        let withImage = auditor.audit(auditor.readers.attachingImages(["docker-archive:" + db.path], to: run))
        #expect(withImage.findings.contains { $0.ruleID == "RT014" && $0.severity == .medium && $0.message.contains("5432") }, "\(withImage.findings.map(\.message))")
        #expect(auditor.audit(run).findings.contains { $0.ruleID == "RT014" && $0.severity == .low })
    }
}
