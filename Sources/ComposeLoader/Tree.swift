import BulkheadCore
import BulkheadModel
import Foundation
import Yams

/// A YAML tree that remembers where every value came from, so findings can point at the line that
/// set a value even after merging several files, `extends` and merge keys.
public indirect enum YNode: Sendable {
    case scalar(String, Pos, tag: String?)
    case mapping([(key: String, value: YNode)], Pos, tag: String?)
    case sequence([YNode], Pos, tag: String?)
    case null(Pos)

    public struct Pos: Sendable, Hashable {
        public var file: String
        public var line: Int
        public var column: Int
        /// For a value in a mapping: where its key is written.
        public var keyLine: Int? = nil
        public var keyColumn: Int? = nil
    }

    func withKey(_ k: Node) -> YNode {
        guard let m = k.mark else { return self }
        func fix(_ p: Pos) -> Pos { var q = p; q.keyLine = m.line; q.keyColumn = m.column; return q }
        switch self {
        case .scalar(let s, let p, let t): return .scalar(s, fix(p), tag: t)
        case .mapping(let e, let p, let t): return .mapping(e, fix(p), tag: t)
        case .sequence(let e, let p, let t): return .sequence(e, fix(p), tag: t)
        case .null(let p): return .null(fix(p))
        }
    }

    public var pos: Pos {
        switch self {
        case .scalar(_, let p, _), .mapping(_, let p, _), .sequence(_, let p, _), .null(let p): p
        }
    }
    public var tag: String? {
        switch self {
        case .scalar(_, _, let t), .mapping(_, _, let t), .sequence(_, _, let t): t
        case .null: nil
        }
    }
    public var string: String? { if case .scalar(let s, _, _) = self { return s }; return nil }
    public var entries: [(key: String, value: YNode)]? { if case .mapping(let m, _, _) = self { return m }; return nil }
    public var items: [YNode]? { if case .sequence(let s, _, _) = self { return s }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }
    public subscript(_ key: String) -> YNode? { entries?.last { $0.key == key }?.value }

    public var bool: Bool? {
        guard let s = string?.lowercased() else { return nil }
        if ["true", "yes", "on", "y"].contains(s) { return true }
        if ["false", "no", "off", "n"].contains(s) { return false }
        return nil
    }

    /// What a hostile file may cost: alias expansion is counted node by node, so nested aliases (a
    /// "billion laughs" bomb) stop with an error instead of exhausting memory.
    public struct Limits: Sendable {
        /// Nodes after aliases and merge keys are expanded. Real Compose files have a few thousand.
        public var nodes = 1_000_000
        /// Nesting of mappings and sequences.
        public var depth = 256
        public init() {}
    }

    public struct LimitExceeded: Error, Sendable {
        public var pos: Pos
        public var message: String
    }

    /// Converts a Yams node, resolving `<<` merge keys (explicit keys win over merged ones), within `limits`.
    static func from(_ n: Node, file: String, limits: Limits = Limits()) throws(LimitExceeded) -> YNode {
        var budget = limits.nodes
        return try from(n, file: file, budget: &budget, depth: 0, limits: limits)
    }

    private static func from(_ n: Node, file: String, budget: inout Int, depth: Int, limits: Limits) throws(LimitExceeded) -> YNode {
        let p = Pos(file: file, line: (n.mark?.line ?? 0), column: (n.mark?.column ?? 0))
        budget -= 1
        if budget < 0 {
            throw LimitExceeded(pos: p, message: "the YAML expands to more than \(limits.nodes) values (nested aliases? an alias bomb?); not read further")
        }
        if depth > limits.depth { throw LimitExceeded(pos: p, message: "the YAML nests more than \(limits.depth) levels deep; not read further") }
        let tag = n.tag.description.hasPrefix("!") && !n.tag.description.hasPrefix("tag:yaml.org") ? n.tag.description : nil
        switch n {
        case .scalar(let s):
            if s.style == .plain && ["null", "~", ""].contains(s.string) && tag == nil { return .null(p) }
            return .scalar(s.string, p, tag: tag)
        case .sequence(let s):
            var items: [YNode] = []
            items.reserveCapacity(s.count)
            for item in s { items.append(try from(item, file: file, budget: &budget, depth: depth + 1, limits: limits)) }
            return .sequence(items, p, tag: tag)
        case .mapping(let m):
            var own: [(String, YNode)] = []
            var ownKeys = Set<String>()
            var merged: [(String, YNode)] = []
            var mergedKeys = Set<String>()
            for (k, v) in m {
                let key = k.string ?? ""
                if key == "<<" {
                    let sources: [Node] = v.sequence.map { Array($0) } ?? [v]
                    for src in sources {
                        if case .mapping(let mm, _, _) = try from(src, file: file, budget: &budget, depth: depth + 1, limits: limits) {
                            for (mk, mv) in mm where mergedKeys.insert(mk).inserted { merged.append((mk, mv)) }
                        }
                    }
                    continue
                }
                ownKeys.insert(key)
                own.append((key, try from(v, file: file, budget: &budget, depth: depth + 1, limits: limits).withKey(k)))
            }
            var out = own
            for (k, v) in merged where !ownKeys.contains(k) { out.append((k, v)) }
            return .mapping(out.map { (key: $0.0, value: $0.1) }, p, tag: tag)
        case .alias:
            return .null(p)
        }
    }

    /// Applies `f` to every scalar (values only, not keys).
    func mapScalars(_ f: (String, Pos) throws -> String) rethrows -> YNode {
        switch self {
        case .scalar(let s, let p, let t): return .scalar(try f(s, p), p, tag: t)
        case .mapping(let m, let p, let t): return .mapping(try m.map { (key: $0.key, value: try $0.value.mapScalars(f)) }, p, tag: t)
        case .sequence(let s, let p, let t): return .sequence(try s.map { try $0.mapScalars(f) }, p, tag: t)
        case .null: return self
        }
    }
}

