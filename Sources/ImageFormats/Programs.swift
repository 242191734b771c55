#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BulkheadCore
import BulkheadModel
import CZlib
import Inventory

/// Finds what a program says it was built from, as its bytes pass (nothing of the file is kept but that text):
/// the Go build-info blob (Go 1.18+), or the dependency list cargo-auditable embeds in Rust programs (a
/// zlib-compressed JSON document in the `.dep-v0` section, found by its zlib header and opening bytes, so the
/// section table at the end of the file is not needed). Only ELF and PE files are searched; the search stops at
/// the first find.
enum ProgramScanner {
    /// The most of a blob that is gathered (the module list of a large program is some tens of KiB).
    static let maxBlob = 1 << 20
    /// Bytes kept between chunks: a match is looked at only with this many bytes after it (or at the file's end).
    static let lookahead = 512
    static let precheck = GoBuildInfo.headerSize + 3

    /// Reads the rest of the current entry, or until a find; nil when there is none.
    static func scan(_ next: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws -> String? {
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        var window: [UInt8] = []
        window.reserveCapacity(buf.count + lookahead)
        var windowStart = 0      // file offset of window[0]
        var searchedTo = 0       // file offset below which every match was looked at
        var first = true
        var atEnd = false
        while !atEnd {
            let n = try buf.withUnsafeMutableBytes { try next($0) }
            if n == 0 { atEnd = true }
            if first {
                first = false
                let elf = n >= 4 && buf[0] == 0x7f && buf[1] == 0x45 && buf[2] == 0x4c && buf[3] == 0x46
                let pe = n >= 2 && buf[0] == 0x4d && buf[1] == 0x5a
                guard elf || pe else { return nil }
            }
            window.append(contentsOf: buf[0..<n])
            // matches starting below `limit` have their lookahead in the window (or the file ends)
            let limit = atEnd ? window.count : max(0, window.count - lookahead)
            let from = max(0, searchedTo - windowStart)
            // cargo-auditable's zlib stream: 0x78 0xDA, inflating to `{"packages":[`
            var z = from
            while let i = find(zlibHeader, in: window, from: z), i < limit {
                z = i + 1
                guard window.withUnsafeBytes({ ProgramScanner.startsAuditData(UnsafeRawBufferPointer(rebasing: $0[i..<min(window.count, i + lookahead)])) }) else { continue }
                let rest = ChainedStream(Array(window[i...]), then: next)
                guard let inflated = try? GzipStream(rest, zlib: true).readAll(limit: 8 << 20) else { return nil }
                return String(decoding: inflated, as: UTF8.self)
            }
            var g = from
            while let i = find(GoBuildInfo.magic, in: window, from: g), i < limit {
                g = i + 1
                guard i + precheck <= window.count, (windowStart + i) % 16 == 0, looksValid(window[i...]) else { continue }
                var blob = Array(window[i...])
                while blob.count < maxBlob {
                    if let t = GoBuildInfo.text(fromBlob: blob) { return t }
                    let m = try buf.withUnsafeMutableBytes { try next($0) }
                    if m == 0 { break }
                    blob.append(contentsOf: buf[0..<min(m, maxBlob - blob.count)])
                }
                return GoBuildInfo.text(fromBlob: blob)
            }
            searchedTo = windowStart + limit
            windowStart += limit
            window.removeFirst(limit)
        }
        return nil
    }

    static let zlibHeader: [UInt8] = [0x78, 0xDA]

    /// True when zlib data begins here and inflates to the document's opening bytes (a cheap check: at most a few
    /// hundred input bytes).
    static func startsAuditData(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2, bytes[0] == 0x78 else { return false }
        var z = z_stream()
        guard inflateInit2_(&z, 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
        defer { inflateEnd(&z) }
        var out = [UInt8](repeating: 0, count: CargoAuditable.prefix.count)
        let produced: Int = out.withUnsafeMutableBufferPointer { o in
            z.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
            z.avail_in = UInt32(bytes.count)
            z.next_out = o.baseAddress!
            z.avail_out = UInt32(o.count)
            _ = inflate(&z, Z_SYNC_FLUSH)
            return o.count - Int(z.avail_out)
        }
        return produced == CargoAuditable.prefix.count && out == CargoAuditable.prefix
    }

    /// Pointer size 4 or 8, the inline-strings flag, and a version string that starts "go".
    static func looksValid(_ b: ArraySlice<UInt8>) -> Bool {
        let s = b.startIndex
        return (b[s + 14] == 4 || b[s + 14] == 8) && b[s + 15] & 2 != 0 && b[s + 32] < 0x80 && b[s + 33] == UInt8(ascii: "g") && b[s + 34] == UInt8(ascii: "o")
    }

    /// The first place of `needle` in `hay` at or after `from` (memchr for its first byte, then memcmp).
    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        // (the window is at most 64 KiB + lookahead, so a linear memchr walk is cheap)
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

/// Bytes already read, then the rest of a stream.
final class ChainedStream: ByteStream {
    var head: [UInt8]
    var at = 0
    let next: (UnsafeMutableRawBufferPointer) throws -> Int
    init(_ head: [UInt8], then next: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) { self.head = head; self.next = next }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if at < head.count {
            let n = min(buffer.count, head.count - at)
            head.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + at, byteCount: n) }
            at += n
            return n
        }
        return try next(buffer)
    }
}
