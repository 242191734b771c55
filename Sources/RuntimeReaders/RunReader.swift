import BulkheadCore
import BulkheadModel
import RuntimeSyntax
import ShellSyntax

/// `docker run` / `docker create` / `podman run` command lines → ContainerConfig.
public enum RunReader {
    /// Options of `docker run` that take a value (long names; short aliases below).
    static let valued: Set<String> = [
        "add-host", "annotation", "attach", "blkio-weight", "blkio-weight-device", "cap-add", "cap-drop", "cgroup-parent", "cgroupns",
        "cidfile", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems",
        "device", "device-cgroup-rule", "device-read-bps", "device-read-iops", "device-write-bps", "device-write-iops", "dns",
        "dns-option", "dns-opt", "dns-search", "domainname", "entrypoint", "env", "env-file", "expose", "gpus", "group-add", "health-cmd",
        "health-interval", "health-retries", "health-start-interval", "health-start-period", "health-timeout", "hostname", "ip", "ip6",
        "ipc", "isolation", "kernel-memory", "label", "label-file", "link", "link-local-ip", "log-driver", "log-opt", "mac-address",
        "memory", "memory-reservation", "memory-swap", "memory-swappiness", "mount", "name", "network", "net", "network-alias",
        "net-alias", "oom-score-adj", "pid", "pids-limit", "platform", "publish", "pull", "restart", "runtime", "security-opt",
        "shm-size", "stop-signal", "stop-timeout", "storage-opt", "sysctl", "tmpfs", "ulimit", "user", "userns", "uts", "volume",
        "volume-driver", "volumes-from", "workdir", "detach-keys", "cgroup-conf", "hooks-dir", "pod", "secret", "uidmap", "gidmap",
        "subuidname", "subgidname", "group-entry", "passwd-entry", "seccomp-policy", "systemd", "tz", "umask", "arch", "os", "variant",
        "requires", "chrootdirs", "decryption-key", "personality", "preserve-fds", "rdt-class", "sdnotify", "init-path", "conmon-pidfile",
    ]
    static let shortValued: [Character: String] = ["a": "attach", "c": "cpu-shares", "e": "env", "h": "hostname", "l": "label", "m": "memory",
                                                   "p": "publish", "u": "user", "v": "volume", "w": "workdir"]
    static let shortBool: [Character: String] = ["d": "detach", "i": "interactive", "t": "tty", "P": "publish-all", "q": "quiet"]

    public struct Command: Sendable {
        public var words: [String]
        public var line: Int
        public var column: Int
        /// (line, column) of each word, parallel to `words` (empty when unknown).
        public var positions: [(line: Int, column: Int)] = []
    }

    /// Finds docker/podman run and create commands in shell text (continuations, pipes, `sudo`, `$(…)` handled).
    public static func commands(inShell text: String, firstLine: Int = 1) -> [Command] {
        var nl: [Int] = []
        for (k, b) in text.utf8.enumerated() where b == UInt8(ascii: "\n") { nl.append(k) }
        let newlines = nl
        let script = ShellParser.parse(text, argumentPositions: true, lineMap: { off in
            var lo = 0, hi = newlines.count
            while lo < hi { let mid = (lo + hi) / 2; if newlines[mid] < off { lo = mid + 1 } else { hi = mid } }
            return (firstLine + lo, off - (lo == 0 ? 0 : newlines[lo - 1] + 1) + 1)
        })
        return script.commands.compactMap { c in
            guard ["docker", "podman", "nerdctl"].contains(c.name) else { return nil }
            let words = [c.name] + c.argStrings
            let positions = c.argPositions.count == c.args.count ? [(c.line, c.column)] + c.argPositions : []
            return isRunCommand(words) ? Command(words: words, line: c.line, column: c.column, positions: positions) : nil
        }
    }

