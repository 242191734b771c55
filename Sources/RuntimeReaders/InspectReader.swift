import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// `docker inspect` output (an array of containers, or one object) → ContainerConfig, for current and
/// older engines (missing or null fields are treated as unset).
public enum InspectReader {
    public static func read(_ text: String, path: String) -> (configs: [ContainerConfig], errors: [InputError]) {
        let root: JNode
        do { root = try JNode.parse(text) } catch {
            return ([], [InputError(path: path, line: error.line, column: error.column, message: "invalid JSON: \(error.message)")])
        }
        let items = root.array ?? [root]
        var configs: [ContainerConfig] = []
        var errors: [InputError] = []
        for (i, item) in items.enumerated() {
            guard item.object != nil, item["HostConfig"] != nil || item["Config"] != nil else {
                errors.append(InputError(path: path, line: item.line, column: item.column, message: "entry \(i) is not a container (no Config or HostConfig); is this `docker inspect` of a container?"))
                continue
            }
            configs.append(container(item, path: path, index: i, multiple: items.count > 1))
        }
        return (configs, errors)
    }

    static func container(_ j: JNode, path: String, index: Int, multiple: Bool, prefix given: String? = nil) -> ContainerConfig {
        let prefix = given ?? (multiple ? "[\(index)]." : "")
        func o(_ n: JNode, _ p: String) -> Origin { Origin(file: path, line: n.line, column: n.column, path: prefix + p) }
        let rawName = j["Name"]?.string ?? j["Id"]?.string.map { String($0.prefix(12)) } ?? "container \(index)"
        let name = rawName.hasPrefix("/") ? String(rawName.dropFirst()) : rawName
        var c = ContainerConfig(kind: .inspect, file: path, name: name, origin: o(j, ""))
        c.state = j["State"]?["Status"]?.string
        if let id = j["Image"]?.string, id.hasPrefix("sha256:") { c.imageID = id }
        let cfg = j["Config"], hc = j["HostConfig"]
        if let u = cfg?["User"] { c.user = Sourced(u.string ?? "", o(u, "Config.User")) }
        if let img = cfg?["Image"]?.string ?? j["Image"]?.string { c.image = Sourced(img, o(cfg?["Image"] ?? j, "Config.Image")) }
        for (k, e) in (cfg?["Env"]?.array ?? []).enumerated() {
            guard let s = e.string else { continue }
            let kv = s.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            c.env.append(EnvVar(name: kv[0], value: kv.count > 1 ? kv[1] : nil, origin: o(e, "Config.Env[\(k)]")))
        }
        for key in ["Entrypoint", "Cmd"] {
            for (k, w) in (cfg?[key]?.array ?? []).enumerated() {
                if let s = w.string { c.command.append(CommandWord(s, origin: o(w, "Config.\(key)[\(k)]"))) }
            }
        }
        c.exposedPorts = cfg?["ExposedPorts"]?.object?.map(\.0) ?? []
        if let t = cfg?["Healthcheck"]?["Test"] { c.healthcheckTest = Sourced(t.array?.compactMap(\.string) ?? [], o(t, "Config.Healthcheck.Test")) }
        guard let hc else { return c }
        func b(_ k: String) -> Sourced<Bool>? { hc[k].flatMap { n in n.bool.map { Sourced($0, o(n, "HostConfig.\(k)")) } } }
        func s(_ k: String) -> Sourced<String>? { hc[k].flatMap { n in n.string.flatMap { $0.isEmpty ? nil : Sourced($0, o(n, "HostConfig.\(k)")) } } }
        func n(_ k: String) -> Sourced<Int64>? { hc[k].flatMap { v in v.int.map { Sourced($0, o(v, "HostConfig.\(k)")) } } }
        func list(_ k: String) -> [Sourced<String>] {
            (hc[k]?.array ?? []).enumerated().compactMap { i, v in v.string.map { Sourced($0, o(v, "HostConfig.\(k)[\(i)]")) } }
        }
        c.privileged = b("Privileged")
        c.readonlyRootfs = b("ReadonlyRootfs")
        c.publishAllPorts = b("PublishAllPorts")
        c.initProcess = b("Init")
        c.capAdd = list("CapAdd"); c.capDrop = list("CapDrop"); c.securityOpt = list("SecurityOpt")
        c.deviceCgroupRules = list("DeviceCgroupRules")
        c.networkMode = s("NetworkMode"); c.pidMode = s("PidMode"); c.ipcMode = s("IpcMode"); c.utsMode = s("UTSMode")
        c.usernsMode = s("UsernsMode"); c.cgroupnsMode = s("CgroupnsMode"); c.runtime = s("Runtime")
        c.memory = n("Memory").flatMap { $0.value > 0 ? $0 : nil }
        c.pidsLimit = n("PidsLimit").flatMap { $0.value > 0 ? $0 : nil }
        c.nanoCpus = n("NanoCpus").flatMap { $0.value > 0 ? $0 : nil }
        if c.nanoCpus == nil, let q = n("CpuQuota"), q.value > 0 { c.nanoCpus = Sourced(q.value * 10_000, q.origin) }
        c.cpuShares = n("CpuShares").flatMap { $0.value > 0 ? $0 : nil }
        if let lt = hc["LogConfig"]?["Type"], let v = lt.string, !v.isEmpty { c.logDriver = Sourced(v, o(lt, "HostConfig.LogConfig.Type")) }
        if let r = hc["RestartPolicy"]?["Name"], let v = r.string {
            // on-failure keeps its retry count, as compose and docker run write it (on-failure:5); 0 means unlimited
            let n = hc["RestartPolicy"]?["MaximumRetryCount"]?.int ?? 0
            c.restartPolicy = Sourced(v == "on-failure" && n > 0 ? "on-failure:\(n)" : v, o(r, "HostConfig.RestartPolicy.Name"))
        }
        if let p = hc["CgroupParent"], let v = p.string, !v.isEmpty { c.cgroupParent = Sourced(v, o(p, "HostConfig.CgroupParent")) }
        if let m = hc["MaskedPaths"], let a = m.array { c.maskedPaths = Sourced(a.compactMap(\.string), o(m, "HostConfig.MaskedPaths")) }
        if let m = hc["ReadonlyPaths"], let a = m.array { c.readonlyPaths = Sourced(a.compactMap(\.string), o(m, "HostConfig.ReadonlyPaths")) }
        for (k, v) in hc["Sysctls"]?.object ?? [] { c.sysctls.append(Sourced((k, v.string ?? ""), o(v, "HostConfig.Sysctls.\(k)"))) }
        for (k, v) in hc["Tmpfs"]?.object ?? [] { c.tmpfs.append(Sourced((k, v.string ?? ""), o(v, "HostConfig.Tmpfs.\(k)"))) }
        for (i, u) in (hc["Ulimits"]?.array ?? []).enumerated() {
            c.ulimits.append(Sourced("\(u["Name"]?.string ?? "")=\(u["Hard"]?.int ?? 0)", o(u, "HostConfig.Ulimits[\(i)]")))
        }
        for (i, d) in (hc["Devices"]?.array ?? []).enumerated() {
            guard let host = d["PathOnHost"]?.string else { continue }
            c.devices.append(DeviceMapping(pathOnHost: host, pathInContainer: d["PathInContainer"]?.string ?? host,
                                           permissions: d["CgroupPermissions"]?.string ?? "rwm", origin: o(d, "HostConfig.Devices[\(i)]")))
        }
        for (port, bindings) in hc["PortBindings"]?.object ?? [] {
            let parts = port.split(separator: "/").map(String.init)
            for (i, bnd) in (bindings.array ?? []).enumerated() {
                c.portBindings.append(PortBinding(containerPort: parts[0], proto: parts.count > 1 ? parts[1] : "tcp",
                                                  hostIP: bnd["HostIp"]?.string ?? "", hostPort: bnd["HostPort"]?.string ?? "",
                                                  origin: o(bnd, "HostConfig.PortBindings[\"\(port)\"][\(i)]")))
            }
        }
        // Mounts: the resolved top-level list merges Binds, Mounts, image VOLUMEs and volumes-from.
        if let mounts = j["Mounts"]?.array {
            for (i, m) in mounts.enumerated() {
                c.mounts.append(MountSpec(type: m["Type"]?.string ?? "bind", source: m["Source"]?.string ?? m["Name"]?.string,
                                          target: m["Destination"]?.string ?? "", readOnly: !(m["RW"]?.bool ?? true),
                                          propagation: m["Propagation"]?.string.flatMap { $0.isEmpty ? nil : $0 }, origin: o(m, "Mounts[\(i)]")))
            }
        } else {
            for (i, bnd) in list("Binds").enumerated() {
                let p = bnd.value.split(separator: ":").map(String.init)
                guard p.count >= 2 else { continue }
                let opts = p.count > 2 ? Set(p[2].split(separator: ",").map(String.init)) : []
                c.mounts.append(MountSpec(type: p[0].hasPrefix("/") ? "bind" : "volume", source: p[0], target: p[1], readOnly: opts.contains("ro"),
                                          origin: Origin(file: path, line: bnd.origin.line, column: bnd.origin.column, path: prefix + "HostConfig.Binds[\(i)]")))
            }
        }
        if let aa = j["AppArmorProfile"], let v = aa.string, !v.isEmpty { c.appArmorProfile = Sourced(v, o(aa, "AppArmorProfile")) }
        return c
    }
}
