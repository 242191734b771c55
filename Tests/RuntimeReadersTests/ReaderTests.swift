import BulkheadCore
import BulkheadModel
import Foundation
import Rules
import SystemIO
import Testing
@testable import RuntimeReaders

@Suite("docker run reader")
struct RunReaderTests {
    func parse(_ words: [String]) -> ContainerConfig { RunReader.parse(words, file: "x.sh", line: 1, files: LocalFiles()).0 }

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
        #expect(RunReader.parse(cmds[3].words, file: "s", line: 12, files: LocalFiles()).0.capAdd.first?.value == "SYS_MODULE")
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
        let c = RunReader.parse(cmds[0].words, file: "README.md", line: cmds[0].line, files: LocalFiles()).0
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
        let ids = Set(c.check().map(\.ruleID))
        #expect(ids.isSuperset(of: ["RT001", "RT003", "RT014", "RT015", "RT016", "ES002"]))
    }

    @Test func badJSONAndNonContainers() {
        let (_, e1) = InspectReader.read("[{\"Name\": \"x\",\n  \"Config\": {]", path: "bad.json")
        #expect(e1.first?.line == 2 && e1.first?.path == "bad.json")
        let (c2, e2) = InspectReader.read("[{\"RepoTags\": [\"x\"]}]", path: "image.json")
        #expect(c2.isEmpty && e2.first?.message.contains("not a container") == true)
    }
}