/// Compose's merge rules for one service key path: how an override file combines with a base.
enum ComposeMerge {
    /// Sequences that are concatenated (de-duplicated) rather than replaced.
    static let appendSequences: Set<String> = ["cap_add", "cap_drop", "security_opt", "ports", "expose", "dns", "dns_search", "dns_opt",
                                               "env_file", "external_links", "links", "group_add", "device_cgroup_rules", "profiles", "tmpfs",
                                               "extra_hosts", "volumes_from", "post_start", "pre_stop"]
    /// Sequences merged by a key (later entries with the same key replace earlier ones).
    static func mergeKey(_ key: String, _ item: YNode) -> String? {
        switch key {
        case "volumes", "devices", "secrets", "configs":
            if let s = item.string {
                let parts = s.split(separator: ":").map(String.init)
                if key == "secrets" || key == "configs" { return parts.first }
                return parts.count >= 2 ? parts[1] : parts.first
            }
            return item["target"]?.string ?? item["source"]?.string
        default: return nil
        }
    }

    static func merge(_ base: YNode, _ over: YNode, key: String = "") -> YNode {
        if over.tag == "!reset" { return .null(over.pos) }
        if over.tag == "!override" { return over }
        switch (base, over) {
        case (.mapping(let b, _, _), .mapping(let o, let p, let t)):
            var out = b
            for (k, v) in o {
                if v.tag == "!reset" { out.removeAll { $0.key == k }; continue }
                if let i = out.firstIndex(where: { $0.key == k }) {
                    out[i] = (key: k, value: merge(out[i].value, v, key: k))
                } else {
                    out.append((key: k, value: v))
                }
            }
            return .mapping(out, p, tag: t)
        case (.sequence(let b, _, _), .sequence(let o, let p, let t)):
            if appendSequences.contains(key) {
                var out = b
                for v in o where !out.contains(where: { $0.string != nil && $0.string == v.string }) { out.append(v) }
                return .sequence(out, p, tag: t)
            }
            if ["volumes", "devices", "secrets", "configs"].contains(key) {
                var out = b
                for v in o {
                    if let mk = mergeKey(key, v), let i = out.firstIndex(where: { mergeKey(key, $0) == mk }) { out[i] = v } else { out.append(v) }
                }
                return .sequence(out, p, tag: t)
            }
            return over
        case (.mapping, .sequence), (.sequence, .mapping):
            // environment / labels / sysctls may be written as a list in one file and a map in another
            if ["environment", "labels", "sysctls", "extra_hosts", "annotations"].contains(key) {
                return merge(asMapping(base), asMapping(over), key: key)
            }
            return over
        default:
            return over
        }
    }

    /// `["A=1", "B"]` → `{A: 1, B: null}`.
    static func asMapping(_ n: YNode) -> YNode {
        guard let items = n.items else { return n }
        var out: [(key: String, value: YNode)] = []
        for i in items {
            guard let s = i.string else { continue }
            if let eq = s.firstIndex(of: "=") {
                out.append((key: String(s[..<eq]), value: .scalar(String(s[s.index(after: eq)...]), i.pos, tag: nil)))
            } else {
                out.append((key: s, value: .null(i.pos)))
            }
        }
        return .mapping(out, n.pos, tag: nil)
    }
}
