import BulkheadCore
import BulkheadModel
import RuntimeSyntax
import Yams

/// Loads Compose files the way `docker compose config` does (interpolation, .env, env_file, extends,
/// include, several -f files with override rules, profiles, merge keys, `!reset`/`!override`) and maps
/// each service onto a `ContainerConfig`, keeping the line and logical path of every value.
public struct ComposeLoader {
    public struct Options: Sendable {
        public var envFiles: [String] = []
        public var profiles: [String] = []
        /// The process environment (wins over .env).
        public var environment: [String: String] = [:]
        /// Where files are read from (overlay text for standard input and examples).
        public var files: any FileSource
        /// `docker compose config` behaviour: a missing env_file, extends or include file, or an unset
        /// required variable is an error. Off by default: those are deploy-time inputs, warned about, and
        /// everything that is declared is still audited.
        public var strict = false
        public init(files: any FileSource, environment: [String: String] = [:]) { self.files = files; self.environment = environment }
    }

    public struct Result: Sendable {
        public var configs: [ContainerConfig] = []
        public var errors: [InputError] = []
        /// The text of every file read (for reporters that show source lines).
        public var sources: [String: String] = [:]
        /// `# bulkhead ignore=…` comments of every file read, found while reading it.
        public var ignores: [InlineIgnore] = []
        /// Deploy-time inputs that are not here (unless `strict`): the audit went on without them.
        public var warnings: [InputError] = []
        /// Top-level keys recognised as a compose project (false for YAML that is not a compose file).
        public var isCompose = true
    }

    var options: Options
    var result = Result()
    var interpolator = Interpolator(variables: [:])
    var loading: Set<String> = []
    /// What was reported already (an anchor shared by many services reports its problem once).
    var reported: Set<InputError> = []

    public init(options: Options) { self.options = options }

    /// One project from one or more files (later files override earlier ones).
    public static func load(files: [String], options: Options) -> Result {
        var l = ComposeLoader(options: options)
        return l.run(files)
    }

    /// A deploy-time input that is absent: a warning, or an error under `strict`.
    mutating func missing(_ pos: YNode.Pos?, file: String, _ message: String) {
        if options.strict { error(pos, file: file, message); return }
        let w = ComposeLoader.problem(pos, file: file, message)
        if reported.insert(w).inserted { result.warnings.append(w) }
    }

    mutating func error(_ pos: YNode.Pos?, file: String, _ message: String) {
        let e = ComposeLoader.problem(pos, file: file, message)
        // an anchor shared by several services reports the same problem once
        if reported.insert(e).inserted { result.errors.append(e) }
    }

    /// A problem at a place in a file (the file itself when there is no place).
    static func problem(_ pos: YNode.Pos?, file: String, _ message: String) -> InputError {
        InputError(path: pos?.file ?? file, line: pos.map { max(1, $0.line) }, column: pos.map { max(1, $0.column) }, message: message)
    }

    func readText(_ path: String) -> String? { options.files.text(path) }

    func resolve(_ path: String, relativeTo file: String) -> String { options.files.resolve(path, relativeTo: file) }

    /// `referencedAt`: where another file names this one (include, extends); a missing file is then a
    /// deploy-time input, `skipped` says what the audit does without it.
    mutating func parseFile(_ path: String, referencedAt: YNode.Pos? = nil, skipped: String = "") -> YNode? {
        let text: String
        switch options.files.readText(path) {
        case .success(let t): text = t
        case .failure(.missing) where referencedAt != nil:
            missing(referencedAt, file: referencedAt!.file, "\(path) not found; \(skipped)")
            return nil
        case .failure(let f):
            error(nil, file: path, f.message(readingAs: "a Compose file"))
            return nil
        }
        result.sources[path] = text
        result.ignores += PragmaSyntax.scanLines(text, path: path)
        do {
            // The basic resolver keeps every scalar a string (we read raw text anyway) and avoids Yams'
            // regular-expression tag resolution, which dominated load time.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else { error(nil, file: path, "the file is empty"); return nil }
            let y = try YNode.from(node, file: path)
            guard y.entries != nil else {
                error(y.pos, file: path, "a compose file must be a mapping with a 'services' key"); return nil
            }
            return y
        } catch let e as YNode.LimitExceeded {
            result.errors.append(InputError(path: path, line: max(1, e.pos.line), column: max(1, e.pos.column), message: e.message))
            return nil
        } catch let e as YamlError {
            var line: Int? = nil, col: Int? = nil, msg = "\(e)"
            switch e {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                line = mark.line; col = mark.column; msg = problem
            default: break
            }
            result.errors.append(InputError(path: path, line: line, column: col, message: "invalid YAML: \(msg)"))
            return nil
        } catch {
            result.errors.append(InputError(path: path, message: "invalid YAML: \(error)"))
            return nil
        }
    }

