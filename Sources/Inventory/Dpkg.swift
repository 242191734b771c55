import BulkheadCore
import BulkheadModel

/// dpkg's database: `var/lib/dpkg/status` (paragraphs of `Field: value`, continuation lines indented) and the
/// one-paragraph files of `var/lib/dpkg/status.d/` that distroless images carry instead.
public enum DpkgStatus {
    /// The packages installed according to one status file. In `status`, only paragraphs whose Status says
    /// `installed` count (removed packages leave `deinstall ok config-files` behind); the files of
    /// `status.d/` have no Status field and each describes an installed package.
    public static func packages(_ text: String, path: String, ecosystem: String = "Debian") -> [InstalledPackage] {
        var out: [InstalledPackage] = []
        for paragraph in ControlFields.paragraphs(text) {
            guard let name = paragraph["package"], let version = paragraph["version"] else { continue }
            if let status = paragraph["status"] {
                let words = status.split(separator: " ")
                guard words.count == 3, words[2] == "installed" else { continue }
            }
            var sourceName: String? = nil, sourceVersion: String? = nil
            if let source = paragraph["source"] {
                // `Source: glibc` or `Source: glibc (2.36-9+deb12u4)` when the versions differ (binNMUs)
                let parts = source.split(separator: " ", maxSplits: 1)
                sourceName = parts.first.map(String.init)
                if parts.count == 2 {
                    let v = parts[1].trimmingSpaces
                    if v.hasPrefix("("), v.hasSuffix(")") { sourceVersion = String(v.dropFirst().dropLast()).trimmingSpaces }
                }
            }
            out.append(InstalledPackage(ecosystem: ecosystem, name: name, version: version, sourceName: sourceName,
                                        sourceVersion: sourceVersion, architecture: paragraph["architecture"], path: path))
        }
        return out
    }
}

/// The `Field: value` paragraphs of dpkg's database, Python's core metadata and similar files: separated by
/// empty lines, continuation lines indented.
public enum ControlFields {
    /// Up to `max` paragraphs as field (lower-cased) → value; continuation lines are joined with newlines.
    public static func paragraphs(_ text: String, max: Int = .max) -> [[String: String]] {
        var out: [[String: String]] = []
        var current: [String: String] = [:]
        var last: String? = nil
        // "\r\n" is one Character in Swift: both line ends split here
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.isEmpty { out.append(current); current = [:]; if out.count == max { return out } }
                last = nil
                continue
            }
            if line.first == " " || line.first == "\t" {
                if let k = last { current[k, default: ""] += "\n" + line.trimmingSpaces }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].lowercased()
            current[key] = line[line.index(after: colon)...].trimmingSpaces
            last = key
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
