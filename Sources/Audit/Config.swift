import BulkheadCore
import BulkheadModel
import Rules
import Yams

/// `.bulkhead.yml`: found upward from the scanned path, or given with --config.
///
/// ```yaml
/// profile: baseline            # or restricted
/// fail-on: high                # critical|high|medium|low|info|none
/// disable: [DF050, DL3008]     # rules turned off (bulkhead ids or other tools' aliases)
/// severity: { DF034: info }    # severity overrides (`off` turns the rule off)
/// trusted-registries: [registry.example.com, "*.corp.example.com"]
/// allowed-secret-names: [SESSION_SECRET_LENGTH]
/// require-digest: false
/// max-image-age-days: 365      # images built longer ago are reported as stale
/// exclude: ["test/fixtures/**"]
/// include: ["**/Dockerfile.template"]   # templates scan passes over by default
/// ignore:                      # scoped, documented, expiring suppressions
///   - rule: DF020
///     paths: ["legacy/**"]
///     reason: "rotated; removal tracked in #123"
///     expires: 2027-03-01
///   - vulnerability: CVE-2023-4911   # a known vulnerability (IM018), by any of its ids
///     package: libc6                 # optional: only in this package (binary or source name)
///     reason: "not reachable: no setuid programs in the image"
///     expires: 2027-01-31
/// ```
public struct Config: Sendable {
    public var path: String?
    public var profile: Profile?
    public var failOn: Severity??
    /// Canonical rule ids (aliases are resolved when the file is read).
    public var disabled: Set<String> = []
    /// Canonical rule id → severity.
    public var severities: [String: Severity] = [:]
    public var ruleOptions = RuleOptions()
    public var excludes: [String] = []
    /// Globs of templates `scan` reads after all (Dockerfile.template, compose.yml.j2, …).
    public var includes: [String] = []
    public var ignores: [ScopedIgnore] = []

    public init() {}

    public struct ScopedIgnore: Sendable {
        /// The canonical ids the entry's `rule` names (an alias may name several rules).
        public var rules: Set<String>
        public var paths: [String]
        public var reason: String?
        /// yyyy-mm-dd; after this date the ignore stops applying.
        public var expires: String?
        /// The rule as written (an id or an alias) and where the entry is, for the expiry warning.
        public var written: String = ""
        public var line: Int? = nil
        /// For known vulnerabilities: the advisory ids (any alias matches) and, optionally, the package name.
        public var vulnerabilities: Set<String> = []
        public var package: String? = nil

        /// Same rule, not expired, and the finding's path matches one of `paths` (or there are none).
        public func applies(to f: Finding, today: String) -> Bool {
            guard rules.contains(f.ruleID), expires.map({ $0 >= today }) ?? true else { return false }
            if !vulnerabilities.isEmpty {
                guard let v = f.vulnerability, vulnerabilities.contains(v.id) || v.aliases.contains(where: vulnerabilities.contains) else { return false }
                if let package, package != v.package.name && package != v.package.source { return false }
            }
            let p = f.target.path
            return paths.isEmpty || paths.contains { pathGlob($0, p) || pathGlob("**/" + $0, p) || pathGlob($0, Auditor.stripDot(p)) }
        }
    }

    public static let fileNames = [".bulkhead.yml", ".bulkhead.yaml"]

    /// Looks for a config file in `dir` (or the directory of a file) and its parents.
    public static func find(from start: String, files: any FileSource) -> String? {
        var dir = normalize(start.hasPrefix("/") ? start : join(files.currentDirectory, start))
        if files.exists(dir), !files.isDirectory(dir) { dir = Paths.directory(dir) }
        for _ in 0..<64 {
            for n in fileNames {
                let p = join(dir, n)
                if files.exists(p) { return p }
            }
            let parent = Paths.directory(dir)
            if parent.isEmpty || parent == dir { break }
            dir = parent
        }
        return nil
    }

