import BulkheadCore
import BulkheadModel

extension RuntimeContext {
    /// "HostConfig.Privileged = true (services.web.privileged, line 5)"
    func evidence(_ field: String, _ value: String, _ o: Origin?) -> String {
        guard let o else { return "\(field) = \(value)" }
        return "\(field) = \(value) (\(o.path ?? o.file), line \(o.line))"
    }

    func escape(_ d: RuleDescription, at: Origin, severity: Severity? = nil, technique: String, chain: [String], fix: String) -> Finding {
        var f = finding(d, at: at, severity: severity, "Escape path open in '\(config.name)': \(technique). Break it: \(fix)", evidence: "escape \(technique)")
        f.escape = EscapePath(technique: technique, chain: chain, fix: fix)
        return f
    }

    var runsAsRoot: Bool {
        guard let u = config.user?.value else { return true }  // unknown user: assume the common case, root
        let n = u.split(separator: ":").first.map(String.init) ?? ""
        return n.isEmpty || n == "root" || n == "0"
    }
    func capOrigin(_ cap: String) -> Origin? { config.capAdd.first { EffectiveSecurity.normalizeCap($0.value) == cap || EffectiveSecurity.normalizeCap($0.value) == "ALL" }?.origin }
    var cgroupV1Possible: Bool { daemon.cgroupVersion.map { $0 == 1 } ?? true }
}

/// Escape techniques of shared/reference/runtime-host-and-enforcement.md §9, each from the fields that enable it.
struct EscapePrivileged: Rule {
    static let description = RuleDescription(
        id: "ES001", title: "Escape: privileged container to host", severity: .critical, controls: [.runtimePrivileged],
        rationale: "Privileged mode grants every capability and device with seccomp and AppArmor off: mount the host disk (mount /dev/sda1 /mnt), load a kernel module, or abuse a cgroup v1 release_agent. (CDK mount-disk; deepce PRIVILEGED.)",
        remediation: "Remove privileged: true.",
        triggering: [Example("services:\n  a:\n    image: a:1\n↓    privileged: true")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_add: [NET_ADMIN]")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let p = ctx.config.privileged, p.value else { return [] }
        return [ctx.escape(Self.description, at: p.origin, technique: "privileged container → host (mount host disk, kernel module, release_agent)",
                           chain: [ctx.evidence("HostConfig.Privileged", "true", p.origin), "all capabilities and host devices, seccomp and AppArmor off"],
                           fix: "remove privileged mode")]
    }
}

struct EscapeEngineSocket: Rule {
    static let description = RuleDescription(
        id: "ES002", title: "Escape: engine socket to a privileged sibling", severity: .critical, controls: [.runtimeDockerSocket],
        rationale: "With the engine socket the container asks the daemon to start a privileged container with the host's / mounted, then chroots into it. Read-only mounts do not prevent it. (CDK docker-sock-pwn; deepce SOCK.)",
        remediation: "Remove the socket mount (or the directory that holds it).",
        triggering: [Example("services:\n  a:\n    image: a:1\n    volumes:\n↓      - /var/run:/var/run")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    volumes:\n      - ./run:/var/run")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        if let m = ctx.config.mounts.first(where: { $0.type == "bind" && ($0.source.map(HostPaths.engineSocket) ?? false) }) {
            return [ctx.escape(Self.description, at: m.origin, technique: "engine socket → privileged container with host / mounted",
                               chain: [ctx.evidence("Mounts[].Source", m.source ?? "", m.origin), "docker run --privileged -v /:/host … chroot /host"],
                               fix: "remove the mount of \(m.source ?? "the socket")")]
        }
        if let u = ctx.config.useAPISocket, u.value {
            return [ctx.escape(Self.description, at: u.origin, technique: "engine socket → privileged container with host / mounted",
                               chain: [ctx.evidence("use_api_socket", "true", u.origin)], fix: "remove use_api_socket")]
        }
        return []
    }
}

struct EscapeSysAdminCgroup: Rule {
    static let description = RuleDescription(
        id: "ES003", title: "Escape: SYS_ADMIN without AppArmor (cgroup release_agent)", severity: .critical, controls: [.runtimeCapabilities, .runtimeMAC],
        rationale: "SYS_ADMIN makes seccomp allow mount; AppArmor's docker-default profile is what still denies it. With AppArmor unconfined (or absent) and cgroup v1, the container mounts a cgroup hierarchy and sets release_agent to a host-side script. (CDK mount-cgroup; Trail of Bits PoC.)",
        remediation: "Remove SYS_ADMIN (or keep AppArmor enforcing and move the host to cgroup v2).",
        triggering: [Example("services:\n  a:\n    image: a:1\n    cap_add:\n↓      - SYS_ADMIN\n    security_opt:\n      - apparmor:unconfined")],
        nonTriggering: [
            Example("services:\n  a:\n    image: a:1\n    cap_add: [SYS_ADMIN]"),
            Example("services:\n  a:\n    image: a:1\n    cap_add: [SYS_ADMIN]\n    security_opt: [apparmor:unconfined]", options: ["daemon-cgroup-version": "2"]),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let e = ctx.effective
        guard !e.privileged, e.has("SYS_ADMIN"), e.appArmorUnconfined || !ctx.daemon.appArmor, ctx.cgroupV1Possible, let o = ctx.capOrigin("SYS_ADMIN") else { return [] }
        let aa = ctx.config.securityOptions("apparmor").first { $0.value == "unconfined" }
        return [ctx.escape(Self.description, at: o, technique: "SYS_ADMIN + no AppArmor → cgroup v1 release_agent runs a host command",
                           chain: [ctx.evidence("HostConfig.CapAdd", "SYS_ADMIN", o), ctx.evidence("SecurityOpt", "apparmor=unconfined", aa?.origin),
                                   ctx.daemon.cgroupVersion == 1 ? "host uses cgroup v1" : "if the host uses cgroup v1"],
                           fix: "remove SYS_ADMIN")]
    }
}

struct EscapeUnconfinedUserns: Rule {
    static let description = RuleDescription(
        id: "ES004", title: "Escape: seccomp and MAC off as root (CVE-2022-0492)", severity: .high, controls: [.runtimeSeccomp, .runtimeMAC, .userRoot],
        rationale: "The default seccomp profile blocks unshare without SYS_ADMIN. With seccomp unconfined and AppArmor/SELinux off, root in the container creates a user and cgroup namespace and writes release_agent on unpatched cgroup v1 kernels. (CDK abuse-unpriv-userns.)",
        remediation: "Restore the default seccomp profile.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    security_opt:\n↓      - seccomp=unconfined\n      - apparmor=unconfined")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    user: \"1000\"\n    security_opt: [seccomp=unconfined, apparmor=unconfined]")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let e = ctx.effective
        guard !e.privileged, e.seccomp == "unconfined", e.appArmorUnconfined || e.selinuxDisabled, ctx.runsAsRoot, ctx.cgroupV1Possible,
              let s = ctx.config.securityOptions("seccomp").first(where: { $0.value == "unconfined" }) else { return [] }
        let mac = ctx.config.securityOptions("apparmor").first { $0.value == "unconfined" } ?? ctx.config.securityOptions("label").first { $0.value == "disable" }
        return [ctx.escape(Self.description, at: s.origin, technique: "seccomp + MAC off, root → unshare a cgroup namespace and write release_agent (CVE-2022-0492)",
                           chain: [ctx.evidence("SecurityOpt", "seccomp=unconfined", s.origin), ctx.evidence("SecurityOpt", mac?.value ?? "MAC off", mac?.origin),
                                   ctx.evidence("Config.User", ctx.config.user?.value ?? "(image default, usually root)", ctx.config.user?.origin),
                                   "host on cgroup v1 with an unpatched kernel"],
                           fix: "restore the default seccomp profile")]
    }
}

