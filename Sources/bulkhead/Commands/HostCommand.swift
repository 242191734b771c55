import ArgumentParser
import Audit
import BulkheadCore
import BulkheadModel
import Foundation
import Reporters
import Rules
import RuntimeReaders
import SystemIO

struct HostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Audit a Docker host: the daemon, its files and sockets, the shared kernel and runtimes, and every container on it.",
        discussion: """
          The engine is found as docker finds it: DOCKER_HOST, else the current
          context, else /var/run/docker.sock, else the rootless
          $XDG_RUNTIME_DIR/docker.sock. bulkhead reads /info, /version and every
          container (running or only created), the command line of the dockerd
          behind the socket, daemon.json, owners and modes of Docker's files
          (compared bit by bit), audit rules, the data root's filesystem, the
          docker group and the kernel. What cannot be read is a warning; the
          rest is audited. Containers are audited by the runtime rules with the
          daemon's defaults applied. The report ends with a status for every
          CIS Docker Benchmark recommendation (pass, fail, warn, info, manual,
          n/a) and its evidence. With an advisory database (bulkhead db; --db),
          the host's own runc, containerd, engine and kernel packages are
          matched by the distribution's fixed versions.

          sudo bulkhead host
          bulkhead host --cis 1.8 --format json -o host.json
          bulkhead host --save-snapshot host-snapshot.json
          bulkhead host --snapshot host-snapshot.json
          bulkhead host --host-root /host   # in a container, the host's / mounted at /host
        """)
    @Option(help: ArgumentHelp("CIS Docker Benchmark numbering of the statuses (1.6 and 1.7 number alike; 1.8 inserts 2.7).", valueName: "VERSION"))
    var cis: String = "1.7"
    @Option(help: ArgumentHelp("Audit a snapshot saved by --save-snapshot instead of this host.", valueName: "FILE"))
    var snapshot: String?
    @Option(name: .customLong("save-snapshot"), help: ArgumentHelp("Also write what was read of the host to FILE (JSON), to audit again later with --snapshot.", valueName: "FILE"))
    var saveSnapshot: String?
    @Option(name: .customLong("host-root"), help: ArgumentHelp("Where the host's / is mounted (when bulkhead runs in a container); host files are read under it.", valueName: "DIR"))
    var hostRoot: String = "/"
    @ArgumentParser.Flag(help: "Also audit every image a container uses, with the image rules (streamed from the engine; slower).")
    var images = false
    @OptionGroup var vulnerabilities: VulnerabilityOptions
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; return c }

    func validate() throws {
        guard CISVersion(rawValue: cis) != nil else { throw ValidationError("--cis is one of \(CISVersion.allCases.map(\.rawValue).joined(separator: ", "))") }
        if snapshot != nil && saveSnapshot != nil { throw ValidationError("--snapshot reads a saved snapshot; --save-snapshot writes the live host's: use one") }
        if hostRoot != "/" && !FileManager.default.fileExists(atPath: hostRoot) { throw ValidationError("--host-root \(hostRoot) does not exist") }
    }

    func run() async throws {
        let io = IO.system()
        let text: String
        var path: String
        if let s = snapshot {
            switch io.files.readText(s, limit: 64 << 20) {
            case .success(let t): text = t; path = s
            case .failure(let f):
                FileHandle.standardError.write(Data("bulkhead: \(s): \(f.message(readingAs: "a host snapshot"))\n".utf8)); throw ExitCode(2)
            }
        } else {
            guard let engine = io.engine as? EngineClient else {
                FileHandle.standardError.write(Data("bulkhead: no engine to reach\n".utf8)); throw ExitCode(2)
            }
            text = HostProbe(engine: engine, root: hostRoot).snapshot()
            path = engine.address
            if let out = saveSnapshot {
                do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                    FileHandle.standardError.write(Data("bulkhead: cannot write the snapshot to \(out): \(error.localizedDescription)\n".utf8)); throw ExitCode(2)
                }
            }
        }
        var read = HostReader.read(text, path: path)
        // a saved snapshot is reported under the engine it was read from, so its fingerprints match the live audit's
        if snapshot != nil, !read.host.endpoint.isEmpty, read.host.endpoint != path {
            path = read.host.endpoint
            read = HostReader.read(text, path: path)
        }
        let version = CISVersion(rawValue: cis) ?? .v1_7
        let inUse = images ? Array(Set(read.containers.compactMap { $0.imageID ?? $0.image?.value })).sorted() : []
        if images && snapshot != nil && !inUse.isEmpty {
            FileHandle.standardError.write(Data("bulkhead: warning: --images reads images from the engine; a snapshot's are audited only if this engine has them\n".utf8))
        }
        try withProfile.runAudit(vulnerabilities: vulnerabilities, daemon: HostAudit.daemonDefaults(read.host)) { auditor in
            var report = auditor.auditHost(read, path: path, version: version, live: snapshot == nil)
            if !inUse.isEmpty {
                // the images in use, each once, with the image auditor
                let parts = inUse.concurrentMap { ref in auditor.audit(auditor.readers.image("docker:" + ref)) }
                let benchmark = report.benchmark, v = report.benchmarkVersion
                report = Report.combining([report] + parts)
                report.benchmark = benchmark; report.benchmarkVersion = v
            }
            return report
        }
    }

}