    /// An absolute path without `.`, `..` or repeated slashes.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/") {
            if c == "." { continue }
            if c == ".." { _ = parts.popLast(); continue }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }

    public static func load(path: String, files: any FileSource) throws(InputError) -> Config {
        switch files.readText(path, limit: 1 << 20) {
        case .success(let text): return try parse(text, path: path)
        case .failure(.missing): throw InputError(path: path, message: "configuration file not found")
        case .failure(let f): throw InputError(path: path, message: "cannot read the configuration file: \(f.message)")
        }
    }

    /// The canonical ids a word in the configuration names, or an error that says where it is.
    static func ids(_ word: String, path: String, line: Int?, column: Int?, key: String) throws(InputError) -> [String] {
        let ids = RuleCatalog.canonicalIDs(word)
        if ids.isEmpty { throw InputError(path: path, line: line, column: column, message: "\(key): unknown rule id '\(word)' (bulkhead rules lists them; aliases such as DL3008 work too)") }
        return ids
    }

    public static func parse(_ text: String, path: String) throws(InputError) -> Config {
        var c = Config()
        c.path = path
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch let e as YamlError {
            let (line, column, problem) = yamlErrorPosition(e)
            throw InputError(path: path, line: line, column: column, message: "invalid YAML: \(problem)")
        } catch {
            throw InputError(path: path, message: "invalid YAML: \(error)")
        }
        guard let root = node else { return c }
        guard let map = root.mapping else { throw InputError(path: path, line: root.mark?.line, message: "the configuration must be a mapping of keys (profile, fail-on, disable, …)") }
        func strings(_ n: Node) -> [String] {
            if let s = n.sequence { return s.compactMap(\.string) }
            if let s = n.string { return s.split(separator: ",").map { $0.trimmingSpaces } }
            return []
        }
        for (k, v) in map {
            let key = k.string ?? ""
            let line = k.mark?.line
            switch key {
            case "profile":
                guard let p = v.string.flatMap(Profile.init(rawValue:)) else { throw InputError(path: path, line: line, message: "profile must be 'baseline' or 'restricted'") }
                c.profile = p
            case "fail-on", "fail_on", "threshold":
                guard let t = Severity.threshold(v.string ?? "") else {
                    throw InputError(path: path, line: line, message: "fail-on must be one of \(Severity.thresholdWords.joined(separator: ", "))")
                }
                c.failOn = .some(t)
            case "disable", "disabled", "ignored":
                for word in strings(v) { c.disabled.formUnion(try ids(word, path: path, line: v.mark?.line, column: v.mark?.column, key: key)) }
            case "severity", "severities", "override":
                guard let m = v.mapping else { throw InputError(path: path, line: line, message: "severity must map rule ids to severities") }
                for (rk, rv) in m {
                    guard let id = rk.string, let t = rv.string.flatMap(Severity.threshold) else {
                        throw InputError(path: path, line: rk.mark?.line, message: "severity override needs a rule id and one of critical, high, medium, low, info (or off)")
                    }
                    for canonical in try ids(id, path: path, line: rk.mark?.line, column: rk.mark?.column, key: "severity") {
                        if let sev = t { c.severities[canonical] = sev } else { c.disabled.insert(canonical) }
                    }
                }
            case "trusted-registries", "trustedRegistries":
                c.ruleOptions.trustedRegistries = strings(v)
            case "allowed-secret-names":
                c.ruleOptions.allowedSecretNames = Set(strings(v).map { $0.uppercased() })
            case "max-image-age-days":
                guard let n = v.int, n > 0 else { throw InputError(path: path, line: line, message: "max-image-age-days must be a whole number of days") }
                c.ruleOptions.maxImageAgeDays = n
            case "require-digest":
                c.ruleOptions.requireDigest = v.bool ?? (v.string == "true")
            case "exclude":
                c.excludes = strings(v)
            case "include":
                c.includes = strings(v)
            case "ignore":
                guard let seq = v.sequence else { throw InputError(path: path, line: line, message: "ignore must be a list of {rule, paths, reason, expires}") }
                for item in seq {
                    // `vulnerability: CVE-…` (with an optional `package:`) ignores one known vulnerability (IM018)
                    let vulnerability = item.mapping?["vulnerability"].map(strings) ?? []
                    guard let m = item.mapping, let rule = m["rule"]?.string ?? (vulnerability.isEmpty ? nil : "IM018") else {
                        throw InputError(path: path, line: item.mark?.line, message: "each ignore entry needs a 'rule' (or a 'vulnerability')")
                    }
                    let exp = m["expires"].flatMap { $0.string }
                    if let e = exp, e.count != 10 || e.split(separator: "-").count != 3 {
                        throw InputError(path: path, line: item.mark?.line, message: "expires must be a date written yyyy-mm-dd")
                    }
                    let rules = Set(try ids(rule, path: path, line: item.mark?.line, column: item.mark?.column, key: "ignore"))
                    var entry = ScopedIgnore(rules: rules, paths: m["paths"].map(strings) ?? m["path"].map(strings) ?? [],
                                             reason: m["reason"]?.string, expires: exp)
                    entry.written = vulnerability.isEmpty ? rule : vulnerability.joined(separator: ", ")
                    entry.line = item.mark?.line
                    entry.vulnerabilities = Set(vulnerability)
                    entry.package = m["package"]?.string
                    c.ignores.append(entry)
                }
            default:
                throw InputError(path: path, line: line, message: "unknown key '\(key)' (known: profile, fail-on, disable, severity, trusted-registries, allowed-secret-names, max-image-age-days, require-digest, exclude, include, ignore)")
            }
        }
        return c
    }
}

/// Glob matching for paths: `*` within a segment, `**` across segments, `?` one character.
public func pathGlob(_ pattern: String, _ path: String) -> Bool {
    let p = Array(pattern), s = Array(path)
    func m(_ i: Int, _ j: Int) -> Bool {
        if i == p.count { return j == s.count }
        if p[i] == "*" {
            let double = i + 1 < p.count && p[i + 1] == "*"
            let next = double ? (i + 2 < p.count && p[i + 2] == "/" ? i + 3 : i + 2) : i + 1
            var k = j
            while true {
                if m(next, k) { return true }
                if k == s.count { return false }
                if !double && s[k] == "/" { return false }
                k += 1
            }
        }
        if j < s.count && (p[i] == "?" || p[i] == s[j]) { return m(i + 1, j + 1) }
        return false
    }
    return m(0, 0)
}

/// Line, column and problem text of a Yams error.
public func yamlErrorPosition(_ e: YamlError) -> (Int?, Int?, String) {
    switch e {
    case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
        let ctx = context.map { " \($0.text)" } ?? ""
        return (mark.line, mark.column, problem + ctx)
    case let .reader(problem, _, _, _): return (nil, nil, problem)
    case let .duplicatedKeysInMapping(duplicates, context):
        return (nil, nil, "duplicate keys \(duplicates.joined(separator: ", ")) \(context.text)")
    default: return (nil, nil, "\(e)")
    }
}
