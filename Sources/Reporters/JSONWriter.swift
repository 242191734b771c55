/// Streams pretty-printed JSON into a byte buffer (same layout as `JSONValue.render`), for large reports.
struct JSONWriter {
    var out: [UInt8] = []
    var depth = 0
    /// Whether the current container already has an element (for commas).
    var hasElement: [Bool] = []

    init(capacity: Int) { out.reserveCapacity(capacity) }

    mutating func newline() {
        out.append(0x0A)
        for _ in 0..<depth { out.append(0x20); out.append(0x20) }
    }
    mutating func element() {
        if hasElement.last == true { out.append(UInt8(ascii: ",")) }
        if !hasElement.isEmpty { hasElement[hasElement.count - 1] = true; newline() }
    }
    mutating func open(_ c: Character) {
        out.append(c == "{" ? UInt8(ascii: "{") : UInt8(ascii: "["))
        depth += 1; hasElement.append(false)
    }
    mutating func close(_ c: Character) {
        depth -= 1
        let had = hasElement.removeLast()
        if had { newline() }
        out.append(c == "}" ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }
    mutating func key(_ k: String) {
        element()
        JSONValue.escape(k, into: &out)
        out.append(UInt8(ascii: ":")); out.append(0x20)
    }
    /// Writes a prebuilt value rendered at indent 0, re-indenting it to the current depth.
    mutating func raw(_ v: JSONValue) {
        var tmp: [UInt8] = []
        v.write(&tmp, pretty: true, indent: depth)
        out.append(contentsOf: tmp)
    }
    mutating func string(_ s: String) { JSONValue.escape(s, into: &out) }
    mutating func stringOrNull(_ s: String?) { if let s { string(s) } else { out.append(contentsOf: "null".utf8) } }
    mutating func int(_ i: Int) { out.append(contentsOf: String(i).utf8) }
}
