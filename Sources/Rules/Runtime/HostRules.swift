import BulkheadCore
import BulkheadModel

struct RuntimeHostMount: Rule {
    static let description = RuleDescription(
        id: "RT011", title: "Sensitive host path mounted", severity: .high, controls: [.runtimeHostMounts], cis: ["5.6"],
        aliases: ["CL-0013", "CL-0025", "KICS volume_has_sensitive_host_directory"],
        rationale: """
        A bind mount of /, /etc, /root, /boot, /proc, /sys, /dev, /lib/modules, /usr or the engine's storage \
        (/var/lib/docker, /var/lib/containerd) lets the container rewrite the host: cron jobs, sudoers, \
        ld.so.preload, other containers' filesystems. Writable mounts are graded critical; read-only mounts still \
        leak secrets (shadow, keys) and are reported lower. Credential directories (.ssh, .aws, .docker, .kube) \
        are treated like keys. Harmless files such as /etc/localtime are not reported.
        """,
        remediation: "Mount only the specific file or directory the service needs, read-only (:ro), or use a named volume.",
        triggering: [
            Example("services:\n  backup:\n    image: backup:1.0\n    volumes:\n↓      - /:/host\n↓      - /etc:/host-etc:ro"),
            Example("↓docker run -v /var/lib/docker:/docker tool:1", options: ["format": "run"]),
            Example("services:\n  app:\n    image: app:1.0\n    volumes:\n↓      - ~/.ssh:/root/.ssh:ro"),
        ],
        nonTriggering: [
            Example("services:\n  app:\n    image: app:1.0\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - ./config:/etc/app:ro\n      - data:/var/lib/app"),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.mounts.compactMap { m in
            // socket files are RT003's; directories such as / are both an engine socket and a host-root mount
            guard m.type == "bind", let src = m.source, !src.hasSuffix(".sock"), let (label, rw, ro) = HostPaths.sensitivity(src) else { return nil }
            let sev = m.readOnly ? ro : rw
            return ctx.finding(Self.description, at: m.origin, severity: sev,
                               "'\(ctx.config.name)' mounts \(label) at \(m.target)\(m.readOnly ? " read-only" : " writable").", evidence: "mount \(src) \(m.readOnly ? "ro" : "rw")")
        }
    }
}

struct RuntimeDevices: Rule {
    static let description = RuleDescription(
        id: "RT012", title: "Host device passed in", severity: .high, controls: [.runtimeDevices], cis: ["5.18"],
        aliases: ["CL-0016"],
        rationale: """
        A block device (/dev/sda, /dev/nvme0n1, /dev/loop*, device-mapper) gives raw access to host filesystems; \
        /dev/mem, /dev/kmem and /dev/port expose host memory and I/O. Device cgroup rules such as 'a *:* rwm' or \
        'b *:* rwm' together with the default MKNOD capability allow creating any device node.
        """,
        remediation: "Pass only the specific device the workload needs (a serial port, a GPU through --gpus), never disks or memory; remove wildcard device cgroup rules.",
        triggering: [
            Example("services:\n  disk:\n    image: tool:1.0\n    devices:\n↓      - /dev/sda:/dev/sda"),
            Example("↓docker run --device-cgroup-rule='b *:* rwm' tool:1", options: ["format": "run"]),
        ],
        nonTriggering: [Example("services:\n  io:\n    image: tool:1.0\n    devices:\n      - /dev/ttyUSB0:/dev/ttyUSB0")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for d in ctx.config.devices where HostPaths.dangerousDevice(d.pathOnHost) {
            out.append(ctx.finding(Self.description, at: d.origin, severity: .critical, "'\(ctx.config.name)' gets the host device \(d.pathOnHost): raw access to host storage or memory.", evidence: "device \(d.pathOnHost)"))
        }
        for r in ctx.config.deviceCgroupRules {
            let parts = r.value.split(separator: " ")
            guard parts.count >= 2 else { continue }
            if parts[0] == "a" || parts[0] == "b" || parts[1].hasPrefix("*") || parts[1].hasPrefix("8:") {
                out.append(ctx.finding(Self.description, at: r.origin, "'\(ctx.config.name)' allows device access '\(r.value)': with MKNOD it can create host disk nodes.", evidence: "device rule \(r.value)"))
            }
        }
        return out
    }
}

struct RuntimePropagation: Rule {
    static let description = RuleDescription(
        id: "RT019", title: "Bind mount with shared propagation", severity: .medium, controls: [.runtimeHostMounts], cis: ["5.20"],
        aliases: ["CL-0017", "KICS volume_mounted_in_multiple_containers"],
        rationale: "With shared or rshared propagation, mounts made inside the container appear on the host (and the reverse), so a container that can mount (SYS_ADMIN, privileged) can change the host's mount table.",
        remediation: "Use the default private propagation unless the service is a storage driver that needs it.",
        triggering: [Example("services:\n  csi:\n    image: csi:1.0\n    volumes:\n↓      - type: bind\n        source: /mnt/data\n        target: /data\n        bind:\n          propagation: rshared")],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    volumes:\n      - /mnt/data:/data:rslave")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.mounts.compactMap { m in
            guard let p = m.propagation, p == "shared" || p == "rshared" else { return nil }
            return ctx.finding(Self.description, at: m.origin, "'\(ctx.config.name)' mounts \(m.source ?? "?") with \(p) propagation.", evidence: "propagation \(p)")
        }
    }
}

struct RuntimeSysctls: Rule {
    static let description = RuleDescription(
        id: "RT020", title: "Unsafe sysctl set", severity: .medium, controls: [.runtimeNamespaces],
        aliases: ["PSS sysctls"],
        rationale: """
        Only a few sysctls are safe to set per container (Kubernetes' safe set: kernel.shm_rmid_forced, \
        net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, \
        net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_*, tcp_fin_timeout). \
        Others change kernel behaviour for more than the container; with host networking or IPC, net.* and \
        kernel.* settings change the host itself.
        """,
        remediation: "Remove the sysctl or set it on the host deliberately; keep per-container sysctls to the safe set.",
        triggering: [Example("services:\n  app:\n    image: app:1.0\n    sysctls:\n↓      kernel.msgmax: 65536\n      net.ipv4.tcp_syncookies: 1")],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    sysctls:\n      - net.ipv4.ip_unprivileged_port_start=0")])

    static let safe: Set<String> = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
                                    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
                                    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
                                    "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.sysctls.compactMap { s in
            let (k, v) = s.value
            let hostWide = (k.hasPrefix("net.") && ctx.effective.hostNetwork) || (k.hasPrefix("kernel.") && ctx.effective.hostIPC)
            guard !Self.safe.contains(k) || hostWide else { return nil }
            return ctx.finding(Self.description, at: s.origin, severity: hostWide ? .high : .medium,
                               "'\(ctx.config.name)' sets \(k)=\(v)\(hostWide ? " in a namespace it shares with the host" : ", outside the safe per-container set").", evidence: "sysctl \(k)")
        }
    }
}

