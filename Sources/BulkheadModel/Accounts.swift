import BulkheadCore

/// /etc/passwd, /etc/group and /etc/shadow lines.
public enum Accounts {
    public struct Entry: Sendable { public var name: String; public var fields: [Substring]; public var line: Int }
    public static func entries(_ text: String) -> [Entry] {
        var out: [Entry] = []
        for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = l.trimmingSpaces
            guard !t.isEmpty, !t.hasPrefix("#") else { continue }
            let f = l.split(separator: ":", omittingEmptySubsequences: false)
            guard f.count >= 2 else { continue }
            out.append(Entry(name: String(f[0]), fields: f, line: i + 1))
        }
        return out
    }
    public static func users(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for e in entries(text) where e.fields.count >= 3 { if let uid = Int(e.fields[2]) { out[e.name] = out[e.name] ?? uid } }
        return out
    }
}

extension Accounts {
    /// id → name (the third field), first entry wins: owners of files by number.
    public static func names(_ text: String) -> [Int: String] {
        var out: [Int: String] = [:]
        for e in entries(text) where e.fields.count >= 3 { if let id = Int(e.fields[2]), out[id] == nil { out[id] = e.name } }
        return out
    }
}
