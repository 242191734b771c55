import BulkheadCore
import BulkheadModel
import Rules
import RuntimeReaders

/// The CIS Docker Benchmark numbering a report uses (`--cis`). 1.6 and 1.7 number alike; 1.8 inserts 2.7
/// (devicemapper) and shifts 1.7's 2.7–2.18 to 2.8–2.19.
public enum CISVersion: String, Sendable, CaseIterable {
    case v1_6 = "1.6", v1_7 = "1.7", v1_8 = "1.8"

    /// An id of the 1.7 numbering in this version's.
    public func id(_ v17: String) -> String {
        guard self == .v1_8, v17.hasPrefix("2."), let n = Int(v17.dropFirst(2)), n >= 7 else { return v17 }
        return "2.\(n + 1)"
    }
}

/// How one recommendation stands on the audited host.
public enum BenchmarkStatus: String, Sendable, CaseIterable {
    case pass, fail, warn, info, manual
    case notApplicable = "n/a"
}

/// One CIS recommendation, its status on this host and the evidence for it.
public struct BenchmarkItem: Sendable, Equatable {
    public var id: String
    public var title: String
    public var status: BenchmarkStatus
    public var evidence: String
    /// bulkhead rules whose findings decide it.
    public var rules: [String]
}

/// The CIS Docker Benchmark over one audited host: a status per recommendation (sections 1–7), decided by
/// the same facts and findings the report lists, so the two never disagree. Files are judged bit by bit,
/// containers one by one (running or only created), and checks that cannot apply on this host (AppArmor on
/// a host without it, TLS files when no TLS is configured, swarm when swarm is off) are not applicable.
public enum CISBenchmark {
    /// (1.7 id, title, manual).
    static let catalog: [(String, String, Bool)] = [
        ("1.1.1", "A separate partition for containers has been created", false),
        ("1.1.2", "Only trusted users are allowed to control Docker daemon", false),
        ("1.1.3", "Auditing is configured for the Docker daemon", false), ("1.1.4", "Auditing is configured for /run/containerd", false),
        ("1.1.5", "Auditing is configured for the data root (/var/lib/docker)", false), ("1.1.6", "Auditing is configured for /etc/docker", false),
        ("1.1.7", "Auditing is configured for docker.service", false), ("1.1.8", "Auditing is configured for containerd.sock", false),
        ("1.1.9", "Auditing is configured for docker.socket", false), ("1.1.10", "Auditing is configured for /etc/default/docker", false),
        ("1.1.11", "Auditing is configured for /etc/docker/daemon.json", false), ("1.1.12", "Auditing is configured for /etc/containerd/config.toml", false),
        ("1.1.13", "Auditing is configured for /etc/sysconfig/docker", false), ("1.1.14", "Auditing is configured for containerd", false),
        ("1.1.15", "Auditing is configured for containerd-shim", false), ("1.1.16", "Auditing is configured for containerd-shim-runc-v1", false),
        ("1.1.17", "Auditing is configured for containerd-shim-runc-v2", false), ("1.1.18", "Auditing is configured for runc", false),
        ("1.2.1", "The container host has been hardened", true), ("1.2.2", "The version of Docker is up to date", false),
        ("2.1", "Run the Docker daemon as a non-root user, if possible", false),
        ("2.2", "Network traffic is restricted between containers on the default bridge", false),
        ("2.3", "The logging level is set to 'info'", false), ("2.4", "Docker is allowed to make changes to iptables", false),
        ("2.5", "Insecure registries are not used", false), ("2.6", "aufs storage driver is not used", false),
        ("2.7", "TLS authentication for Docker daemon is configured", false), ("2.8", "The default ulimit is configured appropriately", true),
        ("2.9", "Enable user namespace support", false), ("2.10", "The default cgroup usage has been confirmed", false),
        ("2.11", "Base device size is not changed until needed", false), ("2.12", "Authorization for Docker client commands is enabled", false),
        ("2.13", "Centralized and remote logging is configured", false), ("2.14", "Containers are restricted from acquiring new privileges", false),
        ("2.15", "Live restore is enabled", false), ("2.16", "Userland Proxy is Disabled", false),
        ("2.17", "A daemon-wide custom seccomp profile is applied if appropriate", true), ("2.18", "Experimental features are not implemented in production", false),
        ("3.1", "The docker.service file ownership is set to root:root", false), ("3.2", "docker.service file permissions are 644 or more restrictive", false),
        ("3.3", "The docker.socket file ownership is set to root:root", false), ("3.4", "docker.socket file permissions are 644 or more restrictive", false),
        ("3.5", "The /etc/docker directory ownership is set to root:root", false), ("3.6", "/etc/docker directory permissions are 755 or more restrictive", false),
        ("3.7", "Registry certificate file ownership is set to root:root", false), ("3.8", "Registry certificate file permissions are 444 or more restrictive", false),
        ("3.9", "TLS CA certificate file ownership is set to root:root", false), ("3.10", "TLS CA certificate file permissions are 444 or more restrictive", false),
        ("3.11", "Docker server certificate file ownership is set to root:root", false), ("3.12", "Docker server certificate file permissions are 444 or more restrictive", false),
        ("3.13", "Docker server certificate key file ownership is set to root:root", false), ("3.14", "Docker server certificate key file permissions are 400", false),
        ("3.15", "The Docker socket file ownership is set to root:docker", false), ("3.16", "The Docker socket file permissions are 660 or more restrictive", false),
        ("3.17", "The daemon.json file ownership is set to root:root", false), ("3.18", "daemon.json file permissions are 644 or more restrictive", false),
        ("3.19", "The /etc/default/docker file ownership is set to root:root", false), ("3.20", "/etc/default/docker file permissions are 644 or more restrictive", false),
        ("3.21", "/etc/sysconfig/docker file permissions are 644 or more restrictive", false), ("3.22", "The /etc/sysconfig/docker file ownership is set to root:root", false),
        ("3.23", "The containerd socket file ownership is set to root:root", false), ("3.24", "The containerd socket file permissions are 660 or more restrictive", false),
        ("4.1", "A user for the container has been created", false), ("4.2", "Containers use only trusted base images", true),
        ("4.3", "Unnecessary packages are not installed in the container", true), ("4.4", "Images are scanned and rebuilt to include security patches", true),
        ("4.5", "Content trust for Docker is enabled", false), ("4.6", "HEALTHCHECK instructions have been added to container images", false),
        ("4.7", "Update instructions are not used alone in Dockerfiles", true), ("4.8", "setuid and setgid permissions are removed", true),
        ("4.9", "COPY is used instead of ADD in Dockerfiles", true), ("4.10", "Secrets are not stored in Dockerfiles", true),
        ("4.11", "Only verified packages are installed", true), ("4.12", "All signed artifacts are validated", true),
        ("5.1", "Swarm mode is not enabled, if not needed", false), ("5.2", "If applicable, an AppArmor profile is enabled", false),
        ("5.3", "If applicable, SELinux security options are set", false), ("5.4", "Linux kernel capabilities are restricted within containers", false),
        ("5.5", "Privileged containers are not used", false), ("5.6", "Sensitive host system directories are not mounted on containers", false),
        ("5.7", "sshd is not run within containers", true), ("5.8", "Privileged ports are not mapped within containers", false),
        ("5.9", "Only needed ports are open on the container", true), ("5.10", "The host's network namespace is not shared", false),
        ("5.11", "The memory usage for containers is limited", false), ("5.12", "CPU priority is set appropriately on containers", false),
        ("5.13", "The container's root filesystem is mounted as read only", false), ("5.14", "Incoming container traffic is bound to a specific host interface", false),
        ("5.15", "The 'on-failure' container restart policy is set to '5'", false), ("5.16", "The host's process namespace is not shared", false),
        ("5.17", "The host's IPC namespace is not shared", false), ("5.18", "Host devices are not directly exposed to containers", false),
        ("5.19", "The default ulimit is overwritten at runtime if needed", true), ("5.20", "Mount propagation mode is not set to shared", false),
        ("5.21", "The host's UTS namespace is not shared", false), ("5.22", "The default seccomp profile is not disabled", false),
        ("5.23", "docker exec commands are not used with the privileged option", true), ("5.24", "docker exec commands are not used with the user=root option", true),
        ("5.25", "cgroup usage is confirmed", false), ("5.26", "The container is restricted from acquiring additional privileges", false),
        ("5.27", "Container health is checked at runtime", false), ("5.28", "Docker commands always make use of the latest version of their image", true),
        ("5.29", "The PIDs cgroup limit is used", false), ("5.30", "Docker's default bridge docker0 is not used", true),
        ("5.31", "The host's user namespaces are not shared", false), ("5.32", "The Docker socket is not mounted inside any containers", false),
        ("6.1", "Image sprawl is avoided", true), ("6.2", "Container sprawl is avoided", true),
        ("7.1", "The minimum number of manager nodes have been created in a swarm", false), ("7.2", "Swarm services are bound to a specific host interface", false),
        ("7.3", "All Docker swarm overlay networks are encrypted", false), ("7.4", "Docker's secret management commands are used for managing secrets in a swarm cluster", true),
        ("7.5", "The swarm manager is run in auto-lock mode", false), ("7.6", "The swarm manager auto-lock key is rotated periodically", true),
        ("7.7", "Node certificates are rotated as appropriate", true), ("7.8", "CA certificates are rotated as appropriate", true),
        ("7.9", "Management plane traffic is separated from data plane traffic", true),
    ]

