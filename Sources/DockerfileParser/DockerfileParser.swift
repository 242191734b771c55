import BulkheadCore
import BulkheadModel
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a Dockerfile the way BuildKit's frontend does: parser directives, line continuations with
/// either escape character (comments and blank lines inside continuations skipped), heredocs,
/// instruction flags, exec and shell forms, stages with `FROM <stage>` inheritance, global and
/// per-stage ARG, ENV, and build-time variable expansion. It never throws: problems Docker would
/// reject are collected in `errors`, and everything readable is still returned.
public enum DockerfileParser {
    public static let instructions: Set<String> = [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
        "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ]
    static let allowedFlags: [String: Set<String>] = [
        "FROM": ["platform"],
        "COPY": ["from", "chown", "chmod", "link", "parents", "exclude"],
        "ADD": ["chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "parents", "unpack"],
        "RUN": ["mount", "network", "security", "device"],
        "HEALTHCHECK": ["interval", "timeout", "start-period", "start-interval", "retries"],
    ]
    static let heredocInstructions: Set<String> = ["RUN", "COPY", "ADD"]
    static let expanded: Set<String> = ["ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"]
    /// Build arguments BuildKit defines automatically in the global scope.
    public static let automaticArgs: [String: String] = [
        "TARGETPLATFORM": "linux/amd64", "TARGETOS": "linux", "TARGETARCH": "amd64", "TARGETVARIANT": "",
        "BUILDPLATFORM": "linux/amd64", "BUILDOS": "linux", "BUILDARCH": "amd64", "BUILDVARIANT": "",
    ]

    struct RawInstruction {
        var keyword: String
        var line: Int
        var endLine: Int
        var column: Int
        var original: String
        var args: String
        /// (utf8 offset in args, line, 1-based column of that offset) triples, ascending.
        var segments: [(Int, Int, Int)]
        var heredocs: [Heredoc]
    }

    public static func parse(_ text: String, path: String, buildArgs: [String: String] = [:]) -> DockerfileModel {
        parse(handing: HandedText(text), path: path, buildArgs: buildArgs)
    }

    /// A text handed over to the parser, which lets go of it once it is split into lines: a reader that holds
    /// no other reference does not keep a 16 MiB Dockerfile twice while it is parsed.
    public final class HandedText: @unchecked Sendable {
        var text: String
        public init(_ text: String) { self.text = text }
    }

    public static func parse(handing handed: HandedText, path: String, buildArgs: [String: String] = [:]) -> DockerfileModel {
        parse(handing: handed, path: path, buildArgs: buildArgs, scriptsSideBySide: true)
    }

    /// `scriptsSideBySide: false` parses every script on this thread, in one batch (the tests compare the two);
    /// `scriptQueue` is where the batches go (the tests hand in one that never runs them).
    static func parse(handing handed: HandedText, path: String, buildArgs: [String: String], scriptsSideBySide: Bool,
                      scriptQueue: DispatchQueue = .global()) -> DockerfileModel {
        // lines split on the newline byte, one carriage return before it dropped, as Docker's own scanner does
        // (bytes, not Characters: a 16 MiB file splits in a few milliseconds)
        var lines: [String] = []
        handed.text.withUTF8 { b in
            // each newline found with the C library's memchr (the file is gone over twice: to count, to split)
            func nextNewline(from p: Int) -> Int? {
                guard p < b.count, let base = b.baseAddress, let q = memchr(base + p, 10, b.count - p) else { return nil }
                return UnsafeRawPointer(q) - UnsafeRawPointer(base)
            }
            var count = 1, p = 0
            while let n = nextNewline(from: p) { count += 1; p = n + 1 }
            lines.reserveCapacity(count)
            var start = 0
            func add(_ end: Int) {
                var e = end
                if e > start && b[e - 1] == 13 { e -= 1 }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<e]), as: UTF8.self))
            }
            while let n = nextNewline(from: start) { add(n); start = n + 1 }
            add(b.count)
        }
        handed.text = ""
        if let f = lines.first, f.hasPrefix("\u{FEFF}") { lines[0] = String(f.dropFirst()) }
        if lines.last == "" { lines.removeLast() }
        var errors: [InputError] = []
        var comments: [Comment] = []

        // Parser directives: only at the very top, before any blank line, comment or instruction.
        var directives: [Directive] = []
        var escape: Character = "\\"
        var i = 0
        while i < lines.count {
            guard let d = directive(lines[i]) else { break }
            let known = ["syntax", "escape", "check"]
            guard known.contains(d.0) else { break }
            if directives.contains(where: { $0.name == d.0 }) {
                errors.append(InputError(path: path, line: i + 1, message: "only one '\(d.0)' parser directive can be used"))
            }
            directives.append(Directive(name: d.0, value: d.1, line: i + 1))
            comments.append(Comment(line: i + 1, text: lines[i].trimmingSpaces.dropFirst().trimmingSpaces))
            if d.0 == "escape" {
                if d.1 == "`" { escape = "`" } else if d.1 != "\\" {
                    errors.append(InputError(path: path, line: i + 1, message: "invalid escape token '\(d.1)': it must be ` or \\"))
                }
            }
            i += 1
        }

        // logical instructions, split as the builder's pass asks for them: the pass (and the script parses it
        // hands to other threads) starts at once, and no list of all raw instructions is ever held
        var splitter = RawSplitter(lines: lines, from: i, escape: escape, path: path)
        var builder = Builder(path: path, lines: lines, directives: directives, escape: escape, comments: comments,
                              errors: errors, buildArgs: buildArgs)
        builder.scriptsSideBySide = scriptsSideBySide
        builder.scriptQueue = scriptQueue
        return builder.build(&splitter)
    }

    /// `# key=value` at the top of the file.
    static func directive(_ line: String) -> (String, String)? {
        let t = line.trimmingSpaces
        guard t.hasPrefix("#") else { return nil }
        let body = t.dropFirst().trimmingSpaces
        guard let eq = body.firstIndex(of: "=") else { return nil }
        let key = body[..<eq].trimmingSpaces.lowercased()
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
        return (key, body[body.index(after: eq)...].trimmingSpaces)
    }

    /// Removes a trailing escape character (followed only by blanks); tells whether the line continues.
    static func trimContinuation(_ s: String, _ escape: Character) -> (String, Bool) {
        var t = Substring(s)
        while let l = t.last, l == " " || l == "\t" { t.removeLast() }
        if t.last == escape {
            // an escaped escape ("\\\\") at the end is not a continuation in Docker either: it is, Docker's regex is \\[ \t]*$
            t.removeLast()
            return (String(t), true)
        }
        return (s, false)
    }

    /// Heredoc markers of an instruction line, in order: `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`.
    static func heredocMarkers(_ args: String) -> [(String, Bool, Bool)] {
        var out: [(String, Bool, Bool)] = []
        // most lines: no marker, no work (one look at the bytes in place)
        var bytes = args
        guard bytes.withUTF8({ $0.contains(UInt8(ascii: "<")) }) else { return out }
        let chars = Array(args)
        var i = 0
        var quote: Character? = nil
        while i < chars.count {
            let c = chars[i]
            if let q = quote { if c == q { quote = nil }; i += 1; continue }
            if c == "\"" || c == "'" {
                // quotes only matter if they start a word; `<<"EOF"` is handled below
                quote = c; i += 1; continue
            }
            if c == "<" && i + 1 < chars.count && chars[i + 1] == "<" && (i == 0 || chars[i - 1] != "<") {
                var j = i + 2
                if j < chars.count && chars[j] == "<" { i = j + 1; continue }  // <<< here-string
                var strip = false
                if j < chars.count && chars[j] == "-" { strip = true; j += 1 }
                var quoted = false
                var q: Character? = nil
                if j < chars.count && (chars[j] == "\"" || chars[j] == "'") { q = chars[j]; quoted = true; j += 1 }
                var name = ""
                while j < chars.count {
                    let ch = chars[j]
                    if let qq = q, ch == qq { j += 1; break }
                    if q == nil && (ch == " " || ch == "\t" || ch == ">" || ch == "<" || ch == "|" || ch == ";" || ch == "&" || ch == ")") { break }
                    name.append(ch); j += 1
                }
                if !name.isEmpty && name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) {
                    out.append((name, quoted, strip))
                }
                i = j
                continue
            }
            i += 1
        }
        return out
    }

    /// Parses `["a", "b"]`; nil if the text is not a JSON array of strings.
    static func jsonArray(_ s: String) -> [String]? {
        let c = Array(s.unicodeScalars)
        var i = 0
        func ws() { while i < c.count, c[i] == " " || c[i] == "\t" || c[i] == "\n" || c[i] == "\r" { i += 1 } }
        ws()
        guard i < c.count, c[i] == "[" else { return nil }
        i += 1
        var out: [String] = []
        ws()
        if i < c.count, c[i] == "]" { i += 1; ws(); return i == c.count ? [] : nil }
        while true {
            ws()
            guard i < c.count, c[i] == "\"" else { return nil }
            i += 1
            var str = String.UnicodeScalarView()
            while i < c.count, c[i] != "\"" {
                if c[i] == "\\" {
                    i += 1
                    guard i < c.count else { return nil }
                    switch c[i] {
                    case "n": str.append("\n")
                    case "t": str.append("\t")
                    case "r": str.append("\r")
                    case "b": str.append("\u{08}")
                    case "f": str.append("\u{0C}")
                    case "u":
                        guard i + 4 < c.count, let v = UInt32(String(String.UnicodeScalarView(c[(i + 1)...(i + 4)])), radix: 16),
                              let sc = Unicode.Scalar(v) else { return nil }
                        str.append(sc); i += 4
                    case "\"", "\\", "/": str.append(c[i])
                    default: return nil
                    }
                    i += 1
                    continue
                }
                str.append(c[i]); i += 1
            }
            guard i < c.count else { return nil }
            i += 1
            out.append(String(str))
            ws()
            guard i < c.count else { return nil }
            if c[i] == "," { i += 1; continue }
            if c[i] == "]" { i += 1; ws(); return i == c.count ? out : nil }
            return nil
        }
    }

    /// Leading `--flag[=value]` words and the rest.
    static func splitFlags(_ args: String) -> ([Flag], String) {
        var flags: [Flag] = []
        var rest = Substring(args)
        while rest.hasPrefix("--") {
            // a flag word ends at unquoted whitespace
            var end = rest.startIndex
            var quote: Character? = nil
            while end < rest.endIndex {
                let ch = rest[end]
                if let q = quote { if ch == q { quote = nil } } else if ch == "\"" || ch == "'" { quote = ch } else if ch == " " || ch == "\t" { break }
                end = rest.index(after: end)
            }
            let word = rest[rest.index(rest.startIndex, offsetBy: 2)..<end]
            if word.isEmpty { rest = rest[end...].drop { $0 == " " || $0 == "\t" }; break }  // "--" ends flags
            if let eq = word.firstIndex(of: "=") {
                flags.append(Flag(name: word[..<eq].lowercased(), value: String(word[word.index(after: eq)...]).trimmingQuotes))
            } else {
                flags.append(Flag(name: word.lowercased(), value: nil))
            }
            rest = rest[end...].drop { $0 == " " || $0 == "\t" }
        }
        return (flags, String(rest))
    }

    public static func isWindowsBase(_ image: String) -> Bool {
        let l = image.lowercased()
        return l.contains("mcr.microsoft.com/windows") || l.contains("/nanoserver") || l.contains("/servercore")
            || l.contains("windowsservercore") || l.contains("dotnet/framework") || l.hasPrefix("microsoft/windows")
            || l.contains("-windowsservercore") || l.contains("-nanoserver") || l.contains(":ltsc20") && l.contains("microsoft")
    }

    public static func isPOSIXShell(_ shell: [String]) -> Bool {
        guard let first = shell.first else { return true }
        let name = first.split(separator: "/").last.map { String($0).lowercased() } ?? first.lowercased()
        let base = name.hasSuffix(".exe") ? String(name.dropLast(4)) : name
        return ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"].contains(base)
    }
}

