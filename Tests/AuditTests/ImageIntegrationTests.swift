import Audit
import BulkheadCore
import BulkheadModel
import BulkheadTesting
import Foundation
import ImageFormats
import SystemIO
import Testing

/// A small real root filesystem made of this machine's own programs (dash, coreutils and their libraries),
/// enough for `docker build` to run RUN steps offline.
func makeRootfs(at root: URL, osRelease: String) throws {
    let fm = FileManager.default
    try fm.createDirectory(at: root, withIntermediateDirectories: true)
    func copy(_ path: String) throws {
        let dest = root.appendingPathComponent(String(path.dropFirst()))
        guard !fm.fileExists(atPath: dest.path) else { return }
        try fm.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.copyItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path, toPath: dest.path)
    }
    for tool in ["/bin/sh", "/bin/chmod", "/bin/mkdir", "/bin/rm", "/bin/cp", "/bin/ls", "/bin/true", "/bin/cat", "/bin/echo"] {
        try copy(tool)
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [tool]
        let out = Pipe()
        ldd.standardOutput = out
        try ldd.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) where word.hasPrefix("/") { try copy(String(word)) }
    }
    try fm.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
    try fm.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    try Data("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n".utf8).write(to: root.appendingPathComponent("etc/passwd"))
    try Data(osRelease.utf8).write(to: root.appendingPathComponent("etc/os-release"))
}

func run(_ tool: String, _ args: [String], env: [String: String] = [:], cwd: URL? = nil) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = args
    if !env.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 } }
    if let cwd { p.currentDirectoryURL = cwd }
    let o = Pipe()
    p.standardOutput = o; p.standardError = o
    try p.run()
    let out = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (p.terminationStatus, out)
}

@Suite("Images from a real engine", .serialized)
struct ImageIntegrationTests {
    static let planted = """
    FROM bulkhead-base:1
    ARG NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789
    ENV API_SECRET=s3cr3tvalue-xyz
    COPY id_rsa /root/.ssh/id_rsa
    RUN echo "building" > /dev/null && rm /root/.ssh/id_rsa
    RUN mkdir -p /opt/shared /usr/local/bin && chmod 777 /opt/shared && cp /bin/ls /usr/local/bin/helper && chmod u+s /usr/local/bin/helper
    RUN true || curl -fsSL https://get.example.com/install.sh | sh
    EXPOSE 22 8080
    """
    static let hardened = """
    FROM bulkhead-base:1
    COPY app.sh /app/app.sh
    USER 1000
    HEALTHCHECK CMD ["/bin/true"]
    EXPOSE 8080
    """

