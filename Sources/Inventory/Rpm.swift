import BulkheadCore
import BulkheadModel

/// rpm's installed packages. Each package in rpm's database is a header blob (rpm's own tagged format); the
/// image reader takes the blobs out of `rpmdb.sqlite` as the layer passes and keeps one line per package:
/// `name<TAB>epoch<TAB>version<TAB>release<TAB>arch<TAB>sourcerpm`.
public enum RpmDatabase {
    public static let paths: Set<String> = ["var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite", "var/lib/rpm/Packages"]

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

/// rpm's older database, Berkeley DB's hash format (`var/lib/rpm/Packages`: RHEL/CentOS 7 and 8, Amazon Linux 2):
/// read directly from its pages, best effort. The metadata page gives the byte order, page size and last page;
/// each hash page holds key/value pairs whose values are the header blobs, on the page itself or on a chain of
/// overflow pages. Every page number, offset and length is checked against the file; chains are bounded.
public enum RpmBerkeleyDB {
    static let hashMagic: UInt32 = 0x061561

    /// The header blobs the database holds.
    public static func headers(_ b: [UInt8]) -> [[UInt8]] {
        guard b.count >= 512 else { return [] }
        func le32(_ at: Int) -> UInt32 { UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24 }
        let little: Bool
        if le32(12) == hashMagic { little = true } else if le32(12).byteSwapped == hashMagic { little = false } else { return [] }
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= b.count else { return nil }
            let v = le32(at)
            return Int(little ? v : v.byteSwapped)
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= b.count else { return nil }
            let v = UInt16(b[at]) | UInt16(b[at + 1]) << 8
            return Int(little ? v : v.byteSwapped)
        }
        guard let pageSize = u32(20), pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0, let last = u32(32) else { return [] }
        let pages = min(last + 1, b.count / pageSize)
        var out: [[UInt8]] = []
        for p in 1..<max(1, pages) {
            let base = p * pageSize
            let type = b[base + 25]
            guard type == 13 || type == 2, let n = u16(base + 20), n <= (pageSize - 26) / 2 else { continue }   // P_HASH, P_HASH_UNSORTED
            // entries alternate key, value; each is an offset into the page, items packed from the page's end
            for i in stride(from: 1, to: n, by: 2) {
                guard let off = u16(base + 26 + 2 * i), off >= 26 + 2 * n, off < pageSize else { continue }
                switch b[base + off] {
                case 3:   // H_OFFPAGE: page number and length of an overflow chain
                    guard off + 12 <= pageSize, let first = u32(base + off + 4), let length = u32(base + off + 8), length <= 64 << 20 else { continue }
                    var data: [UInt8] = []
                    var page = first, steps = 0
                    while page != 0, page < pages, steps < pages, data.count < length {
                        let pb = page * pageSize
                        guard b[pb + 25] == 7, let used = u16(pb + 22), let next = u32(pb + 16) else { break }   // P_OVERFLOW
                        data += b[(pb + 26)..<(pb + 26 + min(used, pageSize - 26))]
                        page = next; steps += 1
                    }
                    if data.count >= length { out.append(Array(data.prefix(length))) }
                case 1:   // H_KEYDATA: the value on this page, up to the previous item
                    guard let end = (i == 0 ? pageSize : u16(base + 26 + 2 * (i - 1))), end > off + 1, end <= pageSize else { continue }
                    out.append(Array(b[(base + off + 1)..<(base + end)]))
                default: continue
                }
            }
        }
        return out
    }

    /// One kept line per package (as RpmDatabase reads them).
    public static func describe(_ b: [UInt8]) -> String {
        headers(b).compactMap { RpmDatabase.line(header: $0) }.sorted().joined(separator: "\n")
    }
}
