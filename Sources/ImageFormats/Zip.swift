import BulkheadCore
import BulkheadModel
import Inventory

/// A zip archive read in place (OSV publishes each ecosystem's records as one zip): the central directory,
/// then members one at a time, stored or deflated. Nothing is extracted; sizes, ratios and member counts are
/// bounded, and names are only labels (never paths to write).
public struct ZipArchive {
    public struct Member: Sendable {
        public var name: String
        public var method: Int
        public var compressedSize: Int
        public var size: Int
        var headerOffset: Int
    }
    let file: any RandomAccessBytes
    public let members: [Member]
    public static let maxMembers = 2_000_000

    public static func isZip(_ head: [UInt8]) -> Bool { head.count >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 3 && head[3] == 4 }

    public init(_ file: any RandomAccessBytes) throws {
        self.file = file
        let size = file.size
        guard size >= 22 else { throw StreamError("too short for a zip archive (\(size) bytes)") }
        let tailCount = min(size, 22 + 65_535)
        let tail = try Self.read(file, at: size - tailCount, count: tailCount)
        var eocd = -1
        var i = tail.count - 22
        while i >= 0 { if tail[i] == 0x50, tail[i + 1] == 0x4B, tail[i + 2] == 5, tail[i + 3] == 6 { eocd = i; break }; i -= 1 }
        guard eocd >= 0 else { throw StreamError("no end of central directory: not a zip archive, or a truncated one") }
        let count = Int(Self.u16(tail, eocd + 10)), cdSize = Int(Self.u32(tail, eocd + 12)), cdOffset = Int(Self.u32(tail, eocd + 16))
        if count == 0xFFFF || cdOffset == 0xFFFF_FFFF {
            throw StreamError("a zip64 archive (over 65,535 members or 4 GiB); unzip it and import the directory")
        }
        guard count <= Self.maxMembers, cdOffset + cdSize <= size - tailCount + eocd else {
            throw StreamError("the central directory (\(cdSize) bytes at byte \(cdOffset)) lies outside the archive")
        }
        let cd = try Self.read(file, at: cdOffset, count: cdSize)
        var members: [Member] = []
        members.reserveCapacity(count)
        var p = 0
        for n in 0..<count {
            guard p + 46 <= cd.count, Self.u32(cd, p) == 0x0201_4B50 else { throw StreamError("central directory entry \(n + 1) at byte \(cdOffset + p) is damaged") }
            let method = Int(Self.u16(cd, p + 10))
            let csize = Int(Self.u32(cd, p + 20)), usize = Int(Self.u32(cd, p + 24))
            let nameLen = Int(Self.u16(cd, p + 28)), extraLen = Int(Self.u16(cd, p + 30)), commentLen = Int(Self.u16(cd, p + 32))
            let offset = Int(Self.u32(cd, p + 42))
            guard p + 46 + nameLen <= cd.count else { throw StreamError("central directory entry \(n + 1) at byte \(cdOffset + p) is cut short") }
            let name = String(decoding: cd[(p + 46)..<(p + 46 + nameLen)], as: UTF8.self)
            members.append(Member(name: name, method: method, compressedSize: csize, size: usize, headerOffset: offset))
            p += 46 + nameLen + extraLen + commentLen
        }
        self.members = members
    }

    /// One member's bytes, at most `limit` of them (a larger or lying member is an error naming it).
    public func read(_ m: Member, limit: Int) throws -> [UInt8] {
        guard m.size <= limit else { throw StreamError("\(m.name) is \(m.size) bytes, more than \(limit >> 20) MiB") }
        let header = try Self.read(file, at: m.headerOffset, count: 30)
        guard header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else { throw StreamError("\(m.name): no local header at byte \(m.headerOffset)") }
        let start = m.headerOffset + 30 + Int(Self.u16(header, 26)) + Int(Self.u16(header, 28))
        guard start + m.compressedSize <= file.size else { throw StreamError("\(m.name) runs past the end of the archive (truncated?)") }
        let body = RangeStream(file, offset: start, count: m.compressedSize)
        let stream: any ByteStream
        switch m.method {
        case 0: stream = body
        case 8: stream = try GzipStream(body, raw: true)
        default: throw StreamError("\(m.name) uses compression method \(m.method) (only stored and deflate are read)")
        }
        let bytes = try LimitStream(stream, limit: limit + 1, what: m.name).readAll(limit: limit)
        return bytes
    }

    static func read(_ f: any RandomAccessBytes, at offset: Int, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = try out.withUnsafeMutableBytes { try f.read(at: offset + got, into: UnsafeMutableRawBufferPointer(rebasing: $0[got...])) }
            if n == 0 { break }
            got += n
        }
        return Array(out[0..<got])
    }
    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24 }
}

/// Bytes in memory as a random-access file (a downloaded zip).
public final class MemoryBytes: RandomAccessBytes, @unchecked Sendable {
    let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var size: Int { bytes.count }
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = max(0, min(buffer.count, bytes.count - offset))
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n) }
        return n
    }
}

/// Maven coordinates inside a Java archive and the archives nested in it (two levels), as the inventory's
/// lines `groupId:artifactId version [inner path]`. A damaged archive yields what could be read.
public enum JavaArchiveScanner {
    public static func describe(_ bytes: [UInt8], depth: Int = 0, prefix: String = "") -> String {
        guard let zip = try? ZipArchive(MemoryBytes(bytes)) else { return "" }
        var lines: [String] = []
        var seen = Set<String>()
        for m in zip.members {
            let name = m.name
            if name.hasPrefix("META-INF/maven/"), name.hasSuffix("/pom.properties"), m.size <= 1 << 20,
               let data = try? zip.read(m, limit: 1 << 20),
               let c = JavaArchives.coordinates(String(decoding: data, as: UTF8.self)), seen.insert(c).inserted {
                lines.append(prefix.isEmpty ? c : "\(c) \(prefix)")
            } else if depth < 2, name.hasSuffix(".jar") || name.hasSuffix(".war"), m.size <= 64 << 20,
                      let inner = try? zip.read(m, limit: 64 << 20) {
                let nested = describe(inner, depth: depth + 1, prefix: prefix.isEmpty ? name : prefix + "!" + name)
                if !nested.isEmpty { lines.append(nested) }
            }
        }
        return lines.joined(separator: "\n")
    }
}
