import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// Packages read back from an SBOM (CycloneDX or SPDX JSON, ours or another tool's), by their purls.
public enum SBOMReader {
    public enum Format: String, Sendable { case cyclonedx, spdx }

    public static func format(_ text: String) -> Format? {
        let head = text.prefix(8192)
        if head.contains("\"bomFormat\"") { return .cyclonedx }
        if head.contains("\"spdxVersion\"") { return .spdx }
        return nil
    }

    /// The packages and the distribution (from a distro qualifier or an operating-system component).
    public static func read(_ text: String, path: String) throws(FeedReadError) -> PackageInventory {
        let root: JNode
        do { root = try JNode.parse(text) } catch { throw FeedReadError(line: error.line, column: error.column, message: "not JSON: \(error.message)") }
        var out = PackageInventory()
        var purls: [(String, String)] = []
        switch format(text) {
        case .cyclonedx:
            func walk(_ components: [JNode], depth: Int) {
                guard depth < 32 else { return }
                for c in components {
                    if let purl = c["purl"]?.string {
                        let at = c["properties"]?.array?.first { $0["name"]?.string == "bulkhead:package:path" || $0["name"]?.string == "syft:location:0:path" }?["value"]?.string
                        purls.append((purl, at ?? path))
                    }
                    if c["type"]?.string == "operating-system", let name = c["name"]?.string, let v = c["version"]?.string {
                        out.distribution = Distribution(id: name.lowercased(), versionID: v, prettyName: c["description"]?.string ?? "\(name) \(v)")
                    }
                    walk(c["components"]?.array ?? [], depth: depth + 1)
                }
            }
            walk(root["components"]?.array ?? [], depth: 0)
        case .spdx:
            for p in root["packages"]?.array ?? [] {
                // ours say where the package is recorded ("recorded in /var/lib/dpkg/status, layer …")
                var at = path
                if let info = p["sourceInfo"]?.string, info.hasPrefix("recorded in ") {
                    at = String(info.dropFirst(12).prefix { $0 != "," })
                }
                for r in p["externalRefs"]?.array ?? [] where r["referenceType"]?.string == "purl" {
                    if let l = r["referenceLocator"]?.string { purls.append((l, at)) }
                }
            }
        case nil:
            throw FeedReadError(line: 1, column: 1, message: "neither a CycloneDX nor an SPDX JSON document")
        }
        for (purl, at) in purls {
            guard let (p, d) = PackageURL.package(purl, path: at) else { continue }
            out.packages.append(p)
            if out.distribution == nil, let d { out.distribution = d }
        }
        out.packages.sort { ($0.ecosystem, $0.name, $0.version, $0.path) < ($1.ecosystem, $1.name, $1.version, $1.path) }
        return out
    }
}

public struct FeedReadError: Error, Sendable {
    public var line: Int, column: Int, message: String
}
