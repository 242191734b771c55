import BulkheadCore
import BulkheadModel

struct RuntimeRootUser: Rule {
    static let description = RuleDescription(
        id: "RT001", title: "Container runs as root", severity: .high, controls: [.userRoot], cis: ["4.1", "5.x"],
        aliases: ["CL-0018", "CIS-DI-0001"],
        rationale: """
        A container process running as uid 0 is root on the shared kernel: any escape, writable host mount or \
        kernel bug starts from root. Compose `user: root`, `docker run -u 0` and an inspect Config.User of "", \
        "root" or "0" (inspect shows the image's user merged in, so empty means root) are reported. A compose \
        service without `user` inherits the image's USER and is judged by the Dockerfile/image rules instead.
        """,
        remediation: "Run as an unprivileged uid: `user: \"10001:10001\"` (compose) or `-u 10001:10001`, and give files to that uid in the image.",
        triggering: [
            Example("services:\n  web:\n    image: nginx:1.27\n↓    user: root"),
            Example("↓docker run -u 0:0 nginx:1.27", options: ["format": "run"]),
            Example("[{\"Name\": \"/db\", \"Config\": {\"Image\": \"postgres:16\",\n↓  \"User\": \"\"}, \"HostConfig\": {}}]", options: ["format": "inspect"]),
        ],
        nonTriggering: [
            Example("services:\n  web:\n    image: nginx:1.27\n    user: \"101:101\""),
            Example("services:\n  web:\n    image: nginx:1.27"),
            Example("docker run --user 1000 alpine:3.20", options: ["format": "run"]),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let u = ctx.config.user else { return [] }
        let name = u.value.split(separator: ":").first.map(String.init) ?? ""
        guard name == "root" || name == "0" || (ctx.isInspect && u.value.isEmpty) else { return [] }
        let shown = u.value.isEmpty ? "\"\" (the image default, root)" : u.value
        return [ctx.finding(Self.description, at: u.origin, "'\(ctx.config.name)' runs as \(shown).", evidence: "user \(u.value)")]
    }
}

struct RuntimePrivileged: Rule {
    static let description = RuleDescription(
        id: "RT002", title: "Privileged container", severity: .critical, controls: [.runtimePrivileged, .runtimeCapabilities], cis: ["5.5"],
        aliases: ["CL-0002", "KICS privileged_containers_enabled"],
        rationale: """
        Privileged mode gives the container every capability and every host device, turns off seccomp, AppArmor \
        and SELinux, and makes /sys and the cgroup filesystem writable. Mounting the host disk or loading a kernel \
        module is then one command away: a privileged container is root on the host.
        """,
        remediation: "Remove privileged; grant only the specific capability or device the workload needs (cap_add, devices).",
        triggering: [
            Example("services:\n  agent:\n    image: agent:1.0\n↓    privileged: true"),
            Example("↓docker run --privileged -d agent:1.0", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  agent:\n    image: agent:1.0\n    privileged: false"),
            Example("docker run -d --cap-add NET_BIND_SERVICE web:1.0", options: ["format": "run"]),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let p = ctx.config.privileged, p.value else { return [] }
        return [ctx.finding(Self.description, at: p.origin, "'\(ctx.config.name)' runs privileged: all capabilities and devices, no seccomp or AppArmor.", evidence: "privileged")]
    }
}

struct RuntimeEngineSocket: Rule {
    static let description = RuleDescription(
        id: "RT003", title: "Container engine socket mounted", severity: .critical, controls: [.runtimeDockerSocket], cis: ["5.32"],
        aliases: ["CL-0001", "KICS docker_socket_mounted_in_container"],
        rationale: """
        Whoever can talk to the engine socket can start a privileged container with the host's / mounted: it is \
        root on the host. Read-only mounts do not help (connecting to a socket needs no write to the file). Also \
        caught: a parent directory that contains the socket (/var/run, /run, /), containerd, podman and CRI-O \
        sockets, and Compose `use_api_socket: true`.
        """,
        remediation: "Do not mount the socket. If a tool must reach the engine, put a filtering proxy (e.g. a socket proxy allowing only read endpoints) in between, or use rootless Docker.",
        triggering: [
            Example("services:\n  ci:\n    image: ci:1.0\n    volumes:\n↓      - /var/run/docker.sock:/var/run/docker.sock:ro"),
            Example("services:\n  ci:\n    image: ci:1.0\n    volumes:\n↓      - type: bind\n        source: /run\n        target: /host-run"),
            Example("services:\n  ci:\n    image: ci:1.0\n↓    use_api_socket: true"),
            Example("↓docker run -v /run/containerd/containerd.sock:/c.sock tool:1", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  app:\n    image: app:1.0\n    volumes:\n      - ./data:/data\n      - /var/run/app:/run/app-ext"),
            Example("services:\n  app:\n    image: app:1.0\n    volumes:\n      - docker-data:/var/lib/docker"),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for m in ctx.config.mounts where m.type == "bind" {
            guard let src = m.source, HostPaths.engineSocket(src) else { continue }
            let what = src.hasSuffix(".sock") ? "the engine socket \(src)" : "\(src), which contains the engine socket"
            out.append(ctx.finding(Self.description, at: m.origin, "'\(ctx.config.name)' mounts \(what)\(m.readOnly ? " (read-only does not protect a socket)" : ""): control of the engine is control of the host.",
                                   evidence: "mount \(src)"))
        }
        if let u = ctx.config.useAPISocket, u.value {
            out.append(ctx.finding(Self.description, at: u.origin, "'\(ctx.config.name)' sets use_api_socket, which mounts the engine socket and registry credentials.", evidence: "use_api_socket"))
        }
        return out
    }
}

enum Capabilities {
    /// How much a capability added on top of the defaults re-opens, and why.
    static func grade(_ cap: String) -> (Severity, String)? {
        switch cap {
        case "ALL": return (.critical, "every capability")
        case "SYS_ADMIN": return (.critical, "mount, unshare, setns, bpf: the usual first step of an escape")
        case "SYS_MODULE": return (.critical, "loading kernel modules: code in the host kernel")
        case "SYS_RAWIO": return (.critical, "raw I/O ports and memory")
        case "DAC_READ_SEARCH": return (.critical, "open_by_handle_at: reading any host file (the 'shocker' escape)")
        case "SYS_PTRACE": return (.high, "tracing and injecting into other processes")
        case "NET_ADMIN": return (.high, "reconfiguring interfaces, routes and firewall rules")
        case "BPF", "PERFMON": return (.high, "loading eBPF programs / perf events: kernel attack surface")
        case "SYS_BOOT": return (.high, "rebooting the host")
        case "SYS_TIME": return (.high, "changing the host clock")
        case "MAC_ADMIN", "MAC_OVERRIDE": return (.high, "changing or bypassing AppArmor/SELinux")
        case "SYSLOG": return (.high, "reading the kernel log (kernel addresses)")
        case "LINUX_IMMUTABLE": return (.medium, "changing immutable file flags")
        case "SYS_RESOURCE": return (.medium, "overriding resource limits")
        case "AUDIT_CONTROL", "AUDIT_READ": return (.medium, "controlling or reading the kernel audit log")
        case "SYS_NICE", "IPC_LOCK", "LEASE", "IPC_OWNER", "SYS_PACCT", "SYS_TTY_CONFIG", "WAKE_ALARM", "BLOCK_SUSPEND", "CHECKPOINT_RESTORE":
            return (.medium, "affects host-wide resources")
        case "NET_BROADCAST": return (.low, "broadcast and multicast")
        default: return EffectiveSecurity.defaultCapabilities.contains(cap) ? nil : (.medium, "not in Docker's default set")
        }
    }
}

struct RuntimeCapabilityAdded: Rule {
    static let description = RuleDescription(
        id: "RT004", title: "Dangerous capability added", severity: .high, controls: [.runtimeCapabilities], cis: ["5.4"],
        aliases: ["CL-0011", "CL-0024", "CL-0027", "CL-0028", "CL-0029", "CL-0030", "C.5.3.1", "C.5.3.2", "C.5.3.3", "C.5.3.4"],
        rationale: """
        Each capability re-opens specific kernel operations, and Docker's seccomp profile unlocks the matching \
        system calls when one is added: SYS_ADMIN allows mount/unshare/setns, DAC_READ_SEARCH allows \
        open_by_handle_at, SYS_MODULE allows init_module. Findings are graded by what the capability gives; \
        re-adding one of Docker's 14 defaults is not reported.
        """,
        remediation: "Remove the capability, or replace it with the narrow one the workload needs (NET_BIND_SERVICE for low ports), together with cap_drop: [ALL].",
        triggering: [
            Example("services:\n  vpn:\n    image: vpn:1.0\n    cap_add:\n↓      - NET_ADMIN\n↓      - CAP_SYS_ADMIN"),
            Example("↓docker run --cap-add=ALL tool:1", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  web:\n    image: web:1.0\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE, CHOWN]"),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        ctx.config.capAdd.compactMap { c in
            let cap = EffectiveSecurity.normalizeCap(c.value)
            guard let (sev, why) = Capabilities.grade(cap) else { return nil }
            return ctx.finding(Self.description, at: c.origin, severity: sev, "'\(ctx.config.name)' adds \(cap): \(why).", evidence: "cap_add \(cap)")
        }
    }
}

struct RuntimeNoCapDrop: Rule {
    static let description = RuleDescription(
        id: "RT005", title: "Default capabilities not dropped", severity: .low, controls: [.runtimeCapabilities], cis: ["5.4"],
        aliases: ["CL-0006", "KICS container_capabilities_unrestricted"],
        rationale: """
        Docker grants 14 capabilities by default. Most services need none of them; NET_RAW allows ARP and ICMP \
        spoofing on the container network, and DAC_OVERRIDE and MKNOD feed escape chains. Dropping ALL and adding \
        back what is needed is the hardened default (PSS restricted).
        """,
        remediation: "cap_drop: [ALL] (then cap_add only what the service needs, e.g. NET_BIND_SERVICE).",
        triggering: [Example("services:\n↓  web:\n    image: web:1.0")],
        nonTriggering: [
            Example("services:\n  web:\n    image: web:1.0\n    cap_drop:\n      - ALL"),
            Example("services:\n  web:\n    image: web:1.0\n    privileged: true"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.dropsAll, !ctx.effective.privileged else { return [] }
        return [ctx.finding(Self.description, at: ctx.entity, "'\(ctx.config.name)' keeps Docker's default capabilities (NET_RAW, DAC_OVERRIDE, MKNOD, …); drop ALL.", evidence: "no cap_drop ALL")]
    }
}

struct RuntimeSeccomp: Rule {
    static let description = RuleDescription(
        id: "RT006", title: "seccomp turned off or weakened", severity: .high, controls: [.runtimeSeccomp], cis: ["5.22"],
        aliases: ["CL-0009", "KICS default_seccomp_profile_disabled"],
        rationale: """
        Docker's default seccomp profile blocks about 50 dangerous system calls (keyctl, bpf, unshare without \
        SYS_ADMIN, io_uring, kexec…). seccomp=unconfined removes that filter, and a custom profile whose \
        defaultAction allows everything is the same thing in disguise; bulkhead reads the profile file when the \
        path resolves.
        """,
        remediation: "Remove seccomp=unconfined. If one system call is missing, start from Docker's default profile and allow just that call.",
        triggering: [
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n↓      - seccomp:unconfined"),
            Example("↓docker run --security-opt 'seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}' app:1", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n      - no-new-privileges:true"),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for s in ctx.config.securityOptions("seccomp") {
            if s.value == "unconfined" {
                out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' runs with seccomp=unconfined: no system-call filter.", evidence: "seccomp unconfined"))
            } else if let body = ctx.config.seccompProfiles[s.value] ?? (s.value.hasPrefix("{") ? s.value : nil), EffectiveSecurity.profileAllowsByDefault(body) {
                out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' uses a seccomp profile whose defaultAction allows every system call.", evidence: "seccomp allow-by-default"))
            }
        }
        return out
    }
}

struct RuntimeMAC: Rule {
    static let description = RuleDescription(
        id: "RT007", title: "AppArmor or SELinux confinement turned off", severity: .high, controls: [.runtimeMAC], cis: ["5.1", "5.2"],
        aliases: ["CL-0009"],
        rationale: """
        docker-default AppArmor denies mount, writes to /proc/sys and /sys, and ptrace of other profiles; SELinux \
        labels keep containers from each other's files. apparmor=unconfined or label=disable removes the layer \
        that stops SYS_ADMIN from becoming a cgroup escape.
        """,
        remediation: "Remove apparmor=unconfined / label=disable; write a custom profile that allows only what is missing.",
        triggering: [
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n↓      - apparmor=unconfined\n↓      - label:disable"),
            Example("[{\"Name\": \"/x\", \"Config\": {\"User\": \"1000\"}, \"HostConfig\": {},\n↓ \"AppArmorProfile\": \"unconfined\"}]", options: ["format": "inspect"]),
        ],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n      - apparmor=my-profile\n      - label=type:svirt_apache_t")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        // privileged implies both (inspect even shows label=disable); RT002 reports it
        if ctx.config.privileged?.value ?? false { return [] }
        var out: [Finding] = []
        for s in ctx.config.securityOptions("apparmor") where s.value == "unconfined" {
            out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' runs with AppArmor unconfined.", evidence: "apparmor unconfined"))
        }
        for s in ctx.config.securityOptions("label") where s.value == "disable" {
            out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' turns SELinux labelling off.", evidence: "label disable"))
        }
        if out.isEmpty, let a = ctx.config.appArmorProfile, a.value == "unconfined", !(ctx.config.privileged?.value ?? false) {
            out.append(ctx.finding(Self.description, at: a.origin, "'\(ctx.config.name)' runs with AppArmor unconfined.", evidence: "apparmor unconfined"))
        }
        return out
    }
}

struct RuntimeWritableRoot: Rule {
    static let description = RuleDescription(
        id: "RT008", title: "Root filesystem is writable", severity: .low, controls: [.runtimeReadOnly], cis: ["5.13"],
        aliases: ["CL-0007"],
        rationale: "A writable root filesystem lets an intruder drop tools, change binaries and persist across process restarts. A read-only root with tmpfs for the few writable paths makes that much harder and makes drift visible.",
        remediation: "read_only: true, with tmpfs (or volumes) for the paths the service writes, e.g. tmpfs: [/tmp].",
        triggering: [Example("services:\n↓  web:\n    image: web:1.0")],
        nonTriggering: [Example("services:\n  web:\n    image: web:1.0\n    read_only: true\n    tmpfs: [/tmp]")],
        restrictedSeverity: .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.readOnlyRootfs else { return [] }
        let at = ctx.config.readonlyRootfs?.origin ?? ctx.entity
        return [ctx.finding(Self.description, at: at, "'\(ctx.config.name)' has a writable root filesystem.", evidence: "read_only false")]
    }
}

struct RuntimeNoNewPrivileges: Rule {
    static let description = RuleDescription(
        id: "RT009", title: "no-new-privileges not set", severity: .low, controls: [.runtimeNoNewPrivileges], cis: ["5.26"],
        aliases: ["CL-0003", "KICS no_new_privileges_not_set"],
        rationale: "Without no-new-privileges a process can gain privileges through setuid binaries (su, sudo, ping on some images). The daemon-wide default (daemon.json \"no-new-privileges\": true) counts.",
        remediation: "security_opt: [\"no-new-privileges:true\"], or set it daemon-wide in daemon.json.",
        triggering: [Example("services:\n↓  web:\n    image: web:1.0")],
        nonTriggering: [
            Example("services:\n  web:\n    image: web:1.0\n    security_opt: [\"no-new-privileges:true\"]"),
            Example("services:\n  web:\n    image: web:1.0", options: ["daemon-no-new-privileges": "true"]),
        ], restrictedSeverity: .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard !ctx.effective.noNewPrivileges else { return [] }
        let at = ctx.config.securityOptions("no-new-privileges").last?.origin ?? ctx.entity
        return [ctx.finding(Self.description, at: at, "'\(ctx.config.name)' can gain privileges through setuid binaries (no-new-privileges is not set).", evidence: "no-new-privileges")]
    }
}

struct RuntimeHostNamespace: Rule {
    static let description = RuleDescription(
        id: "RT010", title: "Host namespace shared", severity: .high, controls: [.runtimeNamespaces], cis: ["5.10", "5.16", "5.17", "5.21", "5.31"],
        aliases: ["CL-0008", "CL-0010", "KICS host_namespace_is_shared", "KICS shared_host_network_namespace"],
        rationale: """
        Sharing the host's network namespace exposes every host-local service (loopback admin ports, the \
        containerd shim socket, cloud metadata); the PID namespace lets the container see and signal host \
        processes; IPC shares host shared memory; the cgroup namespace exposes the host hierarchy; userns host \
        cancels the daemon's user remapping.
        """,
        remediation: "Remove network_mode/pid/ipc/uts/userns_mode/cgroup: host; publish the ports the service needs instead of host networking.",
        triggering: [
            Example("services:\n  mon:\n    image: mon:1.0\n↓    network_mode: host\n↓    pid: host"),
            Example("↓↓docker run --ipc=host --uts host app:1", options: ["format": "run"]),
        ],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    network_mode: service:vpn\n    ipc: shareable")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let c = ctx.config
        var out: [Finding] = []
        let checks: [(Sourced<String>?, String, Severity, String)] = [
            (c.networkMode, "network", .high, "host-local services and interfaces are reachable"),
            (c.pidMode, "PID", .high, "host processes are visible and can be signalled"),
            (c.ipcMode, "IPC", .medium, "host shared memory is shared"),
            (c.utsMode, "UTS", .low, "the host name is shared"),
            // low: it is the engine's own default on cgroup v1 hosts, and the cgroup filesystem stays read-only
            (c.cgroupnsMode, "cgroup", .low, "the host cgroup hierarchy is visible"),
            (c.usernsMode, "user", ctx.daemon.usernsRemap != nil ? .high : .low, "the daemon's user-namespace remapping is cancelled"),
        ]
        for (field, ns, sev, why) in checks {
            guard let f = field, f.value == "host" else { continue }
            out.append(ctx.finding(Self.description, at: f.origin, severity: sev, "'\(c.name)' shares the host \(ns) namespace: \(why).", evidence: "\(ns) host"))
        }
        return out
    }
}
