import BulkheadModel
import CZlib
import CZstd
import Crypto

/// Bytes held in memory as a stream (tests, small blobs).
public final class BytesStream: ByteStream {
    let bytes: [UInt8]
    var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// A stream with a read-ahead buffer: exact reads and skips, and the count of bytes consumed (for positions
/// in error messages).
final class BufferedInput {
    let source: any ByteStream
    var buffer: [UInt8]
    var start = 0, end = 0
    private(set) var consumed = 0
    var atEOF = false

    init(_ source: any ByteStream, capacity: Int = 1 << 16) {
        self.source = source
        buffer = [UInt8](repeating: 0, count: capacity)
    }

    /// Refills when empty; false at the end of the source.
    func fill() throws -> Bool {
        if start < end { return true }
        if atEOF { return false }
        start = 0
        end = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if end == 0 { atEOF = true }
        return end > 0
    }

    /// Exactly `count` bytes, or nil when the source ends first (with what was there).
    func readExact(_ count: Int) throws -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            guard try fill() else { return out.isEmpty ? nil : out }
            let n = min(count - out.count, end - start)
            out.append(contentsOf: buffer[start..<(start + n)])
            start += n; consumed += n
        }
        return out
    }

    /// Up to `max` bytes into `dest`; 0 at the end.
    func read(into dest: UnsafeMutableRawBufferPointer, max: Int) throws -> Int {
        guard max > 0, try fill() else { return 0 }
        let n = Swift.min(max, end - start, dest.count)
        buffer.withUnsafeBytes { src in dest.baseAddress!.copyMemory(from: src.baseAddress! + start, byteCount: n) }
        start += n; consumed += n
        return n
    }

    /// Skips `count` bytes; false when the source ends first. A source that can skip (a file read at offsets, a
    /// directory tree) is not read at all.
    func skip(_ count: Int) throws -> Bool {
        if let skippable = source as? SkippableStream, count > end - start {
            let beyond = count - (end - start)
            consumed += count
            start = end
            return try skippable.skip(beyond)
        }
        var left = count
        while left > 0 {
            guard try fill() else { return false }
            let n = min(left, end - start)
            start += n; consumed += n; left -= n
        }
        return true
    }

    /// The next bytes without consuming them (at most what one refill gives).
    func peek(_ count: Int) throws -> [UInt8] {
        _ = try fill()
        return Array(buffer[start..<min(end, start + count)])
    }
}

/// Counts and hashes (SHA-256) what passes through.
public final class HashingStream: ByteStream {
    let inner: any ByteStream
    var hasher = SHA256()
    public private(set) var count = 0
    public init(_ inner: any ByteStream) { self.inner = inner }
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try inner.read(into: buffer)
        if n > 0 { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n])); count += n }
        return n
    }
    /// `sha256:<hex>` of everything read so far.
    public func digest() -> String {
        let d = hasher.finalize()
        return "sha256:" + Hex.encode(d)
    }
}

/// Stops a stream that produces more than `limit` bytes: the guard against decompression bombs.
final class LimitStream: ByteStream {
    let inner: any ByteStream
    let limit: Int
    let what: String
    var count = 0
    init(_ inner: any ByteStream, limit: Int, what: String) { self.inner = inner; self.limit = limit; self.what = what }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try inner.read(into: buffer)
        count += n
        if count > limit { throw StreamError("\(what) expands past \(limit >> 20) MiB (a decompression bomb?); stopped reading it") }
        return n
    }
}

public enum Compression: String, Sendable {
    case none, gzip, zstd

    /// Recognised by the first bytes (gzip 1f 8b, zstd 28 b5 2f fd), as the engine does.
    static func sniff(_ head: [UInt8]) -> Compression {
        if head.count >= 2, head[0] == 0x1f, head[1] == 0x8b { return .gzip }
        if head.count >= 4, head[0] == 0x28, head[1] == 0xb5, head[2] == 0x2f, head[3] == 0xfd { return .zstd }
        return .none
    }
}

/// A stream that hands out what was peeked first, then the rest.
final class PrefixedStream: ByteStream {
    var prefix: [UInt8]
    let inner: any ByteStream
    init(prefix: [UInt8] = [], _ inner: any ByteStream) { self.prefix = prefix; self.inner = inner }

    /// The first `n` bytes still to be read (fewer at the end), read ahead from the inner stream and kept.
    func peek(_ n: Int) throws -> [UInt8] {
        while prefix.count < n {
            var buf = [UInt8](repeating: 0, count: n - prefix.count)
            let got = try buf.withUnsafeMutableBytes { try inner.read(into: $0) }
            if got == 0 { break }
            prefix += buf[0..<got]
        }
        return Array(prefix.prefix(n))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !prefix.isEmpty {
            let n = min(prefix.count, buffer.count)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
            prefix.removeFirst(n)
            return n
        }
        return try inner.read(into: buffer)
    }
}

/// gzip (one member or several, as pigz writes) decompressed with zlib, a piece at a time.
final class GzipStream: ByteStream {
    let input: any ByteStream
    var z = z_stream()
    var inBuf = [UInt8](repeating: 0, count: 1 << 16)
    var inPos = 0, inLen = 0
    var inEOF = false
    var finished = false
    var started = false

