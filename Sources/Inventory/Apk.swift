import BulkheadCore
import BulkheadModel

/// apk's database (`lib/apk/db/installed`): paragraphs of one-letter keys, `P:` name, `V:` version, `o:` origin
/// (the APKBUILD the package was built from, which advisories name), `A:` architecture. Keys are
/// case-sensitive (`P` is the name, `p` what it provides).
public enum ApkInstalled {
    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        var out: [InstalledPackage] = []
        var name: Substring?, version: Substring?, origin: Substring?, arch: Substring?
        func flush() {
            if let name, let version, !name.isEmpty, !version.isEmpty {
                out.append(InstalledPackage(ecosystem: "Alpine", name: String(name), version: String(version),
                                            sourceName: origin.map(String.init), architecture: arch.map(String.init), path: path))
            }
            name = nil; version = nil; origin = nil; arch = nil
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.isEmpty { flush(); continue }
            guard line.count >= 2, line.dropFirst().first == ":" else { continue }
            let value = line.dropFirst(2)
            switch line.first {
            case "P": name = value
            case "V": version = value
            case "o": origin = value
            case "A": arch = value
            default: break
            }
        }
        flush()
        return out
    }
}
