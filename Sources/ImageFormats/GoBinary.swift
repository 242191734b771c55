#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BulkheadCore
import Inventory

/// Finds the Go build-info blob in an executable as its bytes pass (nothing of the file is kept but the blob's
/// text). Only ELF and PE files are searched; the search stops at the first valid blob.
enum GoBinaryScanner {
    /// The most of a blob that is gathered (the module list of a large program is some tens of KiB).
    static let maxBlob = 1 << 20
    /// Bytes kept between chunks: enough for the header and the start of the version string.
    static let tail = 48
    static let precheck = GoBuildInfo.headerSize + 3

    /// Reads the rest of the current entry, or until the blob is found; nil when there is none.
    static func scan(_ next: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> String? {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        var window: [UInt8] = []
        window.reserveCapacity(buf.count + tail)
        var windowStart = 0      // file offset of window[0]
        var searchedTo = 0       // file offset below which every match was looked at
        var first = true
        while true {
            let n = try buf.withUnsafeMutableBytes { try next($0) }
            if n == 0 { return nil }
            if first {
                first = false
                let elf = n >= 4 && buf[0] == 0x7f && buf[1] == 0x45 && buf[2] == 0x4c && buf[3] == 0x46
                let pe = n >= 2 && buf[0] == 0x4d && buf[1] == 0x5a
                guard elf || pe else { return nil }
            }
            window.append(contentsOf: buf[0..<n])
            var from = max(0, searchedTo - windowStart)
            while let i = find(GoBuildInfo.magic, in: window, from: from) {
                if i + precheck > window.count { break }   // looked at again with more bytes after it
                searchedTo = windowStart + i + 1
                from = i + 1
                guard (windowStart + i) % 16 == 0, looksValid(window[i...]) else { continue }
                var blob = Array(window[i...])
                while blob.count < maxBlob {
                    if let t = GoBuildInfo.text(fromBlob: blob) { return t }
                    let m = try buf.withUnsafeMutableBytes { try next($0) }
                    if m == 0 { break }
                    blob.append(contentsOf: buf[0..<min(m, maxBlob - blob.count)])
                }
                return GoBuildInfo.text(fromBlob: blob)
            }
            searchedTo = max(searchedTo, windowStart + max(0, window.count - precheck + 1))
            let keep = min(window.count, tail)
            windowStart += window.count - keep
            window.removeFirst(window.count - keep)
        }
    }

    /// Pointer size 4 or 8, the inline-strings flag, and a version string that starts "go".
    static func looksValid(_ b: ArraySlice<UInt8>) -> Bool {
        let s = b.startIndex
        return (b[s + 14] == 4 || b[s + 14] == 8) && b[s + 15] & 2 != 0 && b[s + 32] < 0x80 && b[s + 33] == UInt8(ascii: "g") && b[s + 34] == UInt8(ascii: "o")
    }

    /// The first place of `needle` in `hay` at or after `from` (memchr for its first byte, then memcmp).
    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard from < hay.count, !needle.isEmpty else { return nil }
        return hay.withUnsafeBytes { h in
            needle.withUnsafeBytes { nd -> Int? in
                let base = h.baseAddress!
                var at = from
                while at + nd.count <= h.count {
                    guard let p = memchr(base + at, Int32(nd[0]), h.count - nd.count + 1 - at) else { return nil }
                    let i = base.distance(to: UnsafeRawPointer(p))
                    // the second byte first: 0xff is common in machine code, "\xff " much less
                    if nd.count < 2 || h[i + 1] == nd[1], memcmp(base + i, nd.baseAddress!, nd.count) == 0 { return i }
                    at = i + 1
                }
                return nil
            }
        }
    }
}
