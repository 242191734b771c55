import Advisories
import BulkheadCore
import BulkheadModel
import ImageFormats

/// Reads advisory feeds from what the user names: a file (OSV JSON, tracker JSON or list, secdb JSON, a
/// zip of any of them), a directory tree of mixed feeds, or an http(s) URL. Files that are not a feed
/// (READMEs, YAML twins) are counted as skipped; endoflife.date's release table is kept for the end-of-life check; a feed that does not parse is an error with
/// its path and position, and the rest is still read.
public struct FeedReader: Sendable {
    public var files: any FileSource
    public var http: (any HTTPTransport)?
    /// Bounds: one feed file, a download, the files of one directory tree, its depth.
    public var fileLimit = 256 << 20
    public var downloadLimit = 1 << 30
    public var maxFiles = 2_000_000
    public var maxDepth = 32

    public init(files: any FileSource, http: (any HTTPTransport)?) { self.files = files; self.http = http }

    public struct Loaded: Sendable {
        public var location: String
        public var advisories: [Advisory] = []
        /// An end-of-life table (endoflife.date's data), when the location holds one.
        public var endOfLife: [EndOfLife]?
        public var kinds: Set<String> = []
        public var files = 0
        public var skipped: [String] = []
        public var errors: [InputError] = []
    }

    public func load(_ location: String) -> Loaded {
        var out = Loaded(location: location)
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            guard let http else { out.errors.append(InputError(path: location, message: "no network access to fetch it")); return out }
            switch http.get(location, headers: [("Accept", "application/json, application/zip, */*")]) {
            case .failure(let e): out.errors.append(InputError(path: location, message: e.message))
            case .success(let reply):
                guard reply.status == 200 else { out.errors.append(InputError(path: location, message: "the server answered \(reply.status)")); return out }
                do {
                    let bytes = try reply.body.readAll(limit: downloadLimit)
                    if ZipArchive.isZip(Array(bytes.prefix(4))) { readZip(MemoryBytes(bytes), name: location, into: &out) }
                    else { parse(String(decoding: bytes, as: UTF8.self), path: location, named: true, into: &out) }
                } catch { out.errors.append(InputError(path: location, message: "\(error)")) }
            }
            return out
        }
        guard files.exists(location) else { out.errors.append(InputError(path: location, message: "no such file or directory")); return out }
        if files.isDirectory(location) { walk(location, depth: 0, into: &out) } else { readFile(location, named: true, into: &out) }
        return out
    }

    func walk(_ dir: String, depth: Int, into out: inout Loaded) {
        guard depth <= maxDepth else { out.errors.append(InputError(path: dir, message: "deeper than \(maxDepth) directories; not read")); return }
        switch files.entries(of: dir) {
        case .failure(let f): out.errors.append(InputError(path: dir, message: f.message(readingAs: "a directory")))
        case .success(let entries):
            for e in entries.sorted(by: { $0.name < $1.name }) where !e.name.hasPrefix(".") {
                let path = dir.hasSuffix("/") ? dir + e.name : dir + "/" + e.name
                if out.files >= maxFiles { out.errors.append(InputError(path: dir, message: "more than \(maxFiles) files; the rest not read")); return }
                switch e.kind {
                case .directory: walk(path, depth: depth + 1, into: &out)
                case .file: readFile(path, named: false, into: &out)
                default: continue
                }
            }
        }
    }

    /// Names worth opening in a directory tree: JSON, zips, the tracker's `list` files and their `.txt` copies.
    static func candidate(_ path: String) -> Bool {
        let name = Paths.lastComponent(path).lowercased()
        return name.hasSuffix(".json") || name.hasSuffix(".zip") || name == "list" || name.hasSuffix(".txt") || name.hasSuffix(".list")
    }

    func readFile(_ path: String, named: Bool, into out: inout Loaded) {
        guard named || Self.candidate(path) else { out.skipped.append(path); return }
        if let raf = files.openRandomAccess(path), raf.size >= 4 {
            var head = [UInt8](repeating: 0, count: 4)
            let n = (try? head.withUnsafeMutableBytes { try raf.read(at: 0, into: $0) }) ?? 0
            if n == 4, ZipArchive.isZip(head) { readZip(raf, name: path, into: &out); return }
        }
        switch files.readText(path, limit: fileLimit) {
        case .failure(let f): out.errors.append(InputError(path: path, message: f.message(readingAs: "an advisory feed")))
        case .success(let text): parse(text, path: path, named: named, into: &out)
        }
    }

    func readZip(_ file: any RandomAccessBytes, name: String, into out: inout Loaded) {
        do {
            let zip = try ZipArchive(file)
            for m in zip.members where !m.name.hasSuffix("/") {
                guard Self.candidate(m.name) else { out.skipped.append(name + "!" + m.name); continue }
                do {
                    let bytes = try zip.read(m, limit: fileLimit)
                    parse(String(decoding: bytes, as: UTF8.self), path: name + "!" + m.name, named: false, into: &out)
                } catch { out.errors.append(InputError(path: name + "!" + m.name, message: "\(error)")) }
            }
        } catch { out.errors.append(InputError(path: name, message: "\(error)")) }
    }

    func parse(_ text: String, path: String, named: Bool, into out: inout Loaded) {
        guard let kind = FeedKind.detect(path: path, text: text) else {
            if named { out.errors.append(InputError(path: path, message: "not an advisory feed this reads (OSV JSON, Debian tracker JSON or list, Alpine secdb JSON, endoflife.date JSON)")) }
            else { out.skipped.append(path) }
            return
        }
        out.files += 1
        do {
            if kind == .endOfLife { out.endOfLife = (out.endOfLife ?? []) + (try EndOfLifeFeed.parse(text)) }
            out.advisories += try kind.parse(text, source: path)
            out.kinds.insert(kind.rawValue)
        } catch {
            out.errors.append(InputError(path: path, line: error.line, column: error.column, message: error.message))
        }
    }
}