    /// Finds commands in fenced code blocks of a Markdown file (sh, bash, shell, console, zsh or unlabelled).
    public static func commands(inMarkdown text: String) -> [Command] {
        var out: [Command] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
        var i = 0
        while i < lines.count {
            let t = lines[i].trimmingSpaces
            guard t.hasPrefix("```") || t.hasPrefix("~~~") else { i += 1; continue }
            let fence = String(t.prefix(3))
            let lang = t.dropFirst(3).trimmingSpaces.lowercased().split(separator: " ").first.map(String.init) ?? ""
            let start = i + 1
            i += 1
            var body: [String] = []
            while i < lines.count, !lines[i].trimmingSpaces.hasPrefix(fence) { body.append(lines[i]); i += 1 }
            i += 1
            guard ["", "sh", "bash", "shell", "console", "zsh", "shell-session", "shellsession", "terminal", "powershell", "ps"].contains(lang) else { continue }
            // strip prompts ($ or #) so `$ docker run …` reads as a command; keep line numbers
            let cleaned = body.map { l -> String in
                let lead = l.prefix { $0 == " " }
                let rest = l.dropFirst(lead.count)
                if rest.hasPrefix("$ ") || rest.hasPrefix("# ") && rest.dropFirst(2).hasPrefix("docker") || rest.hasPrefix("> ") { return String(lead) + "  " + rest.dropFirst(2) }
                return l
            }
            out += commands(inShell: cleaned.joined(separator: "\n"), firstLine: start + 1)
        }
        return out
    }

    static let globalValued: Set<String> = ["-H", "--host", "-c", "--context", "--config", "--log-level", "-l", "--tlscacert", "--tlscert", "--tlskey", "--url", "--connection", "--root", "--runroot"]

    /// Index of the run/create subcommand, if this is one.
    static func subcommandIndex(_ w: [String]) -> Int? {
        var i = 1
        while i < w.count {
            let a = w[i]
            if a == "run" || a == "create" { return i }
            if a == "container", i + 1 < w.count, w[i + 1] == "run" || w[i + 1] == "create" { return i + 1 }
            if a.hasPrefix("-") { i += globalValued.contains(a) ? 2 : 1; continue }
            return nil
        }
        return nil
    }
    public static func isRunCommand(_ w: [String]) -> Bool { subcommandIndex(w) != nil }

