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

/// npm's lock files (`package-lock.json`, `npm-shrinkwrap.json`) of an application: what `npm ci` installs.
/// Read where the application's `node_modules` is not in the image (the installed manifests say more, and
/// the lock would list them twice). Packages marked `dev` are left out: production images install without them.
public enum NpmLock {
    public static func isLockPath(_ path: String) -> Bool {
        let name = Paths.lastComponent(path)
        return (name == "package-lock.json" || name == "npm-shrinkwrap.json") && !path.contains("node_modules/")
    }

    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        guard let root = try? JNode.parse(text) else { return [] }
        var out: [InstalledPackage] = []
        if let packages = root["packages"]?.object {
            // lockfileVersion 2 and 3: keys are install paths, the name is the part after the last node_modules/
            for (key, p) in packages where !key.isEmpty {
                guard p["dev"]?.bool != true, p["link"]?.bool != true, let version = p["version"]?.string, !version.isEmpty,
                      let installed = afterLastNodeModules(key) else { continue }
                let name = p["name"]?.string ?? installed
                out.append(InstalledPackage(ecosystem: "npm", name: name, version: version, path: path))
            }
        } else if let deps = root["dependencies"]?.object {
            // lockfileVersion 1: nested dependencies (bounded depth)
            var stack: [([(String, JNode)], Int)] = [(deps, 0)]
            while let (level, depth) = stack.popLast() {
                for (name, p) in level {
                    guard p["dev"]?.bool != true, let version = p["version"]?.string, !version.isEmpty else { continue }
                    // a version that is a URL or file: (a git or local dependency) is not a registry version
                    if !version.contains(":") && !version.contains("/") { out.append(InstalledPackage(ecosystem: "npm", name: name, version: version, path: path)) }
                    if depth < 64, let nested = p["dependencies"]?.object { stack.append((nested, depth + 1)) }
                }
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0.name + "@" + $0.version).inserted }
    }

    /// `node_modules/a/node_modules/@s/b` → `@s/b`; nil without a node_modules/ part.
    static func afterLastNodeModules(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard let i = parts.lastIndex(of: "node_modules"), i + 1 < parts.count else { return nil }
        let rest = parts[(i + 1)...].joined(separator: "/")
        return rest.isEmpty ? nil : rest
    }
}
