import BulkheadCore
import BulkheadModel

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
