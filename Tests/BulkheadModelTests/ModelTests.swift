import BulkheadCore
import Testing
@testable import BulkheadModel

/// Files that exist only as text, for the FileSource defaults.
struct TextFiles: FileSource {
    var texts: [String: String]
    func readText(_ path: String, limit: Int) -> Result<String, FileReadFailure> { texts[path].map { .success($0) } ?? .failure(.missing) }
    func exists(_ path: String) -> Bool { texts[path] != nil }
    func isDirectory(_ path: String) -> Bool { false }
    func entries(of directory: String) -> Result<[DirectoryEntry], FileReadFailure> { .failure(.missing) }
    func openStream(_ path: String) -> Result<any ByteStream, FileReadFailure> { .failure(.missing) }
    func openRandomAccess(_ path: String) -> (any RandomAccessBytes)? { nil }
    var currentDirectory: String { "/work" }
    var homeDirectory: String { "/home/u" }
}

@Suite("Model and edge helpers")
struct ModelTests {
    @Test func pathsResolveLikeDocker() {
        let f = TextFiles(texts: [:])
        #expect(f.resolve("/abs", relativeTo: "/p/compose.yml") == "/abs")
        #expect(f.resolve("x.env", relativeTo: "/p/compose.yml") == "/p/x.env")
        #expect(f.resolve("x.env", relativeTo: "compose.yml") == "x.env")
        #expect(f.resolve("x.env", relativeTo: nil) == "/work/x.env")
        #expect(f.resolve("~/.docker", relativeTo: "/p/c.yml") == "/home/u/.docker")
        #expect(Paths.directory("/a/b/c") == "/a/b" && Paths.directory("/c") == "/" && Paths.directory("c") == "")
        #expect(Paths.lastComponent("/a/b/") == "b" && Paths.lastComponent("docker") == "docker")
    }

    @Test func overlayTextComesFirstAndIsBounded() {
        let o = OverlayFiles(["-": "FROM x"], over: TextFiles(texts: ["/a": "disk"]))
        #expect(o.text("-") == "FROM x" && o.text("/a") == "disk" && o.text("/b") == nil)
        #expect(o.readText("-", limit: 3) == .failure(.tooLarge(limit: 3)))
    }

    @Test func effectiveSecurityResolvesDefaults() {
        var c = ContainerConfig(kind: .run, file: "f", name: "n", origin: Origin(file: "f", line: 1))
        #expect(EffectiveSecurity(c).capabilities == EffectiveSecurity.defaultCapabilities && EffectiveSecurity(c).seccomp == "default")
        c.capDrop = [Sourced("ALL", c.origin)]
        c.capAdd = [Sourced("cap_net_bind_service", c.origin)]
        var d = DaemonDefaults()
        d.noNewPrivileges = true
        let e = EffectiveSecurity(c, daemon: d)
        #expect(e.capabilities == ["NET_BIND_SERVICE"] && e.dropsAll && e.noNewPrivileges && e.noNewPrivilegesFromDaemon)
        c.privileged = Sourced(true, c.origin)
        #expect(EffectiveSecurity(c).appArmorUnconfined && EffectiveSecurity(c).seccomp == "unconfined")
    }
}
