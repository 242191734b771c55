import BulkheadCore
import BulkheadModel

/// What a runtime rule sees: one container's configuration (from compose, docker run or docker inspect)
/// with its effective settings. Examples are compose YAML unless their options say `format: run`
/// (a docker run line) or `format: inspect`.
public struct RuntimeContext: Sendable {
    public let config: ContainerConfig
    public let effective: EffectiveSecurity
    public let daemon: DaemonDefaults
    public let options: RuleOptions

    public init(config: ContainerConfig, daemon: DaemonDefaults = DaemonDefaults(), options: RuleOptions = RuleOptions()) {
        self.config = config; self.daemon = daemon; self.options = options
        self.effective = EffectiveSecurity(config, daemon: daemon)
    }

    public func finding(_ d: RuleDescription, at origin: Origin, severity: Severity? = nil, _ message: String, evidence: String) -> Finding {
        // the location's file is where the value was written (an env_file, an extends base), which may not be the compose file
        var t = config.target
        t.path = origin.file
        return Finding(ruleID: d.id, severity: severity ?? d.severity, message: message, target: t,
                       location: Location(line: origin.line, column: origin.column, path: origin.path), evidence: evidence)
    }

    /// True when a host path is an engine socket or holds one: the usual places, and this host's own sockets.
    public func reachesEngineSocket(_ source: String) -> Bool {
        if HostPaths.engineSocket(source) { return true }
        let s = HostPaths.normalize(source)
        return daemon.engineSockets.contains { $0 == s || s == "/" || $0.hasPrefix(s.hasSuffix("/") ? s : s + "/") }
    }

    /// Where a finding about something that is *missing* points: the service/container itself.
    public var entity: Origin { config.origin }
    public var isInspect: Bool { config.kind == .inspect }
    public var target: Target { config.target }
}

extension ContainerConfig: Auditable {
    public func subject(_ e: RuleEnvironment) -> RuntimeContext { RuntimeContext(config: self, daemon: e.daemon, options: e.options) }
}

extension RuntimeContext: RuleSubject {
    public static let checks = RuleCatalog.checks(over: RuntimeContext.self)
    public static var exampleFormat: TargetKind { .compose }
    /// What a run configuration (compose, docker run, inspect) can show of the defense-in-depth layers.
    public static var scorecardControls: Set<Control> {
        [.imagePinning, .secretsRuntime, .userRoot, .runtimeNoNewPrivileges, .runtimePrivileged, .runtimeCapabilities, .runtimeDevices,
         .runtimeSeccomp, .runtimeMAC, .runtimeDockerSocket, .runtimeHostMounts, .runtimeNamespaces, .runtimeReadOnly, .runtimeResources,
         .networkExposure, .loggingAudit, .imageHealthcheck]
    }
}

/// Host paths whose mount matters, and how much.
public enum HostPaths {
    /// Sockets of container engines; mounting one (or a directory holding one) hands over the host.
    public static func engineSocket(_ source: String) -> Bool {
        let s = normalize(source)
        if ["/var/run", "/run", "/", "/var/run/docker", "/run/docker", "/run/containerd", "/var/run/containerd", "/run/podman",
            "/var/run/podman", "/run/crio", "/var/run/crio", "/run/user"].contains(s) { return true }
        return ["docker.sock", "containerd.sock", "podman.sock", "crio.sock", "cri-dockerd.sock", "dockershim.sock", "buildkitd.sock"]
            .contains { s.hasSuffix("/" + $0) || s == $0 }
    }

    public static func normalize(_ p: String) -> String {
        var s = p
        if s.hasPrefix("~") || s.hasPrefix("$HOME") || s.hasPrefix("${HOME}") { return "~" + s.drop { $0 != "/" } }
        while s.count > 1 && s.hasSuffix("/") { s.removeLast() }
        return s
    }

