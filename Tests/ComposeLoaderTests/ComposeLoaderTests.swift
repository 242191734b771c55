import BulkheadCore
import BulkheadModel
import Foundation
import BulkheadTesting
import SystemIO
import Testing
@testable import ComposeLoader

func load(_ files: [String: String], main: [String], env: [String: String] = [:], envFiles: [String] = [], profiles: [String] = []) -> ComposeLoader.Result {
    var o = ComposeLoader.Options(files: OverlayFiles(files, over: LocalFiles()), environment: env)
    o.envFiles = envFiles
    o.profiles = profiles
    return ComposeLoader.load(files: main, options: o)
}

func service(_ r: ComposeLoader.Result, _ name: String) -> ContainerConfig? { r.configs.first { $0.name == name } }

@Suite("Compose loader")
struct ComposeLoaderTests {
    @Test func shortAndLongVolumes() throws {
        let r = load(["/p/compose.yaml": """
        services:
          app:
            image: app:1
            volumes:
              - /var/run/docker.sock:/var/run/docker.sock:ro
              - ./data:/data
              - named:/var/lib/app
              - /cache
              - type: bind
                source: /etc
                target: /host-etc
                read_only: true
                bind: {propagation: rshared}
              - hostdev:/dev-data
        volumes:
          named: {}
          hostdev:
            driver_opts: {type: none, o: bind, device: /dev}
        """], main: ["/p/compose.yaml"])
        #expect(r.errors.isEmpty, "\(r.errors)")
        let m = try #require(service(r, "app")).mounts
        #expect(m.map(\.type) == ["bind", "bind", "volume", "volume", "bind", "bind"])
        #expect(m[0].source == "/var/run/docker.sock" && m[0].readOnly && m[0].origin.line == 5)
        #expect(m[0].origin.path == "services.app.volumes[0]")
        #expect(m[3].source == nil && m[3].target == "/cache")
        #expect(m[4].readOnly && m[4].propagation == "rshared" && m[4].origin.line == 9)
        #expect(m[5].source == "/dev")  // named volume bound to a host path through driver_opts
    }

    @Test func portsInEveryForm() throws {
        let r = load(["/p/c.yml": """
        services:
          s:
            image: s:1
            ports:
              - "3000"
              - "8000:8000"
              - "9090-9091:8080-8081"
              - "127.0.0.1:5432:5432"
              - "[::1]:6000:6000"
              - "::1:6001:6001"
              - "6060:6060/udp"
              - target: 80
                published: "8080"
                host_ip: 0.0.0.0
                protocol: tcp
        """], main: ["/p/c.yml"])
        let p = try #require(service(r, "s")).portBindings
        #expect(p.count == 8)
        #expect(p[0].hostPort == "" && p[0].isWildcard && p[0].containerPort == "3000")
        #expect(p[2].containerPorts == [8080, 8081] && p[2].hostPort == "9090-9091")
        #expect(p[3].hostIP == "127.0.0.1" && !p[3].isWildcard)
        #expect(p[4].hostIP == "::1" && p[5].hostIP == "::1")
        #expect(p[6].proto == "udp")
        #expect(p[7].hostIP == "0.0.0.0" && p[7].hostPort == "8080" && p[7].isWildcard)
    }

