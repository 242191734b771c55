import BulkheadCore
import BulkheadModel
import ComposeLoader
import SystemIO
import Testing
@testable import RuntimeReaders

/// One model, whatever the source: the same settings written in a Compose file and on a `docker run`
/// line give the same ContainerConfig, for every setting the two share (origins aside).
@Suite("Compose and docker run agree")
struct ParityTests {
    static let files: [String: String] = [
        "/p/app.env": "# comment\nexport A=1\nB='two words'\nC=\"x\" # note\nD\n",
        "/p/profile.json": "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
    ]

    /// Every field of the model a rule can read, as text.
    static func describe(_ c: ContainerConfig) -> [String] {
        func s<T>(_ v: Sourced<T>?) -> String { v.map { "\($0.value)" } ?? "-" }
        var out = ["user=\(s(c.user))", "image=\(s(c.image))", "privileged=\(s(c.privileged))", "readonly=\(s(c.readonlyRootfs))",
                   "capAdd=\(c.capAdd.map(\.value))", "capDrop=\(c.capDrop.map(\.value))", "securityOpt=\(c.securityOpt.map(\.value))",
                   "network=\(s(c.networkMode))", "pid=\(s(c.pidMode))", "ipc=\(s(c.ipcMode))", "uts=\(s(c.utsMode))",
                   "userns=\(s(c.usernsMode))", "cgroupns=\(s(c.cgroupnsMode))", "memory=\(s(c.memory))", "pids=\(s(c.pidsLimit))",
                   "nanoCpus=\(s(c.nanoCpus))", "cpuShares=\(s(c.cpuShares))", "ulimits=\(c.ulimits.map(\.value))",
                   "sysctls=\(c.sysctls.map { "\($0.value.0)=\($0.value.1)" })", "log=\(s(c.logDriver))", "restart=\(s(c.restartPolicy))",
                   "tmpfs=\(c.tmpfs.map { "\($0.value.0):\($0.value.1)" })", "runtime=\(s(c.runtime))", "init=\(s(c.initProcess))",
                   "cgroupRules=\(c.deviceCgroupRules.map(\.value))", "exposed=\(c.exposedPorts)", "health=\(s(c.healthcheckTest))",
                   "apiSocket=\(s(c.useAPISocket))", "seccompProfiles=\(c.seccompProfiles.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"]
        out += c.env.map { "env \($0.name)=\($0.value ?? "<pass-through>")" }
        out += c.mounts.map { "mount \($0.type) \($0.source ?? "-") \($0.target) ro=\($0.readOnly) prop=\($0.propagation ?? "-")" }
        out += c.portBindings.map { "port \($0.hostIP)|\($0.hostPort)|\($0.containerPort)/\($0.proto)" }
        out += c.devices.map { "device \($0.pathOnHost) \($0.pathInContainer) \($0.permissions)" }
        return out
    }

    static func compose(_ service: String) -> ContainerConfig? {
        let yaml = "services:\n  s:\n" + service.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
        let r = ComposeLoader.load(files: ["/p/compose.yaml"], options: .init(files: OverlayFiles(files.merging(["/p/compose.yaml": yaml]) { a, _ in a }, over: LocalFiles())))
        #expect(r.errors.isEmpty, "\(r.errors)")
        return r.configs.first
    }

    static func run(_ args: [String]) -> ContainerConfig {
        let (c, errors, _) = RunReader.parse(["docker", "run"] + args, file: "/p/run.sh", line: 1, relativeTo: "/p/run.sh", files: OverlayFiles(files, over: LocalFiles()))
        #expect(errors.isEmpty, "\(errors)")
        return c
    }

