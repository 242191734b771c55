import BulkheadCore
import Foundation
import Rules
import Yams

/// `.bulkhead.yml`: found upward from the scanned path, or given with --config.
///
/// ```yaml
/// profile: baseline            # or restricted
/// fail-on: high                # critical|high|medium|low|info|none
/// disable: [DF050, DF034]      # rules turned off
/// severity: { DF034: info }    # severity overrides
/// trusted-registries: [registry.example.com, "*.corp.example.com"]
/// allowed-secret-names: [SESSION_SECRET_LENGTH]
/// require-digest: false
/// exclude: ["test/fixtures/**"]
/// ignore:                      # scoped, documented, expiring suppressions
///   - rule: DF020
///     paths: ["legacy/**"]
///     reason: "rotated; removal tracked in #123"
///     expires: 2027-03-01
/// ```
public struct Config: Sendable {
    public var path: String?
    public var profile: Profile?
    public var failOn: Severity??
    public var disabled: Set<String> = []
    public var severities: [String: Severity] = [:]
    public var ruleOptions = RuleOptions()
    public var excludes: [String] = []
    public var ignores: [ScopedIgnore] = []

    public init() {}

    public struct ScopedIgnore: Sendable {
        public var rule: String
        public var paths: [String]
        public var reason: String?
        /// yyyy-mm-dd; after this date the ignore stops applying.
        public var expires: String?

        /// Same rule, not expired, and the finding's path matches one of `paths` (or there are none).
        public func applies(to f: Finding) -> Bool {
            guard rule == f.ruleID, expires.map({ $0 >= Auditor.today }) ?? true else { return false }
            let p = f.target.path
            return paths.isEmpty || paths.contains { pathGlob($0, p) || pathGlob("**/" + $0, p) || pathGlob($0, Auditor.stripDot(p)) }
        }
    }

    public static let fileNames = [".bulkhead.yml", ".bulkhead.yaml"]

    /// Looks for a config file in `dir` and its parents.
    public static func find(from dir: String) -> String? {
        var url = URL(fileURLWithPath: dir).standardizedFileURL
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue { url.deleteLastPathComponent() }
        for _ in 0..<64 {
            for n in fileNames {
                let p = url.appendingPathComponent(n).path
                if FileManager.default.fileExists(atPath: p) { return p }
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return nil
    }

    public static func load(path: String) throws(InputError) -> Config {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(path: path, message: "cannot read the configuration file")
        }
        return try parse(text, path: path)
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
            if let s = n.string { return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
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
                let s = v.string ?? ""
                if s == "none" || s == "never" { c.failOn = .some(nil) }
                else if let sev = Severity(name: s) { c.failOn = .some(sev) }
                else { throw InputError(path: path, line: line, message: "fail-on must be one of critical, high, medium, low, info, none") }
            case "disable", "disabled", "ignored":
                c.disabled.formUnion(strings(v).map { $0.uppercased() })
            case "severity", "severities", "override":
                guard let m = v.mapping else { throw InputError(path: path, line: line, message: "severity must map rule ids to severities") }
                for (rk, rv) in m {
                    guard let id = rk.string, let s = rv.string.flatMap(Severity.init(name:)) else {
                        throw InputError(path: path, line: rk.mark?.line, message: "severity override needs a rule id and one of critical, high, medium, low, info")
                    }
                    c.severities[id.uppercased()] = s
                }
            case "trusted-registries", "trustedRegistries":
                c.ruleOptions.trustedRegistries = strings(v)
            case "allowed-secret-names":
                c.ruleOptions.allowedSecretNames = Set(strings(v).map { $0.uppercased() })
            case "require-digest":
                c.ruleOptions.requireDigest = v.bool ?? (v.string == "true")
            case "exclude":
                c.excludes = strings(v)
            case "ignore":
                guard let seq = v.sequence else { throw InputError(path: path, line: line, message: "ignore must be a list of {rule, paths, reason, expires}") }
                for item in seq {
                    guard let m = item.mapping, let rule = m["rule"]?.string else {
                        throw InputError(path: path, line: item.mark?.line, message: "each ignore entry needs a 'rule'")
                    }
                    let exp = m["expires"].flatMap { $0.string }
                    if let e = exp, e.count != 10 || e.split(separator: "-").count != 3 {
                        throw InputError(path: path, line: item.mark?.line, message: "expires must be a date written yyyy-mm-dd")
                    }
                    c.ignores.append(ScopedIgnore(rule: rule.uppercased(), paths: m["paths"].map(strings) ?? m["path"].map(strings) ?? [],
                                                  reason: m["reason"]?.string, expires: exp))
                }
            default:
                throw InputError(path: path, line: line, message: "unknown key '\(key)' (known: profile, fail-on, disable, severity, trusted-registries, allowed-secret-names, require-digest, exclude, ignore)")
            }
        }
        for id in c.disabled.union(c.severities.keys) where RuleCatalog.description(for: id) == nil {
            throw InputError(path: path, message: "unknown rule id '\(id)' (bulkhead rules lists them)")
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
