/// How close a finding brings an attacker to the host or to data (shared/spec/controls.md).
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
        switch name.lowercased() {
        case "info", "note": self = .info
        case "low": self = .low
        case "medium", "moderate": self = .medium
        case "high": self = .high
        case "critical": self = .critical
        default: return nil
        }
    }

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