struct EscapeDeviceCgroup: Rule {
    static let description = RuleDescription(
        id: "ES005", title: "Escape: device cgroup rule plus MKNOD to host disk", severity: .critical, controls: [.runtimeDevices],
        rationale: "A device cgroup rule that allows block devices ('b *:* rwm', 'a *:* rwm'), or SYS_ADMIN with a writable cgroup filesystem, plus the default MKNOD capability lets the container create /dev/sda and mount the host disk. (CDK rewrite-cgroup-devices.)",
        remediation: "Remove the wildcard device cgroup rule (or drop MKNOD).",
        triggering: [Example("services:\n  a:\n    image: a:1\n    device_cgroup_rules:\n↓      - 'b *:* rwm'")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_drop: [ALL]\n    device_cgroup_rules:\n      - 'b *:* rwm'")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let e = ctx.effective
        guard !e.privileged, e.has("MKNOD") else { return [] }
        if let r = ctx.config.deviceCgroupRules.first(where: { let p = $0.value.split(separator: " "); return p.count >= 2 && (p[0] == "a" || p[0] == "b") }) {
            return [ctx.escape(Self.description, at: r.origin, technique: "device cgroup rule + MKNOD → mknod the host disk and mount it",
                               chain: [ctx.evidence("HostConfig.DeviceCgroupRules", r.value, r.origin), "MKNOD (a default capability)"],
                               fix: "remove the device cgroup rule '\(r.value)'")]
        }
        if e.has("SYS_ADMIN"), e.writableCgroups, let o = ctx.capOrigin("SYS_ADMIN") {
            return [ctx.escape(Self.description, at: o, technique: "SYS_ADMIN + writable cgroups → rewrite devices.allow, mknod the host disk",
                               chain: [ctx.evidence("HostConfig.CapAdd", "SYS_ADMIN", o), "writable-cgroups=true", "MKNOD (a default capability)"],
                               fix: "remove writable-cgroups")]
        }
        return []
    }
}

struct EscapePtraceHostPID: Rule {
    static let description = RuleDescription(
        id: "ES006", title: "Escape: SYS_PTRACE with the host PID namespace", severity: .critical, controls: [.runtimeCapabilities, .runtimeNamespaces],
        rationale: "With the host's PID namespace and SYS_PTRACE, root in the container attaches to a host root process and injects code. docker-default AppArmor only lets a process trace peers of its own profile, so on AppArmor hosts the chain also needs apparmor=unconfined. (CDK check-ptrace.)",
        remediation: "Remove pid: host.",
        triggering: [Example("services:\n  a:\n    image: a:1\n↓    pid: host\n    cap_add: [SYS_PTRACE]\n    security_opt: [apparmor=unconfined]")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_add: [SYS_PTRACE]")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let e = ctx.effective
        guard !e.privileged, e.hostPID, e.has("SYS_PTRACE"), let pid = ctx.config.pidMode else { return [] }
        let confined = !e.appArmorUnconfined && ctx.daemon.appArmor
        return [ctx.escape(Self.description, at: pid.origin, severity: confined ? .high : .critical,
                           technique: "SYS_PTRACE + host PID → inject into a host root process",
                           chain: [ctx.evidence("HostConfig.PidMode", "host", pid.origin), ctx.evidence("HostConfig.CapAdd", "SYS_PTRACE", ctx.capOrigin("SYS_PTRACE")),
                                   confined ? "AppArmor docker-default still blocks tracing other profiles (hosts without AppArmor are open)" : "AppArmor unconfined"],
                           fix: "remove pid: host")]
    }
}

struct EscapeKernelModule: Rule {
    static let description = RuleDescription(
        id: "ES007", title: "Escape: SYS_MODULE loads a kernel module", severity: .critical, controls: [.runtimeCapabilities],
        rationale: "SYS_MODULE makes seccomp allow init_module/finit_module: root in the container loads code into the host kernel (unless the host enforces module signing or lockdown).",
        remediation: "Remove SYS_MODULE.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    cap_add:\n↓      - SYS_MODULE")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_add: [SYS_MODULE]\n    user: \"1000\"")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.privileged, ctx.effective.has("SYS_MODULE"), ctx.runsAsRoot, let o = ctx.capOrigin("SYS_MODULE") else { return [] }
        return [ctx.escape(Self.description, at: o, technique: "SYS_MODULE → insmod a module into the host kernel",
                           chain: [ctx.evidence("HostConfig.CapAdd", "SYS_MODULE", o), "uid 0 in the container"], fix: "remove SYS_MODULE")]
    }
}

