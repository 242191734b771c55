import BulkheadCore
import BulkheadModel
import Rules
import RuntimeReaders
import Testing

@Suite("Host snapshots")
struct HostReaderTests {
    @Test func dockerdFlagsAsDockerdReadsThem() {
        let argv = ["/usr/sbin/dockerd", "-H", "fd://", "-H=tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert=/etc/docker/ca.pem", "--icc=false",
                    "-D", "--log-level", "warn", "--insecure-registry", "a:5000", "--insecure-registry=b:5000", "--containerd=/run/containerd/containerd.sock"]
        let f = HostReader.dockerdFlags(argv) { Origin(file: "cmdline", line: 1, column: $0 + 1, path: "command_line[\($0)]") }
        #expect(f["host"]?.map(\.value) == ["fd://", "tcp://0.0.0.0:2376"])
        #expect(f["tlsverify"]?.last?.value == "true")
        #expect(f["tlscacert"]?.last?.value == "/etc/docker/ca.pem")
        #expect(f["icc"]?.last?.value == "false")
        #expect(f["debug"]?.last?.value == "true")
        #expect(f["log-level"]?.last?.value == "warn")
        #expect(f["insecure-registry"]?.map(\.value) == ["a:5000", "b:5000"])
        #expect(f["host"]?.last?.origin.path == "command_line[3]")
    }

    /// A separate partition is another device than /; a bind mount of a directory of / is not one.
    @Test func dataRootPartitionByDevice() {
        let info = """
            22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
            30 22 0:5 / /dev rw - devtmpfs udev rw
            40 22 8:1 /srv/docker /var/lib/docker rw - ext4 /dev/sda1 rw
            41 22 8:17 / /data rw - xfs /dev/sdb1 rw
            42 22 8:33 / /mnt/with\\040space rw - xfs /dev/sdc1 rw
            """
        #expect(HostReader.separateMount("/var/lib/docker", mountinfo: info) == (false, "/var/lib/docker"))
        #expect(HostReader.separateMount("/data/docker", mountinfo: info) == (true, "/data"))
        #expect(HostReader.separateMount("/mnt/with space/docker", mountinfo: info) == (true, "/mnt/with space"))
        #expect(HostReader.separateMount("/var/lib/other", mountinfo: info) == (false, "/"))
        #expect(HostReader.separateMount("/x", mountinfo: "garbage") == (nil, nil))
    }

    @Test func dockerGroupMembersIncludePrimaryGroupUsers() {
        let group = "root:x:0:\ndocker:x:998:alice, bob\nstaff:x:50:carol\n"
        let passwd = "root:x:0:0::/root:/bin/sh\ndave:x:1001:998::/home/dave:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n"
        #expect(HostReader.groupMembers("docker", group: group, passwd: passwd) == ["alice", "bob", "dave"])
        #expect(HostReader.groupMembers("docker", group: "root:x:0:\n", passwd: nil) == [])
    }

    @Test func brokenInputsSayWhereAndTheRestIsRead() {
        let bad = HostReader.read("{\"info\": [1, 2", path: "snap.json")
        #expect(bad.errors.first?.path == "snap.json" && bad.errors.first?.line == 1)
        let notObject = HostReader.read("[]", path: "snap.json")
        #expect(notObject.errors.first?.message.contains("JSON object") == true)
        // a broken daemon.json is an error at its own path and line; the engine's facts are still read
        let r = HostReader.read(#"{"info": {"ServerVersion": "27.1.1"}, "daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\n  \"icc\": false,\n}"}}"#, path: "snap.json")
        #expect(r.errors.first?.path == "/etc/docker/daemon.json" && r.errors.first?.line == 3, "\(r.errors)")
        #expect(r.host.serverVersion?.value == "27.1.1")
        // a container entry that is not a container is said, and the others are read
        let c = HostReader.read(#"{"containers": [{"Id": "x"}, {"Name": "/ok", "Config": {}, "HostConfig": {}}]}"#, path: "snap.json")
        #expect(c.containers.map(\.name) == ["ok"] && c.errors.count == 1)
    }

    @Test func versionsCompareAsNumbersWithPreReleasesFirst() {
        #expect(DottedVersion.lessThan("1.0.0-rc6", "1.0.0-rc7"))
        #expect(DottedVersion.lessThan("1.0.0-rc95", "1.0.0"))
        #expect(DottedVersion.lessThan("1.1.9", "1.1.12"))
        #expect(!DottedVersion.lessThan("v1.1.12", "1.1.12"))
        #expect(DottedVersion.compare("x", "1") == nil)
    }

    /// Kernels are judged by the upstream version they were built from, never by a distribution's ABI number.
    @Test func kernelsByTheirUpstreamVersion() {
        #expect(KnownEscapes.upstreamKernel(release: "6.1.0-18-amd64", build: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)")?.version == "6.1.76")
        #expect(KnownEscapes.upstreamKernel(release: "5.15.0-91-generic", build: "Ubuntu 5.15.0-91.101-generic 5.15.131")?.version == "5.15.131")
        #expect(KnownEscapes.upstreamKernel(release: "5.15.0-91-generic", build: "#101-Ubuntu SMP") == nil)
        #expect(KnownEscapes.upstreamKernel(release: "4.18.0-513.el8.x86_64", build: "#1 SMP") == nil)
        #expect(KnownEscapes.upstreamKernel(release: "6.6.30", build: nil)?.version == "6.6.30")
        #expect(KnownEscapes.upstreamKernel(release: "6.18.44-fc-v1098", build: "#1 SMP PREEMPT_DYNAMIC @0")?.version == "6.18.44")
        let dirtyPipe = KnownEscapes.kernel.first { $0.id == "CVE-2022-0847" }!
        #expect(dirtyPipe.affects("5.10.101") && !dirtyPipe.affects("5.10.102"))
        #expect(dirtyPipe.affects("5.13.19"), "a series that never got the fix")
        #expect(!dirtyPipe.affects("5.4.250"), "before the flaw was introduced")
        #expect(!dirtyPipe.affects("6.1.76"))
        let leaky = KnownEscapes.runc.first { $0.id == "CVE-2024-21626" }!
        #expect(leaky.affects("1.1.11") && !leaky.affects("1.1.12") && !leaky.affects("1.0.0-rc92"))
        let authz = KnownEscapes.engine[0]
        #expect(authz.affects("26.1.4") && !authz.affects("26.1.5") && !authz.affects("27.5.1") && authz.affects("24.0.9"))
        #expect(KnownEscapes.distributionBuild("1.1.5+ds1") && KnownEscapes.distributionBuild("20.10.24+dfsg1") && !KnownEscapes.distributionBuild("27.1.1"))
    }
}
