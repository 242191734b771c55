import Audit
import BulkheadCore
import BulkheadModel
import Foundation
import Rules
import Testing
@testable import RuntimeReaders

@Suite("docker run reader")
struct RunReaderTests {
    func parse(_ words: [String]) -> ContainerConfig { RunReader.parse(words, file: "x.sh", line: 1).0 }

    @Test func flagsInEverySpelling() {
        let c = parse(["docker", "run", "-dit", "--rm", "-p8080:80", "-p", "127.0.0.1:5432:5432", "--publish=[::]:9000:9000/udp",
                       "-eFOO=bar", "-e", "TOKEN=abc", "--env=PASS", "-u", "0", "--cap-add=SYS_ADMIN,NET_ADMIN", "--cap-drop", "ALL",
                       "--security-opt", "seccomp=unconfined", "--security-opt=apparmor:unconfined", "-v", "/:/host:ro",
                       "--mount", "type=bind,src=/var/run/docker.sock,dst=/sock,readonly", "--network=host", "--pid", "host",
                       "--privileged", "--read-only", "-m", "1g", "--pids-limit=50", "--cpus", "1.5", "--device", "/dev/sda:/dev/xvda:r",
                       "--log-driver", "none", "--sysctl", "net.core.somaxconn=1024", "--tmpfs", "/run:exec", "--name", "web",
                       "nginx:1.27", "nginx", "-g", "daemon off;"])
        #expect(c.name == "web" && c.image?.value == "nginx:1.27")
        #expect(c.portBindings.map(\.hostIP) == ["", "127.0.0.1", "::"] && c.portBindings[2].proto == "udp")
        #expect(c.env.map(\.name) == ["FOO", "TOKEN", "PASS"] && c.env[2].value == nil)
        #expect(c.user?.value == "0")
        #expect(c.capAdd.map(\.value) == ["SYS_ADMIN", "NET_ADMIN"] && c.capDrop.map(\.value) == ["ALL"])
        #expect(c.securityOpt.count == 2)
        #expect(c.mounts.count == 2 && c.mounts[0].readOnly && c.mounts[1].source == "/var/run/docker.sock" && c.mounts[1].readOnly)
        #expect(c.networkMode?.value == "host" && c.pidMode?.value == "host")
        #expect(c.privileged?.value == true && c.readonlyRootfs?.value == true)
        #expect(c.memory?.value == Int64(1 << 30) && c.pidsLimit?.value == Int64(50) && c.nanoCpus?.value == Int64(1_500_000_000))
        #expect(c.devices.first?.pathOnHost == "/dev/sda" && c.devices.first?.permissions == "r")
        #expect(c.logDriver?.value == "none" && c.sysctls.first?.value.0 == "net.core.somaxconn" && c.tmpfs.first?.value.1 == "exec")
        // arguments after the image are the command, not flags
        #expect(!c.securityOpt.contains { $0.value.contains("daemon") })
    }

    @Test func findsCommandsInScripts() {
        let script = """
        #!/bin/sh
        set -e
        if [ -n "$X" ]; then
          sudo docker run \\
            --privileged \\
            -v /var/run/docker.sock:/var/run/docker.sock \\
            agent:1
        fi
        ID=$(docker create -p 6379:6379 redis:7)
        podman run --rm alpine:3.20 echo hi
        docker ps
        docker -H tcp://host:2376 container run --cap-add SYS_MODULE x:1
        """
        let cmds = RunReader.commands(inShell: script)
        #expect(cmds.map(\.line) == [4, 9, 10, 12])
        #expect(cmds[0].words.contains("--privileged"))
        #expect(RunReader.parse(cmds[3].words, file: "s", line: 12).0.capAdd.first?.value == "SYS_MODULE")
    }

