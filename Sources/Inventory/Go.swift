import BulkheadCore
import BulkheadModel

/// Go programs: the module list the Go linker embeds in every binary built in module mode (Go 1.18 and later,
/// the `.go.buildinfo` blob that `go version -m` prints). The image reader finds the blob as the file passes
/// (`BuildInfoScanner`) and keeps it as text in `go version -m`'s own shape:
///
///     go	go1.21.3
///     path	github.com/example/tool
///     mod	github.com/example/tool	v1.2.0	h1:…
///     dep	golang.org/x/net	v0.17.0	h1:…
///     =>	example.com/fork/net	v0.17.1	h1:…      (a replacement of the line above)
///     build	-compiler=gc
///
/// Packages are the Go toolchain's standard library (`stdlib`, as OSV names it) and every module; a replaced
/// module is reported as what was really linked, its replacement.
public enum GoBuildInfo {
    /// "\xff Go buildinf:": the 14 bytes that open the blob, which sits 16-byte aligned in the data section.
    public static let magic: [UInt8] = [0xff] + Array(" Go buildinf:".utf8)
    public static let headerSize = 32

    /// True for text kept by the scanner (the first line is the Go version).
    public static func isBuildInfo(_ text: String) -> Bool { text.hasPrefix("go\tgo") }

    /// The text for a blob that starts with the magic: nil when its header is not a Go 1.18+ inline one (older
    /// binaries point into the data segment instead; those are not read) or a length runs past the bytes.
    public static func text(fromBlob blob: some Collection<UInt8>) -> String? {
        let b = Array(blob)
        guard b.count >= headerSize, Array(b[0..<14]) == magic, b[14] == 4 || b[14] == 8, b[15] & 2 != 0 else { return nil }
        var at = headerSize
        guard let v = bytes(b, &at), let m = bytes(b, &at) else { return nil }
        let version = String(decoding: v, as: UTF8.self)
        guard version.hasPrefix("go"), version.count < 64 else { return nil }
        // the module text is framed by two 16-byte binary sentinels (cmd/go's infoStart and infoEnd)
        let mod = m.count >= 33 && m[m.endIndex - 17] == UInt8(ascii: "\n") ? String(decoding: m[(m.startIndex + 16)..<(m.endIndex - 16)], as: UTF8.self) : ""
        return "go\t" + version + "\n" + mod
    }

    /// A uvarint length, then that many bytes.
    static func bytes(_ b: [UInt8], _ at: inout Int) -> ArraySlice<UInt8>? {
        var n = 0, shift = 0
        while at < b.count, shift < 63 {
            let byte = b[at]; at += 1
            n |= Int(byte & 0x7f) << shift
            if byte < 0x80 {
                guard n >= 0, n <= b.count - at else { return nil }
                defer { at += n }
                return b[at..<(at + n)]
            }
            shift += 7
        }
        return nil
    }

    /// The standard library and the modules a kept text lists.
    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        var out: [InstalledPackage] = []
        var lastModule: Int?
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 2 else { continue }
            switch f[0] {
            case "go":
                if let v = semver(goVersion: f[1]) { out.append(InstalledPackage(ecosystem: "Go", name: "stdlib", version: v, path: path)) }
                lastModule = nil
            case "mod", "dep":
                guard f.count >= 3, !f[1].isEmpty, !f[2].isEmpty else { lastModule = nil; continue }
                // the main module of a plain `go build` is "(devel)": no version to match, but still part of the image
                out.append(InstalledPackage(ecosystem: "Go", name: f[1], version: f[2], path: path))
                lastModule = out.count - 1
            case "=>":
                // a replacement: what was linked is the replacement (a local directory has no version: keep the path)
                if let i = lastModule, f.count >= 3, !f[1].isEmpty, !f[2].isEmpty, !f[1].hasPrefix(".") && !f[1].hasPrefix("/") {
                    out[i].name = f[1]; out[i].version = f[2]; out[i].sourceName = f[1]; out[i].sourceVersion = f[2]
                }
                lastModule = nil
            default: lastModule = nil
            }
        }
        return out
    }

    /// Go's toolchain version as the SemVer OSV uses for `stdlib`: go1.21.3 → 1.21.3, go1.21 → 1.21.0,
    /// go1.22rc2 → 1.22.0-rc.2, go1.9beta1 → 1.9.0-beta.1; a suffix after a space or `X:` experiment is dropped.
    public static func semver(goVersion: String) -> String? {
        var v = Substring(goVersion)
        guard v.hasPrefix("go") else { return nil }
        v = v.dropFirst(2)
        if let sp = v.firstIndex(where: { $0 == " " || $0 == "\t" }) { v = v[..<sp] }
        if let dash = v.firstIndex(of: "-") { v = v[..<dash] }  // go1.21.3-bigcorp
        var pre = ""
        if let letter = v.firstIndex(where: { $0.isLetter }) {
            let word = v[letter...].prefix { $0.isLetter }, number = v[letter...].dropFirst(word.count)
            guard ["rc", "beta", "alpha"].contains(String(word)), !number.isEmpty, number.allSatisfy(\.isNumber) else { return nil }
            pre = "-\(word).\(number)"
            v = v[..<letter]
        }
        var parts = v.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        while parts.count < 3 { parts.append("0") }
        return parts.joined(separator: ".") + pre
    }
}
