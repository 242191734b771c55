import BulkheadCore

/// dockerd's command line read as dockerd reads it: flags by long name, short forms (`-H`, `-l`, `-D`, `-G`,
/// `-p`, `-g`, `-b`) mapped, `--flag=value` and `--flag value`, boolean flags without a value; repeatable flags
/// keep every value in order. One reading for the host probe and the host reader.
public enum DockerdFlags {
    /// dockerd's flags by long name. Short forms as dockerd knows them (`-H`, `-l`, `-D`, `-G`, `-p`, `-g`).
    static let shortFlags: [String: String] = ["H": "host", "l": "log-level", "D": "debug", "G": "group", "p": "pidfile", "g": "data-root", "b": "bridge"]
    /// Flags that take no value (`--tlsverify`, `--icc` as `--icc=false` only).
    static let booleanFlags: Set<String> = ["tls", "tlsverify", "debug", "icc", "iptables", "ip6tables", "ip-forward", "ip-masq", "live-restore",
                                            "userland-proxy", "no-new-privileges", "experimental", "selinux-enabled", "rootless", "init",
                                            "raw-logs", "validate", "version", "help", "ipv6", "userns-remap-none"]
    public static func parse(_ argv: [String], origin: (Int) -> Origin) -> [String: [Sourced<String>]] {
        var out: [String: [Sourced<String>]] = [:]
        var i = 1
        while i < argv.count {
            let a = argv[i]
            var name: String, value: String? = nil
            if a.hasPrefix("--") {
                let body = a.dropFirst(2)
                if let eq = body.firstIndex(of: "=") { name = String(body[..<eq]); value = String(body[body.index(after: eq)...]) } else { name = String(body) }
            } else if a.hasPrefix("-"), a.count >= 2 {
                let body = a.dropFirst()
                let k = String(body.prefix(1))
                name = shortFlags[k] ?? k
                if body.count > 1 { value = String(body.dropFirst().drop { $0 == "=" }) }
            } else { i += 1; continue }
            let at = i
            if value == nil {
                if booleanFlags.contains(name) { value = "true" } else if i + 1 < argv.count { i += 1; value = argv[i] } else { value = "" }
            }
            out[name, default: []].append(Sourced(value!, origin(at)))
            i += 1
        }
        return out
    }


    /// The values only (the probe needs a few before there is anything to point at).
    public static func values(_ argv: [String]) -> [String: [String]] {
        parse(argv) { _ in Origin(file: "", line: 1) }.mapValues { $0.map(\.value) }
    }
}
