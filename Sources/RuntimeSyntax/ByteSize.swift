import BulkheadCore
/// Docker's byte sizes (`--memory`, `mem_limit`, `shm_size`, …), as the engine's RAMInBytes reads them:
/// a number (fractions allowed), an optional space, an optional unit b/k/m/g/t/p, an optional `i`, an optional
/// `b`, any case, in powers of 1024. `512m`, `512mb`, `512MiB`, `1.5g`, `1 GB` and plain bytes all parse.
public enum ByteSize {
    public static func parse(_ text: String) -> Int64? {
        var s = Substring(text.trimmingSpaces.lowercased())
        guard !s.isEmpty else { return nil }
        if s.hasSuffix("b") { s = s.dropLast() }
        if s.hasSuffix("i") { s = s.dropLast() }
        var multiplier: Double = 1
        if let last = s.last, let power = "kmgtp".firstIndex(of: last) {
            multiplier = pow1024("kmgtp".distance(from: "kmgtp".startIndex, to: power) + 1)
            s = s.dropLast()
        }
        if s.hasSuffix(" ") { s = s.dropLast() }
        // digits, optionally one fraction: no sign, no exponent, no hex
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty,
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let value = Double(s) else { return nil }
        let bytes = value * multiplier
        guard bytes < 9.2e18 else { return nil }
        return Int64(bytes)
    }

    static func pow1024(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 1024 } }
}

/// CPU and PID limits as both `docker run` and Compose spell them.
public enum ResourceSyntax {
    /// `--cpus 1.5` / `cpus: '1.5'` → NanoCPUs; nil when not a positive number.
    public static func nanoCPUs(_ text: String) -> Int64? {
        guard let d = Double(text.trimmingSpaces), d > 0, d < 1e9 else { return nil }
        return Int64(d * 1e9)
    }
    /// `--cpu-quota 50000` (per 100 ms period) → NanoCPUs, as the engine does.
    public static func nanoCPUs(quota text: String) -> Int64? {
        guard let q = Int64(text.trimmingSpaces), q > 0, q < Int64.max / 10_000 else { return nil }
        return q * 10_000
    }
    /// `--pids-limit` / `pids_limit`: 0 and -1 mean unlimited, so only a positive value is a limit.
    public static func pidsLimit(_ text: String) -> Int64? {
        guard let n = Int64(text.trimmingSpaces), n > 0 else { return nil }
        return n
    }
    /// A memory limit: 0 means unlimited.
    public static func memory(_ text: String) -> Int64? {
        guard let b = ByteSize.parse(text), b > 0 else { return nil }
        return b
    }
    public static func cpuShares(_ text: String) -> Int64? { Int64(text.trimmingSpaces) }
}