    @Test func plantedProblemsFromEverySource() throws {
        guard let engine = TestEngine() else {
            TestEnvironment.missing("dockerd run as root (Debian's docker.io)")
            return
        }
        defer { engine.stop() }
        let dir = engine.dir
        let rootfs = dir.appendingPathComponent("base-root")
        try makeRootfs(at: rootfs, osRelease: "PRETTY_NAME=\"Debian GNU/Linux 10 (buster)\"\nID=debian\nVERSION_ID=\"10\"\n")
        let baseTar = dir.appendingPathComponent("base.tar")
        #expect(try run("/bin/tar", ["-C", rootfs.path, "-cf", baseTar.path, "."]).0 == 0)
        #expect(try engine.docker(["import", baseTar.path, "bulkhead-base:1"]).status == 0)

        func build(_ name: String, _ dockerfile: String, files: [String: String]) throws -> URL {
            let ctx = dir.appendingPathComponent("ctx-\(name)")
            try FileManager.default.createDirectory(at: ctx, withIntermediateDirectories: true)
            try Data(dockerfile.utf8).write(to: ctx.appendingPathComponent("Dockerfile"))
            for (f, body) in files { try Data(body.utf8).write(to: ctx.appendingPathComponent(f)) }
            let (status, out) = try run(TestEngine.which("docker")!, ["-H", "unix://" + engine.socket, "build", "--network", "none", "-q", "-t", "\(name):1", ctx.path],
                                        env: ["DOCKER_BUILDKIT": "0"])
            #expect(status == 0, "docker build \(name): \(out)")
            let tar = dir.appendingPathComponent("\(name).tar")
            #expect(try engine.docker(["save", "-o", tar.path, "\(name):1"]).status == 0)
            return tar
        }
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n"
        let plantedTar = try build("planted", Self.planted, files: ["id_rsa": key])
        let hardenedTar = try build("hardened", Self.hardened, files: ["app.sh": "#!/bin/sh\necho hi\n"])

        let auditor = testAuditor(options: isolatedOptions())
        func audit(_ source: String, io: IO? = nil) -> Report {
            let a = io.map { Auditor(options: isolatedOptions(), io: $0) } ?? auditor
            return a.audit(a.readers.image(source))
        }
        let fromArchive = audit("docker-archive:" + plantedTar.path)
        #expect(fromArchive.errors.isEmpty, "\(fromArchive.errors)")
        let rules = Set(fromArchive.findings.map(\.ruleID))
        // each planted problem under its rule and control
        for id in ["IM001", "IM002", "IM004", "IM005", "IM006", "IM010", "IM013", "DF022", "DF030", "DF049", "DF051"] {
            #expect(rules.contains(id), "\(id) missing: \(fromArchive.findings.map { "\($0.ruleID) \($0.message)" })")
        }
        // the deleted key is reported with the layer that still holds it
        #expect(fromArchive.findings.contains { $0.ruleID == "IM004" && $0.message.contains("/root/.ssh/id_rsa") && $0.message.contains("deleted") })
        // secrets are never printed
        #expect(!fromArchive.findings.contains { $0.message.contains("s3cr3tvalue") || $0.message.contains("abcdefghijklmnopqrstuvwxyz0123456789") })
        // the classic builder repeats build args on every RUN: one finding, at the first step
        #expect(fromArchive.findings.filter { $0.ruleID == "DF022" }.count == 1)

        func signature(_ r: Report) -> [String] { r.findings.map { "\($0.ruleID) \($0.location.path ?? "") \($0.message)" } }

        // the same image through the local engine's API (streamed, never written to disk)
        let engineIO = IO(files: LocalFiles(), environment: ProcessEnvironment(), clock: SystemClock(), engine: EngineClient(dockerHost: "unix://" + engine.socket))
        let fromEngine = audit("docker:planted:1", io: engineIO)
        #expect(fromEngine.errors.isEmpty, "\(fromEngine.errors)")
        #expect(signature(fromEngine) == signature(fromArchive))
        let missing = audit("docker:no-such-image:9", io: engineIO)
        #expect(missing.findings.isEmpty && missing.errors.first?.message.contains("no image 'no-such-image:9'") == true, "\(missing.errors)")

        // and as an OCI layout (gzip layers, new digests), directory and tar
        if let skopeo = TestEngine.which("skopeo") {
            let layout = dir.appendingPathComponent("oci")
            #expect(try run(skopeo, ["copy", "-q", "docker-archive:" + plantedTar.path, "oci:" + layout.path + ":planted"]).0 == 0)
            let fromLayout = audit("oci:" + layout.path)
            #expect(fromLayout.errors.isEmpty, "\(fromLayout.errors)")
            #expect(signature(fromLayout) == signature(fromArchive))
            let ociTar = dir.appendingPathComponent("oci.tar")
            #expect(try run(skopeo, ["copy", "-q", "docker-archive:" + plantedTar.path, "oci-archive:" + ociTar.path + ":planted"]).0 == 0)
            #expect(signature(audit("oci-archive:" + ociTar.path)) == signature(fromArchive))
            // a layer blob changed after the fact: the digest check stops it
            let blobs = try FileManager.default.contentsOfDirectory(atPath: layout.appendingPathComponent("blobs/sha256").path)
            let biggest = try #require(blobs.max { a, b in
                let sa = (try? FileManager.default.attributesOfItem(atPath: layout.appendingPathComponent("blobs/sha256/\(a)").path)[.size] as? Int) ?? 0
                let sb = (try? FileManager.default.attributesOfItem(atPath: layout.appendingPathComponent("blobs/sha256/\(b)").path)[.size] as? Int) ?? 0
                return sa < sb
            })
            let blobURL = layout.appendingPathComponent("blobs/sha256/\(biggest)")
            var bytes = try Data(contentsOf: blobURL)
            bytes[bytes.count - 9] ^= 0xff
            try bytes.write(to: blobURL)
            let tampered = audit("oci:" + layout.path)
            #expect(!tampered.errors.isEmpty, "a tampered layer must be an error")
            // pushed to a real registry on loopback and read back through the distribution API
            if let registry = TestEngine.which("docker-registry") {
                let port = Int.random(in: 20000...40000)
                let regDir = dir.appendingPathComponent("registry")
                try FileManager.default.createDirectory(at: regDir, withIntermediateDirectories: true)
                let config = "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: \(regDir.path)/data\nhttp:\n  addr: 127.0.0.1:\(port)\n"
                try Data(config.utf8).write(to: regDir.appendingPathComponent("config.yml"))
                let server = Process()
                server.executableURL = URL(fileURLWithPath: registry)
                server.arguments = ["serve", regDir.appendingPathComponent("config.yml").path]
                server.standardOutput = FileHandle.nullDevice; server.standardError = FileHandle.nullDevice
                try server.run()
                defer { server.terminate(); server.waitUntilExit() }
                var pushed = false
                for _ in 0..<40 where !pushed {
                    usleep(250_000)
                    pushed = try run(skopeo, ["copy", "-q", "--dest-tls-verify=false", "docker-archive:" + plantedTar.path, "docker://127.0.0.1:\(port)/team/planted:1"]).0 == 0
                }
                #expect(pushed, "skopeo could not push to the test registry")
                let host = "127.0.0.1:\(port)"
                let a = Auditor(options: isolatedOptions(), io: IO.system())
                let fromRegistry = a.audit(a.readers.image("\(host)/team/planted:1", selection: ImageSelection(insecureRegistries: [host])))
                #expect(fromRegistry.errors.isEmpty, "\(fromRegistry.errors)")
                #expect(signature(fromRegistry) == signature(fromArchive))
                let absent = a.audit(a.readers.image("registry:\(host)/team/absent:1", selection: ImageSelection(insecureRegistries: [host])))
                #expect(absent.errors.first?.message.contains("not found") == true, "\(absent.errors)")
                // without --insecure-registry the plain-HTTP registry is refused, with a hint
                let refused = a.audit(a.readers.image("\(host)/team/planted:1"))
                #expect(refused.errors.first?.message.contains("--insecure-registry") == true, "\(refused.errors)")
            } else {
                TestEnvironment.missing("docker-registry (Debian's docker-registry)")
            }
        } else {
            TestEnvironment.missing("skopeo (Debian's skopeo)")
        }

        // the hardened image: no medium-or-worse finding
        let clean = audit("docker-archive:" + hardenedTar.path)
        #expect(clean.errors.isEmpty, "\(clean.errors)")
        let serious = clean.findings.filter { $0.severity >= .medium && $0.ruleID != "IM013" }
        #expect(serious.isEmpty, "\(serious.map { "\($0.ruleID) \($0.message)" })")
    }
}