    /// Parses one command line (words as the shell would pass them).
    /// `files` reads what the line names (`--env-file`, `--security-opt seccomp=FILE`), relative to `file`'s
    /// directory (or the current directory when the line was typed, `file` being nil).
    /// A file the line names that is not here (`--env-file`, a seccomp profile) is a warning, or an error when `strict`.
    public static func parse(_ words: [String], file: String, line: Int, column: Int = 1, relativeTo base: String? = nil, files: any FileSource,
                             positions: [(line: Int, column: Int)] = [], strict: Bool = false)
        -> (config: ContainerConfig, errors: [InputError], warnings: [InputError]) {
        var errors: [InputError] = []
        var warnings: [InputError] = []
        func missing(_ o: Origin, _ message: String) {
            let e = InputError(path: o.file, line: o.line, column: o.column, message: message)
            if strict { errors.append(e) } else { warnings.append(e) }
        }
        let tool = Paths.lastComponent(words.first ?? "docker")
        var c = ContainerConfig(kind: .run, file: file, name: "\(tool) run (line \(line))", origin: Origin(file: file, line: line, column: column, path: "command"))
        guard let sub = subcommandIndex(words) else { return (c, [InputError(path: file, line: line, message: "not a docker run/create command")], []) }
        func o(_ i: Int, _ flag: String) -> Origin {
            let p: (line: Int, column: Int) = i < positions.count ? positions[i] : (line: line, column: column)
            return Origin(file: file, line: p.line, column: p.column, path: "argv[\(i)] \(flag)")
        }
        var i = sub + 1
        var options: [(String, String?, Int)] = []
        while i < words.count {
            let a = words[i]
            if a == "--" { i += 1; break }
            if a.hasPrefix("--") {
                let body = a.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    options.append((String(body[..<eq]), String(body[body.index(after: eq)...]), i))
                } else if valued.contains(String(body)) {
                    guard i + 1 < words.count else { errors.append(InputError(path: file, line: line, message: "\(a) needs a value")); break }
                    options.append((String(body), words[i + 1], i)); i += 1
                } else {
                    options.append((String(body), nil, i))
                }
                i += 1; continue
            }
            if a.hasPrefix("-") && a.count > 1 {
                // bundled short flags: -it, -dit, -p8080:80, -eFOO=bar
                var chars = Array(a.dropFirst())
                while let ch = chars.first {
                    chars.removeFirst()
                    if let long = shortValued[ch] {
                        if !chars.isEmpty { options.append((long, String(chars.first == "=" ? chars.dropFirst() : chars[...]), i)); chars = [] }
                        else if i + 1 < words.count { options.append((long, words[i + 1], i)); i += 1 }
                        else { errors.append(InputError(path: file, line: line, message: "-\(ch) needs a value")) }
                    } else if let long = shortBool[ch] {
                        options.append((long, nil, i))
                    } else {
                        options.append((String(ch), nil, i))
                    }
                }
                i += 1; continue
            }
            break  // the image
        }
        if i < words.count { c.image = Sourced(words[i], o(i, "IMAGE")) }
        if i + 1 < words.count { c.command = (i + 1..<words.count).map { CommandWord(words[$0], origin: o($0, "COMMAND")) } }
        for (name, value, at) in options {
            let org = o(at, "--" + name)
            let v = value ?? ""
            switch name {
            case "privileged": c.privileged = Sourced(flag(value), org)
            case "read-only": c.readonlyRootfs = Sourced(flag(value), org)
            case "publish-all": c.publishAllPorts = Sourced(flag(value), org)
            case "init": c.initProcess = Sourced(flag(value), org)
            case "use-api-socket": c.useAPISocket = Sourced(flag(value), org)
            case "no-healthcheck": c.healthcheckTest = Sourced(["NONE"], org)
            case "user": c.user = Sourced(v, org)
            case "name": c.name = v
            case "cap-add": c.capAdd += v.split(separator: ",").map { Sourced(String($0), org) }
            case "cap-drop": c.capDrop += v.split(separator: ",").map { Sourced(String($0), org) }
            case "security-opt":
                c.securityOpt.append(Sourced(v, org))
                if let (key, text) = SeccompProfile.load(securityOpt: v, relativeTo: base, files: files) { c.seccompProfiles[key] = text }
                else if let name = SeccompProfile.fileName(inSecurityOpt: v) {
                    missing(org, "seccomp profile \(name) not found; judged as a custom profile whose rules are unknown")
                }
            case "network", "net": c.networkMode = Sourced(v, org)
            case "pid": c.pidMode = Sourced(v, org)
            case "ipc": c.ipcMode = Sourced(v, org)
            case "uts": c.utsMode = Sourced(v, org)
            case "userns": c.usernsMode = Sourced(v, org)
            case "cgroupns": c.cgroupnsMode = Sourced(v, org)
            case "memory": if let b = ResourceSyntax.memory(v) { c.memory = Sourced(b, org) }
            case "pids-limit": if let n = ResourceSyntax.pidsLimit(v) { c.pidsLimit = Sourced(n, org) }
            case "cpus": if let d = ResourceSyntax.nanoCPUs(v) { c.nanoCpus = Sourced(d, org) }
            case "cpu-shares": if let n = ResourceSyntax.cpuShares(v) { c.cpuShares = Sourced(n, org) }
            case "cpu-quota": if let q = ResourceSyntax.nanoCPUs(quota: v), c.nanoCpus == nil { c.nanoCpus = Sourced(q, org) }
            case "ulimit": c.ulimits.append(Sourced(v, org))
            case "sysctl": c.sysctls.append(Sourced(PairSyntax.keyValue(v), org))
            case "log-driver": c.logDriver = Sourced(v, org)
            case "restart": c.restartPolicy = Sourced(v, org)
            case "tmpfs": c.tmpfs.append(Sourced(PairSyntax.tmpfs(v), org))
            case "runtime": c.runtime = Sourced(v, org)
            case "device-cgroup-rule": c.deviceCgroupRules.append(Sourced(v, org))
            case "device": c.devices.append(DeviceSyntax.mapping(v, origin: org))
            case "expose": c.exposedPorts.append(v)
            case "health-cmd": c.healthcheckTest = Sourced(["CMD-SHELL", v], org)
            case "env":
                let kv = v.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                c.env.append(EnvVar(name: kv[0], value: kv.count > 1 ? kv[1] : nil, isReference: kv.count > 1 && kv[1].hasPrefix("$"), origin: org))
            case "env-file":
                let full = files.resolve(v, relativeTo: base)
                if let text = files.text(full) {
                    for e in EnvFile.parse(text) { c.env.append(EnvVar(name: e.name, value: e.value, origin: org)) }
                } else {
                    missing(org, "--env-file \(v) not found (resolved to \(full)); it contributes nothing to the audit")
                }
            case "volume": c.mounts.append(MountSyntax.volume(v, origin: org))
            case "mount": c.mounts.append(MountSyntax.mount(v, origin: org))
            case "publish": c.portBindings.append(PortSyntax.binding(v, origin: org))
            default: break
            }
        }
        return (c, errors, warnings)
    }

    /// A boolean flag: given alone it is true; `--flag=false` (any spelling Docker accepts) turns it off.
    static func flag(_ value: String?) -> Bool { value.flatMap(PairSyntax.bool) ?? (value == nil) }
}
