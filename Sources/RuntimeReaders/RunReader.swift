import BulkheadCore
import BulkheadModel
import DockerfileParser
import Foundation

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
        let script = ShellParser.parse(text, lineMap: { off in
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
    public static func parse(_ words: [String], file: String, line: Int, column: Int = 1, baseDir: String? = nil, index: Int = 0,
                             positions: [(line: Int, column: Int)] = []) -> (ContainerConfig, [InputError]) {
        var errors: [InputError] = []
        let tool = words.first ?? "docker"
        var c = ContainerConfig(kind: .run, file: file, name: "\(tool) run (line \(line))", origin: Origin(file: file, line: line, column: column, path: "command"))
        guard let sub = subcommandIndex(words) else { return (c, [InputError(path: file, line: line, message: "not a docker run/create command")]) }
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
        for (name, value, at) in options {
            let org = o(at, "--" + name)
            let v = value ?? ""
            switch name {
            case "privileged": c.privileged = Sourced(value.map { $0 != "false" } ?? true, org)
            case "read-only": c.readonlyRootfs = Sourced(value.map { $0 != "false" } ?? true, org)
            case "publish-all": c.publishAllPorts = Sourced(true, org)
            case "init": c.initProcess = Sourced(value.map { $0 != "false" } ?? true, org)
            case "use-api-socket": c.useAPISocket = Sourced(true, org)
            case "no-healthcheck": c.healthcheckTest = Sourced(["NONE"], org)
            case "user": c.user = Sourced(v, org)
            case "name": c.name = v
            case "cap-add": c.capAdd += v.split(separator: ",").map { Sourced(String($0), org) }
            case "cap-drop": c.capDrop += v.split(separator: ",").map { Sourced(String($0), org) }
            case "security-opt":
                c.securityOpt.append(Sourced(v, org))
                for prefix in ["seccomp=", "seccomp:"] where v.hasPrefix(prefix) {
                    let p = String(v.dropFirst(prefix.count))
                    if p != "unconfined" && p != "default" {
                        let full = p.hasPrefix("/") ? p : ((baseDir ?? FileManager.default.currentDirectoryPath) as NSString).appendingPathComponent(p)
                        if let d = FileManager.default.contents(atPath: full) { c.seccompProfiles[p] = String(decoding: d, as: UTF8.self) }
                    }
                }
            case "network", "net": c.networkMode = Sourced(v, org)
            case "pid": c.pidMode = Sourced(v, org)
            case "ipc": c.ipcMode = Sourced(v, org)
            case "uts": c.utsMode = Sourced(v, org)
            case "userns": c.usernsMode = Sourced(v, org)
            case "cgroupns": c.cgroupnsMode = Sourced(v, org)
            case "memory": if let b = bytes(v) { c.memory = Sourced(b, org) }
            case "pids-limit": if let n = Int64(v), n > 0 { c.pidsLimit = Sourced(n, org) }
            case "cpus": if let d = Double(v) { c.nanoCpus = Sourced(Int64(d * 1e9), org) }
            case "cpu-shares": if let n = Int64(v) { c.cpuShares = Sourced(n, org) }
            case "cpu-quota": if let n = Int64(v), n > 0, c.nanoCpus == nil { c.nanoCpus = Sourced(n * 10_000, org) }
            case "ulimit": c.ulimits.append(Sourced(v, org))
            case "sysctl":
                let kv = v.split(separator: "=", maxSplits: 1).map(String.init)
                c.sysctls.append(Sourced((kv.first ?? "", kv.count > 1 ? kv[1] : ""), org))
            case "log-driver": c.logDriver = Sourced(v, org)
            case "restart": c.restartPolicy = Sourced(v, org)
            case "tmpfs":
                let p = v.split(separator: ":", maxSplits: 1).map(String.init)
                c.tmpfs.append(Sourced((p.first ?? "", p.count > 1 ? p[1] : ""), org))
            case "runtime": c.runtime = Sourced(v, org)
            case "device-cgroup-rule": c.deviceCgroupRules.append(Sourced(v, org))
            case "device":
                let p = v.split(separator: ":").map(String.init)
                c.devices.append(DeviceMapping(pathOnHost: p.first ?? v, pathInContainer: p.count > 1 ? p[1] : (p.first ?? v), permissions: p.count > 2 ? p[2] : "rwm", origin: org))
            case "expose": c.exposedPorts.append(v)
            case "health-cmd": c.healthcheckTest = Sourced(["CMD-SHELL", v], org)
            case "env":
                let kv = v.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                c.env.append(EnvVar(name: kv[0], value: kv.count > 1 ? kv[1] : nil, isReference: kv.count > 1 && kv[1].hasPrefix("$"), origin: org))
            case "env-file":
                let full = v.hasPrefix("/") ? v : ((baseDir ?? FileManager.default.currentDirectoryPath) as NSString).appendingPathComponent(v)
                if let d = FileManager.default.contents(atPath: full) {
                    for line in String(decoding: d, as: UTF8.self).split(separator: "\n") {
                        let t = line.trimmingSpaces
                        guard !t.isEmpty, !t.hasPrefix("#") else { continue }
                        let kv = t.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                        c.env.append(EnvVar(name: kv[0], value: kv.count > 1 ? kv[1] : nil, origin: org))
                    }
                }
            case "volume": c.mounts.append(volume(v, org))
            case "mount": if let m = mount(v, org) { c.mounts.append(m) }
            case "publish": c.portBindings.append(port(v, org))
            default: break
            }
        }
        return (c, errors)
    }

    static func bytes(_ s: String) -> Int64? {
        let t = s.lowercased()
        var num = t, mult: Double = 1
        for (suf, m) in [("k", 1024.0), ("m", 1048576), ("g", 1073741824), ("b", 1)] where t.hasSuffix(suf) { num = String(t.dropLast()); mult = m; break }
        return Double(num).map { Int64($0 * mult) }
    }

    static func volume(_ v: String, _ org: Origin) -> MountSpec {
        var p = v.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var mode = ""
        if p.count >= 3 { mode = p.removeLast() } else if p.count == 2, !p[1].hasPrefix("/") { mode = p.removeLast() }
        let opts = Set(mode.split(separator: ",").map(String.init))
        if p.count == 1 { return MountSpec(type: "volume", source: nil, target: p[0], readOnly: opts.contains("ro"), origin: org) }
        let src = p[0]
        let isPath = src.hasPrefix("/") || src.hasPrefix(".") || src.hasPrefix("~") || src.hasPrefix("$")
        return MountSpec(type: isPath ? "bind" : "volume", source: src, target: p[1], readOnly: opts.contains("ro") || opts.contains("readonly"),
                         propagation: opts.first { ["shared", "rshared", "slave", "rslave", "private", "rprivate"].contains($0) }, origin: org)
    }

    static func mount(_ v: String, _ org: Origin) -> MountSpec? {
        var kv: [String: String] = [:]
        for part in v.split(separator: ",") {
            let p = part.split(separator: "=", maxSplits: 1).map(String.init)
            kv[p[0].lowercased()] = p.count > 1 ? p[1] : "true"
        }
        let target = kv["target"] ?? kv["dst"] ?? kv["destination"] ?? ""
        let ro = ["true", "1"].contains(kv["readonly"] ?? kv["ro"] ?? "false")
        return MountSpec(type: kv["type"] ?? "volume", source: kv["source"] ?? kv["src"], target: target, readOnly: ro,
                         propagation: kv["bind-propagation"], origin: org)
    }

    /// `[ip:][hostPort:]containerPort[/proto]`, with IPv6 in brackets.
    static func port(_ v: String, _ org: Origin) -> PortBinding {
        var spec = v, proto = "tcp", ip = ""
        if let slash = spec.lastIndex(of: "/") { proto = String(spec[spec.index(after: slash)...]); spec = String(spec[..<slash]) }
        if spec.hasPrefix("["), let close = spec.firstIndex(of: "]") {
            ip = String(spec[spec.index(after: spec.startIndex)..<close]); spec = String(spec[spec.index(after: close)...].drop { $0 == ":" })
        }
        var p = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let container = p.removeLast()
        let host = p.popLast() ?? ""
        if ip.isEmpty && !p.isEmpty { ip = p.joined(separator: ":") }
        return PortBinding(containerPort: container, proto: proto, hostIP: ip, hostPort: host, origin: org)
    }
}
