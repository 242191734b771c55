import BulkheadCore
import BulkheadModel

/// Package URLs (purl-spec) for installed packages, and packages read back from them.
public enum PackageURL {
    /// Percent-encoding of a purl component: unreserved characters stay, everything else is %XX.
    static func encode(_ s: String, keepSlash: Bool = false, keepColon: Bool = false) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: "/") where keepSlash: out.append("/")
            case UInt8(ascii: ":") where keepColon: out.append(":")
            default:
                let hex = Array("0123456789ABCDEF")
                out.append("%"); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
            }
        }
        return out
    }

    static func decode(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        var i = s.utf8.startIndex
        let u = s.utf8
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "%"), let h1 = u.index(i, offsetBy: 1, limitedBy: u.endIndex), h1 < u.endIndex,
               let h2 = u.index(i, offsetBy: 2, limitedBy: u.endIndex), h2 < u.endIndex,
               let v = UInt8(String(decoding: [u[h1], u[h2]], as: UTF8.self), radix: 16) {
                bytes.append(v); i = u.index(i, offsetBy: 3)
            } else { bytes.append(b); i = u.index(after: i) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The purl of an installed package, nil for an ecosystem purl-spec has no type for here.
    public static func of(_ p: InstalledPackage, distribution: Distribution?) -> String? {
        var qualifiers: [(String, String)] = []
        let type: String, namespace: String?, name: String
        var version = p.version
        switch p.ecosystem {
        case "Debian", "Ubuntu", "Alpine":
            type = p.ecosystem == "Alpine" ? "apk" : "deb"
            namespace = distribution?.id ?? p.ecosystem.lowercased()
            name = p.name
            if let a = p.architecture { qualifiers.append(("arch", a)) }
            if let d = distribution { qualifiers.append(("distro", "\(d.id)-\(d.versionID)")) }
            if p.sourceName != p.name || p.sourceVersion != p.version {
                qualifiers.append(("upstream", p.sourceVersion != p.version ? "\(p.sourceName)@\(p.sourceVersion)" : p.sourceName))
            }
        case _ where p.ecosystem == "RPM" || (distribution?.usesRPM == true && p.ecosystem == distribution?.osvEcosystem):
            // pkg:rpm/rhel/bash@5.1.8-6.el9?arch=x86_64&epoch=1&upstream=bash-5.1.8-6.el9.src.rpm (the version without its epoch)
            type = "rpm"
            namespace = distribution?.id ?? "rpm"
            name = p.name
            if let colon = version.firstIndex(of: ":"), version[..<colon].allSatisfy(\.isNumber) {
                qualifiers.append(("epoch", String(version[..<colon]))); version = String(version[version.index(after: colon)...])
            }
            if let a = p.architecture { qualifiers.append(("arch", a)) }
            if let d = distribution { qualifiers.append(("distro", "\(d.id)-\(d.versionID)")) }
            if p.sourceName != p.name || p.sourceVersion != p.version {
                var sv = Substring(p.sourceVersion)
                if let colon = sv.firstIndex(of: ":") { sv = sv[sv.index(after: colon)...] }
                qualifiers.append(("upstream", "\(p.sourceName)-\(sv).src.rpm"))
            }
        case "PyPI": type = "pypi"; namespace = nil; name = AffectedPackage.matchName(p.name, ecosystem: "PyPI")
        case "npm":
            type = "npm"
            if p.name.hasPrefix("@"), let slash = p.name.firstIndex(of: "/") {
                namespace = String(p.name[..<slash]); name = String(p.name[p.name.index(after: slash)...])
            } else { namespace = nil; name = p.name }
        case "RubyGems": type = "gem"; namespace = nil; name = p.name
        case "Go":
            // a module path: the namespace is all before its last element (pkg:golang/golang.org/x/net@v0.17.0)
            type = "golang"
            if let slash = p.name.lastIndex(of: "/") {
                namespace = String(p.name[..<slash]); name = String(p.name[p.name.index(after: slash)...])
            } else { namespace = nil; name = p.name }
        case "Packagist":
            type = "composer"
            guard let slash = p.name.firstIndex(of: "/") else { return nil }
            namespace = String(p.name[..<slash]); name = String(p.name[p.name.index(after: slash)...])
        case "NuGet": type = "nuget"; namespace = nil; name = p.name
        case "crates.io": type = "cargo"; namespace = nil; name = p.name
        case "Maven":
            type = "maven"
            let ga = p.name.split(separator: ":", maxSplits: 1)
            guard ga.count == 2 else { return nil }
            namespace = String(ga[0]); name = String(ga[1])
        default: return nil
        }
        var s = "pkg:\(type)/"
        if let namespace { s += encode(namespace, keepSlash: true) + "/" }
        s += encode(name) + "@" + encode(version, keepColon: true)
        if !qualifiers.isEmpty { s += "?" + qualifiers.sorted { $0.0 < $1.0 }.map { "\($0.0)=\(encode($0.1, keepColon: true))" }.joined(separator: "&") }
        return s
    }

    /// An installed package from a purl (an SBOM's component), with the distribution its `distro` qualifier names.
    public static func package(_ purl: String, path: String) -> (InstalledPackage, Distribution?)? {
        guard purl.hasPrefix("pkg:") else { return nil }
        var rest = Substring(purl.dropFirst(4))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var qualifiers: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for kv in rest[rest.index(after: q)...].split(separator: "&") {
                let parts = kv.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { qualifiers[parts[0].lowercased()] = decode(parts[1]) }
            }
            rest = rest[..<q]
        }
        guard let at = rest.lastIndex(of: "@") else { return nil }
        let version = decode(rest[rest.index(after: at)...])
        let parts = rest[..<at].split(separator: "/").map { decode($0) }
        guard parts.count >= 2, !version.isEmpty else { return nil }
        let type = parts[0].lowercased()
        let name = parts.last!
        let namespace = parts.count > 2 ? parts[1..<(parts.count - 1)].joined(separator: "/") : nil
        var distro: Distribution? = nil
        if let d = qualifiers["distro"] {
            // debian-12, alpine-3.19.1, or a bare code name
            let id = namespace ?? ""
            let v = d.hasPrefix(id + "-") ? String(d.dropFirst(id.count + 1)) : d
            distro = Distribution(id: id, versionID: DebianCodename.number(v) ?? v, prettyName: "\(id) \(v)")
        }
        var upstreamName: String? = nil, upstreamVersion: String? = nil
        if let u = qualifiers["upstream"] {
            let uv = u.split(separator: "@", maxSplits: 1)
            upstreamName = String(uv[0]); upstreamVersion = uv.count > 1 ? String(uv[1]) : nil
        }
        let ecosystem: String
        var fullName = name
        switch type {
        case "deb": ecosystem = namespace == "ubuntu" ? "Ubuntu" : "Debian"
        case "apk": ecosystem = "Alpine"
        case "pypi": ecosystem = "PyPI"
        case "npm": ecosystem = "npm"; if let ns = namespace { fullName = ns + "/" + name }
        case "golang": ecosystem = "Go"; if let ns = namespace { fullName = ns + "/" + name }
        case "maven": ecosystem = "Maven"; if let ns = namespace { fullName = ns + ":" + name }
        case "gem": ecosystem = "RubyGems"
        case "cargo": ecosystem = "crates.io"
        case "composer": ecosystem = "Packagist"; if let ns = namespace { fullName = ns + "/" + name }
        case "nuget": ecosystem = "NuGet"
        case "rpm":
            ecosystem = Distribution(id: namespace ?? "", versionID: "", prettyName: "").osvEcosystem ?? "RPM"
            // upstream is the source rpm's file name: bash-5.1.8-6.el9.src.rpm
            if let u = qualifiers["upstream"], u.hasSuffix(".rpm") {
                let nvr = u.dropLast(4).split(separator: ".").dropLast().joined(separator: ".").split(separator: "-")
                if nvr.count >= 3 { upstreamName = nvr.dropLast(2).joined(separator: "-"); upstreamVersion = nvr.suffix(2).joined(separator: "-") }
            }
        default: return nil
        }
        var v = version
        if let epoch = qualifiers["epoch"], !v.contains(":") { v = epoch + ":" + v }
        let p = InstalledPackage(ecosystem: ecosystem, name: fullName, version: v, sourceName: upstreamName, sourceVersion: upstreamVersion,
                                 architecture: qualifiers["arch"], path: path)
        return (p, distro)
    }
}

enum DebianCodename {
    static let numbers = ["jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14"]
    static func number(_ s: String) -> String? { numbers[s] }
}
