import BulkheadCore
import BulkheadModel

extension DockerfileContext {
    /// POSIX RUNs whose layer ends up in the final image.
    var finalRuns: [(Instruction, ShellScript)] { shellRuns.filter { inFinalImage($0.0) } }

    /// The text of every RUN in the final image's stages (for configuration written by echo/printf).
    func finalRunText(containing s: String) -> Bool {
        finalRuns.contains { ins, _ in ins.original.contains(s) || ins.heredocs.contains { $0.body.contains(s) } }
    }
}

struct AptNoInstallRecommends: Rule {
    static let description = RuleDescription(
        id: "DF040", title: "apt-get install without --no-install-recommends", severity: .low, controls: [.imageMinimal], cis: ["4.3"],
        aliases: ["DL3015", "DS-0029", "CIS-DI-0003"],
        rationale: """
        apt installs 'recommended' packages by default, often doubling what lands in the image: more code, more \
        CVEs to triage, more tools for an attacker. Only stages that end up in the final image are reported, and an \
        APT::Install-Recommends setting written earlier counts.
        """,
        remediation: "apt-get install -y --no-install-recommends <packages>",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*"),
            Example("FROM debian:12\nRUN apt-get update \\\n↓ && apt install -y git=1:2.39.5-0+deb12u1"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8"),
            Example("FROM debian:12 AS build\nRUN apt-get install -y build-essential\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /app /app"),
            Example("FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/01norec\nRUN apt-get install -y curl"),
            Example("FROM debian:12\nRUN apt-get -o APT::Install-Recommends=0 install -y curl"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        if ctx.finalRunText(containing: "Install-Recommends \"false\"") || ctx.finalRunText(containing: "Install-Recommends \"0\"")
            || ctx.finalRunText(containing: "Install-Recommends false") || ctx.finalRunText(containing: "Install-Recommends 0") { return [] }
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            for c in RunFacts(s).installs(.apt, .aptCLI) where !c.has("--no-install-recommends") {
                if c.argStrings.contains(where: { $0.contains("Install-Recommends=0") || $0.lowercased().contains("install-recommends=false") }) { continue }
                out.append(ctx.finding(Self.description, ins, command: c, "\(c.name) install pulls in recommended packages; add --no-install-recommends.", evidence: "\(c.name) install"))
            }
        }
        return out
    }
}

struct AptListsLeftBehind: Rule {
    static let description = RuleDescription(
        id: "DF041", title: "apt package lists left in the layer", severity: .low, controls: [.buildHygiene, .imageMinimal], cis: ["4.7"],
        aliases: ["DL3009", "DKL-DI-0005"],
        rationale: """
        apt-get update downloads tens of megabytes of package indexes into /var/lib/apt/lists. Unless the same RUN \
        removes them they stay in that layer forever (a later RUN cannot shrink an earlier layer), and stale \
        indexes in the image mislead later installs. A BuildKit cache mount on /var/lib/apt counts as cleaned.
        """,
        remediation: "End the RUN with && rm -rf /var/lib/apt/lists/*, or use RUN --mount=type=cache,target=/var/lib/apt/lists …",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update && apt-get install -y --no-install-recommends curl"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*"),
            Example("FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl"),
            Example("FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /a /a"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.finalRuns.compactMap { ins, s in
            guard let upd = s.commands.first(where: { ($0.name == "apt-get" || $0.name == "apt") && PackageManager.apt.subcommand($0) == "update" }) else { return nil }
            let facts = RunFacts(s)
            if facts.removes(["/var/lib/apt/lists", "/var/lib/apt"]) || ins.cacheMount(on: ["/var/lib/apt/lists", "/var/lib/apt"]) { return nil }
            return ctx.finding(Self.description, ins, command: upd, "\(upd.name) update leaves package lists in the layer; remove /var/lib/apt/lists/* in the same RUN.", evidence: "apt lists")
        }
    }
}

struct ApkCache: Rule {
    static let description = RuleDescription(
        id: "DF042", title: "apk cache left in the layer", severity: .low, controls: [.buildHygiene, .imageMinimal],
        aliases: ["DL3019", "DS-0025", "DKL-DI-0004"],
        rationale: """
        apk add without --no-cache (and apk update) leave the package index in /var/cache/apk. Each install command \
        is judged on its own flags, so apk upgrade --no-cache && apk add curl is still reported.
        """,
        remediation: "Use apk add --no-cache <packages> and drop the separate apk update.",
        triggering: [
            Example("FROM alpine:3.20\n↓RUN apk add curl=8.9.1-r0"),
            Example("FROM alpine:3.20\n↓RUN apk update && apk add --no-cache curl=8.9.1-r0"),
            Example("FROM alpine:3.20\nRUN apk upgrade --no-cache && \\\n↓    apk add curl=8.9.1-r0"),
        ],
        nonTriggering: [
            Example("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0"),
            Example("FROM alpine:3.20\nRUN apk update && apk add curl=8.9.1-r0 && rm -rf /var/cache/apk/*"),
            Example("FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl=8.9.1-r0"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            let facts = RunFacts(s)
            if facts.removes(["/var/cache/apk"]) || ins.cacheMount(on: ["/var/cache/apk", "/etc/apk/cache"]) { continue }
            for c in s.commands where c.name == "apk" {
                let sub = PackageManager.apk.subcommand(c)
                if (sub == "add" || sub == "update") && !c.has("--no-cache") {
                    out.append(ctx.finding(Self.description, ins, command: c, "apk \(sub!) without --no-cache leaves the package index in the layer.", evidence: "apk \(sub!)"))
                }
            }
        }
        return out
    }
}

struct RpmCache: Rule {
    static let description = RuleDescription(
        id: "DF043", title: "yum/dnf/zypper cache left in the layer", severity: .low, controls: [.buildHygiene, .imageMinimal],
        aliases: ["DL3032", "DL3036", "DL3040", "DS-0015", "DS-0019", "DS-0020", "DS-0027"],
        rationale: """
        yum, dnf, microdnf, tdnf and zypper keep repository metadata (and sometimes packages) in /var/cache. Unless \
        the same RUN cleans it, the layer keeps it.
        """,
        remediation: "Finish the RUN with yum clean all / dnf clean all / microdnf clean all / zypper clean -a (or rm -rf /var/cache/dnf), or use a cache mount.",
        triggering: [
            Example("FROM rockylinux:9\n↓RUN dnf install -y httpd-2.4.62"),
            Example("FROM centos:7\n↓RUN yum install -y httpd-2.4.6"),
            Example("FROM opensuse/leap:15.6\n↓RUN zypper install -y curl=8.6.0"),
        ],
        nonTriggering: [
            Example("FROM rockylinux:9\nRUN dnf install -y httpd-2.4.62 && dnf clean all"),
            Example("FROM centos:7\nRUN yum install -y httpd-2.4.6 && rm -rf /var/cache/yum"),
            Example("FROM opensuse/leap:15.6\nRUN zypper install -y curl=8.6.0 && zypper clean -a"),
            Example("FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y shadow-utils-4.9 && microdnf clean all"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            let facts = RunFacts(s)
            for c in facts.installs(.yum, .dnf, .microdnf, .tdnf, .zypper) {
                let cleaned: Bool
                switch c.name {
                case "zypper": cleaned = facts.runs("zypper", "clean", "cc") || facts.removes(["/var/cache/zypp"]) || ins.cacheMount(on: ["/var/cache/zypp"])
                default:
                    cleaned = s.commands.contains { $0.name == c.name && $0.args.contains { $0.text == "clean" } }
                        || facts.runs("yum", "clean") || facts.runs("dnf", "clean")
                        || facts.removes(["/var/cache/yum", "/var/cache/dnf", "/var/cache/tdnf", "/var/cache/microdnf", "/var/cache/*", "/var/cache/"])
                        || ins.cacheMount(on: ["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf"])
                }
                if !cleaned {
                    out.append(ctx.finding(Self.description, ins, command: c, "\(c.name) install without a '\(c.name) clean' in the same RUN leaves its cache in the layer.", evidence: "\(c.name) install"))
                }
            }
        }
        return out
    }
}

struct PipCache: Rule {
    static let description = RuleDescription(
        id: "DF044", title: "pip install keeps its download cache", severity: .low, controls: [.buildHygiene, .imageMinimal],
        aliases: ["DL3042"],
        rationale: """
        pip caches every wheel it downloads under ~/.cache/pip, which is useless in an image and often as large as \
        the installed packages. PIP_NO_CACHE_DIR in the stage or a BuildKit cache mount counts as handled.
        """,
        remediation: "pip install --no-cache-dir …, or ENV PIP_NO_CACHE_DIR=1, or RUN --mount=type=cache,target=/root/.cache/pip pip install …",
        triggering: [
            Example("FROM python:3.12\n↓RUN pip install -r requirements.txt"),
            Example("FROM python:3.12\n↓RUN python3 -m pip install flask==3.0.3"),
        ],
        nonTriggering: [
            Example("FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt"),
            Example("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt"),
            Example("FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt"),
            Example("FROM python:3.12 AS build\nRUN pip wheel -r requirements.txt -w /wheels\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            let env = ctx.stage(of: ins)?.env ?? [:]
            if env["PIP_NO_CACHE_DIR"] != nil || env["UV_NO_CACHE"] != nil { continue }
            if ins.cacheMount(on: ["/root/.cache", "~/.cache"]) || ins.mounts.contains(where: { $0.type == "cache" && ($0.target ?? "").contains(".cache") }) { continue }
            let facts = RunFacts(s)
            if facts.removes(["/root/.cache", "~/.cache", "$HOME/.cache"]) || facts.runs("pip", "purge") || facts.runs("pip3", "purge") { continue }
            for c in s.commands where PackageManager.of(c) == .pip && PackageManager.pip.isInstall(c) {
                if c.name == "uv" { if c.has("--no-cache") { continue } } else if c.has("--no-cache-dir") { continue }
                if c.assignments.contains(where: { $0.name == "PIP_NO_CACHE_DIR" }) { continue }
                out.append(ctx.finding(Self.description, ins, command: c, "\(c.name) install keeps its download cache in the layer; add --no-cache-dir.", evidence: "pip install"))
            }
        }
        return out
    }
}

struct UpdateAlone: Rule {
    static let description = RuleDescription(
        id: "DF045", title: "Package index updated in a RUN that installs nothing", severity: .low, controls: [.buildHygiene], cis: ["4.7"],
        aliases: ["DS-0017", "CKV_DOCKER_5", "CIS-DI-0007"],
        rationale: """
        The build cache keeps a RUN apt-get update layer for as long as its text does not change, so a later \
        RUN apt-get install uses indexes that can be months old and installs stale, vulnerable versions (or fails). \
        Update and install belong in the same RUN.
        """,
        remediation: "Combine them: RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl"),
            Example("FROM alpine:3.20\n↓RUN apk update"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl"),
            Example("FROM debian:12\nRUN apt-get update && apt-get upgrade -y"),
            Example("FROM alpine:3.20\nRUN apk update && apk upgrade"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.shellRuns.compactMap { ins, s in
            let updates = s.commands.filter { c in
                guard let pm = PackageManager.of(c), pm.isOS else { return false }
                let sub = pm.subcommand(c)
                return sub == "update" && c.name != "zypper" || (c.name == "yum" || c.name == "dnf") && sub == "makecache" || c.name == "zypper" && (sub == "refresh" || sub == "ref")
            }
            guard let u = updates.first else { return nil }
            let doesMore = s.commands.contains { c in
                guard let pm = PackageManager.of(c), pm.isOS, let sub = pm.subcommand(c) else { return false }
                return pm.isInstall(c) || ["upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download", "update-minimal", "up", "dup", "patch", "fix", "policy", "search", "show", "list", "info"].contains(sub)
                    || (c.name == "yum" || c.name == "dnf") && sub == "update" && c.positionals(valued: pm.valuedOptions).count > 1
            } || s.commands.contains { ["apt-cache", "apt-file", "add-apt-repository", "apt-mark"].contains($0.name) }
            guard !doesMore else { return nil }
            return ctx.finding(Self.description, ins, command: u, "RUN \(u.name) \(PackageManager.of(u)?.subcommand(u) ?? "update") installs nothing; the cached layer will make later installs use stale indexes.", evidence: "\(u.name) update")
        }
    }
}

struct ExposeSSH: Rule {
    static let description = RuleDescription(
        id: "DF046", title: "Port 22 exposed", severity: .medium, controls: [.networkExposure, .imageMinimal], cis: ["5.7"],
        aliases: ["DS-0004", "CKV_DOCKER_1"],
        rationale: """
        EXPOSE 22 means the image expects to run an SSH server: a second way in with its own credentials and CVEs, \
        and a sign the container is managed like a VM. docker exec (or kubectl exec) gives operators a shell without it.
        """,
        remediation: "Remove the SSH server and EXPOSE 22; use docker exec / kubectl exec for debugging.",
        triggering: [Example("FROM debian:12\n↓EXPOSE 22"), Example("FROM debian:12\n↓EXPOSE 80/tcp 22/tcp")],
        nonTriggering: [Example("FROM debian:12\nEXPOSE 8080"), Example("FROM debian:12\nEXPOSE 2222 220")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "EXPOSE", ctx.inFinalImage(ins) else { return nil }
            let hit = ins.words.contains { w in
                let port = w.split(separator: "/").first.map(String.init) ?? w
                if port == "22" { return true }
                let r = port.split(separator: "-").compactMap { Int($0) }
                return r.count == 2 && r[0] <= 22 && 22 <= r[1]
            }
            return hit ? ctx.finding(Self.description, ins, "EXPOSE 22 advertises an SSH server in the image.", evidence: "EXPOSE 22") : nil
        }
    }
}

/// Packages that have no place in a production image.
enum ToolPackages {
    static let sshServers: Set<String> = ["openssh-server", "openssh", "dropbear", "ssh", "openssh-server-pam", "tinyssh"]
    static let debugTools: Set<String> = ["vim", "vim-tiny", "vim-nox", "vim-enhanced", "vim-minimal", "nano", "emacs", "emacs-nox",
                                          "gdb", "strace", "ltrace", "tcpdump", "nmap", "netcat", "netcat-openbsd", "netcat-traditional",
                                          "ncat", "nmap-ncat", "telnet", "wireshark", "tshark", "valgrind", "socat", "lsof", "bpftrace",
                                          "perf", "linux-perf", "hping3", "john", "hydra", "sqlmap", "masscan", "nikto"]

