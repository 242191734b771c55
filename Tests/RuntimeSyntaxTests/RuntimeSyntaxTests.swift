import BulkheadCore
import BulkheadModel
import SystemIO
import Testing
@testable import RuntimeSyntax

@Suite("Docker's small syntaxes")
struct RuntimeSyntaxTests {
    @Test(arguments: [("512m", 536_870_912), ("512mb", 536_870_912), ("512MiB", 536_870_912), ("512M", 536_870_912), ("1.5g", 1_610_612_736),
                      ("1 GB", 1_073_741_824), ("100", 100), ("100b", 100), ("2k", 2048), ("1t", 1_099_511_627_776)] as [(String, Int64)])
    func byteSizes(_ text: String, _ bytes: Int64) { #expect(ByteSize.parse(text) == bytes, "\(text)") }

    @Test(arguments: ["", "m", "-1m", "1e3", "0x10", "12q", "1..5g", "1.5.5g", "99999999999999999999p"])
    func notByteSizes(_ text: String) { #expect(ByteSize.parse(text) == nil, "\(text)") }

    @Test func limits() {
        #expect(ResourceSyntax.memory("0") == nil && ResourceSyntax.memory("512mb") == 536_870_912)
        #expect(ResourceSyntax.pidsLimit("-1") == nil && ResourceSyntax.pidsLimit("0") == nil && ResourceSyntax.pidsLimit("64") == 64)
        #expect(ResourceSyntax.nanoCPUs("1.5") == 1_500_000_000 && ResourceSyntax.nanoCPUs("0") == nil && ResourceSyntax.nanoCPUs("x") == nil)
        #expect(ResourceSyntax.nanoCPUs(quota: "50000") == 500_000_000)
    }

    static let o = Origin(file: "f", line: 1)

    @Test func volumes() {
        let cases: [(String, String, String?, String, Bool, String?)] = [
            ("/host:/ctr", "bind", "/host", "/ctr", false, nil),
            ("/host:/ctr:ro", "bind", "/host", "/ctr", true, nil),
            ("/host:/ctr:readonly,rshared", "bind", "/host", "/ctr", true, "rshared"),
            ("./rel:/ctr", "bind", "./rel", "/ctr", false, nil),
            ("~/x:/ctr", "bind", "~/x", "/ctr", false, nil),
            ("name:/ctr", "volume", "name", "/ctr", false, nil),
            ("/anon", "volume", nil, "/anon", false, nil),
            ("data:ro", "volume", nil, "data", true, nil),
            ("C:\\data:/data", "bind", "C:\\data", "/data", false, nil),
            ("C:\\data:/data:ro", "bind", "C:\\data", "/data", true, nil),
        ]
        for (raw, type, source, target, ro, prop) in cases {
            let m = MountSyntax.volume(raw, origin: Self.o)
            #expect(m.type == type && m.source == source && m.target == target && m.readOnly == ro && m.propagation == prop, "\(raw) → \(m.type) \(m.source ?? "-") \(m.target) \(m.readOnly)")
        }
        let m = MountSyntax.mount("type=bind,src=/var/run/docker.sock,dst=/s,readonly,bind-propagation=rslave", origin: Self.o)
        #expect(m.type == "bind" && m.source == "/var/run/docker.sock" && m.target == "/s" && m.readOnly && m.propagation == "rslave")
        #expect(!MountSyntax.mount("type=volume,source=v,target=/v,readonly=false", origin: Self.o).readOnly)
    }

    @Test func ports() {
        let cases: [(String, String, String, String, String)] = [
            ("80", "", "", "80", "tcp"), ("8080:80", "", "8080", "80", "tcp"), ("127.0.0.1:5432:5432", "127.0.0.1", "5432", "5432", "tcp"),
            ("[::1]:9000:9000/UDP", "::1", "9000", "9000", "udp"), ("::1:9000:9000", "::1", "9000", "9000", "tcp"),
            ("9000-9005:9000-9005/Udp", "", "9000-9005", "9000-9005", "udp"), ("0.0.0.0::53/udp", "0.0.0.0", "", "53", "udp"),
        ]
        for (raw, ip, host, ctr, proto) in cases {
            let p = PortSyntax.binding(raw, origin: Self.o)
            #expect(p.hostIP == ip && p.hostPort == host && p.containerPort == ctr && p.proto == proto, "\(raw) → \(p.hostIP)|\(p.hostPort)|\(p.containerPort)/\(p.proto)")
        }
    }

    @Test func envFiles() {
        let e = EnvFile.parse("# c\n\nexport A=1\r\nB = 'two # words'\nC=\"q\" # note\nD=x # trailing\nE\nF=\n")
        #expect(e.map(\.name) == ["A", "B", "C", "D", "E", "F"])
        #expect(e.map(\.value) == ["1", "two # words", "q", "x", nil, ""])
        #expect(e.map(\.line) == [3, 4, 5, 6, 7, 8])
    }

    @Test func seccompProfiles() {
        #expect(SeccompProfile.fileName(inSecurityOpt: "seccomp=unconfined") == nil)
        #expect(SeccompProfile.fileName(inSecurityOpt: "seccomp:{\"defaultAction\":\"SCMP_ACT_ALLOW\"}") == nil)
        #expect(SeccompProfile.fileName(inSecurityOpt: "seccomp=p.json") == "p.json")
        let files = OverlayFiles(["/d/p.json": "{}"], over: LocalFiles())
        #expect(SeccompProfile.load(securityOpt: "seccomp=p.json", relativeTo: "/d/compose.yml", files: files)?.1 == "{}")
        #expect(SeccompProfile.load(securityOpt: "seccomp=missing.json", relativeTo: "/d/compose.yml", files: files) == nil)
    }

    @Test func daemonJSON() throws {
        let d = try DaemonConfig.parse("{\"no-new-privileges\": true, \"userns-remap\": \"default\", \"seccomp-profile\": \"unconfined\"}", path: "daemon.json").get()
        #expect(d.noNewPrivileges && d.usernsRemap == "default" && d.seccompProfile == "unconfined" && d.source == "daemon.json")
        guard case .failure(let e) = DaemonConfig.parse("{\n  \"a\": ,\n}", path: "daemon.json") else { Issue.record("bad JSON accepted"); return }
        #expect(e.line == 2 && e.path == "daemon.json")
        guard case .failure = DaemonConfig.parse("[1]", path: "daemon.json") else { Issue.record("an array accepted as daemon.json"); return }
    }

    @Test func jsonPositionsAndBounds() throws {
        let j = try JNode.parse("{\n  \"a\": [1, true, null],\n  \"b\": \"x\"\n}")
        #expect(j["b"]?.line == 3 && j["b"]?.column == 8 && j["a"]?.array?.count == 3)
        // nesting bombs are refused with a position, not a stack overflow
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JNode.ParseError.self) { try JNode.parse(deep) }
    }
}