    /// (Compose service body, the same as docker run flags before the image)
    static let pairs: [(String, [String])] = [
        ("user: \"1000:1000\"", ["-u", "1000:1000"]),
        ("privileged: true", ["--privileged"]),
        ("privileged: false", ["--privileged=false"]),
        ("read_only: true", ["--read-only"]),
        ("cap_add: [SYS_ADMIN, NET_ADMIN]\ncap_drop: [ALL]", ["--cap-add", "SYS_ADMIN,NET_ADMIN", "--cap-drop=ALL"]),
        ("security_opt: [\"no-new-privileges:true\", apparmor=unconfined]", ["--security-opt", "no-new-privileges:true", "--security-opt=apparmor=unconfined"]),
        ("security_opt: [seccomp=profile.json]", ["--security-opt", "seccomp=profile.json"]),
        ("network_mode: host\npid: host\nipc: host\nuts: host", ["--network", "host", "--pid=host", "--ipc", "host", "--uts=host"]),
        ("userns_mode: host\ncgroup: host", ["--userns", "host", "--cgroupns", "host"]),
        ("mem_limit: 512m", ["--memory", "512m"]),
        ("mem_limit: 512mb", ["--memory", "512mb"]),
        ("mem_limit: 512MiB", ["-m", "512MiB"]),
        ("mem_limit: 1.5g", ["--memory=1.5g"]),
        ("mem_limit: \"1073741824\"", ["-m", "1073741824"]),
        ("mem_limit: 0", ["--memory", "0"]),
        ("pids_limit: 100", ["--pids-limit", "100"]),
        ("pids_limit: -1", ["--pids-limit", "-1"]),
        ("cpus: \"1.5\"", ["--cpus", "1.5"]),
        ("cpu_shares: 512", ["--cpu-shares", "512"]),
        ("cpu_quota: 50000", ["--cpu-quota", "50000"]),
        ("ulimits:\n  nproc: 65535", ["--ulimit", "nproc=65535"]),
        ("sysctls: [net.core.somaxconn=1024]", ["--sysctl", "net.core.somaxconn=1024"]),
        ("logging: {driver: none}", ["--log-driver", "none"]),
        ("restart: always", ["--restart", "always"]),
        ("tmpfs: [\"/run:exec,size=64m\", /tmp]", ["--tmpfs", "/run:exec,size=64m", "--tmpfs", "/tmp"]),
        ("runtime: runsc\ninit: true", ["--runtime", "runsc", "--init"]),
        ("device_cgroup_rules: [\"c 1:3 mr\"]", ["--device-cgroup-rule", "c 1:3 mr"]),
        ("devices: [\"/dev/sda:/dev/xvda:r\", /dev/fuse]", ["--device", "/dev/sda:/dev/xvda:r", "--device=/dev/fuse"]),
        ("expose: [\"8080\"]", ["--expose", "8080"]),
        ("healthcheck: {disable: true}", ["--no-healthcheck"]),
        ("healthcheck: {test: curl -f http://localhost/}", ["--health-cmd", "curl -f http://localhost/"]),
        ("environment: [A=1, B=two words, C]", ["-e", "A=1", "--env=B=two words", "-e", "C"]),
        ("env_file: app.env", ["--env-file", "app.env"]),
        ("volumes:\n  - /var/run/docker.sock:/var/run/docker.sock:ro\n  - ./data:/data:rw,rshared\n  - cache:/cache\n  - /anon\n  - data:ro",
         ["-v", "/var/run/docker.sock:/var/run/docker.sock:ro", "-v", "./data:/data:rw,rshared", "-v", "cache:/cache", "-v", "/anon", "--volume=data:ro"]),
        ("volumes: [\"C:\\\\data:/data:readonly\"]", ["-v", "C:\\data:/data:readonly"]),
        ("ports: [\"8080:80\", \"127.0.0.1:5432:5432/TCP\", \"[::1]:9000-9001:9000-9001/udp\", \"53/UDP\"]",
         ["-p", "8080:80", "-p", "127.0.0.1:5432:5432/TCP", "--publish=[::1]:9000-9001:9000-9001/udp", "-p", "53/UDP"]),
        ("use_api_socket: true", ["--use-api-socket"]),
    ]

    @Test(arguments: pairs.indices)
    func sameConfiguration(_ i: Int) throws {
        let (yaml, flags) = Self.pairs[i]
        let fromCompose = try #require(Self.compose(yaml + "\nimage: app:1.0"))
        let fromRun = Self.run(flags + ["app:1.0"])
        #expect(Self.describe(fromCompose) == Self.describe(fromRun), "\(yaml)  vs  \(flags.joined(separator: " "))")
    }

    /// The pairs are not all alike: each one changes the model (so a reader that ignored a setting fails).
    @Test func everyPairSetsSomething() throws {
        let blank = Self.describe(try #require(Self.compose("image: app:1.0")))
        for (yaml, _) in Self.pairs where yaml != "mem_limit: 0" && yaml != "pids_limit: -1" {
            #expect(Self.describe(try #require(Self.compose(yaml + "\nimage: app:1.0"))) != blank, "\(yaml) reads as nothing")
        }
    }
}