    static func base(_ pkg: String) -> String {
        var p = pkg
        for sep in ["=", ">", "<", "~"] { if let r = p.range(of: sep) { p = String(p[..<r.lowerBound]) } }
        return p.lowercased()
    }

    static func installed(_ ctx: DockerfileContext, _ set: Set<String>) -> [(Instruction, ShellCommand, [String])] {
        var out: [(Instruction, ShellCommand, [String])] = []
        for (ins, s) in ctx.finalRuns {
            for c in s.commands {
                guard let pm = PackageManager.of(c), pm.isOS else { continue }
                let names = pm.packages(c).map { base($0.text) }.filter { n in
                    set.contains(n) || (pm == .yum || pm == .dnf || pm == .microdnf) && set.contains { n.hasPrefix($0 + "-") && n.dropFirst($0.count + 1).first?.isNumber == true }
                }
                if !names.isEmpty { out.append((ins, c, names)) }
            }
        }
        return out
    }
}

struct SSHServerInstalled: Rule {
    static let description = RuleDescription(
        id: "DF047", title: "SSH server installed in the final image", severity: .medium, controls: [.imageMinimal, .networkExposure], cis: ["4.3", "5.7"],
        aliases: ["DL3001"],
        rationale: """
        An SSH daemon in a container is a second entry point with its own keys, passwords and vulnerabilities, and \
        it usually runs as root. Containers are debugged with docker exec, not SSH.
        """,
        remediation: "Do not install openssh-server or dropbear; use docker exec / kubectl exec, or a separate debug image.",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*"),
            Example("FROM alpine:3.20\n↓RUN apk add --no-cache openssh"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends openssh-client"),
            Example("FROM debian:12 AS build\nRUN apt-get install -y openssh-server\nFROM debian:12\nUSER 1000"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ToolPackages.installed(ctx, ToolPackages.sshServers).map { ins, c, names in
            ctx.finding(Self.description, ins, command: c, "\(c.name) installs an SSH server (\(names.joined(separator: ", "))) into the final image.", evidence: "ssh server \(names.joined(separator: ","))")
        }
    }
}

struct DebugToolsInstalled: Rule {
    static let description = RuleDescription(
        id: "DF048", title: "Editors or debugging tools in the final image", severity: .low, controls: [.imageMinimal], cis: ["4.3"],
        aliases: ["DL3001"],
        rationale: """
        Editors, debuggers, packet capture and network tools (vim, nano, gdb, strace, tcpdump, nmap, netcat, telnet, \
        socat) help an intruder far more than they help production: they read memory, sniff traffic and open \
        reverse shells. Build stages may use them; the final image should not ship them.
        """,
        remediation: "Remove them from the final stage; debug with an ephemeral debug container (docker debug, kubectl debug) instead.",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get install -y --no-install-recommends vim=2:9.0.1378-2 curl=7.88.1-10+deb12u8"),
            Example("FROM alpine:3.20\n↓RUN apk add --no-cache strace tcpdump"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl"),
            Example("FROM debian:12 AS build\nRUN apt-get install -y gdb\nFROM debian:12\nCOPY --from=build /a /a"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ToolPackages.installed(ctx, ToolPackages.debugTools).map { ins, c, names in
            ctx.finding(Self.description, ins, command: c, "\(c.name) installs \(names.joined(separator: ", ")) into the final image.", evidence: "tools \(names.joined(separator: ","))")
        }
    }
}

enum FileModes {
    /// True if a chmod mode makes files writable by everyone (without the sticky bit on 1777).
    static func worldWritable(_ mode: String) -> Bool {
        if mode.allSatisfy({ $0.isNumber }), mode.count >= 3, let v = Int(mode, radix: 8) {
            if v & 0o1000 != 0 { return false }  // sticky directories like /tmp
            return v & 0o002 != 0
        }
        let clauses = mode.split(separator: ",")
        // a sticky bit added in any clause (ugo+rwx,o+t) makes it a /tmp-like directory
        if clauses.contains(where: { c in let r = c.drop { "ugoa".contains($0) }; return (r.first == "+" || r.first == "=") && r.contains("t") }) { return false }
        for clause in clauses {
            let who = clause.prefix { "ugoa".contains($0) }
            let rest = clause.dropFirst(who.count)
            guard let op = rest.first, op == "+" || op == "=" else { continue }
            let perms = rest.dropFirst()
            if (who.isEmpty || who.contains("o") || who.contains("a")) && perms.contains("w") && !perms.contains("t") {
                if who.isEmpty { continue }  // plain +w respects the umask
                return true
            }
        }
        return false
    }

    static func setuid(_ mode: String) -> Bool {
        if mode.allSatisfy({ $0.isNumber }), mode.count == 4, let v = Int(mode, radix: 8) { return v & 0o6000 != 0 }
        return mode.split(separator: ",").contains { c in
            let who = c.prefix { "ugoa".contains($0) }
            let rest = c.dropFirst(who.count)
            return (rest.first == "+" || rest.first == "=") && rest.dropFirst().contains("s")
        }
    }

    /// The mode operand of chmod (options such as -R come first; a mode cannot start with '-' when it adds bits).
    static func chmodModes(_ c: ShellCommand) -> [String] {
        guard c.name == "chmod", let m = c.positionals(valued: ["--reference"]).first else { return [] }
        return [m.text]
    }
}

struct WorldWritable: Rule {
    static let description = RuleDescription(
        id: "DF049", title: "Files made world-writable", severity: .medium, controls: [.imagePermissions], cis: ["4.8"],
        rationale: """
        chmod 777 (or o+w) lets every user in the container, including a compromised unprivileged process, replace \
        the files: binaries, scripts run by root at start, configuration. It is almost always a shortcut around a \
        wrong owner. Directories with the sticky bit (1777, like /tmp) are not reported.
        """,
        remediation: "Give the files to the user that needs them (COPY --chown=app:app, chown) and keep modes at 755/644 or tighter.",
        triggering: [
            Example("FROM debian:12\n↓RUN chmod -R 777 /app"),
            Example("FROM debian:12\n↓RUN chmod a+rwx /entrypoint.sh"),
            Example("FROM debian:12\n↓COPY --chmod=777 app /app"),
            Example("FROM debian:12\n↓RUN mkdir -p /data && chmod 0666 /data/config"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN chmod 755 /app"),
            Example("FROM debian:12\nRUN chmod 1777 /scratch"),
            Example("FROM debian:12\nRUN chmod +x /entrypoint.sh"),
            Example("FROM debian:12 AS build\nRUN chmod 777 /src\nFROM debian:12\nCOPY --from=build /src/app /app"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            for c in s.commands where c.name == "chmod" {
                if let m = FileModes.chmodModes(c).first, FileModes.worldWritable(m) {
                    out.append(ctx.finding(Self.description, ins, command: c, "chmod \(m) makes files writable by every user in the container.", evidence: "chmod \(m)"))
                }
            }
        }
        for ins in ctx.file.instructions where (ins.keyword == "COPY" || ins.keyword == "ADD") && ctx.inFinalImage(ins) {
            if let m = ins.flag("chmod")?.value, FileModes.worldWritable(m) {
                out.append(ctx.finding(Self.description, ins, "\(ins.keyword) --chmod=\(m) makes files writable by every user in the container.", evidence: "--chmod=\(m)"))
            }
        }
        return out
    }
}

struct SetuidAdded: Rule {
    static let description = RuleDescription(
        id: "DF051", title: "setuid or setgid bit added", severity: .medium, controls: [.imagePermissions], cis: ["4.8"],
        aliases: ["CIS-DI-0008"],
        rationale: """
        A setuid-root binary runs as root whoever starts it: any flaw in it is a privilege escalation from the \
        container's unprivileged user. Images should remove setuid bits, not add them.
        """,
        remediation: "Do not add setuid/setgid bits; grant a narrow capability at runtime if the program really needs one (e.g. --cap-add NET_BIND_SERVICE).",
        triggering: [Example("FROM debian:12\n↓RUN chmod u+s /usr/local/bin/tool"), Example("FROM debian:12\n↓RUN chmod 4755 /usr/local/bin/tool")],
        nonTriggering: [Example("FROM debian:12\nRUN chmod 0755 /usr/local/bin/tool"), Example("FROM debian:12\nRUN chmod u-s /usr/bin/passwd")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            for c in s.commands where c.name == "chmod" {
                if let m = FileModes.chmodModes(c).first, FileModes.setuid(m) {
                    out.append(ctx.finding(Self.description, ins, command: c, "chmod \(m) adds a setuid/setgid bit.", evidence: "chmod \(m)"))
                }
            }
        }
        return out
    }
}

struct HealthcheckMissing: Rule {
    static let description = RuleDescription(
        id: "DF050", title: "No HEALTHCHECK in the final stage", severity: .low, controls: [.imageHealthcheck], cis: ["4.6"],
        aliases: ["DL3057", "DS-0026", "CKV_DOCKER_2", "CIS-DI-0006"],
        rationale: """
        Without a health check, Docker and Compose only know whether the process exists, not whether it works; a \
        hung or half-compromised service keeps receiving traffic. Orchestrators that use their own probes \
        (Kubernetes) do not need it: disable DF050 in .bulkhead.yml for such images, or write HEALTHCHECK NONE to say so explicitly.
        """,
        remediation: "Add a HEALTHCHECK to the final stage, e.g. HEALTHCHECK --interval=30s CMD [\"/app\", \"healthcheck\"].",
        triggering: [Example("↓FROM nginx:1.27\nCOPY site /usr/share/nginx/html")],
        nonTriggering: [
            Example("FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1"),
            Example("FROM nginx:1.27 AS base\nHEALTHCHECK NONE\nFROM base"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let final = ctx.file.finalStage else { return [] }
        for s in ctx.file.lineage(of: final) where ctx.file.instructions(in: s).contains(where: { $0.keyword == "HEALTHCHECK" }) { return [] }
        return [ctx.finding(Self.description, line: final.fromLine, stage: final, "The final stage '\(final.displayName)' has no HEALTHCHECK.", evidence: "no HEALTHCHECK")]
    }
}
