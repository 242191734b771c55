import BulkheadCore
import BulkheadModel

extension Distribution {
    /// From os-release (etc/, then usr/lib/), refined by alpine-release and debian_version; nil when none says.
    public static func detect(_ text: (String) -> String?) -> Distribution? {
        var fields: [String: String] = [:]
        if let t = text("etc/os-release") ?? text("usr/lib/os-release") {
            for l in t.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                let kv = l.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                var v = kv[1].trimmingSpaces
                if v.count >= 2, (v.hasPrefix("\"") && v.hasSuffix("\"")) || (v.hasPrefix("'") && v.hasSuffix("'")) { v = String(v.dropFirst().dropLast()) }
                fields[kv[0].trimmingSpaces] = v
            }
        }
        if let a = text("etc/alpine-release")?.trimmingSpaces, !a.isEmpty {
            if fields["ID"] == nil { fields["ID"] = "alpine" }
            if fields["ID"] == "alpine" { fields["VERSION_ID"] = a }
        }
        if fields["ID"] == nil, text("etc/debian_version") != nil { fields["ID"] = "debian" }
        guard let id = fields["ID"]?.lowercased(), !id.isEmpty else { return nil }
        var version = fields["VERSION_ID"] ?? ""
        if version.isEmpty, id == "debian", let d = text("etc/debian_version")?.trimmingSpaces,
           let major = d.split(separator: ".").first, Int(major) != nil {
            version = String(major)
        }
        return Distribution(id: id, versionID: version, codename: fields["VERSION_CODENAME"],
                            prettyName: fields["PRETTY_NAME"] ?? "\(id) \(version)",
                            cpe: fields["CPE_NAME"].flatMap { $0.hasPrefix("cpe:/") || $0.hasPrefix("cpe:2.3:") ? $0 : nil })
    }
}