    /// (label, rw severity, ro severity) for a sensitive host path, or nil.
    public static func sensitivity(_ source: String) -> (String, Severity, Severity)? {
        let s = normalize(source)
        let benign: Set<String> = ["/etc/localtime", "/etc/timezone", "/etc/machine-id", "/usr/share/zoneinfo", "/etc/ssl/certs",
                                   "/etc/ca-certificates", "/etc/pki/ca-trust", "/etc/os-release", "/etc/hostname", "/etc/resolv.conf",
                                   "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/shm", "/dev/fuse", "/sys/fs/cgroup"]
        if benign.contains(s) { return s == "/sys/fs/cgroup" ? ("cgroup filesystem", .high, .low) : nil }
        let critical = ["/", "/etc", "/root", "/boot", "/proc", "/sys", "/dev", "/lib/modules", "/usr", "/bin", "/sbin", "/lib",
                        "/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet", "/etc/kubernetes", "/var/lib/rancher"]
        for c in critical where s == c || (c != "/" && s.hasPrefix(c + "/")) {
            if s.hasPrefix("/proc/") && !s.hasPrefix("/proc/sys") && s != "/proc/sysrq-trigger" { return ("host /proc entry \(s)", .medium, .low) }
            if s.hasPrefix("/sys/") && !s.hasPrefix("/sys/kernel") && !s.hasPrefix("/sys/fs/cgroup") { return ("host sysfs entry \(s)", .medium, .low) }
            return (s == c ? "host \(c)" : "host \(s) (under \(c))", .critical, .medium)
        }
        // host service sockets under /run answer through read-only mounts too
        for r in ["/run/", "/var/run/"] where s.hasPrefix(r) {
            let rest = s.dropFirst(r.count)
            if rest.hasPrefix("dbus") || rest.hasPrefix("systemd") || rest.hasPrefix("snapd") { return ("host service sockets \(s) (D-Bus/systemd: root on the host)", .critical, .high) }
            return ("host runtime directory \(s)", .medium, .low)
        }
        for h in ["/home", "~", "/var/log", "/var/lib", "/opt", "/srv", "/mnt", "/media", "/tmp"] where s == h || s.hasPrefix(h + "/") {
            let secretDirs = ["/.ssh", "/.aws", "/.docker", "/.kube", "/.gnupg", "/.config/gcloud", "/.azure"]
            if secretDirs.contains(where: { s.contains($0) }) { return ("credentials directory \(s)", .critical, .high) }
            if s == "/home" || s == "~" { return ("host home directories", .high, .medium) }
            if s == "/var/log" { return ("host /var/log", .high, .low) }
            if s == "/var/lib" { return ("host /var/lib (other services' data, engine storage)", .critical, .medium) }
            return nil
        }
        return nil
    }

    /// What passing a host device into a container opens, graded like capabilities: disks and memory are
    /// the host (critical, an escape path); the kernel log, KVM, MSRs and raw USB are medium or high; FUSE,
    /// TUN, GPUs, sound, video and serial ports open what their name says and are low.
    public struct DeviceRisk: Sendable {
        public var severity: Severity
        public var opens: String
        /// True when the device alone gives the host away (raw storage or memory).
        public var escape: Bool
    }

    public static func device(_ path: String) -> DeviceRisk {
        let p = normalize(path)
        for prefix in ["/dev/sd", "/dev/nvme", "/dev/vd", "/dev/xvd", "/dev/hd", "/dev/dm-", "/dev/mapper", "/dev/loop", "/dev/md", "/dev/mmcblk", "/dev/disk"] where p.hasPrefix(prefix) {
            return DeviceRisk(severity: .critical, opens: "raw access to host storage: mount it and the host filesystem is yours", escape: true)
        }
        switch p {
        case "/dev": return DeviceRisk(severity: .critical, opens: "every host device, disks and memory among them", escape: true)
        case "/dev/mem", "/dev/kmem", "/dev/port": return DeviceRisk(severity: .critical, opens: "raw access to host memory or I/O ports", escape: true)
        case "/dev/kmsg": return DeviceRisk(severity: .medium, opens: "the kernel log: reads kernel addresses and other containers' messages, and injects lines into it", escape: false)
        case "/dev/kvm": return DeviceRisk(severity: .medium, opens: "the host's hypervisor: virtual machines run on the host kernel's KVM code", escape: false)
        case "/dev/fuse": return DeviceRisk(severity: .low, opens: "FUSE filesystems (mounting one still needs SYS_ADMIN)", escape: false)
        case "/dev/net/tun": return DeviceRisk(severity: .low, opens: "TUN/TAP interfaces in the container's own network namespace (VPNs)", escape: false)
        default: break
        }
        if p.hasPrefix("/dev/cpu") { return DeviceRisk(severity: .high, opens: "CPU model-specific registers: read and change processor state of the host", escape: false) }
        if p.hasPrefix("/dev/bus/usb") { return DeviceRisk(severity: .medium, opens: "raw access to host USB devices (keyboards, storage sticks)", escape: false) }
        if p.hasPrefix("/dev/nvidia") || p.hasPrefix("/dev/dri") || p == "/dev/kfd" { return DeviceRisk(severity: .low, opens: "the GPU (its driver is kernel attack surface)", escape: false) }
        if p.hasPrefix("/dev/snd") || p.hasPrefix("/dev/video") || p.hasPrefix("/dev/tty") || p.hasPrefix("/dev/input") || p.hasPrefix("/dev/gpio")
            || p.hasPrefix("/dev/i2c") || p.hasPrefix("/dev/spidev") || p.hasPrefix("/dev/hidraw") {
            return DeviceRisk(severity: .low, opens: "the device it names (sound, video, serial or input hardware)", escape: false)
        }
        return DeviceRisk(severity: .low, opens: "a host device", escape: false)
    }
}
