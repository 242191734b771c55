import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// PHP packages Composer installed: `vendor/composer/installed.json`, a list of packages (Composer 1) or an
/// object whose `packages` holds it (Composer 2). Names are `vendor/package`; versions as Composer wrote them.
public enum ComposerInstalled {
    public static func isInstalledPath(_ path: String) -> Bool {
        path.hasSuffix("vendor/composer/installed.json") && (path == "vendor/composer/installed.json" || path.hasSuffix("/vendor/composer/installed.json"))
    }

    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        guard let root = try? JNode.parse(text) else { return [] }
        let list = root.array ?? root["packages"]?.array ?? []
        return list.compactMap { p in
            guard let name = p["name"]?.string, let version = p["version"]?.string, name.contains("/"), !version.isEmpty else { return nil }
            return InstalledPackage(ecosystem: "Packagist", name: name, version: version, path: path)
        }
    }
}

/// .NET applications: `*.deps.json`, which the SDK writes beside every published application and which the
/// runtime reads to load its assemblies. Its `libraries` whose type is `package` are NuGet packages (the
/// application's own `project` and framework `reference` entries are not).
public enum DotNetDeps {
    public static func isDepsPath(_ path: String) -> Bool { path.hasSuffix(".deps.json") }

    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        guard let root = try? JNode.parse(text), let libraries = root["libraries"]?.object else { return [] }
        return libraries.compactMap { key, lib in
            guard lib["type"]?.string == "package", let slash = key.lastIndex(of: "/") else { return nil }
            let name = String(key[..<slash]), version = String(key[key.index(after: slash)...])
            guard !name.isEmpty, !version.isEmpty else { return nil }
            return InstalledPackage(ecosystem: "NuGet", name: name, version: version, path: path)
        }
    }
}
