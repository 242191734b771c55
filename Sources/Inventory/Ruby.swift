import BulkheadCore
import BulkheadModel

/// Installed Ruby gems: `specifications/NAME-VERSION.gemspec` (Ruby code that RubyGems writes in one shape:
/// `s.name = "rake".freeze`, `s.version = "13.0.6"`, and a `# stub: rake 13.0.6 ruby lib` line).
public enum Gemspec {
    public static func isSpecificationPath(_ path: String) -> Bool {
        path.hasSuffix(".gemspec") && (path.contains("/specifications/") || path.hasPrefix("specifications/"))
    }

    public static func package(_ text: String, path: String) -> InstalledPackage? {
        var name: String?, version: String?
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).prefix(400) {
            let line = raw.trimmingSpaces
            if line.hasPrefix("# stub: ") {
                let w = line.dropFirst(8).split(separator: " ")
                if w.count >= 2 { name = name ?? String(w[0]); version = version ?? String(w[1]) }
                continue
            }
            guard let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy({ $0.isLetter || $0 == "_" }) else { continue }
            let rest = line[line.index(after: dot)...]
            if rest.hasPrefix("name =") || rest.hasPrefix("name="), let s = quoted(rest) { name = s }
            else if rest.hasPrefix("version =") || rest.hasPrefix("version="), let s = quoted(rest) { version = s }
        }
        guard let name, let version, !name.isEmpty, !version.isEmpty else { return nil }
        return InstalledPackage(ecosystem: "RubyGems", name: name, version: version, path: path)
    }

    /// The first double- or single-quoted string of a line.
    static func quoted(_ s: Substring) -> String? {
        guard let open = s.firstIndex(where: { $0 == "\"" || $0 == "'" }) else { return nil }
        let q = s[open]
        let body = s[s.index(after: open)...]
        guard let close = body.firstIndex(of: q) else { return nil }
        return String(body[..<close])
    }
}
