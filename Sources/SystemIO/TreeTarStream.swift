import BulkheadModel
import Foundation
import ImageFormats
#if canImport(Glibc)
import Glibc
#endif

/// A directory tree as a tar stream, made as it is read: the walk goes one directory at a time in name order
/// (so the stream is the same every time), each entry from lstat, each file's bytes straight from the file.
/// Symlinks are entries, never followed. On the host's own root, the kernel's trees (/proc, /sys, /dev) are
/// left out. A file that cannot be opened is an empty entry; one that shrinks while read is padded with zeros.
final class TreeTarStream: SkippableStream {
    let root: String
    /// Directories still to list (relative paths; "" is the root), and the entries of the one being listed.
    var pendingDirectories: [String] = [""]
    var pendingEntries: [String] = []
    var buffer: [UInt8] = []
    var bufferStart = 0
    var file: Int32 = -1
    var fileRemaining = 0
    var filePadding = 0
    var finished = false

    init(root: String) { self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root }
    deinit { if file >= 0 { close(file) } }

    func read(into out: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if bufferStart < buffer.count {
                let n = min(out.count, buffer.count - bufferStart)
                buffer.withUnsafeBytes { out.baseAddress!.copyMemory(from: $0.baseAddress! + bufferStart, byteCount: n) }
                bufferStart += n
                return n
            }
            buffer.removeAll(keepingCapacity: true); bufferStart = 0
            if fileRemaining > 0 {
                // straight from the file into the caller's buffer
                let want = min(out.count, fileRemaining)
                var n = file >= 0 ? Glibc.read(file, out.baseAddress, want) : 0
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    // the file shrank or failed: zeros for the rest of the size the header promised
                    n = want
                    memset(out.baseAddress!, 0, n)
                }
                fileRemaining -= n
                if fileRemaining == 0 { endFile() }
                return n
            }
            if filePadding > 0 {
                buffer = [UInt8](repeating: 0, count: filePadding); filePadding = 0
                continue
            }
            if finished { return 0 }
            nextEntry()
        }
    }

    /// Moves ahead without reading: a file's contents the reader does not want are passed with lseek.
    func skip(_ count: Int) throws -> Bool {
        var left = count
        var scratch = [UInt8](repeating: 0, count: 4096)
        while left > 0 {
            if bufferStart < buffer.count {
                let n = min(left, buffer.count - bufferStart)
                bufferStart += n; left -= n
            } else if fileRemaining > 0 {
                let n = min(left, fileRemaining)
                if file >= 0 { lseek(file, off_t(n), SEEK_CUR) }
                fileRemaining -= n; left -= n
                if fileRemaining == 0 { endFile() }
            } else {
                // headers and padding: produced, then dropped
                let n = try scratch.withUnsafeMutableBytes { try read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<min(left, $0.count)])) }
                if n == 0 { return false }
                left -= n
            }
        }
        return true
    }

    func endFile() {
        if file >= 0 { close(file); file = -1 }
    }

    /// Puts the next entry's header (and sets up its content) in the buffer; the end blocks after the last.
    func nextEntry() {
        while pendingEntries.isEmpty {
            guard !pendingDirectories.isEmpty else {
                buffer = [UInt8](repeating: 0, count: 1024); finished = true
                return
            }
            let dir = pendingDirectories.removeFirst()
            let full = dir.isEmpty ? root : root + "/" + dir
            var names = (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []
            if dir.isEmpty && root == "/" { names.removeAll { ["proc", "sys", "dev"].contains($0) } }
            names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            pendingEntries = names.map { dir.isEmpty ? $0 : dir + "/" + $0 }
            // subdirectories are listed after this directory's entries, in order (a breadth-first walk)
        }
        let rel = pendingEntries.removeFirst()
        let full = root == "/" ? "/" + rel : root + "/" + rel
        var st = stat()
        guard lstat(full, &st) == 0 else { return }
        var w = TarWriter()
        let mode = UInt32(st.st_mode) & 0o7777, uid = Int(st.st_uid), gid = Int(st.st_gid), mtime = Int(st.st_mtim.tv_sec)
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            w.addHeader(rel + "/", kind: .directory, mode: mode, uid: uid, gid: gid, mtime: mtime)
            pendingDirectories.append(rel)
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? ""
            w.addHeader(rel, kind: .symlink, mode: mode, uid: uid, gid: gid, link: target, mtime: mtime)
        case S_IFREG:
            let size = Int(st.st_size)
            w.addHeader(rel, kind: .file, mode: mode, uid: uid, gid: gid, size: size, mtime: mtime)
            if size > 0 {
                file = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
                fileRemaining = size
                filePadding = (512 - size % 512) % 512
            }
        case S_IFCHR:
            w.addHeader(rel, kind: .charDevice, mode: mode, uid: uid, gid: gid, mtime: mtime)
        default:
            // block devices, fifos and sockets: kept as entries of their own type
            let type: UInt8 = st.st_mode & S_IFMT == S_IFBLK ? UInt8(ascii: "4") : UInt8(ascii: "6")
            w.addHeader(rel, kind: .charDevice, mode: mode, uid: uid, gid: gid, mtime: mtime, type: type)
        }
        buffer = w.bytes
    }
}