struct RuntimeSystemPaths: Rule {
    static let description = RuleDescription(
        id: "RT018", title: "Kernel paths unmasked or cgroups writable", severity: .high, controls: [.runtimeHostMounts, .runtimeMAC],
        rationale: """
        Docker masks /proc/kcore, /proc/keys, /proc/sysrq-trigger, /sys/firmware and more, and mounts /proc/sys \
        read-only. systempaths=unconfined (empty MaskedPaths/ReadonlyPaths) removes that, exposing host memory \
        and kernel triggers; writable-cgroups=true makes the cgroup filesystem writable, the precondition of \
        release_agent and devices.allow escapes.
        """,
        remediation: "Remove systempaths=unconfined and writable-cgroups=true.",
        triggering: [
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n↓      - systempaths=unconfined"),
            Example("↓docker run --security-opt writable-cgroups=true app:1", options: ["format": "run"]),
        ],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    security_opt: [\"no-new-privileges=true\"]")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for s in ctx.config.securityOptions("systempaths") where s.value == "unconfined" {
            out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' unmasks /proc and /sys kernel paths (systempaths=unconfined).", evidence: "systempaths unconfined"))
        }
        if out.isEmpty, !(ctx.config.privileged?.value ?? false), let m = ctx.config.maskedPaths, m.value.isEmpty {
            out.append(ctx.finding(Self.description, at: m.origin, "'\(ctx.config.name)' has no masked kernel paths (MaskedPaths is empty).", evidence: "systempaths unconfined"))
        }
        for s in ctx.config.securityOptions("writable-cgroups") where s.value == "true" {
            out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' gets a writable cgroup filesystem (writable-cgroups=true).", evidence: "writable-cgroups"))
        }
        return out
    }
}

struct RuntimeTmpfsExec: Rule {
    static let description = RuleDescription(
        id: "RT022", title: "tmpfs mounted with exec, suid or dev", severity: .low, controls: [.runtimeHostMounts, .runtimeReadOnly],
        aliases: ["CL-0022"],
        rationale: "Docker mounts tmpfs noexec,nosuid,nodev by default. Turning exec (or suid/dev) back on gives an intruder a writable place to drop and run binaries, which undoes much of a read-only root filesystem.",
        remediation: "Keep the defaults; if a program must run from tmpfs, limit it to that one path and size.",
        triggering: [Example("services:\n  app:\n    image: app:1.0\n    tmpfs:\n↓      - /run:size=16M,exec")],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    tmpfs:\n      - /tmp:size=16M,mode=1777,noexec")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.tmpfs.compactMap { t in
            let opts = Set(t.value.1.split(separator: ",").map { String($0).trimmingSpaces })
            let on = ["exec", "suid", "dev"].filter { opts.contains($0) }
            guard !on.isEmpty else { return nil }
            return ctx.finding(Self.description, at: t.origin, "'\(ctx.config.name)' mounts tmpfs \(t.value.0) with \(on.joined(separator: ", ")).", evidence: "tmpfs \(t.value.0) \(on.joined(separator: ","))")
        }
    }
}