    /// Section 3: (ownership item, permissions item) → file role.
    static let fileItems: [(owner: String, mode: String, role: String, allowed: Int)] = [
        ("3.1", "3.2", "docker.service", 0o644), ("3.3", "3.4", "docker.socket", 0o644), ("3.5", "3.6", "/etc/docker", 0o755),
        ("3.7", "3.8", "registry certificate", 0o444), ("3.9", "3.10", "TLS CA certificate", 0o444), ("3.11", "3.12", "TLS server certificate", 0o444),
        ("3.13", "3.14", "TLS server key", 0o400), ("3.15", "3.16", "engine socket", 0o660), ("3.17", "3.18", "daemon.json", 0o644),
        ("3.19", "3.20", "/etc/default/docker", 0o644), ("3.22", "3.21", "/etc/sysconfig/docker", 0o644), ("3.23", "3.24", "containerd socket", 0o660),
    ]

    public static func assess(host h: HostModel, containers: [ContainerConfig], findings: [Finding], version: CISVersion) -> [BenchmarkItem] {
        var items: [String: (BenchmarkStatus, String, [String])] = [:]
        func set(_ id: String, _ s: BenchmarkStatus, _ e: String, _ rules: [String] = []) { items[id] = (s, e, rules) }
        let byRule = Dictionary(grouping: findings, by: \.ruleID)
        func found(_ rule: String) -> [Finding] { byRule[rule] ?? [] }
        /// Fail (medium or worse) or warn (low, info) from a rule's findings; `pass` otherwise.
        func fromRule(_ id: String, _ rule: String, pass: String) {
            let f = found(rule)
            if f.isEmpty { set(id, .pass, pass, [rule]) } else {
                set(id, f.contains { $0.severity >= .medium } ? .fail : .warn, f.map(\.message).joined(separator: " "), [rule])
            }
        }

        // 1 host
        switch h.dataRootSeparate {
        case true?: set("1.1.1", .pass, "\(h.dockerRootDir?.value ?? "the data root") is on its own filesystem (\(h.dataRootMount ?? "?"))", ["HO030"])
        case false?: fromRule("1.1.1", "HO030", pass: "")
        case nil: set("1.1.1", .warn, "the data root's filesystem could not be told (no /info or no mountinfo)", ["HO030"])
        }
        if let m = h.dockerGroup { set("1.1.2", .info, m.isEmpty ? "the docker group has no members" : "docker group members (each is root on this host): \(m.joined(separator: ", "))", ["HO032"]) }
        else { set("1.1.2", .warn, "/etc/group could not be read", ["HO032"]) }
        for t in h.auditTargets {
            if !t.exists { set(t.cis, .notApplicable, "\(t.path) does not exist on this host", ["HO031"]); continue }
            guard let rules = h.auditRules else { set(t.cis, .warn, "audit rules could not be read (no auditctl, no /etc/audit rules files) for \(t.path)", ["HO031"]); continue }
            set(t.cis, AuditWatch.watched(t.path, rules) ? .pass : .warn, AuditWatch.watched(t.path, rules) ? "\(t.path) is watched (\(h.auditSource ?? "audit rules"))" : "no audit rule watches \(t.path) (\(h.auditSource ?? "audit rules"))", ["HO031"])
        }
        let kernel = found("HO040")
        set("1.2.1", kernel.isEmpty ? .manual : .fail, kernel.isEmpty ? "kernel \(h.kernelRelease ?? h.kernelVersion?.value ?? "unknown"): no known container escape by its version; the rest of hardening is a manual review" : kernel.map(\.message).joined(separator: " "), ["HO040"])
        let versions = found("HO041") + found("HO042")
        set("1.2.2", versions.isEmpty ? .info : (versions.contains { $0.severity >= .medium } ? .fail : .warn),
            versions.isEmpty ? "engine \(h.serverVersion?.value ?? "?"), runc \(h.runcVersion?.value ?? "?"), containerd \(h.containerdVersion?.value ?? "?"): no known flaw by version" : versions.map(\.message).joined(separator: " "), ["HO041", "HO042"])

        // 2 daemon
        if h.engineReached {
            set("2.1", h.rootless ? .pass : .warn, h.rootless ? "the engine runs rootless" : "the engine runs as root (SecurityOptions has no name=rootless)", ["HO002"])
            set("2.9", h.rootless || h.hasSecurityOption("userns") ? .pass : .warn, h.rootless ? "rootless: containers run in the user's namespace" : h.hasSecurityOption("userns") ? "userns-remap is on" : "no user namespace remapping (SecurityOptions has no name=userns)", ["HO002"])
        }
        // with the default bridge off nothing crosses it today, but icc is still the setting it would start with
        if h.bridgeNone && h.declared("icc")?.value.bool != false {
            set("2.2", .warn, "icc is not false (the default bridge is off here: bridge none; it applies when the bridge is turned on)", ["HO003"])
        } else { fromRule("2.2", "HO003", pass: "icc is false") }
        fromRule("2.3", "HO012", pass: "log level \(h.declared("log-level")?.value.text ?? "info (default)")")
        fromRule("2.4", "HO011", pass: "iptables management is on")
        fromRule("2.5", "HO004", pass: "no insecure registry besides loopback")
        if let d = h.storageDriver { set("2.6", d.value == "aufs" ? .fail : .pass, "storage driver \(d.value)", ["HO013"]) }
        fromRule("2.7", "HO001", pass: h.declaredList("hosts", flag: "host").contains { $0.value.hasPrefix("tcp://") } ? "TCP listeners use --tlsverify" : "no TCP listener (\(h.declaredList("hosts", flag: "host").map(\.value).joined(separator: ", ").isEmpty ? "default unix socket" : h.declaredList("hosts", flag: "host").map(\.value).joined(separator: ", ")))")
        set("2.8", h.declared("default-ulimits") != nil || h.declared("default-ulimit") != nil ? .pass : .info, h.declared("default-ulimits").map { "default-ulimits \($0.value.text)" } ?? "no default ulimits are set: containers inherit the daemon's", [])
        set("2.10", h.declared("cgroup-parent") != nil ? .info : .pass, h.declared("cgroup-parent").map { "cgroup-parent \($0.value.text): confirm it" } ?? "the default cgroup parent", [])
        let basesize = h.declared("storage-opts")?.value.text.contains("dm.basesize") == true
        set("2.11", basesize ? .warn : .pass, basesize ? "storage-opts changes dm.basesize: \(h.declared("storage-opts")?.value.text ?? "")" : "the base device size is not changed (storage driver \(h.storageDriver?.value ?? "unknown"))", [])
        if h.engineReached { fromRule("2.12", "HO006", pass: h.rootless ? "rootless engine: only its user reaches it" : "authorization plugins: \(h.authorizationPlugins.map(\.value).joined(separator: ", "))") }
        if let d = h.loggingDriver { fromRule("2.13", "HO007", pass: "default logging driver \(d.value)") }
        fromRule("2.14", "HO008", pass: "no-new-privileges is the daemon's default")
        if h.swarmState == "active" { set("2.15", .notApplicable, "swarm mode is active (live restore does not apply)", ["HO005"]) } else if h.liveRestore != nil { fromRule("2.15", "HO005", pass: "live restore is on") }
        fromRule("2.16", "HO009", pass: "the userland proxy is off")
        if h.engineReached {
            let f = found("HO014")
            set("2.17", f.isEmpty ? .info : .fail, f.isEmpty ? "seccomp: \(h.securityOption("seccomp")?.value ?? "?") (a custom profile is a choice to review)" : f.map(\.message).joined(separator: " "), ["HO014"])
        }
        if h.experimental != nil { fromRule("2.18", "HO010", pass: "experimental features are off") }

        // 3 files, bit by bit
        for item in fileItems {
            let files = h.files.filter { $0.role == item.role || item.role == "registry certificate" && $0.role.hasPrefix("registry certificate") }
            let present = files.filter(\.exists)
            if present.isEmpty {
                let why = item.role.hasPrefix("TLS") ? "no TLS file is configured" : files.isEmpty ? "\(item.role) is not on this host" : "\(files[0].path) does not exist"
                set(item.owner, .notApplicable, why, ["HO020", "HO021"]); set(item.mode, .notApplicable, why, ["HO020", "HO021"])
                continue
            }
            let wantGroup = item.role == "engine socket" ? "docker" : "root"
            let badOwner = present.filter { $0.uid != 0 && !h.rootless || ($0.gid != 0 && $0.group != wantGroup && !(h.rootless && item.role == "engine socket")) }
            let allowed = item.role == "registry certificate" ? 0o444 : item.allowed
            let badMode = present.filter { f in f.excess(over: f.role.hasSuffix("key") ? 0o400 : allowed) != 0 }
            set(item.owner, badOwner.isEmpty ? .pass : .fail, (badOwner.isEmpty ? present : badOwner).map { "\($0.path) \($0.ownership)" }.joined(separator: ", "), ["HO020", "HO021"])
            set(item.mode, badMode.isEmpty ? .pass : .fail, (badMode.isEmpty ? present : badMode).map { "\($0.path) \($0.octal)" }.joined(separator: ", "), ["HO020", "HO021"])
        }

        // 4 and 5: every container, running or only created
        func perContainer(_ id: String, _ rules: [String], _ bad: (ContainerConfig) -> String?, pass: String) {
            if containers.isEmpty { set(id, .notApplicable, "no containers", rules); return }
            let hits = containers.compactMap { c in bad(c).map { "\(c.name): \($0)" } }
            set(id, hits.isEmpty ? .pass : .fail, hits.isEmpty ? "\(containers.count) container\(containers.count == 1 ? "" : "s"): \(pass)" : hits.joined(separator: "; "), rules)
        }
        func ruleHit(_ rule: String) -> (ContainerConfig) -> String? {
            { c in
                let f = (byRule[rule] ?? []).filter { $0.target.name == c.name && $0.target.path == c.file }
                return f.isEmpty ? nil : f.map(\.evidence).joined(separator: ", ")
            }
        }
        perContainer("4.1", ["RT001"], { c in
            let u = c.user?.value ?? ""
            let name = u.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if !name.isEmpty && name != "root" && name != "0" { return nil }
            if name.isEmpty, let d = c.imageDefaults, !d.runsAsRoot { return nil }
            return name.isEmpty ? "no user (root)" : "user \(u)"
        }, pass: "all run as a non-root user")
        set("4.5", .info, "content trust is a client setting (DOCKER_CONTENT_TRUST=1 where images are pulled); the daemon cannot show it", [])
        perContainer("4.6", ["RT021"], { c in
            if let t = c.healthcheckTest?.value { return t.first == "NONE" ? "healthcheck disabled" : nil }
            if let d = c.imageDefaults { return d.healthcheck == nil ? "no healthcheck in the image" : nil }
            return "no healthcheck"
        }, pass: "all have a healthcheck")
        set("5.1", h.swarmState == "active" ? .info : .pass, "swarm: \(h.swarmState ?? "unknown")", [])
        if h.appArmorEnabled == false { set("5.2", .notApplicable, "AppArmor is not enabled on this host", ["RT007"]) }
        else { perContainer("5.2", ["RT007"], { c in c.appArmorProfile.map { $0.value == "unconfined" ? "AppArmor unconfined" : nil } ?? (c.securityOptions("apparmor").contains { $0.value == "unconfined" } ? "AppArmor unconfined" : nil) }, pass: "all under an AppArmor profile") }
        if h.seLinuxEnabled != true { set("5.3", .notApplicable, "SELinux is not enabled on this host", ["RT007"]) }
        else { perContainer("5.3", ["RT007"], { c in c.securityOptions("label").contains { $0.value == "disable" } ? "label=disable" : nil }, pass: "none disables SELinux labels") }
        perContainer("5.4", ["RT004", "RT005"], ruleHit("RT004"), pass: "no capability added beyond the defaults")
        perContainer("5.5", ["RT002"], { $0.privileged?.value == true ? "privileged" : nil }, pass: "none privileged")
        perContainer("5.6", ["RT011"], ruleHit("RT011"), pass: "no sensitive host directory mounted (read-only ones included)")
        // sshd: in each container's own command (nothing is executed in containers, so images without ps are no obstacle)
        let sshd = containers.filter { c in c.command.contains { w in w.value.split(separator: "/").last.map { $0 == "sshd" || $0.hasPrefix("sshd ") } ?? false } }
        if !sshd.isEmpty { set("5.7", .fail, sshd.map { "\($0.name): runs sshd" }.joined(separator: "; "), ["IM008"]) }
        else if !containers.isEmpty { set("5.7", .manual, "no container's command is sshd; processes started later are not visible without exec", ["IM008"]) }
        perContainer("5.8", ["RT014"], { c in
            let low = c.portBindings.flatMap(\.hostPorts).filter { $0 > 0 && $0 < 1024 }
            return low.isEmpty ? nil : "host port\(low.count == 1 ? "" : "s") \(low.map(String.init).joined(separator: ", "))"
        }, pass: "no privileged host port")
        func ns(_ id: String, _ name: String, _ v: (ContainerConfig) -> Sourced<String>?) {
            perContainer(id, ["RT010"], { c in v(c)?.value == "host" ? "\(name)=host" : nil }, pass: "none shares the host's \(name) namespace")
        }
        ns("5.10", "network", \.networkMode); ns("5.16", "pid", \.pidMode); ns("5.17", "ipc", \.ipcMode); ns("5.21", "uts", \.utsMode); ns("5.31", "userns", \.usernsMode)
        perContainer("5.11", ["RT013"], { ($0.memory?.value ?? 0) == 0 ? "no memory limit" : nil }, pass: "all have a memory limit")
        // 1024 shares is the default weight: no priority set
        perContainer("5.12", ["RT013"], { c in [0, 1024].contains(c.cpuShares?.value ?? 0) && (c.nanoCpus?.value ?? 0) == 0 ? "no CPU shares or limit" : nil }, pass: "all have CPU shares or a limit")
        perContainer("5.13", ["RT008"], { $0.readonlyRootfs?.value == true ? nil : "writable root filesystem" }, pass: "all read-only")
        perContainer("5.14", ["RT014"], { c in
            let wild = c.portBindings.filter { $0.isWildcard && !$0.hostPort.isEmpty || $0.isWildcard }
            return wild.isEmpty ? nil : wild.map { "\($0.hostIP.isEmpty ? "0.0.0.0 and ::" : $0.hostIP):\($0.hostPort.isEmpty ? "ephemeral" : $0.hostPort)" }.joined(separator: ", ")
        }, pass: "every published port is bound to one address")
        // always and unless-stopped restart without bound (docker-bench reads only the retry count, so they pass there)
        perContainer("5.15", [], { c in
            guard let r = c.restartPolicy?.value, !r.isEmpty, r != "no" else { return nil }
            if r.hasPrefix("on-failure:"), let n = Int(r.dropFirst("on-failure:".count)), n <= 5 { return nil }
            return "restart \(r)"
        }, pass: "no unbounded restart policy")
        perContainer("5.18", ["RT012"], { $0.devices.isEmpty ? nil : "devices \($0.devices.count)" }, pass: "no host device")
        if !containers.isEmpty {
            let none = containers.filter { $0.ulimits.isEmpty }
            set("5.19", none.isEmpty ? .pass : .info, none.isEmpty ? "every container sets its ulimits" : "on the daemon's default ulimits: " + none.map(\.name).joined(separator: ", "), [])
        }
        perContainer("5.20", ["RT019"], { c in c.mounts.contains { $0.propagation?.contains("shared") == true } ? "shared propagation" : nil }, pass: "no shared propagation")
        perContainer("5.22", ["RT006"], { c in c.securityOptions("seccomp").contains { $0.value == "unconfined" } || c.privileged?.value == true ? "seccomp unconfined" : nil }, pass: "all under a seccomp profile")
        perContainer("5.25", [], { c in c.cgroupParent.map { "cgroup parent \($0.value): confirm it" } }, pass: "the default cgroup parent")
        perContainer("5.26", ["RT009"], ruleHit("RT009"), pass: "no-new-privileges applies to all")
        perContainer("5.27", ["RT021"], { c in
            if let t = c.healthcheckTest?.value { return t.first == "NONE" ? "healthcheck disabled" : nil }
            if let d = c.imageDefaults, d.healthcheck != nil { return nil }
            return "no healthcheck"
        }, pass: "all are health-checked")
        let onBridge = containers.filter { c in ["default", "bridge", ""].contains(c.networkMode?.value ?? "default") }
        if !containers.isEmpty {
            set("5.30", h.bridgeNone ? .notApplicable : (onBridge.isEmpty ? .pass : .info), h.bridgeNone ? "the default bridge is off (bridge: none)"
                : onBridge.isEmpty ? "no container is on the default bridge" : "on the default bridge: " + onBridge.map(\.name).joined(separator: ", "), [])
        }
        perContainer("5.29", ["RT013"], { c in (c.pidsLimit?.value ?? 0) <= 0 ? "no PIDs limit" : nil }, pass: "all have a PIDs limit")
        perContainer("5.32", ["RT003"], ruleHit("RT003"), pass: "no engine socket mounted (parent directories included)")
        set("6.1", .info, "\(h.imageCount.map(String.init) ?? "?") images", [])
        set("6.2", .info, "\(h.containerCount.map(String.init) ?? String(containers.count)) containers", [])
        if h.swarmState != "active" { for n in 1...9 { set("7.\(n)", .notApplicable, "swarm mode is not active", []) } }

        var out: [BenchmarkItem] = []
        for (id, title, manual) in catalog {
            let (s, e, r) = items[id] ?? (manual ? (.manual, "a manual check", []) : (.info, "not assessed: the facts it needs were not read", []))
            out.append(BenchmarkItem(id: version.id(id), title: title, status: s, evidence: e, rules: r))
            if version == .v1_8 && id == "2.6" {
                let dm = h.storageDriver?.value == "devicemapper"
                out.append(BenchmarkItem(id: "2.7", title: "The devicemapper storage driver is not used", status: h.storageDriver == nil ? .info : dm ? .fail : .pass,
                                         evidence: h.storageDriver.map { "storage driver \($0.value)" } ?? "unknown", rules: ["HO013"]))
            }
        }
        return out
    }
}

