import BulkheadCore
import BulkheadModel

/// Finds auditable inputs under directories.
public enum Discovery {
    public static let skippedDirectories: Set<String> = [".git", "node_modules", "vendor", ".hg", ".svn", ".build"]

    /// Suffixes of templates that generate Dockerfiles and Compose files (Go, Jinja, ERB, Mustache, Nickel,
    /// autoconf, envsubst): not what Docker reads, so `scan` passes them over unless the configuration's
    /// `include` names them. A template named on the command line is still read.
    public static let templateSuffixes = [".template", ".tmpl", ".tpl", ".j2", ".jinja", ".jinja2", ".erb", ".mustache", ".ncl", ".in",
                                          ".gotmpl", ".envsubst", ".example", ".sample", ".dist"]

    /// Extensions that make `Dockerfile.<ext>`, `dockerfile_<x>.<ext>` something else: source code, documents,
    /// ignore files, archives, build output.
    public static let notDockerfileExtensions: Set<String> = [
        "dockerignore", "swift", "go", "py", "pyc", "rs", "js", "mjs", "ts", "java", "class", "jar", "kt", "rb", "php", "c", "h", "cc", "cpp",
        "cs", "md", "rst", "adoc", "html", "css", "xml", "json", "yml", "yaml", "toml", "ini", "lock", "sh", "bash", "ps1", "bat", "cmd",
        "d", "o", "a", "so", "gz", "bz2", "xz", "zst", "zip", "tar", "tgz", "png", "jpg", "svg", "pdf", "patch", "diff", "orig", "rej",
        "swp", "log", "mk", "cmake", "vim", "el", "1", "5", "8", "snap", "golden", "bazel", "bzl", "nix", "hcl", "tf",
    ]

    /// True when the file name is a template of an input rather than the input itself.
    public static func isTemplate(_ name: String) -> Bool {
        let l = name.lowercased()
        return templateSuffixes.contains { l.hasSuffix($0) }
    }

    /// What kind of input a file name says it is, or nil.
    public static func kind(ofFileNamed name: String) -> TargetKind? {
        let l = name.lowercased()
        if l == "dockerfile" || l.hasSuffix(".dockerfile") { return .dockerfile }
        if l.hasPrefix("dockerfile.") || l.hasPrefix("containerfile") || l.hasPrefix("dockerfile-") || l.hasPrefix("dockerfile_") {
            // Dockerfile.dockerignore, Dockerfile.swift, dockerfile_lint.py, Dockerfile.5.gz: not Dockerfiles
            if let dot = l.lastIndex(of: "."), notDockerfileExtensions.contains(String(l[l.index(after: dot)...])) { return nil }
            return .dockerfile
        }
        if (l.hasPrefix("compose") || l.hasPrefix("docker-compose")) && (l.hasSuffix(".yml") || l.hasSuffix(".yaml")) { return .compose }
        return nil
    }

    /// Walks `roots` (files are taken as they are) and returns sorted paths with their kinds. Symbolic
    /// links to directories are not followed; a symbolic link with an input's name is read.
    /// `includes`: globs that bring back templates otherwise passed over. `skipped` lists the templates
    /// that were passed over (for --verbose).
    public static func discover(_ roots: [String], excludes: [String], includes: [String] = [], files: any FileSource)
        -> (inputs: [(String, TargetKind)], errors: [InputError], skipped: [String]) {
        var found: [(String, TargetKind)] = []
        var errors: [InputError] = []
        var skipped: [String] = []
        for root in roots {
            guard files.exists(root) else {
                errors.append(InputError(path: root, message: "no such file or directory")); continue
            }
            if !files.isDirectory(root) {
                found.append((root, kind(ofFileNamed: Paths.lastComponent(root)) ?? .dockerfile)); continue
            }
            let prefix = root.hasSuffix("/") ? root : root + "/"
            func walk(_ dir: String, _ rel: String, depth: Int) {
                guard depth < 64 else { errors.append(InputError(path: dir, message: "directories nested more than 64 deep; not searched further")); return }
                let entries: [DirectoryEntry]
                switch files.entries(of: dir) {
                case .success(let e): entries = e
                case .failure(let f): errors.append(InputError(path: dir, message: "cannot read: \(f.message)")); return
                }
                for e in entries {
                    let r = rel.isEmpty ? e.name : rel + "/" + e.name
                    switch e.kind {
                    case .directory:
                        if skippedDirectories.contains(e.name) || excluded(r, e.name, excludes) { continue }
                        walk(join(dir, e.name), r, depth: depth + 1)
                    case .file, .symlink:
                        guard let k = kind(ofFileNamed: e.name), !excluded(r, e.name, excludes) else { continue }
                        let shown = root == "." ? r : prefix + r
                        if isTemplate(e.name) && !excluded(r, e.name, includes) { skipped.append(shown); continue }
                        found.append((shown, k))
                    case .other: continue
                    }
                }
            }
            walk(root, "", depth: 0)
        }
        found.sort { $0.0 < $1.0 }
        var seen = Set<String>()
        found = found.filter { seen.insert($0.0).inserted }
        return (found, errors, skipped.sorted())
    }

    static func excluded(_ rel: String, _ name: String, _ patterns: [String]) -> Bool {
        patterns.contains { p in
            let q = p.hasPrefix("./") ? String(p.dropFirst(2)) : p
            let trimmed = q.hasSuffix("/") ? String(q.dropLast()) : q
            return pathGlob(trimmed, rel) || pathGlob(trimmed, name) || pathGlob(trimmed + "/**", rel) || pathGlob("**/" + trimmed, rel)
        }
    }
}