    let raw: Bool
    /// `raw`: a bare deflate stream (zip members), without gzip's header and trailer; `zlib`: zlib's own framing
    /// (one stream, as cargo-auditable writes it).
    init(_ input: any ByteStream, raw: Bool = false, zlib: Bool = false) throws {
        self.input = input
        self.raw = raw || zlib
        // 15 + 16: gzip framing only; 15: zlib framing; -15: raw deflate
        let rc = inflateInit2_(&z, raw ? -15 : (zlib ? 15 : 15 + 16), ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw StreamError("cannot start gzip decompression (zlib \(rc))") }
        started = true
    }
    deinit { if started { inflateEnd(&z) } }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while !finished {
            if inPos == inLen && !inEOF {
                inLen = try inBuf.withUnsafeMutableBytes { try input.read(into: $0) }
                inPos = 0
                if inLen == 0 { inEOF = true }
            }
            let (rc, produced): (Int32, Int) = inBuf.withUnsafeMutableBufferPointer { p in
                z.next_in = p.baseAddress! + inPos
                z.avail_in = UInt32(inLen - inPos)
                z.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                z.avail_out = UInt32(buffer.count)
                let rc = inflate(&z, Z_NO_FLUSH)
                inPos = inLen - Int(z.avail_in)
                return (rc, buffer.count - Int(z.avail_out))
            }
            switch rc {
            case Z_OK, Z_BUF_ERROR: break
            case Z_STREAM_END:
                // another member may follow (pigz, concatenated gzip files); anything else after the end is ignored
                if inPos == inLen && !inEOF {
                    inLen = try inBuf.withUnsafeMutableBytes { try input.read(into: $0) }
                    inPos = 0
                    if inLen == 0 { inEOF = true }
                }
                if !raw && inPos < inLen && inBuf[inPos] == 0x1f { inflateReset(&z) } else { finished = true }
            case Z_DATA_ERROR: throw StreamError("corrupt gzip data (\(z.msg.map { String(cString: $0) } ?? "invalid data"))")
            case Z_MEM_ERROR: throw StreamError("out of memory decompressing gzip data")
            default: throw StreamError("gzip decompression failed (zlib \(rc))")
            }
            if produced > 0 { return produced }
            if !finished && inEOF && inPos == inLen { throw StreamError("truncated gzip data (the stream ends before its last block)") }
        }
        return 0
    }
}

/// zstd decompressed a piece at a time; the window is capped so a hostile frame cannot ask for gigabytes.
final class ZstdStream: ByteStream {
    let input: any ByteStream
    let ds: OpaquePointer
    var inBuf = [UInt8](repeating: 0, count: 1 << 17)
    var inPos = 0, inLen = 0
    var inEOF = false
    var lastRet = 0

    init(_ input: any ByteStream, windowLogMax: Int32 = 27) throws {
        self.input = input
        guard let d = ZSTD_createDStream() else { throw StreamError("cannot start zstd decompression") }
        ds = d
        _ = ZSTD_DCtx_setParameter(ds, ZSTD_d_windowLogMax, windowLogMax)
    }
    deinit { ZSTD_freeDStream(ds) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if inPos == inLen && !inEOF {
                inLen = try inBuf.withUnsafeMutableBytes { try input.read(into: $0) }
                inPos = 0
                if inLen == 0 { inEOF = true }
            }
            if inEOF && inPos == inLen {
                if lastRet != 0 { throw StreamError("truncated zstd data (the stream ends inside a frame)") }
                // flush what the decoder still holds
            }
            var out = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
            let ret: Int = inBuf.withUnsafeBytes { raw in
                var inb = ZSTD_inBuffer(src: raw.baseAddress, size: inLen, pos: inPos)
                let r = ZSTD_decompressStream(ds, &out, &inb)
                inPos = inb.pos
                return r
            }
            if ZSTD_isError(ret) != 0 { throw StreamError("corrupt zstd data (\(String(cString: ZSTD_getErrorName(ret))))") }
            lastRet = ret
            if out.pos > 0 { return out.pos }
            if inEOF && inPos == inLen { return 0 }
        }
    }
}

/// The stream decompressed as its first bytes say.
func decompressing(_ stream: any ByteStream) throws -> (any ByteStream, Compression) {
    let joined = PrefixedStream(stream)
    let kind = Compression.sniff(try joined.peek(4))
    switch kind {
    case .none: return (joined, .none)
    case .gzip: return (try GzipStream(joined), .gzip)
    case .zstd: return (try ZstdStream(joined), .zstd)
    }
}

/// A stream that can move ahead without producing the bytes it passes.
public protocol SkippableStream: ByteStream {
    /// Moves ahead `count` bytes; false when that passes the end.
    func skip(_ count: Int) throws -> Bool
}

/// A range of a random-access file as a stream; `skip` moves without reading.
final class RangeStream: SkippableStream {
    let file: any RandomAccessBytes
    var offset: Int
    let end: Int
    init(_ file: any RandomAccessBytes, offset: Int, count: Int) { self.file = file; self.offset = offset; end = min(file.size, offset + count) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, end - offset)
        guard n > 0 else { return 0 }
        let got = try file.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
        offset += got
        return got
    }
    /// Moves ahead `count` bytes; false when that passes the end.
    func skip(_ count: Int) -> Bool {
        offset += count
        return offset <= end
    }
}
