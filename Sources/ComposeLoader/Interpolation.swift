import BulkheadCore

/// Compose variable interpolation: `$V`, `${V}`, `${V:-d}`, `${V-d}`, `${V:?err}`, `${V?err}`,
/// `${V:+x}`, `${V+x}`, and `$$` for a literal dollar.
public struct Interpolator: Sendable {
    public var variables: [String: String]
    public init(variables: [String: String]) { self.variables = variables }

    public struct Failure: Error, Sendable {
        public var message: String
        /// Set when the failure is a required variable (`${V:?…}`, `${V?…}`) that has no value.
        public var unsetVariable: String? = nil
    }

    public func interpolate(_ s: String) throws(Failure) -> String {
        guard s.contains("$") else { return s }
        var out = ""
        let c = Array(s)
        var i = 0
        while i < c.count {
            guard c[i] == "$", i + 1 < c.count else { out.append(c[i]); i += 1; continue }
            let n = c[i + 1]
            if n == "$" { out.append("$"); i += 2; continue }
            if n == "{" {
                var j = i + 2, depth = 1
                while j < c.count { if c[j] == "{" { depth += 1 }; if c[j] == "}" { depth -= 1; if depth == 0 { break } }; j += 1 }
                guard j < c.count else { throw Failure(message: "unclosed ${ in \"\(s)\"") }
                let b = try braced(String(c[(i + 2)..<j]))
                out += b
                i = j + 1
                continue
            }
            if n == "_" || n.isLetter {
                var j = i + 1
                while j < c.count, c[j] == "_" || c[j].isLetter || c[j].isNumber { j += 1 }
                out += variables[String(c[(i + 1)..<j])] ?? ""
                i = j
                continue
            }
            out.append("$"); i += 1
        }
        return out
    }

    func braced(_ inner: String) throws(Failure) -> String {
        var end = inner.startIndex
        while end < inner.endIndex, inner[end] == "_" || inner[end].isLetter || inner[end].isNumber { end = inner.index(after: end) }
        let name = String(inner[..<end])
        let op = inner[end...]
        let v = variables[name]
        func word(_ n: Int) throws(Failure) -> String { try interpolate(String(op.dropFirst(n))) }
        if op.isEmpty { return v ?? "" }
        if op.hasPrefix(":-") { if let v, !v.isEmpty { return v }; return try word(2) }
        if op.hasPrefix("-") { if let v { return v }; return try word(1) }
        if op.hasPrefix(":?") { if v?.isEmpty ?? true { throw Failure(message: "required variable \(name) is missing a value: \(op.dropFirst(2))", unsetVariable: name) }; return v! }
        if op.hasPrefix("?") { guard let v else { throw Failure(message: "required variable \(name) is missing a value: \(op.dropFirst(1))", unsetVariable: name) }; return v }
        if op.hasPrefix(":+") { if let v, !v.isEmpty { return try word(2) }; return "" }
        if op.hasPrefix("+") { if v != nil { return try word(1) }; return "" }
        throw Failure(message: "invalid interpolation format for ${\(inner)}")
    }

    /// True if the text refers to a variable (so its value is not written in the file).
    public static func isReference(_ s: String) -> Bool {
        let t = s.trimmingSpaces
        return t.hasPrefix("${") || (t.hasPrefix("$") && !t.hasPrefix("$$") && t.count > 1)
    }
}
