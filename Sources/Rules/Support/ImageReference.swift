/// An image reference split into registry, repository, tag and digest, the way Docker normalises it.
public struct ImageReference: Sendable, Hashable {
    public var registry: String?
    public var repository: String
    public var tag: String?
    public var digest: String?

    public init(_ s: String) {
        var rest = Substring(s)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...]); rest = rest[..<at]
        }
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1, let f = parts.first, f.contains(".") || f.contains(":") || f == "localhost" {
            registry = f; parts.removeFirst()
        }
        var last = parts.popLast() ?? ""
        if let colon = last.lastIndex(of: ":") {
            tag = String(last[last.index(after: colon)...]); last = String(last[..<colon])
        }
        parts.append(last)
        repository = parts.joined(separator: "/")
    }

    /// The registry Docker pulls from (docker.io when none is named).
    public var effectiveRegistry: String { registry ?? "docker.io" }

    /// True if the registry is named by an IP address.
    public var registryIsIP: Bool {
        guard let r = registry else { return false }
        let host = r.hasPrefix("[") ? String(r.dropFirst().prefix { $0 != "]" }) : String(r.split(separator: ":").first ?? "")
        if host.contains(":") { return true }  // IPv6
        let octets = host.split(separator: ".")
        return octets.count == 4 && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
    }

    public var registryIsLoopback: Bool {
        guard let r = registry?.lowercased() else { return false }
        return r.hasPrefix("localhost") || r.hasPrefix("127.") || r.hasPrefix("[::1]")
    }
}

/// Glob matching with `*` (any run of characters) for registry allow-lists.
public func globMatch(_ pattern: String, _ s: String) -> Bool {
    let p = Array(pattern.lowercased()), t = Array(s.lowercased())
    var pi = 0, ti = 0, star = -1, mark = 0
    while ti < t.count {
        if pi < p.count && (p[pi] == t[ti] || p[pi] == "?") { pi += 1; ti += 1 }
        else if pi < p.count && p[pi] == "*" { star = pi; mark = ti; pi += 1 }
        else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
        else { return false }
    }
    while pi < p.count && p[pi] == "*" { pi += 1 }
    return pi == p.count
}
