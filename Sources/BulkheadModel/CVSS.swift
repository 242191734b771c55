/// CVSS base scores from vector strings, as FIRST's specifications compute them (v4.0, v3.0 and v3.1; v2 for
/// old records).
public enum CVSS {
    public struct Score: Sendable, Equatable {
        public var version: String
        public var base: Double
        public var vector: String
    }

    /// The base score of a vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8), nil when it is not a
    /// complete v2, v3 or v4 vector.
    public static func score(_ vector: String) -> Score? {
        if vector.hasPrefix("CVSS:3.") { return v3(vector) }
        if vector.hasPrefix("CVSS:4.") { return CVSS4.score(vector).map { Score(version: "4.0", base: $0, vector: vector) } }
        if vector.hasPrefix("AV:") || vector.hasPrefix("(AV:") { return v2(vector) }
        return nil
    }

    static func metrics(_ vector: Substring) -> [Substring: Substring] {
        var out: [Substring: Substring] = [:]
        for part in vector.split(separator: "/") {
            let kv = part.split(separator: ":", maxSplits: 1)
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }

    /// Round up to one decimal as the v3.1 specification defines it (integer arithmetic, no float surprises).
    static func roundUp(_ x: Double) -> Double {
        let i = Int((x * 100_000).rounded())
        if i % 10_000 == 0 { return Double(i) / 100_000 }
        return Double(i / 10_000 + 1) / 10
    }

    static func v3(_ vector: String) -> Score? {
        let parts = vector.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let m = metrics(parts[1])
        guard let av = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2][m["AV"] ?? ""],
              let ac = ["L": 0.77, "H": 0.44][m["AC"] ?? ""],
              let ui = ["N": 0.85, "R": 0.62][m["UI"] ?? ""],
              let s = m["S"], s == "U" || s == "C",
              let c = ["H": 0.56, "L": 0.22, "N": 0.0][m["C"] ?? ""],
              let i = ["H": 0.56, "L": 0.22, "N": 0.0][m["I"] ?? ""],
              let a = ["H": 0.56, "L": 0.22, "N": 0.0][m["A"] ?? ""],
              let prWord = m["PR"] else { return nil }
        let changed = s == "C"
        let pr: Double
        switch prWord {
        case "N": pr = 0.85
        case "L": pr = changed ? 0.68 : 0.62
        case "H": pr = changed ? 0.5 : 0.27
        default: return nil
        }
        let iss = 1 - (1 - c) * (1 - i) * (1 - a)
        var pow15 = 1.0
        for _ in 0..<15 { pow15 *= (iss - 0.02) }
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow15 : 6.42 * iss
        let exploitability = 8.22 * av * ac * pr * ui
        let base: Double
        if impact <= 0 { base = 0 }
        else if changed { base = roundUp(min(1.08 * (impact + exploitability), 10)) }
        else { base = roundUp(min(impact + exploitability, 10)) }
        let version = String(parts[0].dropFirst(5))
        return Score(version: version, base: base, vector: vector)
    }

    static func v2(_ raw: String) -> Score? {
        var vector = Substring(raw)
        if vector.hasPrefix("(") && vector.hasSuffix(")") { vector = vector.dropFirst().dropLast() }
        let m = metrics(vector)
        guard let av = ["L": 0.395, "A": 0.646, "N": 1.0][m["AV"] ?? ""],
              let ac = ["H": 0.35, "M": 0.61, "L": 0.71][m["AC"] ?? ""],
              let au = ["M": 0.45, "S": 0.56, "N": 0.704][m["Au"] ?? ""],
              let c = ["N": 0.0, "P": 0.275, "C": 0.660][m["C"] ?? ""],
              let i = ["N": 0.0, "P": 0.275, "C": 0.660][m["I"] ?? ""],
              let a = ["N": 0.0, "P": 0.275, "C": 0.660][m["A"] ?? ""] else { return nil }
        let impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a))
        let exploitability = 20 * av * ac * au
        let f = impact == 0 ? 0.0 : 1.176
        let base = ((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10).rounded() / 10
        return Score(version: "2.0", base: max(0, base), vector: raw)
    }
}
