/// How close a finding brings an attacker to the host or to data (docs/controls.md).
public enum Severity: Int, Comparable, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case info = 0, low, medium, high, critical

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .info: "info"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }
    public var description: String { name }

    public init?(name: String) {
        switch name.lowercased().trimmingSpaces {
        case "info", "note": self = .info
        case "low": self = .low
        case "medium", "moderate": self = .medium
        case "high": self = .high
        case "critical": self = .critical
        default: return nil
        }
    }

    /// A failure threshold (`--fail-on`, `fail-on:`): a severity, or nil for `none`/`never`/`off`.
    /// The outer nil means the word is not a threshold at all.
    public static func threshold(_ word: String) -> Severity?? {
        let w = word.lowercased().trimmingSpaces
        if ["none", "never", "off"].contains(w) { return .some(nil) }
        return Severity(name: w).map { .some($0) }
    }

    /// The words `threshold` accepts, for help and error messages.
    public static let thresholdWords = ["critical", "high", "medium", "low", "info", "none"]

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let v = Severity(name: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown severity '\(s)'"))
        }
        self = v
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

extension StringProtocol {
    /// Byte-wise substring test (no Foundation, no Unicode normalisation, no allocation for native
    /// strings): rules run it millions of times on a large Dockerfile.
    public func containsBytes(_ needle: String) -> Bool { search(needle, foldingASCIICase: false) }

    /// Byte-wise substring test that ignores ASCII case; `needle` must be lower-case ASCII. A cheap filter
    /// before a rule lower-cases a word to look at it closely.
    public func containsASCIICaseInsensitive(_ needle: String) -> Bool { search(needle, foldingASCIICase: true) }

    private func search(_ needle: String, foldingASCIICase fold: Bool) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in
            guard !n.isEmpty else { return true }
            if let found = utf8.withContiguousStorageIfAvailable({ h in Self.find(n, in: h, foldingASCIICase: fold) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { Self.find(n, in: $0, foldingASCIICase: fold) }
        }
    }

    /// A literal substring test. Non-generic, so it is preferred over the standard library's generic
    /// `contains(_:)`, which builds a search table for every call, and over Foundation's, which bridges.
    public func contains(_ other: String) -> Bool { containsBytes(other) }

    /// `fold`: upper-case ASCII letters of `h` compare as lower-case (`n` is then lower-case).
    static func find(_ n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>, foldingASCIICase fold: Bool = false) -> Bool {
        guard h.count >= n.count else { return false }
        // exact bytes: the C library's search (vectorised), or one byte's
        if !fold, let hb = h.baseAddress, let nb = n.baseAddress {
            if n.count == 1 { return h.contains(n[0]) }
            return cLibraryMemmem(hb, h.count, nb, n.count) != nil
        }
        @inline(__always) func byte(_ j: Int) -> UInt8 {
            let b = h[j]
            return fold && b >= 65 && b <= 90 ? b | 0x20 : b
        }
        let first = n[0]
        var i = 0
        let last = h.count - n.count
        while i <= last {
            if byte(i) == first {
                var k = 1
                while k < n.count && byte(i + k) == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }
}

extension String {
    // the same tests for String itself, not generic: called from other modules, the generic ones go through
    // witness tables on every call (a rule asks them of every RUN of a large file)
    public func containsBytes(_ needle: String) -> Bool { String.search(self, needle, foldingASCIICase: false) }
    public func containsASCIICaseInsensitive(_ needle: String) -> Bool { String.search(self, needle, foldingASCIICase: true) }
    public func contains(_ other: String) -> Bool { String.search(self, other, foldingASCIICase: false) }

    static func search(_ haystack: String, _ needle: String, foldingASCIICase fold: Bool) -> Bool {
        var h = haystack, n = needle
        return n.withUTF8 { nb in nb.isEmpty || h.withUTF8 { hb in String.find(nb, in: hb, foldingASCIICase: fold) } }
    }
}

/// JSON text made by hand (where a writer would be too much): one string literal.
public enum JSONText {
    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// The C library's memmem (glibc, musl and Darwin all have it; Swift's Glibc module does not declare it).
@_silgen_name("memmem")
func cLibraryMemmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int) -> UnsafeMutableRawPointer?
