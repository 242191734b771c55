import BulkheadCore
import BulkheadModel

/// rpm's installed packages. Each package in rpm's database is a header blob (rpm's own tagged format); the
/// image reader takes the blobs out of `rpmdb.sqlite` as the layer passes and keeps one line per package:
/// `name<TAB>epoch<TAB>version<TAB>release<TAB>arch<TAB>sourcerpm`.
public enum RpmDatabase {
    public static let paths: Set<String> = ["var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"]

    /// The fields of one header blob, as a kept line; nil when the blob is not a well-formed header or has no
    /// name and version. Every offset and count is checked against the blob.
    public static func line(header b: some Collection<UInt8>) -> String? {
        let b = Array(b)
        func int32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= b.count else { return nil }
            return Int(UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3]))
        }
        guard let il = int32(0), let dl = int32(4), il > 0, il < 1 << 20, dl >= 0, 8 + il * 16 + dl <= b.count else { return nil }
        let store = 8 + il * 16
        var fields: [Int: String] = [:]
        for i in 0..<il {
            let e = 8 + i * 16
            guard let tag = int32(e), let type = int32(e + 4), let offset = int32(e + 8), let count = int32(e + 12) else { return nil }
            guard [1000, 1001, 1002, 1003, 1022, 1044].contains(tag), offset < dl else { continue }
            switch type {
            case 6, 9, 8:   // STRING, I18NSTRING, STRING_ARRAY: the first NUL-terminated string
                let start = store + offset
                guard let end = b[start..<(store + dl)].firstIndex(of: 0) else { continue }
                fields[tag] = String(decoding: b[start..<end], as: UTF8.self)
            case 4:         // INT32 (the epoch)
                guard count >= 1, offset + 4 <= dl, let v = int32(store + offset) else { continue }
                fields[tag] = String(v)
            default: continue
            }
        }
        guard let name = fields[1000], let version = fields[1001], !name.isEmpty, !version.isEmpty else { return nil }
        let clean = { (s: String?) in (s ?? "").filter { $0 != "\t" && $0 != "\n" } }
        return [name, fields[1003] ?? "", version, fields[1002] ?? "", fields[1022] ?? "", fields[1044] ?? ""].map(clean).joined(separator: "\t")
    }

    /// The packages of kept lines: version `[epoch:]version-release`, the source package from the source rpm's
    /// file name (`bash-5.1.8-6.el9.src.rpm` → bash 5.1.8-6.el9). The public keys rpm stores as packages
    /// (gpg-pubkey) are not software and are left out.
    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, f[0] != "gpg-pubkey" else { return nil }
            let evr = (f[1].isEmpty ? "" : f[1] + ":") + f[2] + (f[3].isEmpty ? "" : "-" + f[3])
            var sourceName: String?, sourceVersion: String?
            if f[5].hasSuffix(".rpm") {
                var parts = f[5].dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
                if parts.count > 1 { parts.removeLast() }   // .src / .nosrc
                let nvr = parts.joined(separator: ".").split(separator: "-")
                if nvr.count >= 3 {
                    sourceName = nvr.dropLast(2).joined(separator: "-")
                    sourceVersion = (f[1].isEmpty ? "" : f[1] + ":") + nvr.suffix(2).joined(separator: "-")
                }
            }
            return InstalledPackage(ecosystem: "RPM", name: f[0], version: evr, sourceName: sourceName, sourceVersion: sourceVersion,
                                    architecture: f[4].isEmpty ? nil : f[4], path: path)
        }
    }
}
