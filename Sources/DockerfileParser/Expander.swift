/// Docker's build-time variable substitution: `$V`, `${V}`, `${V:-x}`, `${V-x}`, `${V:+x}`,
/// `${V+x}`, `${V:?msg}`, `${V?msg}`, plus `${V#p}`, `${V%p}` trimming. The escape character
/// protects `$`. Quotes are kept in the output (callers split words afterwards); single quotes
/// turn substitution off, as in Docker.
public struct Expander {
    public var variables: [String: String]
    public var escape: Character
    public init(variables: [String: String], escape: Character = "\\") { self.variables = variables; self.escape = escape }

    public struct Result {
        public var text: String
        /// Variables referenced that have no value (and no default applied).
        public var unresolved: [String]
    }

    public func expand(_ s: String, honorSingleQuotes: Bool = true) -> Result {
        // without a `$` nothing changes: hand back the same string (no copy, no Character array)
        if !s.utf8.contains(UInt8(ascii: "$")) { return Result(text: s, unresolved: []) }
        var out = ""
        var unresolved: [String] = []
        let chars = Array(s)
        var i = 0
        var inSingle = false
        var inDouble = false
        while i < chars.count {
            let c = chars[i]
            if c == escape && i + 1 < chars.count && !inSingle {
                if chars[i + 1] == "$" { out.append("$"); i += 2; continue }
                out.append(c); out.append(chars[i + 1]); i += 2; continue
            }
            if c == "'" && !inDouble && honorSingleQuotes { inSingle.toggle(); out.append(c); i += 1; continue }
            if c == "\"" && !inSingle { inDouble.toggle(); out.append(c); i += 1; continue }
            guard c == "$", !inSingle, i + 1 < chars.count else { out.append(c); i += 1; continue }
            let nx = chars[i + 1]
            if nx == "{" {
                // find matching }
                var j = i + 2
                var level = 1
                while j < chars.count {
                    if chars[j] == "{" { level += 1 }
                    if chars[j] == "}" { level -= 1; if level == 0 { break } }
                    j += 1
                }
                guard j < chars.count else { out.append(contentsOf: chars[i...]); break }
                let inner = String(chars[(i + 2)..<j])
                out += expandBraced(inner, &unresolved)
                i = j + 1
                continue
            }
            if nx == "_" || nx.isLetter {
                var j = i + 1
                while j < chars.count, chars[j] == "_" || chars[j].isLetter || chars[j].isNumber { j += 1 }
                let name = String(chars[(i + 1)..<j])
                if let v = variables[name] { out += v } else { unresolved.append(name) }
                i = j
                continue
            }
            out.append(c); i += 1
        }
        return Result(text: out, unresolved: unresolved)
    }

    func expandBraced(_ inner: String, _ unresolved: inout [String]) -> String {
        var nameEnd = inner.startIndex
        while nameEnd < inner.endIndex, inner[nameEnd] == "_" || inner[nameEnd].isLetter || inner[nameEnd].isNumber {
            nameEnd = inner.index(after: nameEnd)
        }
        let name = String(inner[..<nameEnd])
        let rest = inner[nameEnd...]
        let value = variables[name]
        func sub(_ word: Substring) -> String {
            let r = expand(String(word), honorSingleQuotes: false)
            unresolved.append(contentsOf: r.unresolved)
            return r.text
        }
        if rest.isEmpty {
            if value == nil { unresolved.append(name) }
            return value ?? ""
        }
        if rest.hasPrefix(":-") { return (value?.isEmpty == false) ? value! : sub(rest.dropFirst(2)) }
        if rest.hasPrefix("-") { return value ?? sub(rest.dropFirst(1)) }
        if rest.hasPrefix(":+") { return (value?.isEmpty == false) ? sub(rest.dropFirst(2)) : "" }
        if rest.hasPrefix("+") { return value != nil ? sub(rest.dropFirst(1)) : "" }
        if rest.hasPrefix(":?") || rest.hasPrefix("?") {
            if value == nil { unresolved.append(name) }
            return value ?? ""
        }
        if rest.hasPrefix("#") || rest.hasPrefix("%") {
            guard var v = value else { unresolved.append(name); return "" }
            let longest = rest.hasPrefix("##") || rest.hasPrefix("%%")
            let pattern = String(rest.dropFirst(longest ? 2 : 1))
            if rest.hasPrefix("#") {
                if pattern.hasSuffix("*") {
                    let lit = String(pattern.dropLast())
                    if let r = longest ? v.range(of: lit, options: .backwards) : v.range(of: lit) { v = String(v[r.upperBound...]) }
                } else if v.hasPrefix(pattern) { v.removeFirst(pattern.count) }
            } else {
                if pattern.hasPrefix("*") {
                    let lit = String(pattern.dropFirst())
                    if let r = longest ? v.range(of: lit) : v.range(of: lit, options: .backwards) { v = String(v[..<r.lowerBound]) }
                } else if v.hasSuffix(pattern) { v.removeLast(pattern.count) }
            }
            return v
        }
        if rest.hasPrefix("/") {
            guard let v = value else { unresolved.append(name); return "" }
            let parts = rest.dropFirst().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let from = String(parts[0].hasPrefix("/") ? parts[0].dropFirst() : parts[0])
            let to = parts.count > 1 ? String(parts[1]) : ""
            guard !from.isEmpty else { return v }
            return parts[0].hasPrefix("/") ? v.replacingOccurrences(of: from, with: to)
                : (v.range(of: from).map { v.replacingCharacters(in: $0, with: to) } ?? v)
        }
        if value == nil { unresolved.append(name) }
        return value ?? ""
    }
}

import Foundation