    mutating func run(_ files: [String]) -> Result {
        guard let first = files.first else { return result }
        // variables: .env (or --env-file) then the process environment
        var vars: [String: String] = [:]
        let envFiles = options.envFiles.isEmpty ? [resolve(".env", relativeTo: first)] : options.envFiles
        for ef in envFiles {
            guard let t = readText(ef) else {
                if !options.envFiles.isEmpty { error(nil, file: ef, "cannot read the env file") }
                continue
            }
            for e in EnvFile.parse(t) { vars[e.name] = e.value ?? "" }
        }
        for (k, v) in options.environment { vars[k] = v }
        interpolator = Interpolator(variables: vars)

        var merged: YNode? = nil
        for f in files {
            guard var doc = parseFile(f) else { continue }
            doc = expandIncludes(doc, file: f)
            merged = merged.map { ComposeMerge.merge($0, doc) } ?? doc
        }
        guard var project = merged else { return result }
        // Compose file format v1: services at the top level (no `services:` key, no `version:`)
        if project["services"] == nil, project["version"] == nil, let top = project.entries, !top.isEmpty,
           top.allSatisfy({ $0.key.hasPrefix("x-") || $0.value["image"] != nil || $0.value["build"] != nil }) {
            project = .mapping([(key: "services", value: project)], project.pos, tag: nil)
        }
        guard let services = project["services"] else {
            if project["version"] == nil { result.isCompose = false }
            error(project.pos, file: first, "no 'services' key: this is not a compose file (or it defines no services)")
            return result
        }
        guard let list = services.entries else {
            if !services.isNull { error(services.pos, file: first, "'services' must be a mapping of service names") }
            return result
        }
        for (name, raw) in list {
            guard raw.entries != nil || raw.isNull else { error(raw.pos, file: first, "service '\(name)' must be a mapping"); continue }
            var svc = raw
            loading = []
            svc = resolveExtends(svc, name: name, services: services, file: raw.pos.file)
            if !options.profiles.isEmpty {
                let p = svc["profiles"]?.items?.compactMap(\.string) ?? []
                if !p.isEmpty && Set(p).isDisjoint(with: options.profiles) { continue }
            }
            result.configs.append(mapService(name, svc, project: project))
        }
        resolveSharedNamespaces()
        return result
    }

