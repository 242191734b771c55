import BulkheadCore
import BulkheadModel

/// Volume short syntax (`-v SRC:DST:MODE`, Compose `volumes: ["SRC:DST:MODE"]`) and the long `--mount`
/// CSV syntax, read the way the engine's Linux parser and Compose read them.
public enum MountSyntax {
    /// Modes the engine accepts after the second colon (and Compose's extras).
    public static let modes: Set<String> = ["ro", "rw", "readonly", "z", "Z", "shared", "rshared", "slave", "rslave", "private", "rprivate",
                                            "nocopy", "cached", "delegated", "consistent", "copy"]
    public static let propagations: Set<String> = ["shared", "rshared", "slave", "rslave", "private", "rprivate"]

    /// `SRC:DST[:MODE]`, `DST`, or `DST:MODE` (an anonymous volume with a mode). Windows drive letters
    /// (`C:\data:/data`) stay part of the source. A source that is a path (absolute, `./`, `~`, `$VAR`, or
    /// with a slash) is a bind mount; a bare name is a named volume.
    public static func volume(_ raw: String, origin: Origin) -> MountSpec {
        var parts = raw.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 3, parts[0].count == 1, parts[0].first!.isLetter, parts[1].hasPrefix("\\") || parts[1].hasPrefix("/") {
            parts = [parts[0] + ":" + parts[1]] + parts.dropFirst(2)
        }
        var mode = ""
        if parts.count >= 3 { mode = parts.removeLast() }
        else if parts.count == 2, isMode(parts[1]) { mode = parts.removeLast() }
        let opts = Set(mode.split(separator: ",").map(String.init))
        let readOnly = opts.contains("ro") || opts.contains("readonly")
        let propagation = opts.first { propagations.contains($0) }
        guard parts.count >= 2 else {
            return MountSpec(type: "volume", source: nil, target: parts.first ?? "", readOnly: readOnly, propagation: propagation, origin: origin)
        }
        let src = parts[0]
        return MountSpec(type: isPath(src) ? "bind" : "volume", source: src, target: parts[1], readOnly: readOnly,
                         propagation: propagation, origin: origin)
    }

    static func isMode(_ s: String) -> Bool {
        !s.isEmpty && s.split(separator: ",").allSatisfy { modes.contains(String($0)) }
    }

    public static func isPath(_ s: String) -> Bool {
        s.hasPrefix("/") || s.hasPrefix(".") || s.hasPrefix("~") || s.hasPrefix("$") || s.contains("/") || s.contains("\\")
            || (s.count >= 2 && s.dropFirst().first == ":" && s.first!.isLetter)
    }

    /// `--mount type=bind,source=/x,target=/y,readonly,bind-propagation=rshared`.
    public static func mount(_ raw: String, origin: Origin) -> MountSpec {
        var kv: [String: String] = [:]
        for part in raw.split(separator: ",") {
            let p = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard let key = p.first?.trimmingSpaces.lowercased() else { continue }
            kv[key] = p.count > 1 ? p[1].trimmingQuotes : "true"
        }
        let target = kv["target"] ?? kv["dst"] ?? kv["destination"] ?? ""
        let ro = ["true", "1"].contains((kv["readonly"] ?? kv["ro"] ?? "false").lowercased())
        return MountSpec(type: kv["type"] ?? "volume", source: kv["source"] ?? kv["src"], target: target, readOnly: ro,
                         propagation: kv["bind-propagation"], origin: origin)
    }
}

/// Port short syntax: `[IP:][HOST:]CONTAINER[/PROTO]`, ranges, IPv6 in brackets or bare, protocol in any case.
public enum PortSyntax {
    public static func binding(_ raw: String, origin: Origin) -> PortBinding {
        var spec = Substring(raw.trimmingSpaces), proto = "tcp", ip = ""
        if let slash = spec.lastIndex(of: "/") { proto = String(spec[spec.index(after: slash)...]).lowercased(); spec = spec[..<slash] }
        if spec.hasPrefix("["), let close = spec.firstIndex(of: "]") {
            ip = String(spec[spec.index(after: spec.startIndex)..<close])
            spec = spec[spec.index(after: close)...].drop { $0 == ":" }
        }
        var parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let container = parts.removeLast()
        let host = parts.popLast() ?? ""
        if ip.isEmpty && !parts.isEmpty { ip = parts.joined(separator: ":") }
        return PortBinding(containerPort: container, proto: proto, hostIP: ip, hostPort: host, origin: origin)
    }
}

/// `--device /dev/x[:/dev/y[:rwm]]` and Compose `devices: ["/dev/x:/dev/y:rwm"]`.
public enum DeviceSyntax {
    public static func mapping(_ raw: String, origin: Origin) -> DeviceMapping {
        let p = raw.split(separator: ":").map(String.init)
        let host = p.first ?? raw
        return DeviceMapping(pathOnHost: host, pathInContainer: p.count > 1 ? p[1] : host, permissions: p.count > 2 ? p[2] : "rwm", origin: origin)
    }
}

/// `KEY=VALUE` pairs (sysctls, labels) and `PATH[:OPTIONS]` (tmpfs).
public enum PairSyntax {
    public static func keyValue(_ raw: String) -> (String, String) {
        let kv = raw.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        return (kv.first ?? "", kv.count > 1 ? kv[1] : "")
    }
    public static func tmpfs(_ raw: String) -> (String, String) {
        let p = raw.split(separator: ":", maxSplits: 1).map(String.init)
        return (p.first ?? "", p.count > 1 ? p[1] : "")
    }
    /// `true`/`false` as Compose and flags spell them (`yes`, `on`, `1` …); nil for anything else.
    public static func bool(_ raw: String) -> Bool? {
        let v = raw.trimmingSpaces.lowercased()
        if ["true", "yes", "on", "1", "y"].contains(v) { return true }
        if ["false", "no", "off", "0", "n"].contains(v) { return false }
        return nil
    }
}
