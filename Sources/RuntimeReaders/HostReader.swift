import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// A host snapshot (JSON: what `bulkhead host` read from the engine, /proc and the files, or the same saved
/// with `--save-snapshot`) → the host model and its containers. One reader for the live host and for saved
/// snapshots, so what is audited live can be audited again, offline, exactly.
///
/// The snapshot is one object: `endpoint`, `info` and `version` (the engine's `/info` and `/version` as
/// returned), `daemon_json` (`path`, `text`), `command_line` (dockerd's argv), `files` (`role`, `path`,
/// `exists`, `type`, `uid`, `gid`, `mode` as an octal string, `owner`, `group`), `audit` (`source`,
/// `rules`), `mountinfo` (text of /proc/self/mountinfo), `group` and `passwd` (texts), `kernel`
/// (`release`, `build`), `lsm` (`apparmor`, `selinux`), `containers` (`docker inspect` objects), `changes`
/// (container id → `/containers/{id}/changes`), `notes`.
public enum HostReader {
    public struct Result: Sendable {
        public var host: HostModel
        public var containers: [ContainerConfig]
        public var errors: [InputError]
    }

    public static func read(_ text: String, path: String) -> Result {
        let root: JNode
        do { root = try JNode.parse(text) } catch {
            return Result(host: HostModel(path: path, endpoint: ""), containers: [],
                          errors: [InputError(path: path, line: error.line, column: error.column, message: "invalid JSON: \(error.message)")])
        }
        guard root.object != nil else {
            return Result(host: HostModel(path: path, endpoint: ""), containers: [],
                          errors: [InputError(path: path, line: root.line, column: root.column, message: "a host snapshot is a JSON object (what `bulkhead host --save-snapshot` writes)")])
        }
        var errors: [InputError] = []
        var h = HostModel(path: path, endpoint: root["endpoint"]?.string ?? "")
        func o(_ n: JNode, _ p: String) -> Origin { Origin(file: path, line: n.line, column: n.column, path: p) }
        func str(_ n: JNode?, _ p: String) -> Sourced<String>? { n.flatMap { v in v.string.flatMap { $0.isEmpty ? nil : Sourced($0, o(v, p)) } } }

        if let info = root["info"], info.object != nil {
            h.engineReached = true
            h.serverVersion = str(info["ServerVersion"], "info.ServerVersion")
            h.kernelVersion = str(info["KernelVersion"], "info.KernelVersion")
            h.operatingSystem = info["OperatingSystem"]?.string
            if let so = info["SecurityOptions"] {
                h.securityOptionsOrigin = o(so, "info.SecurityOptions")
                h.securityOptions = (so.array ?? []).enumerated().compactMap { i, v in v.string.map { Sourced($0, o(v, "info.SecurityOptions[\(i)]")) } }
            }
            h.cgroupVersion = str(info["CgroupVersion"], "info.CgroupVersion")
            if let l = info["LiveRestoreEnabled"], let b = l.bool { h.liveRestore = Sourced(b, o(l, "info.LiveRestoreEnabled")) }
            h.loggingDriver = str(info["LoggingDriver"], "info.LoggingDriver")
            if let a = info["Plugins"]?["Authorization"] {
                h.authorizationOrigin = o(a, "info.Plugins.Authorization")
                h.authorizationPlugins = (a.array ?? []).enumerated().compactMap { i, v in v.string.map { Sourced($0, o(v, "info.Plugins.Authorization[\(i)]")) } }
            }
            if let reg = info["RegistryConfig"] {
                for (i, c) in (reg["InsecureRegistryCIDRs"]?.array ?? []).enumerated() {
                    // 127.0.0.0/8 (and ::1/128) are insecure by default and reach only this host
                    guard let s = c.string, s != "127.0.0.0/8", s != "::1/128" else { continue }
                    h.insecureRegistries.append(Sourced(s, o(c, "info.RegistryConfig.InsecureRegistryCIDRs[\(i)]")))
                }
                for (name, cfg) in reg["IndexConfigs"]?.object ?? [] where cfg["Secure"]?.bool == false {
                    h.insecureRegistries.append(Sourced(name, o(cfg, "info.RegistryConfig.IndexConfigs.\(name)")))
                }
            }
            if let e = info["ExperimentalBuild"], let b = e.bool { h.experimental = Sourced(b, o(e, "info.ExperimentalBuild")) }
            h.storageDriver = str(info["Driver"], "info.Driver")
            h.swarmState = info["Swarm"]?["LocalNodeState"]?.string
            h.dockerRootDir = str(info["DockerRootDir"], "info.DockerRootDir")
            h.containerCount = info["Containers"]?.int.map(Int.init)
            h.imageCount = info["Images"]?.int.map(Int.init)
            if let r = info["RuncCommit"]?["ID"], let s = r.string, !s.isEmpty { h.runcVersion = Sourced(s, o(r, "info.RuncCommit.ID")) }
            if let c = info["ContainerdCommit"]?["ID"], let s = c.string, !s.isEmpty { h.containerdVersion = Sourced(s, o(c, "info.ContainerdCommit.ID")) }
        }
        if let v = root["version"], v.object != nil {
            h.apiVersion = v["ApiVersion"]?.string
            if h.serverVersion == nil { h.serverVersion = str(v["Version"], "version.Version") }
            if let e = v["Experimental"], let b = e.bool, h.experimental == nil { h.experimental = Sourced(b, o(e, "version.Experimental")) }
            // components carry real version numbers (info has only commits)
            for (i, c) in (v["Components"]?.array ?? []).enumerated() {
                guard let name = c["Name"]?.string, let ver = c["Version"], let s = ver.string, !s.isEmpty else { continue }
                let src = Sourced(s, o(ver, "version.Components[\(i)].Version"))
                switch name.lowercased() {
                case "runc": h.runcVersion = src
                case "containerd": h.containerdVersion = src
                case "engine": if h.serverVersion == nil { h.serverVersion = src }
                default: break
                }
            }
        }

        // daemon.json: its own file, so its findings point at its own lines
        if let dj = root["daemon_json"], let p = dj["path"]?.string {
            h.daemonJSONPath = p
            if let t = dj["text"]?.string {
                do {
                    let j = try JNode.parse(t)
                    if let obj = j.object {
                        for (k, v) in obj { h.daemonJSON[k] = Sourced(setting(v), Origin(file: p, line: v.line, column: v.column, path: k)) }
                    } else {
                        errors.append(InputError(path: p, line: j.line, column: j.column, message: "daemon.json must be a JSON object"))
                    }
                } catch {
                    errors.append(InputError(path: p, line: error.line, column: error.column, message: "invalid JSON in the daemon configuration: \(error.message)"))
                }
            }
        }
        if let argv = root["command_line"]?.array {
            let words = argv.compactMap(\.string)
            h.commandLine = words
            h.flags = dockerdFlags(words, origin: { i in o(argv[i], "command_line[\(i)]") })
        }
        h.bridgeNone = h.declared("bridge")?.value.string == "none"
        for f in root["files"]?.array ?? [] {
            guard let p = f["path"]?.string else { continue }
            let mode = f["mode"]?.string.flatMap { Int($0, radix: 8) } ?? f["mode"]?.int.map(Int.init) ?? 0
            h.files.append(HostFile(role: f["role"]?.string ?? p, path: p, exists: f["exists"]?.bool ?? true, type: f["type"]?.string ?? "file",
                                    uid: f["uid"]?.int.map(Int.init) ?? 0, gid: f["gid"]?.int.map(Int.init) ?? 0, mode: mode & 0o7777,
                                    owner: f["owner"]?.string, group: f["group"]?.string, origin: o(f, p)))
        }
        for t in root["audit_targets"]?.array ?? [] {
            if let c = t["cis"]?.string, let p = t["path"]?.string { h.auditTargets.append(AuditTarget(cis: c, path: p, exists: t["exists"]?.bool ?? true)) }
        }
        if let a = root["audit"] {
            h.auditRules = a["rules"]?.array?.compactMap(\.string)
            h.auditSource = a["source"]?.string
        }
        if let m = root["mountinfo"]?.string, let dr = h.dockerRootDir?.value {
            (h.dataRootSeparate, h.dataRootMount) = separateMount(dr, mountinfo: m)
        }
        if let g = root["group"]?.string { h.dockerGroup = groupMembers("docker", group: g, passwd: root["passwd"]?.string) }
        h.kernelRelease = root["kernel"]?["release"]?.string
        h.kernelBuild = root["kernel"]?["build"]?.string
        // Ubuntu says its kernel's upstream version in /proc/version_signature ("Ubuntu 5.15.0-91.101-generic 5.15.131")
        if let sig = root["kernel_signature"]?.string, sig.hasPrefix("Ubuntu ") { h.kernelBuild = sig }
        h.appArmorEnabled = root["lsm"]?["apparmor"]?.bool
        h.seLinuxEnabled = root["lsm"]?["selinux"]?.bool
        h.notes = root["notes"]?.array?.compactMap(\.string) ?? []
        h.osReleaseText = root["os_release"]?.string
        h.dpkgStatusText = root["dpkg_status"]?.string

        var containers: [ContainerConfig] = []
        if let items = root["containers"]?.array {
            let changes = root["changes"]
            for (i, item) in items.enumerated() {
                guard item.object != nil, item["HostConfig"] != nil || item["Config"] != nil else {
                    errors.append(InputError(path: path, line: item.line, column: item.column, message: "containers[\(i)] is not a container (no Config or HostConfig)"))
                    continue
                }
                var c = InspectReader.container(item, path: path, index: i, multiple: true, prefix: "containers[\(i)].")
                c.kind = .inspect
                if let id = item["Id"]?.string, let ch = changes?[id]?.array {
                    c.changes = ch.enumerated().compactMap { k, n in
                        n["Path"]?.string.map { ContainerChange(path: $0, kind: Int(n["Kind"]?.int ?? 0), origin: o(n, "changes.\(id.prefix(12))[\(k)]")) }
                    }
                }
                containers.append(c)
            }
        }
        return Result(host: h, containers: containers, errors: errors)
    }

