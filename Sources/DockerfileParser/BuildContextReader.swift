import BulkheadCore
import BulkheadModel

/// Reads a build context directory the way `docker build` sends it: the ignore file first
/// (`<Dockerfile>.dockerignore` beside the Dockerfile, else `.dockerignore` at the root, as BuildKit does),
/// then every entry it does not leave out. Excluded directories are not walked unless a `!` line names
/// something under them (as docker's archive walker does). Symbolic links are listed, never followed. Only
/// the start of a few small files is read: those whose contents tell a credential from a harmless file.
/// Nothing is written.
public enum BuildContextReader {
    public struct Limits: Sendable {
        public var entries = 200_000
        public var depth = 64
        public var textBytes = 64 << 10
        public var totalTextBytes = 16 << 20
        /// JSON files read to look for service-account keys (their names must hint at a key).
        public var jsonReads = 2_000
        /// Lines of the ignore file (real ones hold tens).
        public var patterns = 2_000
        public init() {}
    }

    /// Files whose start is read (lower-cased names): their content tells a credential from a harmless file.
    static let readNames: Set<String> = [".npmrc", ".pypirc", ".yarnrc", ".yarnrc.yml", "pip.conf", ".netrc", "_netrc", ".env", ".git-credentials",
                                         ".dockercfg", "settings.xml", "secrets.yml", "secrets.yaml", "secrets.json", "credentials.json", "terraform.tfvars"]
    /// Words in a JSON file's name that hint at a key (service-account files).
    static let keyHints = ["key", "cred", "service", "account", "secret", "auth", "token", "gcp", "gcloud", "firebase", "adminsdk", "sa."]

    /// The context, or nil with a warning when the directory cannot be read at all.
    /// `only`: the top-level names worth reading (the first component of each COPY/ADD source); nil reads
    /// everything (a source of `.` or a wildcard at the top).
    public static func read(root: String, dockerfile: String?, files: any FileSource, only: Set<String>? = nil, limits: Limits = Limits())
        -> (context: BuildContext?, warnings: [InputError]) {
        var warnings: [InputError] = []
        guard files.isDirectory(root) else {
            let why = files.exists(root) ? "is not a directory" : "does not exist"
            return (nil, [InputError(path: root, message: "the build context \(why); what COPY . and ADD . bring in was not judged")])
        }
        // the ignore file: BuildKit's Dockerfile-specific one wins over the context's
        var ignoreFile: String? = nil
        if let df = dockerfile, df != "-" {
            let specific = join(Paths.directory(df), Paths.lastComponent(df) + ".dockerignore")
            if files.exists(specific) && !files.isDirectory(specific) { ignoreFile = specific }
        }
        let rootIgnore = join(root, ".dockerignore")
        if ignoreFile == nil, files.exists(rootIgnore), !files.isDirectory(rootIgnore) { ignoreFile = rootIgnore }
        var ignore = DockerIgnore()
        if let f = ignoreFile {
            switch files.readText(f, limit: 1 << 20) {
            case .success(let t):
                ignore = DockerIgnore.parse(t)
                // each entry is tried against every pattern: bound the work a hostile file can ask for
                if ignore.patterns.count > limits.patterns {
                    return (nil, [InputError(path: f, message: "more than \(limits.patterns) patterns; the build context was not judged")])
                }
                for e in ignore.errors {
                    warnings.append(InputError(path: f, line: e.line, message: "\(e.message): docker build refuses this file; the other lines were applied"))
                }
            case .failure(let why):
                // judged without it, the report would name files Docker leaves out
                return (nil, [InputError(path: f, message: "cannot read the ignore file (\(why.message)); the build context was not judged")])
            }
        }

        var entries: [BuildContext.Entry] = []
        var incomplete: String? = nil
        var textBudget = limits.totalTextBytes
        var jsonBudget = limits.jsonReads
        var unreadable = 0

        func textLimit(_ rel: String, _ name: String) -> Int? {
            let l = name.lowercased()
            let inVendor = rel.hasPrefix("node_modules/") || rel.contains("/node_modules/") || rel.hasPrefix("vendor/")
            if (l == "config" && rel.hasSuffix(".git/config")) || (l == "config.json" && rel.hasSuffix(".docker/config.json")) { return limits.textBytes }
            if Self.readNames.contains(l) || (l == "credentials" && rel.hasSuffix(".gem/credentials")) {
                return inVendor ? nil : limits.textBytes
            }
            if l.hasPrefix(".env.") || l.hasSuffix(".pem") || l.hasSuffix(".key") || l.hasSuffix(".crt") {
                return inVendor ? nil : limits.textBytes
            }
            if l.hasSuffix(".json"), !inVendor, jsonBudget > 0 {
                if Self.keyHints.contains(where: { l.contains($0) }) { jsonBudget -= 1; return 16 << 10 }
            }
            return nil
        }

        func walk(_ dir: String, _ rel: String, depth: Int) -> Bool {
            guard depth < limits.depth else {
                warnings.append(InputError(path: dir, message: "directories nested more than \(limits.depth) deep in the build context; not read further"))
                return false
            }
            let listing: [DirectoryEntry]
            switch files.entries(of: dir) {
            case .success(let l): listing = l.sorted { $0.name < $1.name }
            case .failure(let f):
                // a few by name, then a count (a context of / has thousands of unreadable /proc directories)
                unreadable += 1
                if unreadable <= 10 { warnings.append(InputError(path: dir, message: "cannot read this directory of the build context: \(f.message)")) }
                return false
            }
            var sentAny = false
            for e in listing {
                if incomplete != nil { return sentAny }
                if entries.count >= limits.entries {
                    incomplete = "the build context holds more than \(limits.entries) entries; the rest were not read"
                    return sentAny
                }
                if rel.isEmpty, let only, !only.contains(e.name) { continue }
                let r = rel.isEmpty ? e.name : rel + "/" + e.name
                let excluded = ignore.excludes(r)
                switch e.kind {
                case .directory:
                    if excluded && !ignore.walksInto(excluded: r) { continue }
                    let index = entries.count
                    entries.append(BuildContext.Entry(path: r, kind: .directory))
                    let childSent = walk(join(dir, e.name), r, depth: depth + 1)
                    if excluded && !childSent { entries.remove(at: index) } else { sentAny = true }
                case .file:
                    guard !excluded else { continue }
                    var text: String? = nil
                    if let limit = textLimit(r, e.name), textBudget > 0 {
                        if case .success(let t) = files.readText(join(dir, e.name), limit: min(limit, textBudget)) { text = t; textBudget -= t.utf8.count }
                    }
                    entries.append(BuildContext.Entry(path: r, kind: .file, text: text)); sentAny = true
                case .symlink:
                    guard !excluded else { continue }
                    entries.append(BuildContext.Entry(path: r, kind: .symlink)); sentAny = true
                case .other: continue
                }
            }
            return sentAny
        }
        _ = walk(root, "", depth: 0)
        if unreadable > 10 { warnings.append(InputError(path: root, message: "\(unreadable - 10) more directories of the build context could not be read")) }
        if let why = incomplete { warnings.append(InputError(path: root, message: why)) }
        return (BuildContext(root: root, ignoreFile: ignoreFile, ignore: ignore, entries: entries, incomplete: incomplete), warnings)
    }
}