extension DockerfileParser {
    /// Splits lines into logical instructions one at a time: continuations joined (comments and blank lines
    /// inside them skipped), heredoc bodies taken, comments and unterminated heredocs noted.
    struct RawSplitter {
        let lines: [String]
        let escape: Character
        let path: String
        var i: Int
        /// Comment lines met between and inside instructions, in line order.
        var comments: [Comment] = []
        /// Unterminated heredocs.
        var errors: [InputError] = []

        init(lines: [String], from i: Int, escape: Character, path: String) {
            self.lines = lines; self.i = i; self.escape = escape; self.path = path
        }

        mutating func next() -> RawInstruction? {
            while i < lines.count {
                let line = lines[i]
                let trimmed = line.trimmingSpaces
                if trimmed.isEmpty { i += 1; continue }
                if trimmed.hasPrefix("#") {
                    comments.append(Comment(line: i + 1, text: trimmed.dropFirst().trimmingSpaces)); i += 1; continue
                }
                let startLine = i + 1
                let leading = line.prefix { $0 == " " || $0 == "\t" }.count
                var logical = ""
                var segments: [(Int, Int, Int)] = []
                var (piece, cont) = trimContinuation(leading == 0 ? line : String(line.dropFirst(leading)), escape)
                segments.append((0, i + 1, leading + 1))
                logical = piece
                i += 1
                while cont && i < lines.count {
                    let l = lines[i]
                    let t = l.trimmingSpaces
                    if t.hasPrefix("#") { comments.append(Comment(line: i + 1, text: t.dropFirst().trimmingSpaces)); i += 1; continue }
                    if t.isEmpty { i += 1; continue }
                    (piece, cont) = trimContinuation(l, escape)
                    segments.append((logical.utf8.count, i + 1, 1))
                    logical += piece
                    i += 1
                }
                let endLine = max(startLine, i)
                // keyword
                let kwEnd = logical.firstIndex { $0 == " " || $0 == "\t" } ?? logical.endIndex
                let keyword = String(logical[..<kwEnd]).uppercased()
                let afterKw = logical[kwEnd...]
                let argStart = afterKw.firstIndex { $0 != " " && $0 != "\t" } ?? logical.endIndex
                let args = String(logical[argStart...])
                let shift = logical.utf8.distance(from: logical.startIndex, to: argStart)
                // the first segment starts at the keyword; shift it to where the arguments start
                let argSegments = segments.enumerated().map { k, s in k == 0 ? (0, s.1, s.2 + shift) : (max(0, s.0 - shift), s.1, s.2) }
                var raw = RawInstruction(keyword: keyword, line: startLine, endLine: endLine, column: leading + 1,
                                         original: logical.trimmingSpaces, args: args, segments: argSegments, heredocs: [])
                // heredocs
                var heredocKeyword = keyword
                if keyword == "ONBUILD" { heredocKeyword = String(args.prefix { $0 != " " && $0 != "\t" }).uppercased() }
                if heredocInstructions.contains(heredocKeyword) {
                    for (delim, quoted, strip) in heredocMarkers(args) {
                        var body: [String] = []
                        let bodyLine = i + 1
                        var closed = false
                        while i < lines.count {
                            var l = lines[i]
                            i += 1
                            if strip { while l.hasPrefix("\t") { l.removeFirst() } }
                            if l == delim { closed = true; break }
                            body.append(l)
                        }
                        if !closed {
                            errors.append(InputError(path: path, line: startLine, message: "unterminated heredoc <<\(delim) started here: no line '\(delim)' closes it"))
                        }
                        raw.heredocs.append(Heredoc(delimiter: delim, body: body.joined(separator: "\n") + (body.isEmpty ? "" : "\n"),
                                                    quoted: quoted, stripTabs: strip, bodyLine: bodyLine))
                        raw.endLine = i
                    }
                }
                return raw
            }
            return nil
        }
    }
}