struct EscapeShocker: Rule {
    static let description = RuleDescription(
        id: "ES008", title: "Escape: DAC_READ_SEARCH reads host files (shocker)", severity: .critical, controls: [.runtimeCapabilities],
        rationale: "DAC_READ_SEARCH makes seccomp allow open_by_handle_at; every container has host files bind-mounted (/etc/hosts, /etc/resolv.conf), so the container brute-forces handles and reads any host file, /etc/shadow included; with DAC_OVERRIDE (a default) it can write too.",
        remediation: "Remove DAC_READ_SEARCH.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    cap_add:\n↓      - DAC_READ_SEARCH")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    cap_add: [CHOWN]")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.privileged, ctx.effective.has("DAC_READ_SEARCH"), let o = ctx.capOrigin("DAC_READ_SEARCH") else { return [] }
        return [ctx.escape(Self.description, at: o, technique: "DAC_READ_SEARCH → open_by_handle_at reads any host file",
                           chain: [ctx.evidence("HostConfig.CapAdd", "DAC_READ_SEARCH", o), "host files bind-mounted in every container (/etc/hosts, /etc/resolv.conf)"]
                            + (ctx.effective.has("DAC_OVERRIDE") ? ["DAC_OVERRIDE (default) makes writes possible"] : []),
                           fix: "remove DAC_READ_SEARCH")]
    }
}

