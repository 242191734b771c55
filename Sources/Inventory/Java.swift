import BulkheadCore
import BulkheadModel

/// Java archives: the Maven coordinates their `META-INF/maven/**/pom.properties` record, also in jars nested
/// inside them (Spring Boot's BOOT-INF/lib, WEB-INF/lib). The image reader turns each archive into lines of
/// `groupId:artifactId version [inner path]` as it passes (the archive itself is not kept).
public enum JavaArchives {
    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].contains(":") else { return nil }
            let at = parts.count > 2 ? path + "!" + parts[2] : path
            return InstalledPackage(ecosystem: "Maven", name: String(parts[0]), version: String(parts[1]), path: at)
        }
    }

    /// The `groupId:artifactId version` of one pom.properties, nil when a key is missing.
    public static func coordinates(_ properties: String) -> String? {
        var fields: [String: String] = [:]
        for line in properties.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let l = line.trimmingSpaces
            if l.hasPrefix("#") || l.hasPrefix("!") { continue }
            guard let eq = l.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            fields[String(l[..<eq]).trimmingSpaces] = String(l[l.index(after: eq)...]).trimmingSpaces
        }
        guard let g = fields["groupId"], let a = fields["artifactId"], let v = fields["version"], !g.isEmpty, !a.isEmpty, !v.isEmpty else { return nil }
        return "\(g):\(a) \(v)"
    }
}