    @Test func environmentInterpolationAndEnvFiles() throws {
        let r = load([
            "/p/compose.yaml": """
            services:
              db:
                image: "postgres:${PG_VERSION:-16}"
                env_file: [db.env, {path: optional.env, required: false}]
                environment:
                  POSTGRES_PASSWORD: ${DB_PASS}
                  LITERAL: "$$HOME"
                  FROM_DOTENV: ${FROM_DOTENV}
                  PASSTHROUGH:
              web:
                image: web:${TAG?tag is required}
                environment:
                  - API_KEY=abc
                  - DEBUG
            """,
            "/p/.env": "FROM_DOTENV=dotenv-value\nTAG=from-dotenv\n",
            "/p/db.env": "# comment\nexport POSTGRES_USER=app\nQUOTED=\"a b\"\n",
        ], main: ["/p/compose.yaml"], env: ["DB_PASS": "from-shell", "TAG": "from-shell"])
        #expect(r.errors.isEmpty, "\(r.errors)")
        let db = try #require(service(r, "db"))
        #expect(db.image?.value == "postgres:16")
        let env = Dictionary(db.env.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        #expect(env["POSTGRES_PASSWORD"]?.value == "from-shell" && env["POSTGRES_PASSWORD"]?.isReference == true)
        #expect(env["LITERAL"]?.value == "$HOME")
        #expect(env["FROM_DOTENV"]?.value == "dotenv-value")
        #expect(env["PASSTHROUGH"]?.value == nil)
        #expect(env["POSTGRES_USER"]?.value == "app" && env["POSTGRES_USER"]?.origin.file == "/p/db.env" && env["POSTGRES_USER"]?.origin.line == 2)
        #expect(env["QUOTED"]?.value == "a b")
        let web = try #require(service(r, "web"))
        #expect(web.image?.value == "web:from-shell")  // the shell wins over .env
        #expect(web.env.map(\.name) == ["API_KEY", "DEBUG"] && web.env[1].value == nil)
    }

    /// Deploy-time inputs that a CI checkout does not have: warnings with their lines, and the service is
    /// audited with what it declares; `strict` makes them errors, as `docker compose config` does.
    @Test func missingDeployTimeInputsAreWarnings() throws {
        let text = """
        include:
          - path: ./missing-include.yml
        services:
          a:
            image: ${IMG:?set IMG}
            env_file: missing.env
            environment:
              DB_PASSWORD: ${DB_PASSWORD:?required}
            privileged: true
            security_opt: [seccomp=missing.json]
          b:
            extends: {file: ./missing-base.yml, service: base}
            cap_add: [SYS_ADMIN]
          c:
            extends: nowhere
            pid: host
        """
        let r = load(["/p/c.yml": text], main: ["/p/c.yml"])
        #expect(r.errors.isEmpty, "\(r.errors)")
        let byLine = Dictionary(grouping: r.warnings, by: { $0.line ?? 0 })
        #expect(byLine[2]?.first?.message.contains("missing-include.yml not found") == true)
        #expect(byLine[5]?.first?.message.contains("IMG") == true)
        #expect(byLine[6]?.first?.message.contains("missing.env") == true)
        #expect(byLine[8]?.first?.message.contains("DB_PASSWORD") == true)
        #expect(byLine[10]?.first?.message.contains("missing.json") == true)
        #expect(byLine[12]?.first?.message.contains("missing-base.yml not found") == true)
        #expect(byLine[15]?.first?.message.contains("'nowhere'") == true)
        #expect(r.warnings.count == 7)
        // everything declared is still there
        #expect(service(r, "a")?.privileged?.value == true && service(r, "b")?.capAdd.first?.value == "SYS_ADMIN" && service(r, "c")?.pidMode?.value == "host")
        // an unset required variable is a reference, never a literal secret
        #expect(service(r, "a")?.env.first { $0.name == "DB_PASSWORD" }?.isReference == true)

        var o = ComposeLoader.Options(files: OverlayFiles(["/p/c.yml": text], over: LocalFiles()))
        o.strict = true
        let strict = ComposeLoader.load(files: ["/p/c.yml"], options: o)
        #expect(strict.warnings.isEmpty && strict.errors.count == 7)
    }

    @Test func anchorsMergeKeysAndExtensions() throws {
        let r = load(["/p/c.yml": """
        x-common: &common
          restart: always
          cap_add: [NET_ADMIN]
          security_opt: [no-new-privileges:true]
        services:
          a:
            <<: *common
            image: a:1
          b:
            <<: *common
            image: b:1
            cap_add: [SYS_TIME]
        """], main: ["/p/c.yml"])
        #expect(r.errors.isEmpty, "\(r.errors)")
        #expect(service(r, "a")?.capAdd.map(\.value) == ["NET_ADMIN"])
        #expect(service(r, "a")?.capAdd.first?.origin.line == 3)  // the line in the anchor
        #expect(service(r, "b")?.capAdd.map(\.value) == ["SYS_TIME"])  // explicit keys win over merged ones
        #expect(service(r, "b")?.securityOpt.count == 1)
    }

    @Test func extendsAcrossFiles() throws {
        let r = load([
            "/p/compose.yaml": """
            services:
              web:
                extends: {file: base.yaml, service: base}
                image: web:2
                cap_add: [CHOWN]
              worker:
                extends: web
                user: root
            """,
            "/p/base.yaml": "services:\n  base:\n    image: base:1\n    privileged: true\n    cap_add: [NET_ADMIN]\n",
        ], main: ["/p/compose.yaml"])
        #expect(r.errors.isEmpty, "\(r.errors)")
        let web = try #require(service(r, "web"))
        #expect(web.image?.value == "web:2" && web.privileged?.value == true)
        #expect(web.privileged?.origin.file == "/p/base.yaml" && web.privileged?.origin.line == 4)
        #expect(Set(web.capAdd.map(\.value)) == ["NET_ADMIN", "CHOWN"])
        let worker = try #require(service(r, "worker"))
        #expect(worker.privileged?.value == true && worker.user?.value == "root")
    }

    @Test func severalFilesMergeWithOverrideRules() throws {
        let r = load([
            "/p/compose.yaml": """
            services:
              api:
                image: api:1
                ports: ["8080:8080"]
                cap_add: [NET_BIND_SERVICE]
                environment: {A: "1", B: "2"}
                volumes: ["./src:/app", "/data:/data"]
              dbg:
                image: dbg:1
                profiles: [debug]
            """,
            "/p/compose.override.yaml": """
            services:
              api:
                image: api:2
                ports: ["127.0.0.1:9229:9229"]
                cap_add: [SYS_PTRACE]
                environment: [B=3, C=4]
                volumes: ["/etc:/data:ro"]
                read_only: !reset null
            """,
        ], main: ["/p/compose.yaml", "/p/compose.override.yaml"])
        #expect(r.errors.isEmpty, "\(r.errors)")
        let api = try #require(service(r, "api"))
        #expect(api.image?.value == "api:2")
        #expect(api.portBindings.count == 2)
        #expect(api.capAdd.map(\.value) == ["NET_BIND_SERVICE", "SYS_PTRACE"])
        let env = Dictionary(api.env.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        #expect(env == ["A": "1", "B": "3", "C": "4"])
        #expect(api.mounts.count == 2 && api.mounts.contains { $0.source == "/etc" && $0.target == "/data" && $0.readOnly })
        #expect(r.configs.count == 2)  // without --profile every service is audited
        let onlyDebug = load(["/p/compose.yaml": "services:\n  a: {image: a:1}\n  d:\n    image: d:1\n    profiles: [debug]\n"], main: ["/p/compose.yaml"], profiles: ["web"])
        #expect(onlyDebug.configs.map(\.name) == ["a"])
    }

    @Test func overrideTagReplacesInsteadOfMerging() throws {
        let r = load([
            "/p/a.yml": "services:\n  s:\n    image: s:1\n    cap_add: [NET_ADMIN]\n",
            "/p/b.yml": "services:\n  s:\n    cap_add: !override [CHOWN]\n",
        ], main: ["/p/a.yml", "/p/b.yml"])
        #expect(service(r, "s")?.capAdd.map(\.value) == ["CHOWN"])
    }

    @Test func includeAndNetworkModes() throws {
        let r = load([
            "/p/compose.yaml": "include:\n  - other/compose.yaml\nservices:\n  app:\n    image: app:1\n    network_mode: \"service:vpn\"\n",
            "/p/other/compose.yaml": "services:\n  vpn:\n    image: vpn:1\n    cap_add: [NET_ADMIN]\n    devices: [\"/dev/net/tun:/dev/net/tun\"]\n",
        ], main: ["/p/compose.yaml"])
        #expect(r.errors.isEmpty, "\(r.errors)")
        #expect(Set(r.configs.map(\.name)) == ["app", "vpn"])
        #expect(service(r, "app")?.networkMode?.value == "service:vpn")
        #expect(service(r, "vpn")?.devices.first?.pathOnHost == "/dev/net/tun")
        #expect(service(r, "vpn")?.file == "/p/other/compose.yaml")
    }

    @Test func serviceNamespacesFollowTheReferencedService() throws {
        let r = load(["/p/c.yml": "services:\n  vpn:\n    image: v:1\n    network_mode: host\n  app:\n    image: a:1\n    network_mode: \"service:vpn\"\n  other:\n    image: o:1\n    network_mode: \"service:app\"\n  loop:\n    image: l:1\n    network_mode: \"service:loop\"\n"], main: ["/p/c.yml"])
        #expect(service(r, "app")?.networkMode?.value == "host" && service(r, "app")?.networkMode?.origin.line == 7)
        #expect(service(r, "other")?.networkMode?.value == "host")
        #expect(service(r, "loop")?.networkMode?.value == "service:loop")
    }

    @Test func resourcesBothSpellings() throws {
        let r = load(["/p/c.yml": """
        services:
          a:
            image: a:1
            mem_limit: 512m
            pids_limit: 100
            cpus: 0.5
          b:
            image: b:1
            deploy:
              resources:
                limits: {memory: 1G, cpus: "2", pids: 50}
        """], main: ["/p/c.yml"])
        #expect(service(r, "a")?.memory?.value == Int64(512 * 1024 * 1024))
        #expect(service(r, "a")?.nanoCpus?.value == Int64(500_000_000))
        #expect(service(r, "b")?.memory?.value == Int64(1 << 30) && service(r, "b")?.pidsLimit?.value == Int64(50))
    }

    @Test func malformedInputGivesFileAndLine() {
        let bad = load(["/p/c.yml": "services:\n  a:\n    image: [unclosed\n"], main: ["/p/c.yml"])
        #expect(bad.errors.first?.path == "/p/c.yml" && bad.errors.first?.line == 4 && bad.errors.first?.column != nil)
        let notCompose = load(["/p/c.yml": "- just\n- a list\n"], main: ["/p/c.yml"])
        #expect(notCompose.errors.first?.message.contains("mapping") == true)
        let dup = load(["/p/c.yml": "services:\n  a:\n    image: a\n    image: b\n"], main: ["/p/c.yml"])
        #expect(dup.errors.first?.message.contains("duplicate") == true || dup.errors.first?.message.contains("invalid YAML") == true)
        let legacy = load(["/p/c.yml": "web:\n  image: nginx\n  privileged: true\n"], main: ["/p/c.yml"])
        #expect(legacy.errors.isEmpty && legacy.configs.first?.privileged?.value == true)
    }
}

@Suite("Compose corpus")
struct ComposeCorpusTests {
    @Test func everyCorpusFileLoadsWithoutCrash() throws {
        guard let dir = TestEnvironment.sharedPath("corpus/compose"),
              let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        #expect(files.count >= 200)
        var services = 0
        for f in files.sorted() {
            let r = ComposeLoader.load(files: [dir.appendingPathComponent(f).path], options: .init(files: LocalFiles()))
            services += r.configs.count
            for e in r.errors {
                // every error names a file and, for YAML and value problems, a line
                #expect(!e.path.isEmpty && !e.message.isEmpty)
                if e.message.hasPrefix("invalid YAML") { #expect(e.line != nil, "\(f): \(e)") }
            }
        }
        #expect(services > 600)
    }
}
