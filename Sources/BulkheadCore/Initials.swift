/// The first bytes of some words: a word whose first byte is not among them is none of them. A test of one
/// bit that spares a switch or a set its string comparisons for most words (rules ask it of every command
/// of a large file). Words that start with a byte past ASCII always pass (the look-up decides).
public struct Initials: Sendable {
    var low: UInt64 = 0, high: UInt64 = 0, empty = false
    public init<S: Sequence<String>>(_ words: S) {
        for w in words {
            guard let b = w.utf8.first else { empty = true; continue }
            if b < 64 { low |= 1 << b } else if b < 128 { high |= 1 << (b - 64) }
        }
    }
    /// False only if `word` cannot be one of the words.
    @inline(__always) public func has(_ word: String) -> Bool {
        guard let b = word.utf8.first else { return empty }
        return b >= 128 || (b < 64 ? low >> b & 1 != 0 : high >> (b - 64) & 1 != 0)
    }
}
