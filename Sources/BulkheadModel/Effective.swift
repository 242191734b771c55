import BulkheadCore

/// A container's effective security settings: container setting → daemon default → engine default.
public struct EffectiveSecurity: Sendable {
    /// Docker's 14 default capabilities (moby oci/caps/defaults.go).
    public static let defaultCapabilities: Set<String> = ["CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID",
                                                          "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE"]

    public var capabilities: Set<String>
    public var allCapabilities: Bool
    public var dropsAll: Bool
    public var privileged: Bool
    /// "default", "unconfined", or "custom"
    public var seccomp: String
    public var seccompAllowsByDefault: Bool
    public var appArmorUnconfined: Bool
    public var selinuxDisabled: Bool
    public var noNewPrivileges: Bool
    public var noNewPrivilegesFromDaemon: Bool
    public var readOnlyRootfs: Bool
    public var hostNetwork: Bool
    public var hostPID: Bool
    public var hostIPC: Bool
    public var hostUTS: Bool
    public var hostUserns: Bool
    public var hostCgroupns: Bool
    public var userRemapped: Bool
    public var systemPathsUnmasked: Bool
    public var writableCgroups: Bool

    public static func normalizeCap(_ s: String) -> String {
        var c = s.uppercased().trimmingSpaces
        if c.hasPrefix("CAP_") && c != "CAP_ALL" { c.removeFirst(4) }
        return c
    }

    public init(_ c: ContainerConfig, daemon: DaemonDefaults = DaemonDefaults()) {
        privileged = c.privileged?.value ?? false
        let add = Set(c.capAdd.map { Self.normalizeCap($0.value) })
        let drop = Set(c.capDrop.map { Self.normalizeCap($0.value) })
        dropsAll = drop.contains("ALL")
        allCapabilities = privileged || add.contains("ALL")
        var caps = dropsAll ? Set<String>() : Self.defaultCapabilities.subtracting(drop)
        caps.formUnion(add.subtracting(["ALL"]))
        capabilities = caps

        let sec = c.securityOptions("seccomp").map(\.value)
        if privileged || sec.contains("unconfined") { seccomp = "unconfined" }
        else if let custom = sec.last, custom != "default", custom != "builtin" { seccomp = "custom" }
        else if let d = daemon.seccompProfile, d == "unconfined" { seccomp = "unconfined" }
        else { seccomp = "default" }
        seccompAllowsByDefault = sec.contains { s in
            guard let body = c.seccompProfiles[s] ?? (s.hasPrefix("{") ? s : nil) else { return false }
            return EffectiveSecurity.profileAllowsByDefault(body)
        }
        let aa = c.securityOptions("apparmor").map(\.value)
        appArmorUnconfined = privileged || aa.contains("unconfined") || c.appArmorProfile?.value == "unconfined"
        selinuxDisabled = privileged || c.securityOptions("label").contains { $0.value == "disable" }
        let nnp = c.securityOptions("no-new-privileges").last.map { $0.value != "false" }
        noNewPrivilegesFromDaemon = nnp == nil && daemon.noNewPrivileges
        noNewPrivileges = nnp ?? daemon.noNewPrivileges
        readOnlyRootfs = c.readonlyRootfs?.value ?? false
        hostNetwork = c.networkMode?.value == "host"
        hostPID = c.pidMode?.value == "host"
        hostIPC = c.ipcMode?.value == "host"
        hostUTS = c.utsMode?.value == "host"
        hostUserns = c.usernsMode?.value == "host"
        hostCgroupns = (c.cgroupnsMode?.value ?? daemon.defaultCgroupnsMode) == "host"
        userRemapped = daemon.usernsRemap != nil && !hostUserns && !privileged
        systemPathsUnmasked = privileged || c.securityOptions("systempaths").contains { $0.value == "unconfined" }
            || (c.maskedPaths.map { $0.value.isEmpty } ?? false)
        writableCgroups = privileged || c.securityOptions("writable-cgroups").contains { $0.value == "true" }
    }

    /// True if a seccomp profile's defaultAction allows (SCMP_ACT_ALLOW / SCMP_ACT_LOG / SCMP_ACT_TRACE).
    public static func profileAllowsByDefault(_ json: String) -> Bool {
        guard let r = json.firstRange(of: "\"defaultAction\"") else { return false }
        let rest = json[r.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        return rest.hasPrefix("\"SCMP_ACT_ALLOW\"") || rest.hasPrefix("\"SCMP_ACT_LOG\"") || rest.hasPrefix("\"SCMP_ACT_TRACE")
    }

    public func has(_ cap: String) -> Bool { allCapabilities || capabilities.contains(cap) }
    /// Capabilities beyond the engine defaults.
    public var added: Set<String> { capabilities.subtracting(Self.defaultCapabilities) }
}
