import BulkheadModel
import BulkheadTesting
@testable import ImageFormats
import Testing

/// Mutated archives (bytes flipped, cut, spliced, sizes and headers corrupted) and mutated image specs
/// through the real reader: never a crash or a hang, every error says where it is. BULKHEAD_FUZZ_ROUNDS
/// raises the count (CI runs a few hundred inputs; 100,000 ran clean before this was committed).
@Suite("Image archive fuzzing")
struct ArchiveFuzzTests {
    static let specs = [
        "user app\nenv DB_PASSWORD=s3cr3t\nlayer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\\napp:x:1000:1000::/app:/bin/sh\nfile app/.env 0600 0:0 TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\nlayer RUN rm /app/.env\ndelete app/.env\nopaque var/cache",
        "layer\nfile usr/bin/sudo 4755 0:0 x\ndir tmp 1777\nlink bin/sh ../../../../bin/busybox\nhardlink usr/bin/su usr/bin/sudo\ndevice dev/null 0666",
        "user 0\nhealthcheck NONE\nexpose 22/tcp\nvolume /etc\nlayer\nfile " + String(repeating: "deep/", count: 40) + "f 0644 0:0 x",
    ]

    @Test func mutatedArchivesNeverCrash() throws {
        var rng = SplitMix(state: 0xB01D)
        let rounds = Mutator.rounds(default: 120)
        var inputs = 0
        for spec in Self.specs {
            let clean = try ImageSpec.archive(spec)
            #expect(readImage(clean).errors.isEmpty)
            for _ in 0..<rounds {
                var b = clean
                switch rng.next() % 6 {
                case 0:  // flip a few bytes anywhere
                    for _ in 0..<(1 + Int(rng.next() % 8)) { b[Int(rng.next() % UInt64(b.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
                case 1:  // cut the archive short
                    b = Array(b.prefix(Int(rng.next() % UInt64(b.count))))
                case 2:  // corrupt a header field (name, mode, size, checksum, type) of some 512-byte block
                    let block = Int(rng.next() % UInt64(b.count / 512)) * 512
                    let field = [0, 100, 124, 148, 156, 345][Int(rng.next() % 6)]
                    for i in 0..<8 where block + field + i < b.count { b[block + field + i] = UInt8(truncatingIfNeeded: rng.next()) }
                case 3:  // splice a block of one place over another
                    let n = b.count / 512
                    let from = Int(rng.next() % UInt64(n)) * 512, to = Int(rng.next() % UInt64(n)) * 512
                    let piece = Array(b[from..<min(from + 512, b.count)])
                    b.replaceSubrange(to..<min(to + piece.count, b.count), with: piece)
                case 4:  // a size field that claims a lot (octal 77777777777)
                    let block = Int(rng.next() % UInt64(b.count / 512)) * 512
                    for (i, c) in Array("77777777777".utf8).enumerated() where block + 124 + i < b.count { b[block + 124 + i] = c }
                default:  // JSON damaged: find a '{' and break it
                    if let i = b.indices.filter({ b[$0] == UInt8(ascii: "{") }).randomElement(using: &rng) { b[i] = UInt8(ascii: "[") }
                }
                let r = readImage(b)
                inputs += 1
                // read from a file (members indexed, layers side by side) it is the same image, or the same failure
                if inputs % 10 == 0 {
                    let f = readImage(file: b)
                    #expect(f.images.count == r.images.count && f.errors.isEmpty == r.errors.isEmpty,
                            "file and stream disagree: \(f.errors.map(\.message)) vs \(r.errors.map(\.message))")
                    #expect(f.images.map { $0.files.count } == r.images.map { $0.files.count })
                }
                for e in r.errors { #expect(!e.message.isEmpty && !e.path.isEmpty) }
                // whatever is reported stays inside the image: normalized paths only
                for img in r.images { #expect(img.files.keys.allSatisfy { !$0.hasPrefix("/") && !$0.split(separator: "/").contains("..") }) }
            }
        }
        #expect(inputs == rounds * Self.specs.count)
    }
}