    @Test func findsCommandsInMarkdown() {
        let md = """
        # Usage

        ```console
        $ docker run -d \\
            -p 5432:5432 \\
            -e POSTGRES_PASSWORD=example postgres:16
        ```

        ```python
        os.system("docker run --privileged x")
        ```

        ```
        docker run --pid=host tool:1
        ```
        """
        let cmds = RunReader.commands(inMarkdown: md)
        #expect(cmds.map(\.line) == [4, 14])
        let c = RunReader.parse(cmds[0].words, file: "README.md", line: cmds[0].line).0
        #expect(c.env.first?.value == "example" && c.portBindings.first?.hostPort == "5432")
    }
}

@Suite("docker inspect reader")
struct InspectReaderTests {
    @Test func olderEngineFormat() throws {
        // API 1.2x shape: no top-level Mounts, Binds only, null arrays, PidsLimit 0, no CgroupnsMode
        let json = """
        [{"Id": "abc123def4567890", "Name": "/legacy",
          "Config": {"User": "", "Image": "redis", "Env": ["PATH=/usr/bin", "REDIS_PASSWORD=s3cret-value"]},
          "HostConfig": {"Binds": ["/var/run/docker.sock:/var/run/docker.sock", "/srv/data:/data:ro"], "Privileged": false,
                         "CapAdd": null, "CapDrop": null, "SecurityOpt": null, "PidsLimit": 0, "Memory": 0,
                         "PortBindings": {"6379/tcp": [{"HostIp": "", "HostPort": "6379"}]}, "NetworkMode": "default",
                         "LogConfig": {"Type": "json-file", "Config": {}}}}]
        """
        let (configs, errors) = InspectReader.read(json, path: "legacy.json")
        #expect(errors.isEmpty)
        let c = try #require(configs.first)
        #expect(c.name == "legacy" && c.user?.value == "")
        #expect(c.mounts.count == 2 && c.mounts[0].source == "/var/run/docker.sock" && c.mounts[1].readOnly)
        #expect(c.pidsLimit == nil && c.memory == nil && c.capAdd.isEmpty)
        let ids = Set(RuleCatalog.check(c).map(\.ruleID))
        #expect(ids.isSuperset(of: ["RT001", "RT003", "RT014", "RT015", "RT016", "ES002"]))
    }

    @Test func badJSONAndNonContainers() {
        let (_, e1) = InspectReader.read("[{\"Name\": \"x\",\n  \"Config\": {]", path: "bad.json")
        #expect(e1.first?.line == 2 && e1.first?.path == "bad.json")
        let (c2, e2) = InspectReader.read("[{\"RepoTags\": [\"x\"]}]", path: "image.json")
        #expect(c2.isEmpty && e2.first?.message.contains("not a container") == true)
    }
}

/// Hand-labelled runtime configurations judged by control (must report / must not report at medium+).
struct RuntimeCase: Sendable, CustomTestStringConvertible {
    var name: String
    var compose: String
    var must: Set<Control>
    var mustNot: Set<Control>
    var testDescription: String { name }
}

