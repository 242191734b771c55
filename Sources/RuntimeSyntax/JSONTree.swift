import BulkheadCore
import BulkheadModel

/// A JSON value with the line and column where it starts (for findings on `docker inspect` output).
public indirect enum JNode: Sendable {
    case string(String, Int, Int)
    case number(Double, Int, Int)
    case bool(Bool, Int, Int)
    case null(Int, Int)
    case array([JNode], Int, Int)
    case object([(String, JNode)], Int, Int)

    public var line: Int {
        switch self {
        case .string(_, let l, _), .number(_, let l, _), .bool(_, let l, _), .null(let l, _), .array(_, let l, _), .object(_, let l, _): l
        }
    }
    public var column: Int {
        switch self {
        case .string(_, _, let c), .number(_, _, let c), .bool(_, _, let c), .null(_, let c), .array(_, _, let c), .object(_, _, let c): c
        }
    }
    public subscript(_ key: String) -> JNode? {
        if case .object(let o, _, _) = self { return o.last { $0.0 == key }?.1 }
        return nil
    }
    public var string: String? { if case .string(let s, _, _) = self { return s }; return nil }
    public var bool: Bool? { if case .bool(let b, _, _) = self { return b }; return nil }
    public var int: Int64? { if case .number(let d, _, _) = self { return Int64(d) }; return nil }
    public var array: [JNode]? { if case .array(let a, _, _) = self { return a }; return nil }
    public var object: [(String, JNode)]? { if case .object(let o, _, _) = self { return o }; return nil }

    public struct ParseError: Error, Sendable { public var line: Int; public var column: Int; public var message: String }

    public static func parse(_ text: String) throws(ParseError) -> JNode {
        var p = Parser(bytes: Array(text.utf8))
        p.skip()
        let v = try p.value(depth: 0)
        p.skip()
        if p.i < p.bytes.count { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0, line = 1, lineStart = 0
        var column: Int { i - lineStart + 1 }
        func fail(_ m: String) -> ParseError { ParseError(line: line, column: column, message: m) }
        mutating func skip() {
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x0A { line += 1; i += 1; lineStart = i } else if c == 0x20 || c == 0x09 || c == 0x0D { i += 1 } else { break }
            }
        }
        mutating func value(depth: Int) throws(ParseError) -> JNode {
            guard depth < 512 else { throw fail("nesting is too deep") }
            guard i < bytes.count else { throw fail("unexpected end of input") }
            let (l, c) = (line, column)
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1; skip()
                var out: [(String, JNode)] = []
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(out, l, c) }
                while true {
                    skip()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                    let k = try str()
                    skip()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after key \"\(k)\"") }
                    i += 1; skip()
                    out.append((k, try value(depth: depth + 1)))
                    skip()
                    guard i < bytes.count else { throw fail("unexpected end of input in an object") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(out, l, c) }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                i += 1; skip()
                var out: [JNode] = []
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(out, l, c) }
                while true {
                    skip()
                    out.append(try value(depth: depth + 1))
                    skip()
                    guard i < bytes.count else { throw fail("unexpected end of input in an array") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(out, l, c) }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "\""): return .string(try str(), l, c)
            case UInt8(ascii: "t"): try lit("true"); return .bool(true, l, c)
            case UInt8(ascii: "f"): try lit("false"); return .bool(false, l, c)
            case UInt8(ascii: "n"): try lit("null"); return .null(l, c)
            default:
                let s = i
                while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
                guard i > s, let d = Double(String(decoding: bytes[s..<i], as: UTF8.self)) else { throw fail("unexpected character") }
                return .number(d, l, c)
            }
        }
        mutating func lit(_ w: String) throws(ParseError) {
            let b = Array(w.utf8)
            guard i + b.count <= bytes.count, Array(bytes[i..<(i + b.count)]) == b else { throw fail("unexpected character") }
            i += b.count
        }
        mutating func str() throws(ParseError) -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if c == 0x0A { throw fail("newline inside a string") }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard i + 4 < bytes.count, let v = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16) else { throw fail("bad \\u escape") }
                        out.append(contentsOf: Array(String(Unicode.Scalar(v).map(Character.init) ?? "?").utf8)); i += 4
                    default: out.append(bytes[i])
                    }
                    i += 1; continue
                }
                out.append(c); i += 1
            }
            throw fail("unterminated string")
        }
    }
}
