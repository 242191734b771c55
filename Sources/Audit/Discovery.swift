import BulkheadCore
import Foundation

/// Finds auditable inputs under directories.
public enum Discovery {
    public static let skippedDirectories: Set<String> = [".git", "node_modules", "vendor", ".hg", ".svn", ".build"]

    /// What kind of input a file name says it is, or nil.
    public static func kind(ofFileNamed name: String) -> TargetKind? {
        let l = name.lowercased()
        if l == "dockerfile" || l.hasPrefix("dockerfile.") || l.hasSuffix(".dockerfile") || l.hasPrefix("containerfile") { return .dockerfile }
        if l.hasPrefix("dockerfile-") || l.hasPrefix("dockerfile_") { return .dockerfile }
        if (l.hasPrefix("compose") || l.hasPrefix("docker-compose")) && (l.hasSuffix(".yml") || l.hasSuffix(".yaml")) { return .compose }
        return nil
    }

    /// Walks `roots` (files are taken as they are) and returns sorted paths with their kinds.
    public static func discover(_ roots: [String], excludes: [String]) -> (inputs: [(String, TargetKind)], errors: [InputError]) {
        var found: [(String, TargetKind)] = []
        var errors: [InputError] = []
        let fm = FileManager.default
        for root in roots {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDir) else {
                errors.append(InputError(path: root, message: "no such file or directory")); continue
            }
            if !isDir.boolValue {
                found.append((root, kind(ofFileNamed: (root as NSString).lastPathComponent) ?? .dockerfile)); continue
            }
            guard let e = fm.enumerator(at: URL(fileURLWithPath: root), includingPropertiesForKeys: [.isDirectoryKey, .isRegularFileKey, .isSymbolicLinkKey],
                                        options: [], errorHandler: { url, err in
                errors.append(InputError(path: url.path, message: "cannot read: \(err.localizedDescription)")); return true
            }) else { continue }
            let prefix = root.hasSuffix("/") ? root : root + "/"
            for case let url as URL in e {
                let name = url.lastPathComponent
                let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isRegularFileKey, .isSymbolicLinkKey])
                let rel = String(url.path.dropFirst(URL(fileURLWithPath: root).path.count).drop { $0 == "/" })
                if values?.isDirectory == true {
                    if skippedDirectories.contains(name) || excluded(rel, name, excludes) { e.skipDescendants() }
                    continue
                }
                guard values?.isRegularFile == true || values?.isSymbolicLink == true, let k = kind(ofFileNamed: name) else { continue }
                if excluded(rel, name, excludes) { continue }
                let shown = root == "." ? rel : prefix + rel
                found.append((shown, k))
            }
        }
        found.sort { $0.0 < $1.0 }
        var seen = Set<String>()
        found = found.filter { seen.insert($0.0).inserted }
        return (found, errors)
    }

    static func excluded(_ rel: String, _ name: String, _ patterns: [String]) -> Bool {
        patterns.contains { p in
            let q = p.hasPrefix("./") ? String(p.dropFirst(2)) : p
            let trimmed = q.hasSuffix("/") ? String(q.dropLast()) : q
            return pathGlob(trimmed, rel) || pathGlob(trimmed, name) || pathGlob(trimmed + "/**", rel) || pathGlob("**/" + trimmed, rel)
        }
    }
}