let runtimeCases: [RuntimeCase] = [
    RuntimeCase(name: "hardened service", compose: """
        services:
          api:
            image: registry.example.com/api:1.4.2@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5
            user: "10001:10001"
            read_only: true
            cap_drop: [ALL]
            security_opt: ["no-new-privileges:true"]
            ports: ["127.0.0.1:8080:8080"]
            environment:
              DB_PASSWORD_FILE: /run/secrets/db
            secrets: [db]
            deploy: {resources: {limits: {memory: 256M, cpus: "0.5", pids: 100}}}
            tmpfs: [/tmp]
        secrets:
          db: {file: ./db.txt}
        """, must: [], mustNot: Set(Control.allCases)),
    RuntimeCase(name: "monitoring agent", compose: """
        services:
          agent:
            image: monitor/agent:latest
            privileged: true
            pid: host
            network_mode: host
            volumes:
              - /:/rootfs:ro
              - /var/run:/var/run
              - /sys:/sys:ro
        """, must: [.runtimePrivileged, .runtimeDockerSocket, .runtimeNamespaces, .runtimeHostMounts, .imagePinning],
        mustNot: [.secretsRuntime, .networkExposure]),
    RuntimeCase(name: "database exposed with literal password", compose: """
        services:
          db:
            image: postgres:16.4
            environment:
              POSTGRES_PASSWORD: changeme123
            ports:
              - "5432:5432"
        """, must: [.secretsRuntime, .networkExposure], mustNot: [.runtimePrivileged, .runtimeDockerSocket, .imagePinning, .runtimeHostMounts]),
    RuntimeCase(name: "vpn with tun device", compose: """
        services:
          vpn:
            image: vpn/client:2.1
            cap_add: [NET_ADMIN]
            devices: ["/dev/net/tun:/dev/net/tun"]
            sysctls: {net.ipv4.conf.all.src_valid_mark: 1}
        """, must: [.runtimeCapabilities], mustNot: [.runtimePrivileged, .runtimeDevices, .runtimeDockerSocket]),
    RuntimeCase(name: "debug container", compose: """
        services:
          debug:
            image: debug:1.0
            cap_add: [SYS_PTRACE]
            security_opt: [seccomp=unconfined, apparmor=unconfined]
            pid: host
        """, must: [.runtimeCapabilities, .runtimeSeccomp, .runtimeMAC, .runtimeNamespaces], mustNot: [.runtimeDockerSocket, .secretsRuntime]),
    RuntimeCase(name: "web with interpolated secrets", compose: """
        services:
          web:
            image: web:${TAG:-1.2.3}
            environment:
              - SECRET_KEY=${SECRET_KEY}
              - DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app
              - LOG_LEVEL=info
            ports: ["80:8080", "443:8443"]
        """, must: [.networkExposure], mustNot: [.secretsRuntime, .imagePinning, .runtimePrivileged]),
]

@Suite("Labelled runtime cases (by control)")
struct RuntimeLabelledTests {
    @Test(arguments: runtimeCases)
    func controlsMatchLabels(_ c: RuntimeCase) {
        let report = Auditor(options: AuditOptions()).auditCompose(files: ["/case/compose.yaml"], inMemory: ["/case/compose.yaml": c.compose])
        #expect(report.errors.isEmpty, "\(report.errors)")
        var all = Set<Control>(), serious = Set<Control>()
        for f in report.findings {
            let ctl = RuleCatalog.description(for: f.ruleID)!.controls
            all.formUnion(ctl)
            if f.severity >= .medium { serious.formUnion(ctl) }
        }
        #expect(c.must.subtracting(all).isEmpty, "missed \(c.must.subtracting(all).map(\.rawValue).sorted())")
        let fa = c.mustNot.intersection(serious)
        #expect(fa.isEmpty, "false alarm \(fa.map(\.rawValue).sorted()): \(report.findings.filter { $0.severity >= .medium }.map { "\($0.ruleID) \($0.message)" })")
    }

    @Test func suppressionCommentsInYAML() {
        let text = "services:\n  a:\n    image: a:1\n    # bulkhead ignore=RT002 -- needed for the device plugin\n    privileged: true\n    pid: host # bulkhead ignore=RT010\n"
        let r = Auditor(options: AuditOptions()).auditCompose(files: ["/s/c.yml"], inMemory: ["/s/c.yml": text])
        #expect(!r.findings.contains { $0.ruleID == "RT002" || $0.ruleID == "RT010" })
        #expect(r.findings.contains { $0.ruleID == "ES001" })
        #expect(r.suppressed == 2)
    }

    @Test func daemonDefaultsCount() {
        var o = AuditOptions()
        o.daemon.noNewPrivileges = true
        let text = "services:\n  a:\n    image: a:1\n"
        let with = Auditor(options: o).auditCompose(files: ["/d/c.yml"], inMemory: ["/d/c.yml": text])
        let without = Auditor(options: AuditOptions()).auditCompose(files: ["/d/c.yml"], inMemory: ["/d/c.yml": text])
        #expect(!with.findings.contains { $0.ruleID == "RT009" } && without.findings.contains { $0.ruleID == "RT009" })
    }
}