struct EscapeHostMount: Rule {
    static let description = RuleDescription(
        id: "ES009", title: "Escape: writable host system directory", severity: .critical, controls: [.runtimeHostMounts],
        rationale: "A writable mount of the host's /, /etc, /root, /boot, /lib/modules, /usr, /dev or the engine storage lets root in the container write a cron job, an ld.so.preload entry, an SSH key or another container's files; /proc gives core_pattern, /sys gives uevent_helper, both run commands on the host.",
        remediation: "Mount it read-only, or mount only the file the service needs.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    volumes:\n↓      - /etc:/host/etc"), Example("↓docker run -v /proc:/host/proc tool:1", options: ["format": "run"])],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    volumes:\n      - /etc:/host/etc:ro")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.mounts.compactMap { m in
            guard m.type == "bind", !m.readOnly, let src = m.source, !src.hasSuffix(".sock"),
                  let (label, rw, _) = HostPaths.sensitivity(src), rw == .critical else { return nil }
            let s = HostPaths.normalize(src)
            let how: String
            if s == "/proc" || s.hasPrefix("/proc/sys") { how = "write /proc/sys/kernel/core_pattern: the host runs a command on the next crash" }
            else if s == "/sys" || s.hasPrefix("/sys/kernel") { how = "write /sys/kernel/uevent_helper or kernel parameters" }
            else if s == "/" { how = "chroot into the host filesystem" }
            else { how = "write cron jobs, keys, ld.so.preload or other containers' files" }
            return ctx.escape(Self.description, at: m.origin, technique: "writable \(label) → \(how)",
                              chain: [ctx.evidence("Mounts[].Source", src, m.origin), "mounted read-write at \(m.target)"] + (ctx.runsAsRoot ? ["uid 0 in the container"] : []),
                              fix: "mount \(src) read-only (:ro) or not at all")
        }
    }
}

struct EscapeSystemPaths: Rule {
    static let description = RuleDescription(
        id: "ES010", title: "Escape: unmasked kernel interfaces", severity: .high, controls: [.runtimeHostMounts],
        rationale: "systempaths=unconfined exposes /proc/sysrq-trigger, /proc/kcore and a writable /proc/sys: a root process can crash or reconfigure the host kernel and read kernel memory.",
        remediation: "Remove systempaths=unconfined.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    security_opt:\n↓      - systempaths=unconfined")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.privileged, ctx.effective.systemPathsUnmasked else { return [] }
        let o = ctx.config.securityOptions("systempaths").first?.origin ?? ctx.config.maskedPaths?.origin ?? ctx.entity
        return [ctx.escape(Self.description, at: o, technique: "unmasked /proc and /sys → kernel triggers and memory",
                           chain: [ctx.evidence("SecurityOpt", "systempaths=unconfined", o)], fix: "remove systempaths=unconfined")]
    }
}

struct EscapeHostNetwork: Rule {
    static let description = RuleDescription(
        id: "ES011", title: "Escape: host network reaches host-local services", severity: .high, controls: [.runtimeNamespaces],
        rationale: "In the host network namespace the container reaches every loopback-only service: a Docker API on 127.0.0.1:2375, the kubelet, databases bound to localhost, the containerd-shim abstract socket (CVE-2020-15257) and cloud metadata.",
        remediation: "Remove network_mode: host and publish only the needed ports.",
        triggering: [Example("services:\n  a:\n    image: a:1\n↓    network_mode: host")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    network_mode: bridge")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard ctx.effective.hostNetwork, let n = ctx.config.networkMode else { return [] }
        return [ctx.escape(Self.description, at: n.origin, technique: "host network → host-local services (loopback APIs, shim socket, metadata)",
                           chain: [ctx.evidence("HostConfig.NetworkMode", "host", n.origin)], fix: "remove network_mode: host")]
    }
}

struct EscapeDangerousDevice: Rule {
    static let description = RuleDescription(
        id: "ES012", title: "Escape: host disk or memory device", severity: .critical, controls: [.runtimeDevices],
        rationale: "With a host block device the container mounts the host's filesystem (debugfs or mount); with /dev/mem or /dev/kmem it reads and writes host memory.",
        remediation: "Remove the device.",
        triggering: [Example("services:\n  a:\n    image: a:1\n    devices:\n↓      - /dev/nvme0n1")],
        nonTriggering: [Example("services:\n  a:\n    image: a:1\n    devices:\n      - /dev/snd")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.privileged, let d = ctx.config.devices.first(where: { HostPaths.dangerousDevice($0.pathOnHost) }) else { return [] }
        return [ctx.escape(Self.description, at: d.origin, technique: "host block/memory device → mount the host filesystem or patch memory",
                           chain: [ctx.evidence("HostConfig.Devices[].PathOnHost", d.pathOnHost, d.origin)], fix: "remove the device \(d.pathOnHost)")]
    }
}