    /// `network_mode: service:vpn` (and `pid`/`ipc: service:x`) joins that service's namespace, so a
    /// service joined to a host-network service is on the host network too.
    mutating func resolveSharedNamespaces() {
        let byName = Dictionary(result.configs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func follow(_ start: Sourced<String>?, _ field: (ContainerConfig) -> Sourced<String>?) -> String? {
            var seen: Set<String> = []
            var cur = start?.value
            while let v = cur, v.hasPrefix("service:") {
                let target = String(v.dropFirst(8))
                guard seen.insert(target).inserted, let t = byName[target] else { return nil }
                cur = field(t)?.value
            }
            return cur
        }
        for i in result.configs.indices {
            let c = result.configs[i]
            if let n = c.networkMode, n.value.hasPrefix("service:"), follow(n, { $0.networkMode }) == "host" {
                result.configs[i].networkMode = Sourced("host", n.origin)
            }
            if let p = c.pidMode, p.value.hasPrefix("service:"), follow(p, { $0.pidMode }) == "host" {
                result.configs[i].pidMode = Sourced("host", p.origin)
            }
            if let p = c.ipcMode, p.value.hasPrefix("service:"), follow(p, { $0.ipcMode }) == "host" {
                result.configs[i].ipcMode = Sourced("host", p.origin)
            }
        }
    }

    mutating func expandIncludes(_ doc: YNode, file: String) -> YNode {
        guard let inc = doc["include"] else { return doc }
        var out = doc
        for item in inc.items ?? [inc] {
            let paths = item.string.map { [$0] } ?? (item["path"].map { $0.string.map { [$0] } ?? ($0.items?.compactMap(\.string) ?? []) } ?? [])
            for p in paths {
                let full = resolve(p, relativeTo: file)
                if loading.contains(full) { error(item.pos, file: file, "include cycle through \(p)"); continue }
                loading.insert(full)
                guard let sub = parseFile(full, referencedAt: item.pos, skipped: "the include is skipped and its services are not audited") else { continue }
                let expanded = expandIncludes(sub, file: full)
                // included services are added; the including file's own definitions win
                if let incServices = expanded["services"]?.entries, case .mapping(var top, let pos, let tag) = out {
                    let idx = top.firstIndex { $0.key == "services" }
                    var own = idx.flatMap { top[$0].value.entries } ?? []
                    for (k, v) in incServices where !own.contains(where: { $0.key == k }) { own.append((key: k, value: v)) }
                    let svcNode = YNode.mapping(own, idx.map { top[$0].value.pos } ?? pos, tag: nil)
                    if let idx { top[idx] = (key: "services", value: svcNode) } else { top.append((key: "services", value: svcNode)) }
                    out = .mapping(top, pos, tag: tag)
                }
            }
        }
        return out
    }

    mutating func resolveExtends(_ svc: YNode, name: String, services: YNode, file: String) -> YNode {
        guard let ext = svc["extends"] else { return svc }
        let baseName = ext.string ?? ext["service"]?.string ?? ""
        let key = file + "#" + baseName
        if loading.contains(key) { error(ext.pos, file: file, "extends cycle through service '\(baseName)'"); return svc }
        loading.insert(key)
        var baseServices = services
        var baseFile = file
        if let f = ext["file"]?.string {
            baseFile = resolve(f, relativeTo: file)
            guard let doc = parseFile(baseFile, referencedAt: ext.pos, skipped: "service '\(name)' is audited with what it declares itself"),
                  let s = doc["services"] else { return svc }
            baseServices = s
        }
        guard let base = baseServices[baseName] else {
            missing(ext.pos, file: file, "service '\(name)' extends '\(baseName)', which is not defined here; it is audited with what it declares itself"); return svc
        }
        let resolvedBase = resolveExtends(base, name: baseName, services: baseServices, file: baseFile)
        var merged = ComposeMerge.merge(resolvedBase, svc)
        if case .mapping(var m, let p, let t) = merged { m.removeAll { $0.key == "extends" }; merged = .mapping(m, p, tag: t) }
        return merged
    }

    // MARK: - Service → ContainerConfig

    func origin(_ n: YNode, _ path: String) -> Origin { Origin(file: n.pos.file, line: n.pos.line, column: n.pos.column, path: path) }

    /// The interpolated value of a scalar, and whether it was written as a reference.
    mutating func value(_ n: YNode) -> (String, Bool)? {
        guard let raw = n.string else { return nil }
        do { return (try interpolator.interpolate(raw), Interpolator.isReference(raw)) } catch {
            // an unset required variable is supplied at deploy time: never a literal value
            if let name = error.unsetVariable {
                missing(n.pos, file: n.pos.file, "required variable \(name) is not set here (it is supplied at deploy time); the value is audited as a reference")
            } else {
                self.error(n.pos, file: n.pos.file, error.message)
            }
            return (raw, true)
        }
    }
    mutating func str(_ n: YNode?) -> String? { n.flatMap { value($0)?.0 } }
    mutating func flag(_ n: YNode?) -> Bool? {
        guard let n, let v = str(n) else { return nil }
        return PairSyntax.bool(v)
    }
    mutating func strings(_ n: YNode?) -> [(String, YNode)] {
        guard let n else { return [] }
        if let items = n.items { return items.compactMap { i in value(i).map { ($0.0, i) } } }
        if let v = value(n) { return [(v.0, n)] }
        return []
    }

    mutating func mapService(_ name: String, _ s: YNode, project: YNode) -> ContainerConfig {
        let base = "services.\(name)"
        let entity = Origin(file: s.pos.file, line: s.pos.keyLine ?? s.pos.line, column: s.pos.keyColumn ?? s.pos.column, path: base)
        var c = ContainerConfig(kind: .compose, file: s.pos.file, name: name, origin: entity)
        func o(_ n: YNode, _ key: String) -> Origin { origin(n, "\(base).\(key)") }
        for (key, n) in s.entries ?? [] {
            switch key {
            case "image":
                // an image decided entirely by an unset variable keeps its written form, so rules can say so
                if let v = str(n) { c.image = Sourced(v.isEmpty ? (n.string ?? v) : v, o(n, key)) }
            case "build":
                // `build: DIR` or `build: {context: DIR, dockerfile: FILE}` (FILE relative to DIR); git and URL contexts are remote
                let context = n.entries == nil ? str(n) : str((n.entries ?? []).first { $0.0 == "context" }?.1) ?? "."
                let dockerfile = (n.entries ?? []).first { $0.0 == "dockerfile" }.flatMap { str($0.1) } ?? "Dockerfile"
                if let ctx = context, !ctx.contains("://"), !ctx.hasPrefix("git@") {
                    let dir = resolve(ctx, relativeTo: s.pos.file)
                    c.build = (dir, dockerfile.hasPrefix("/") ? dockerfile : join(dir, dockerfile))
                }
            case "user": if let v = str(n) { c.user = Sourced(v, o(n, key)) }
            case "privileged": if let v = flag(n) { c.privileged = Sourced(v, o(n, key)) }
            case "read_only": if let v = flag(n) { c.readonlyRootfs = Sourced(v, o(n, key)) }
            case "use_api_socket": if let v = flag(n) { c.useAPISocket = Sourced(v, o(n, key)) }
            case "init": if let v = flag(n) { c.initProcess = Sourced(v, o(n, key)) }
            case "runtime": if let v = str(n) { c.runtime = Sourced(v, o(n, key)) }
            case "cap_add": for (i, (v, node)) in strings(n).enumerated() { c.capAdd.append(Sourced(v, o(node, "cap_add[\(i)]"))) }
            case "cap_drop": for (i, (v, node)) in strings(n).enumerated() { c.capDrop.append(Sourced(v, o(node, "cap_drop[\(i)]"))) }
            case "security_opt":
                for (i, (v, node)) in strings(n).enumerated() {
                    c.securityOpt.append(Sourced(v, o(node, "security_opt[\(i)]")))
                    if let (key, text) = SeccompProfile.load(securityOpt: v, relativeTo: node.pos.file, files: options.files) { c.seccompProfiles[key] = text }
                    else if let name = SeccompProfile.fileName(inSecurityOpt: v) {
                        missing(node.pos, file: node.pos.file, "seccomp profile \(name) not found; judged as a custom profile whose rules are unknown")
                    }
                }
            case "network_mode": if let v = str(n) { c.networkMode = Sourced(v, o(n, key)) }
            case "pid": if let v = str(n) { c.pidMode = Sourced(v, o(n, key)) }
            case "ipc": if let v = str(n) { c.ipcMode = Sourced(v, o(n, key)) }
            case "uts": if let v = str(n) { c.utsMode = Sourced(v, o(n, key)) }
            case "userns_mode": if let v = str(n) { c.usernsMode = Sourced(v, o(n, key)) }
            case "cgroup": if let v = str(n) { c.cgroupnsMode = Sourced(v, o(n, key)) }
            case "mem_limit": if let v = str(n), let b = ResourceSyntax.memory(v) { c.memory = Sourced(b, o(n, key)) }
            case "pids_limit": if let v = str(n), let i = ResourceSyntax.pidsLimit(v) { c.pidsLimit = Sourced(i, o(n, key)) }
            case "cpus": if let v = str(n), let d = ResourceSyntax.nanoCPUs(v) { c.nanoCpus = Sourced(d, o(n, key)) }
            case "cpu_shares": if let v = str(n), let i = ResourceSyntax.cpuShares(v) { c.cpuShares = Sourced(i, o(n, key)) }
            case "cpu_quota": if let v = str(n), let q = ResourceSyntax.nanoCPUs(quota: v), c.nanoCpus == nil { c.nanoCpus = Sourced(q, o(n, key)) }
            case "restart": if let v = str(n) { c.restartPolicy = Sourced(v, o(n, key)) }
            case "logging": if let d = n["driver"], let v = str(d) { c.logDriver = Sourced(v, o(d, "logging.driver")) }
            case "device_cgroup_rules": for (i, (v, node)) in strings(n).enumerated() { c.deviceCgroupRules.append(Sourced(v, o(node, "device_cgroup_rules[\(i)]"))) }
            case "expose": c.exposedPorts += strings(n).map(\.0)
            case "sysctls":
                if let m = n.entries { for (k, v) in m { c.sysctls.append(Sourced((k, str(v) ?? ""), o(v, "sysctls.\(k)"))) } }
                else { for (i, (v, node)) in strings(n).enumerated() { c.sysctls.append(Sourced(PairSyntax.keyValue(v), o(node, "sysctls[\(i)]"))) } }
            case "ulimits":
                for (k, v) in n.entries ?? [] { c.ulimits.append(Sourced("\(k)=\(str(v) ?? str(v["hard"]) ?? "")", o(v, "ulimits.\(k)"))) }
            case "tmpfs":
                for (i, (v, node)) in strings(n).enumerated() { c.tmpfs.append(Sourced(PairSyntax.tmpfs(v), o(node, "tmpfs[\(i)]"))) }
            case "healthcheck":
                if flag(n["disable"]) == true { c.healthcheckTest = Sourced(["NONE"], o(n["disable"]!, "healthcheck.disable")) }
                else if let t = n["test"] {
                    let test = t.items.map { $0.compactMap { str($0) } } ?? (str(t).map { ["CMD-SHELL", $0] } ?? [])
                    c.healthcheckTest = Sourced(test, o(t, "healthcheck.test"))
                }
            case "command", "entrypoint": mapCommand(n, key, &c, base: base)
            case "environment": mapEnvironment(n, &c, base: base)
            case "env_file": mapEnvFiles(n, &c)
            case "volumes": mapVolumes(n, &c, base: base, project: project)
            case "ports": mapPorts(n, &c, base: base)
            case "devices": mapDevices(n, &c, base: base)
            case "deploy":
                let lim = n["resources"]?["limits"]
                if let m = lim?["memory"], let v = str(m), let b = ResourceSyntax.memory(v), c.memory == nil { c.memory = Sourced(b, o(m, "deploy.resources.limits.memory")) }
                if let m = lim?["cpus"], let v = str(m), let d = ResourceSyntax.nanoCPUs(v), c.nanoCpus == nil { c.nanoCpus = Sourced(d, o(m, "deploy.resources.limits.cpus")) }
                if let m = lim?["pids"], let v = str(m), let i = ResourceSyntax.pidsLimit(v), c.pidsLimit == nil { c.pidsLimit = Sourced(i, o(m, "deploy.resources.limits.pids")) }
                if let r = n["restart_policy"]?["condition"], let v = str(r), c.restartPolicy == nil { c.restartPolicy = Sourced(v, o(r, "deploy.restart_policy.condition")) }
            default: break
            }
        }
        return c
    }

    /// `command:`/`entrypoint:` as a string (split into words as the shell would) or a list; each word keeps
    /// its written form, so a `${VAR:-literal}` fallback can be told from a reference.
    mutating func mapCommand(_ n: YNode, _ key: String, _ c: inout ContainerConfig, base: String) {
        let written: [(String, YNode)] = n.items.map { $0.compactMap { i in i.string.map { ($0, i) } } }
            ?? n.string.map { s in ShellWords.split(s).map { ($0, n) } } ?? []
        for (i, (raw, node)) in written.enumerated() {
            let value = (try? interpolator.interpolate(raw)) ?? raw
            c.command.append(CommandWord(value, raw: raw, origin: origin(node, "\(base).\(key)[\(i)]")))
        }
    }

    mutating func mapEnvironment(_ n: YNode, _ c: inout ContainerConfig, base: String) {
        if let m = n.entries {
            for (k, v) in m {
                let val = v.isNull ? nil : value(v)
                c.env.append(EnvVar(name: k, value: val?.0, isReference: val?.1 ?? false, raw: v.string, origin: origin(v.isNull ? n : v, "\(base).environment.\(k)")))
            }
        } else {
            for (i, item) in (n.items ?? []).enumerated() {
                guard let raw = item.string else { continue }
                let parts = raw.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let val: String? = parts.count > 1 ? ((try? interpolator.interpolate(parts[1])) ?? parts[1]) : nil
                c.env.append(EnvVar(name: parts[0], value: val, isReference: parts.count > 1 && Interpolator.isReference(parts[1]),
                                    raw: parts.count > 1 ? parts[1] : nil, origin: origin(item, "\(base).environment[\(i)]")))
            }
        }
    }

    mutating func mapEnvFiles(_ n: YNode, _ c: inout ContainerConfig) {
        for item in n.items ?? [n] {
            guard let p = str(item) ?? str(item["path"]) else { continue }
            let required = flag(item["required"]) ?? true
            let full = resolve(p, relativeTo: item.pos.file)
            guard let text = readText(full) else {
                if required { missing(item.pos, file: item.pos.file, "env_file \(p) not found (resolved to \(full)); it contributes nothing to the audit") }
                continue
            }
            // a bare NAME line passes the variable through from the environment, as with docker run --env-file
            for e in EnvFile.parse(text) {
                c.env.append(EnvVar(name: e.name, value: e.value, isReference: e.value.map(Interpolator.isReference) ?? false,
                                    origin: Origin(file: full, line: e.line, path: e.name)))
            }
        }
    }

    mutating func mapVolumes(_ n: YNode, _ c: inout ContainerConfig, base: String, project: YNode) {
        for (i, item) in (n.items ?? []).enumerated() {
            let o = origin(item, "\(base).volumes[\(i)]")
            if let raw = str(item) {
                var m = MountSyntax.volume(raw, origin: o)
                if m.type == "volume", let s = m.source, let dev = namedVolumeBind(s, project: project) { m.type = "bind"; m.source = dev }
                c.mounts.append(m)
            } else if item.entries != nil {
                var type = str(item["type"]) ?? "volume"
                var source = str(item["source"])
                if type == "volume", let s = source, let dev = namedVolumeBind(s, project: project) { type = "bind"; source = dev }
                c.mounts.append(MountSpec(type: type, source: source, target: str(item["target"]) ?? "",
                                          readOnly: flag(item["read_only"]) ?? false, propagation: str(item["bind"]?["propagation"]), origin: o))
            }
        }
    }

    /// A named volume declared with driver_opts `o: bind` and a `device` path is a bind mount of that path.
    mutating func namedVolumeBind(_ name: String, project: YNode) -> String? {
        guard let v = project["volumes"]?[name], let opts = v["driver_opts"] else { return nil }
        let o = str(opts["o"]) ?? ""
        guard o.contains("bind"), let dev = str(opts["device"]) else { return nil }
        return dev
    }

    mutating func mapPorts(_ n: YNode, _ c: inout ContainerConfig, base: String) {
        for (i, item) in (n.items ?? []).enumerated() {
            let o = origin(item, "\(base).ports[\(i)]")
            if let raw = str(item) {
                c.portBindings.append(PortSyntax.binding(raw, origin: o))
            } else if item.entries != nil {
                let target = str(item["target"]) ?? ""
                let published = str(item["published"]) ?? ""
                if published.isEmpty && (str(item["mode"]) ?? "ingress") == "ingress" && item["published"] == nil {
                    c.portBindings.append(PortBinding(containerPort: target, proto: (str(item["protocol"]) ?? "tcp").lowercased(), hostIP: str(item["host_ip"]) ?? "", hostPort: "", origin: o))
                } else {
                    c.portBindings.append(PortBinding(containerPort: target, proto: (str(item["protocol"]) ?? "tcp").lowercased(), hostIP: str(item["host_ip"]) ?? "", hostPort: published, origin: o))
                }
            }
        }
    }

    mutating func mapDevices(_ n: YNode, _ c: inout ContainerConfig, base: String) {
        for (i, item) in (n.items ?? []).enumerated() {
            let o = origin(item, "\(base).devices[\(i)]")
            if let raw = str(item) {
                c.devices.append(DeviceSyntax.mapping(raw, origin: o))
            } else if let src = str(item["source"]) {
                c.devices.append(DeviceMapping(pathOnHost: src, pathInContainer: str(item["target"]) ?? src, permissions: str(item["permissions"]) ?? "rwm", origin: o))
            }
        }
    }
}