/// A host audit: the host's own rules, every container under the runtime rules (with the daemon's defaults,
/// which the auditor must be made with: `HostAudit.daemonDefaults`), and the CIS statuses over both.
public enum HostAudit {
    /// The daemon's defaults as the engine reports them (what containers get unless they say otherwise).
    public static func daemonDefaults(_ h: HostModel) -> DaemonDefaults {
        var d = DaemonDefaults()
        d.source = "the engine at \(h.endpoint)"
        d.noNewPrivileges = h.declared("no-new-privileges")?.value.bool ?? false
        if h.hasSecurityOption("userns") { d.usernsRemap = h.declared("userns-remap")?.value.string ?? "default" }
        if let s = h.securityOption("seccomp"), let p = s.value.split(separator: ",").first(where: { $0.hasPrefix("profile=") }) {
            let profile = String(p.dropFirst("profile=".count))
            if profile != "builtin" && profile != "default" { d.seccompProfile = profile }
        }
        d.logDriver = h.loggingDriver?.value
        d.defaultCgroupnsMode = h.declared("default-cgroupns-mode")?.value.string ?? (h.hasSecurityOption("cgroupns") ? "private" : nil)
        d.cgroupVersion = h.cgroupVersion.flatMap { Int($0.value) }
        if h.engineReached { d.appArmor = h.hasSecurityOption("apparmor") }
        d.engineSockets = h.files.filter { ($0.role == "engine socket" || $0.role == "containerd socket") && $0.exists }.map(\.path)
        return d
    }
}

extension Auditor {
    public func auditHost(_ read: HostReader.Result, path: String, version: CISVersion, live: Bool) -> Report {
        var input = readers.host(read, path: path)
        // what could not be read of the host: warnings, and the audit goes on
        input.warnings += read.host.notes.map { InputError(path: path, message: $0) }
        if !read.host.engineReached && live {
            input.warnings.append(InputError(path: path, message: "the engine could not be reached: only the host's files are audited (no daemon state, no containers)"))
        }
        var report = audit(input)
        report.benchmark = CISBenchmark.assess(host: read.host, containers: read.containers, findings: report.findings, version: version)
        report.benchmarkVersion = version
        return report
    }
}
