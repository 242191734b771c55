import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// npm packages as installed: `node_modules/NAME/package.json` and `node_modules/@scope/NAME/package.json`.
/// The name is the one the file declares; a package.json elsewhere (an application's own) is not an
/// installed dependency.
public enum NpmPackage {
    public static func isManifestPath(_ path: String) -> Bool {
        guard path.hasSuffix("/package.json") || path == "package.json" else { return false }
        let parts = path.split(separator: "/")
        guard parts.count >= 3 else { return false }
        if parts[parts.count - 3] == "node_modules" { return !parts[parts.count - 2].hasPrefix("@") && !parts[parts.count - 2].hasPrefix(".") }
        if parts.count >= 4, parts[parts.count - 4] == "node_modules", parts[parts.count - 3].hasPrefix("@") { return true }
        return false
    }

    public static func package(_ text: String, path: String) -> InstalledPackage? {
        guard let root = try? JNode.parse(text), let name = root["name"]?.string, let version = root["version"]?.string,
              !name.isEmpty, !version.isEmpty else { return nil }
        return InstalledPackage(ecosystem: "npm", name: name, version: version, path: path)
    }
}
