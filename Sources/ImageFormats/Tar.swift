import BulkheadModel

/// One member of a tar archive (ustar, GNU long names, PAX records folded in).
public struct TarEntry: Sendable {
    public enum Kind: Sendable, Equatable { case file, directory, symlink, hardlink, charDevice, blockDevice, fifo, other(UInt8) }
    public var name: String
    public var kind: Kind
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    public var size: Int
    public var linkName: String
    /// Byte offset of the entry's header in the (uncompressed) archive.
    public var offset: Int
}

/// A streaming tar reader: headers one at a time, contents read on request and skipped otherwise. Every
/// length it trusts is bounded (long names and PAX records at 1 MiB, sizes by `maxEntrySize`).
public final class TarReader {
    let input: BufferedInput
    /// Content bytes of the current entry not yet read, and the padding after them.
    var remaining = 0
    var padding = 0
    public var maxEntrySize: Int
    static let metaLimit = 1 << 20

    public init(_ stream: any ByteStream, maxEntrySize: Int = 1 << 40) {
        input = BufferedInput(stream)
        self.maxEntrySize = maxEntrySize
    }

    /// Bytes of the archive consumed so far.
    public var position: Int { input.consumed }

    /// The next entry, or nil at the end of the archive. Throws with the offset on a damaged archive.
    public func next() throws -> TarEntry? {
        try skipRest()
        var longName: String?, longLink: String?
        var pax: [String: String] = [:]
        while true {
            let at = input.consumed
            guard let header = try input.readExact(512) else { return nil }
            if header.count < 512 {
                throw StreamError(at == 0 ? "not a tar archive (\(header.count) bytes, shorter than one tar header)" : "truncated tar header at byte \(at)")
            }
            if header.allSatisfy({ $0 == 0 }) {
                // end of archive (two zero blocks; a single one at the very end is accepted too)
                return nil
            }
            guard TarReader.checksumOK(header) else {
                throw StreamError("not a tar archive, or a damaged header at byte \(at) (checksum mismatch)")
            }
            let type = header[156]
            guard let size = TarReader.number(header[124..<136]), size >= 0 else { throw StreamError("bad size field in the tar header at byte \(at)") }
            if size > maxEntrySize { throw StreamError("tar entry at byte \(at) claims \(size) bytes, more than the archive may hold") }
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"), UInt8(ascii: "g"):
                guard size <= TarReader.metaLimit else { throw StreamError("tar metadata record at byte \(at) is \(size) bytes (limit 1 MiB)") }
                guard let data = try input.readExact(size), data.count == size else { throw StreamError("truncated tar archive: metadata record at byte \(at) is cut short") }
                guard try input.skip(TarReader.pad(size)) else { throw StreamError("truncated tar archive after byte \(input.consumed)") }
                if type == UInt8(ascii: "L") { longName = TarReader.cString(data[...]) }
                else if type == UInt8(ascii: "K") { longLink = TarReader.cString(data[...]) }
                else if type == UInt8(ascii: "x") { try TarReader.parsePAX(data, at: at, into: &pax) }
                // global PAX headers ('g') carry nothing a check needs
                continue
            default: break
            }
            var name = longName ?? TarReader.cString(header[0..<100])
            if longName == nil {
                let magic = header[257..<263]
                if magic.starts(with: Array("ustar".utf8)) {
                    let prefix = TarReader.cString(header[345..<500])
                    if !prefix.isEmpty { name = prefix + "/" + name }
                }
            }
            if let p = pax["path"] { name = p }
            var link = longLink ?? TarReader.cString(header[157..<257])
            if let l = pax["linkpath"] { link = l }
            var entrySize = size
            if let s = pax["size"] {
                guard let v = Int(s), v >= 0, v <= maxEntrySize else { throw StreamError("bad PAX size '\(s.prefix(30))' at byte \(at)") }
                entrySize = v
            }
            let kind: TarEntry.Kind
            switch type {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): kind = name.hasSuffix("/") ? .directory : .file
            case UInt8(ascii: "1"): kind = .hardlink
            case UInt8(ascii: "2"): kind = .symlink
            case UInt8(ascii: "3"): kind = .charDevice
            case UInt8(ascii: "4"): kind = .blockDevice
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "6"): kind = .fifo
            default: kind = .other(type)
            }
            let uid = pax["uid"].flatMap { Int($0) } ?? TarReader.number(header[108..<116]) ?? 0
            let gid = pax["gid"].flatMap { Int($0) } ?? TarReader.number(header[116..<124]) ?? 0
            let mode = UInt32(truncatingIfNeeded: TarReader.number(header[100..<108]) ?? 0) & 0o7777
            // header-only types carry no content, whatever their size field says (as Go's archive/tar reads them)
            let headerOnly = [.directory, .symlink, .hardlink, .charDevice, .blockDevice, .fifo].contains(kind)
            let content = headerOnly ? 0 : entrySize
            remaining = content
            padding = TarReader.pad(content)
            return TarEntry(name: name, kind: kind, mode: mode, uid: uid, gid: gid, size: content, linkName: link, offset: at)
        }
    }

    /// Reads up to `buffer.count` bytes of the current entry's contents; 0 at its end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0 else { return 0 }
        let n = try input.read(into: buffer, max: min(remaining, buffer.count))
        if n == 0 { throw StreamError("truncated tar archive: an entry's contents end early at byte \(input.consumed)") }
        remaining -= n
        return n
    }

    /// The current entry's contents, when it is at most `limit` bytes (nil otherwise, leaving it unread).
    public func readAll(limit: Int) throws -> [UInt8]? {
        guard remaining <= limit else { return nil }
        guard let data = try input.readExact(remaining), data.count == remaining else {
            throw StreamError("truncated tar archive: an entry's contents end early at byte \(input.consumed)")
        }
        remaining = 0
        return data
    }

    /// Reads and drops whatever remains of the archive (to finish digests over the whole stream).
    public func drain() throws {
        try skipRest()
        while try input.fill() { _ = try input.skip(input.end - input.start) }
    }

    func skipRest() throws {
        if remaining + padding > 0 {
            guard try input.skip(remaining + padding) else { throw StreamError("truncated tar archive: an entry's contents end early at byte \(input.consumed)") }
            remaining = 0; padding = 0
        }
    }

    static func pad(_ n: Int) -> Int { (512 - n % 512) % 512 }

    static func cString(_ b: ArraySlice<UInt8>) -> String {
        let end = b.firstIndex(of: 0) ?? b.endIndex
        return String(decoding: b[b.startIndex..<end], as: UTF8.self)
    }

    /// Octal digits (space or NUL terminated), or GNU base-256 when the high bit is set.
    static func number(_ b: ArraySlice<UInt8>) -> Int? {
        guard let first = b.first else { return 0 }
        if first & 0x80 != 0 {
            var v = Int(first & 0x3f)
            for c in b.dropFirst() {
                guard v < (Int.max >> 8) else { return nil }
                v = v << 8 | Int(c)
            }
            return first & 0x40 != 0 ? nil : v
        }
        var v = 0
        var seen = false
        for c in b {
            if c == 0 || c == 32 { if seen { break } else { continue } }
            guard c >= 48 && c <= 55 else { return nil }
            guard v < (Int.max >> 3) else { return nil }
            v = v * 8 + Int(c - 48); seen = true
        }
        return v
    }

    static func checksumOK(_ h: [UInt8]) -> Bool {
        guard let stored = number(h[148..<156]) else { return false }
        var unsigned = 0, signed = 0
        for (i, c) in h.enumerated() {
            let v = (148..<156).contains(i) ? 32 : c
            unsigned += Int(v); signed += Int(Int8(bitPattern: v))
        }
        return stored == unsigned || stored == signed
    }

    /// PAX records: "LEN key=value\n", each length counting the whole record.
    static func parsePAX(_ data: [UInt8], at: Int, into out: inout [String: String]) throws {
        var i = 0
        while i < data.count {
            var len = 0, j = i
            while j < data.count, data[j] >= 48, data[j] <= 57, len < 1 << 21 { len = len * 10 + Int(data[j] - 48); j += 1 }
            guard j < data.count, data[j] == 32, len > j - i + 1, i + len <= data.count else {
                throw StreamError("malformed PAX header at byte \(at)")
            }
            let record = data[(j + 1)..<(i + len)]
            if let eq = record.firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: record[record.startIndex..<eq], as: UTF8.self)
                var value = record[(eq + 1)...]
                if value.last == 10 { value = value.dropLast() }
                out[key] = String(decoding: value, as: UTF8.self)
            }
            i += len
        }
    }
}