    static func setting(_ v: JNode) -> SettingValue {
        if let b = v.bool { return .bool(b) }
        if let s = v.string { return .string(s) }
        if case .number(let d, _, _) = v { return .number(d) }
        if let a = v.array { return .list(a.map { $0.string ?? ($0.bool.map { "\($0)" } ?? "") }) }
        if let o = v.object { return .object(Dictionary(o.map { ($0.0, $0.1.string ?? "") }, uniquingKeysWith: { $1 })) }
        return .string("")
    }

    /// dockerd's flags by long name (see `DockerdFlags`).
    public static func dockerdFlags(_ argv: [String], origin: (Int) -> Origin) -> [String: [Sourced<String>]] { DockerdFlags.parse(argv, origin: origin) }

    /// Whether `path` lies on a filesystem of its own: the mount that holds it (longest mount point prefix)
    /// has a different device than the mount of `/`. A bind mount of a directory of the root filesystem
    /// keeps the root's device, so it does not count.
    public static func separateMount(_ path: String, mountinfo: String) -> (Bool?, String?) {
        var best: (point: String, device: String)? = nil
        var rootDevice: String? = nil
        for line in mountinfo.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count >= 5 else { continue }
            let device = String(f[2]), point = unescape(String(f[4]))
            if point == "/" { rootDevice = device }
            let under = point == "/" || path == point || path.hasPrefix(point + "/")
            if under, best == nil || point.count >= best!.point.count { best = (point, device) }
        }
        guard let b = best, let r = rootDevice else { return (nil, nil) }
        return (b.device != r, b.point)
    }

    /// mountinfo escapes space, tab, newline and backslash as three octal digits.
    static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == 92, i + 3 < b.count, let v = UInt8(String(decoding: b[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) { out.append(v); i += 4 } else { out.append(b[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Members of a group: listed in /etc/group, and users whose primary group it is (/etc/passwd).
    public static func groupMembers(_ name: String, group: String, passwd: String?) -> [String] {
        var members: [String] = []
        var gid: String? = nil
        for e in Accounts.entries(group) where e.name == name && e.fields.count >= 4 {
            gid = String(e.fields[2])
            members += e.fields[3].split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        }
        if let gid, let passwd {
            for e in Accounts.entries(passwd) where e.fields.count >= 4 && String(e.fields[3]) == gid { members.append(e.name) }
        }
        var seen = Set<String>()
        return members.filter { seen.insert($0).inserted }
    }
}
