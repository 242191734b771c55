import BulkheadCore
import BulkheadModel

/// Splits POSIX shell text into simple commands: quotes, escapes, `&&`, `||`, `;`, pipes,
/// subshells, command substitution, redirections, control keywords, `sudo`/`env` prefixes and
/// `sh -c '…'` bodies. It does not execute or expand anything; it recovers from malformed input.
public struct ShellParser {
    /// Maps a byte offset of the text to an absolute Dockerfile line and 1-based column.
    public typealias LineMap = @Sendable (Int) -> (line: Int, column: Int)

    public static func parse(_ text: String, line: Int) -> ShellScript {
        parse(text, lineMap: { _ in (line, 1) })
    }

    /// `argumentPositions`: also record where each argument starts (`ShellCommand.argPositions`; the `docker run`
    /// reader points at options by them). Off for Dockerfiles: nothing there reads them, and a large file has
    /// hundreds of thousands of commands.
    /// `interner`: argument lists seen before (by this caller's earlier scripts), so that identical commands
    /// (`apt-get update`, `rm -rf /var/lib/apt/lists/*`) share one list.
    public static func parse(_ text: String, argumentPositions: Bool = false, interner: ArgumentInterner? = nil, lineMap: @escaping LineMap) -> ShellScript {
        parse(bytes: Array(text.utf8), argumentPositions: argumentPositions, interner: interner, lineMap: lineMap)
    }

    /// The same, from the script's UTF-8 bytes (a caller that has them saves a string).
    public static func parse(bytes: [UInt8], argumentPositions: Bool = false, interner: ArgumentInterner? = nil, lineMap: @escaping LineMap) -> ShellScript {
        var p = ShellParser(bytes: bytes, lineMap: lineMap, depth: 0, inSubstitution: false)
        p.argumentPositions = argumentPositions
        p.interner = interner
        p.run()
        // the list as long as it is (appending left room for one more command in most scripts)
        var commands = p.commands
        if commands.capacity > commands.count {
            var exact: [ShellCommand] = []
            exact.reserveCapacity(commands.count)
            exact.append(contentsOf: commands)
            commands = exact
        }
        return ShellScript(commands: commands, incomplete: p.incomplete)
    }

    // MARK: - Tokens

    enum Token {
        case word(ShellWord, offset: Int, substitutions: [(String, Int)])
        case op(String, offset: Int)
        case redirect(String, offset: Int)
    }

    let bytes: [UInt8]
    let lineMap: LineMap
    let depth: Int
    let inSubstitution: Bool
    var commands: [ShellCommand] = []
    var incomplete = false
    /// Byte offsets of the words of the command being collected.
    var wordOffsets: [Int] = []
    var argumentPositions = false
    var interner: ArgumentInterner? = nil

    init(bytes: [UInt8], lineMap: @escaping LineMap, depth: Int, inSubstitution: Bool) {
        self.bytes = bytes; self.lineMap = lineMap; self.depth = depth; self.inSubstitution = inSubstitution
    }

    static func isMeta(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ";"),
             UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default: return false
        }
    }

    /// A byte that ends a plain word: a metacharacter, or one that quotes, escapes or expands.
    @inline(__always) static func endsPlain(_ c: UInt8) -> Bool {
        isMeta(c) || c == UInt8(ascii: "\\") || c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "$")
            || c == UInt8(ascii: "`")
    }

    /// Finds the end of a balanced `$( … )` starting after the opening paren; returns the index of `)`.
    func matchParen(from start: Int) -> Int? {
        var i = start
        var level = 1
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\\"): i += 2; continue
            case UInt8(ascii: "'"):
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "'") { i += 1 }
            case UInt8(ascii: "\""):
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") { i += 1 }
                    i += 1
                }
            case UInt8(ascii: "("): level += 1
            case UInt8(ascii: ")"):
                level -= 1
                if level == 0 { return i }
            default: break
            }
            i += 1
        }
        return nil
    }

    func string(_ a: Int, _ b: Int) -> String {
        String(decoding: bytes[max(0, a)..<min(b, bytes.count)], as: UTF8.self)
    }

    mutating func tokenize() -> [Token] {
        var toks: [Token] = []
        // a word's bytes as its quotes and escapes are taken away (one buffer for all of them)
        var raw: [UInt8] = []
        var i = 0
        let n = bytes.count
        var pendingHeredocs: [(delim: String, strip: Bool)] = []
        var expectHeredocDelimiter: Bool? = nil  // strip flag while waiting for the delimiter word
        while i < n {
            let c = bytes[i]
            // whitespace
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") { i += 1; continue }
            if c == UInt8(ascii: "\\") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n") { i += 2; continue }
            if c == UInt8(ascii: "\n") {
                toks.append(.op("\n", offset: i))
                i += 1
                // skip bodies of here-documents opened on this line
                for h in pendingHeredocs {
                    while i < n {
                        var e = i
                        while e < n && bytes[e] != UInt8(ascii: "\n") { e += 1 }
                        var lineText = string(i, e)
                        if h.strip { while lineText.hasPrefix("\t") { lineText.removeFirst() } }
                        i = min(e + 1, n)
                        if lineText.trimmingSpaces == h.delim { break }
                    }
                }
                pendingHeredocs.removeAll()
                continue
            }
            if c == UInt8(ascii: "#") {
                while i < n && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            }
            // operators
            if c == UInt8(ascii: "&") {
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "&") { toks.append(.op("&&", offset: i)); i += 2; continue }
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: ">") {
                    var j = i + 2
                    if j < n && bytes[j] == UInt8(ascii: ">") { j += 1 }
                    toks.append(.redirect(string(i, j), offset: i)); i = j; continue
                }
                toks.append(.op("&", offset: i)); i += 1; continue
            }
            if c == UInt8(ascii: "|") {
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "|") { toks.append(.op("||", offset: i)); i += 2; continue }
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "&") { toks.append(.op("|", offset: i)); i += 2; continue }
                toks.append(.op("|", offset: i)); i += 1; continue
            }
            if c == UInt8(ascii: ";") {
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: ";") { toks.append(.op(";;", offset: i)); i += 2; continue }
                toks.append(.op(";", offset: i)); i += 1; continue
            }
            if c == UInt8(ascii: "(") || c == UInt8(ascii: ")") {
                toks.append(.op(c == UInt8(ascii: "(") ? "(" : ")", offset: i)); i += 1; continue
            }
            if c == UInt8(ascii: "<") || c == UInt8(ascii: ">") {
                var j = i + 1
                while j < n && (bytes[j] == UInt8(ascii: "<") || bytes[j] == UInt8(ascii: ">") || bytes[j] == UInt8(ascii: "&")
                                || bytes[j] == UInt8(ascii: "|") || bytes[j] == UInt8(ascii: "-")) && j - i < 3 {
                    if bytes[j] == UInt8(ascii: "-") && !(j == i + 2 && bytes[i + 1] == UInt8(ascii: "<")) { break }
                    j += 1
                }
                let op = string(i, j)
                // process substitution <( … ) / >( … )
                if j < n && bytes[j] == UInt8(ascii: "(") && (op == "<" || op == ">") {
                    if let close = matchParen(from: j + 1) {
                        let inner = string(j + 1, close)
                        toks.append(.word(ShellWord(text: op + "(" + inner + ")", dynamic: true), offset: i, substitutions: [(inner, j + 1)]))
                        i = close + 1; continue
                    }
                }
                if op == "<<" || op == "<<-" { expectHeredocDelimiter = (op == "<<-") }
                toks.append(.redirect(op, offset: i)); i = j; continue
            }
            // a word
            let start = i
            var text = ""
            var quoted = false
            var dynamic = false
            var subs: [(String, Int)] = []
            func flush(_ raw: inout [UInt8], into text: inout String) {
                if !raw.isEmpty { text += String(decoding: raw, as: UTF8.self); raw.removeAll(keepingCapacity: true) }
            }
            // most words are plain (no quote, escape or expansion): their bytes are the word, taken as they are
            var plainEnd = i
            while plainEnd < n && !ShellParser.endsPlain(bytes[plainEnd]) { plainEnd += 1 }
            if plainEnd == n || ShellParser.isMeta(bytes[plainEnd]) {
                text = string(i, plainEnd); i = plainEnd
            } else {
                raw.append(contentsOf: bytes[i..<plainEnd]); i = plainEnd
            }
            while i < n {
                let ch = bytes[i]
                if ShellParser.isMeta(ch) { break }
                if ch == UInt8(ascii: "\\") {
                    if i + 1 < n {
                        if bytes[i + 1] == UInt8(ascii: "\n") { i += 2; continue }
                        raw.append(bytes[i + 1]); quoted = true; i += 2; continue
                    }
                    i += 1; continue
                }
                if ch == UInt8(ascii: "'") {
                    quoted = true
                    var j = i + 1
                    while j < n && bytes[j] != UInt8(ascii: "'") { j += 1 }
                    if j >= n { incomplete = true }
                    raw.append(contentsOf: bytes[(i + 1)..<min(j, n)])
                    i = j + 1; continue
                }
                if ch == UInt8(ascii: "\"") {
                    quoted = true
                    var j = i + 1
                    while j < n && bytes[j] != UInt8(ascii: "\"") {
                        if bytes[j] == UInt8(ascii: "\\") && j + 1 < n {
                            let nx = bytes[j + 1]
                            if nx == UInt8(ascii: "\"") || nx == UInt8(ascii: "\\") || nx == UInt8(ascii: "$") || nx == UInt8(ascii: "`") {
                                raw.append(nx); j += 2; continue
                            }
                            if nx == UInt8(ascii: "\n") { j += 2; continue }
                        }
                        if bytes[j] == UInt8(ascii: "$") && j + 1 < n && bytes[j + 1] == UInt8(ascii: "(") {
                            if let close = matchParen(from: j + 2) {
                                subs.append((string(j + 2, close), j + 2)); dynamic = true
                                raw.append(contentsOf: bytes[j...close]); j = close + 1; continue
                            }
                        }
                        if bytes[j] == UInt8(ascii: "`") {
                            var k = j + 1
                            while k < n && bytes[k] != UInt8(ascii: "`") { if bytes[k] == UInt8(ascii: "\\") { k += 1 }; k += 1 }
                            subs.append((string(j + 1, k), j + 1)); dynamic = true
                            raw.append(contentsOf: bytes[j..<min(k + 1, n)]); j = k + 1; continue
                        }
                        if bytes[j] == UInt8(ascii: "$") { dynamic = true }
                        raw.append(bytes[j]); j += 1
                    }
                    if j >= n { incomplete = true }
                    i = j + 1; continue
                }
                if ch == UInt8(ascii: "$") && i + 1 < n {
                    let nx = bytes[i + 1]
                    if nx == UInt8(ascii: "(") {
                        if let close = matchParen(from: i + 2) {
                            subs.append((string(i + 2, close), i + 2)); dynamic = true
                            raw.append(contentsOf: bytes[i...close]); i = close + 1; continue
                        }
                        incomplete = true
                        raw.append(contentsOf: bytes[i..<n]); i = n; continue
                    }
                    if nx == UInt8(ascii: "{") {
                        var j = i + 2
                        var level = 1
                        while j < n && level > 0 {
                            if bytes[j] == UInt8(ascii: "{") { level += 1 }
                            if bytes[j] == UInt8(ascii: "}") { level -= 1 }
                            j += 1
                        }
                        dynamic = true
                        raw.append(contentsOf: bytes[i..<j]); i = j; continue
                    }
                    if nx == UInt8(ascii: "'") {  // $'ansi-c'
                        quoted = true
                        var j = i + 2
                        while j < n && bytes[j] != UInt8(ascii: "'") { if bytes[j] == UInt8(ascii: "\\") { j += 1 }; j += 1 }
                        raw.append(contentsOf: bytes[(i + 2)..<min(j, n)])
                        i = j + 1; continue
                    }
                    if (nx >= UInt8(ascii: "A") && nx <= UInt8(ascii: "Z")) || (nx >= UInt8(ascii: "a") && nx <= UInt8(ascii: "z"))
                        || nx == UInt8(ascii: "_") || (nx >= UInt8(ascii: "0") && nx <= UInt8(ascii: "9"))
                        || nx == UInt8(ascii: "?") || nx == UInt8(ascii: "@") || nx == UInt8(ascii: "*") || nx == UInt8(ascii: "#") {
                        dynamic = true
                    }
                }
                if ch == UInt8(ascii: "`") {
                    var k = i + 1
                    while k < n && bytes[k] != UInt8(ascii: "`") { if bytes[k] == UInt8(ascii: "\\") { k += 1 }; k += 1 }
                    subs.append((string(i + 1, min(k, n)), i + 1)); dynamic = true
                    raw.append(contentsOf: bytes[i..<min(k + 1, n)]); i = k + 1; continue
                }
                raw.append(ch); i += 1
            }
            flush(&raw, into: &text)
            // "2>&1": a number right before a redirection belongs to the redirection
            if !quoted, i < n, bytes[i] == UInt8(ascii: ">") || bytes[i] == UInt8(ascii: "<"),
               !text.isEmpty, text.allSatisfy(\.isNumber) {
                continue
            }
            if let strip = expectHeredocDelimiter {
                pendingHeredocs.append((text, strip)); expectHeredocDelimiter = nil
            }
            toks.append(.word(ShellWord(text: text, quoted: quoted, dynamic: dynamic), offset: start, substitutions: subs))
        }
        return toks
    }

    // MARK: - Commands

    static let reservedStart: Set<String> = ["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac", "time"]
    /// The first letters of the words `run` treats apart at the start of a command (reserved words, `for`,
    /// `select`, `case`, `function`): a word with another first letter is a program's name.
    static let keywordInitials = Initials(reservedStart.union(["for", "select", "case", "function"]))
    /// Commands that `emit` peels off before the program they run (`sudo`, `env`, `nohup`, …: its switch).
    static let prefixes = ["sudo", "doas", "env", "nohup", "exec", "builtin", "stdbuf", "eatmydata", "ionice", "nice", "setsid",
                           "unbuffer", "fakeroot", "time", "chronic", "command", "timeout", "gosu", "su-exec", "chroot", "chpst",
                           "setpriv", "xargs"]
    static let prefixInitials = Initials(prefixes)

    public static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"]
    static let shellInitials = Initials(shells)

    mutating func run() {
        let toks = tokenize()
        // room for a command after each operator (the usual count: one list made, not grown step by step)
        if commands.isEmpty {
            var room = 1
            for t in toks { if case .op = t { room += 1 } }
            commands.reserveCapacity(room)
        }
        var words: [ShellWord] = []
        wordOffsets = []
        var wordSubs: [(String, Int)] = []
        var redirects: [String] = []
        var firstOffset = 0
        var connector = Connector.start
        var pipeline = 0, position = 0, list = 0
        var subshell = 0
        var skipToSeparator = false
        var caseDepth = 0
        var expectCaseIn = false
        var i = 0

        func isWord(_ t: Token?) -> Bool { if case .word = t { return true }; return false }

        while i < toks.count {
            let t = toks[i]
            switch t {
            case .word(let w, let off, let subs):
                if expectCaseIn {
                    if w.text == "in" { expectCaseIn = false; caseDepth += 1 }
                    i += 1; continue
                }
                if skipToSeparator {
                    if w.text == "do" && words.isEmpty { skipToSeparator = false }
                    i += 1; continue
                }
                if words.isEmpty {
                    // (a word with another first letter is none of these: most programs' names are not looked up)
                    if !w.quoted && ShellParser.keywordInitials.has(w.text) {
                        if ShellParser.reservedStart.contains(w.text) {
                            if w.text == "esac" { caseDepth = max(0, caseDepth - 1) }
                            i += 1; continue
                        }
                        if w.text == "for" || w.text == "select" { skipToSeparator = true; i += 1; continue }
                        if w.text == "case" { expectCaseIn = true; i += 1; continue }
                        if w.text == "function" { i += 2; continue }
                    }
                    if caseDepth > 0 {
                        // a case pattern: words up to ')'
                        var j = i
                        var pattern = false
                        while j < toks.count {
                            if case .word = toks[j] { j += 1; continue }
                            if case .op(let o, _) = toks[j], o == "|" { j += 1; continue }
                            if case .op(let o, _) = toks[j], o == ")" { pattern = true }
                            break
                        }
                        if pattern { i = j + 1; continue }
                    }
                    // name() { … } function definitions
                    if i + 2 < toks.count, case .op("(", _) = toks[i + 1], case .op(")", _) = toks[i + 2] { i += 3; continue }
                    firstOffset = off
                }
                words.append(w)
                wordOffsets.append(off)
                if !subs.isEmpty { wordSubs.append(contentsOf: subs) }
            case .redirect(let op, _):
                if i + 1 < toks.count, case .word(let target, _, let subs) = toks[i + 1] {
                    if !op.hasPrefix("<<") { redirects.append(op + target.text) }
                    if !subs.isEmpty { wordSubs.append(contentsOf: subs) }
                    i += 2; continue
                }
            case .op(let op, _):
                if caseDepth > 0 && op == "(" && words.isEmpty { i += 1; continue }  // (pattern)
                switch op {
                case "(":
                    if words.isEmpty { subshell += 1 }
                case ")":
                    emit(&words, &wordSubs, &redirects, firstOffset, connector, pipeline, position, list, subshell)
                    subshell = max(0, subshell - 1)
                case "|":
                    emit(&words, &wordSubs, &redirects, firstOffset, connector, pipeline, position, list, subshell)
                    connector = .pipe; position += 1
                case "&&", "||":
                    emit(&words, &wordSubs, &redirects, firstOffset, connector, pipeline, position, list, subshell)
                    connector = op == "&&" ? .and : .or; pipeline += 1; position = 0
                default:  // ; & newline ;;
                    skipToSeparator = false
                    emit(&words, &wordSubs, &redirects, firstOffset, connector, pipeline, position, list, subshell)
                    connector = op == "&" ? .background : .sequence; pipeline += 1; position = 0; list += 1
                }
            }
            i += 1
        }
        emit(&words, &wordSubs, &redirects, firstOffset, connector, pipeline, position, list, subshell)
    }

    mutating func emit(_ words: inout [ShellWord], _ subs: inout [(String, Int)], _ redirects: inout [String], _ offset: Int,
                       _ connector: Connector, _ pipeline: Int, _ position: Int, _ list: Int, _ subshell: Int) {
        defer { words.removeAll(keepingCapacity: true); subs.removeAll(keepingCapacity: true); redirects.removeAll(keepingCapacity: true); wordOffsets.removeAll(keepingCapacity: true) }
        let place = lineMap(offset)
        let line = place.line
        let substitutions = subs
        var w = words[...]
        var prefixes: [String] = []
        var assignments: [(name: String, value: String)] = []
        func isAssignment(_ s: ShellWord) -> (String, String)? {
            guard let eq = s.text.utf8.firstIndex(of: UInt8(ascii: "=")), eq != s.text.startIndex else { return nil }
            let name = s.text[..<eq]
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(name.first?.isNumber ?? true) else { return nil }
            return (String(name), String(s.text[s.text.index(after: eq)...]))
        }
        // the program's base name, once the loop below has worked it out
        var progName: String? = nil
        peel: while true {
            while let f = w.first, let a = isAssignment(f) { assignments.append(a); w = w.dropFirst() }
            guard let f = w.first else { break }
            let n = ShellParser.basename(f.text)
            // most programs are no prefix: one look at the first letter, not a comparison with each name below
            // (a name added below goes into `prefixes` too)
            guard ShellParser.prefixInitials.has(n) else { progName = n; break peel }
            switch n {
            case "sudo", "doas":
                prefixes.append(n); w = w.dropFirst()
                while let o = w.first, o.text.hasPrefix("-") {
                    w = w.dropFirst()
                    if o.text == "--" { break }
                    if ["-u", "-g", "-C", "-h", "-p", "-U", "-r", "-t", "-D", "--user", "--group"].contains(o.text) { w = w.dropFirst() }
                }
            case "env":
                prefixes.append(n); w = w.dropFirst()
                while let o = w.first, o.text.hasPrefix("-") {
                    w = w.dropFirst()
                    if o.text == "-u" || o.text == "-C" || o.text == "-S" { w = w.dropFirst() }
                }
            case "nohup", "exec", "builtin", "stdbuf", "eatmydata", "ionice", "nice", "setsid", "unbuffer", "fakeroot", "time", "chronic":
                prefixes.append(n); w = w.dropFirst()
                while let o = w.first, o.text.hasPrefix("-") {
                    w = w.dropFirst()
                    if ["-n", "-c", "-a", "-o", "-i", "-e", "-f"].contains(o.text) && n != "time" { w = w.dropFirst() }
                }
            case "command":
                if w.dropFirst().first.map({ $0.text == "-v" || $0.text == "-V" }) ?? false { progName = n; break peel }
                prefixes.append(n); w = w.dropFirst()
                while let o = w.first, o.text.hasPrefix("-") { w = w.dropFirst() }
            case "timeout":
                prefixes.append(n); w = w.dropFirst()
                while let o = w.first, o.text.hasPrefix("-") { w = w.dropFirst(); if o.text == "-s" || o.text == "-k" { w = w.dropFirst() } }
                w = w.dropFirst()
            case "gosu", "su-exec", "chroot", "chpst", "setpriv":
                prefixes.append(n); w = w.dropFirst()
                while let o = w.first, o.text.hasPrefix("-") { w = w.dropFirst() }
                w = w.dropFirst()
            case "xargs":
                prefixes.append(n); w = w.dropFirst()
                while let o = w.first, o.text.hasPrefix("-") {
                    w = w.dropFirst()
                    if ["-I", "-n", "-P", "-d", "-L", "-E", "-s", "-a"].contains(o.text) { w = w.dropFirst() }
                }
            default:
                progName = n; break peel
            }
        }
        // the program's own offset (after prefixes) for the column
        let progIndex = words.count - w.count
        let column = progIndex < wordOffsets.count ? lineMap(wordOffsets[progIndex]).column : place.column
        guard let prog = w.first else {
            parseSubstitutions(substitutions, line: line)
            return
        }
        let name = progName ?? ShellParser.basename(prog.text)
        let args = interner?.intern(Array(w.dropFirst())) ?? Array(w.dropFirst())
        commands.append(ShellCommand(
            name: name, program: prog.text, args: args, prefixes: prefixes, assignments: assignments,
            connector: connector, pipeline: pipeline, pipelinePosition: position, list: list,
            depth: depth + subshell, inSubstitution: inSubstitution, redirects: redirects, line: line))
        commands[commands.count - 1].column = column
        if argumentPositions, wordOffsets.count == words.count {
            commands[commands.count - 1].argPositions = wordOffsets[(progIndex + 1)...].map { lineMap($0) }
        }
        // sh -c 'script', bash -lc "…", su -c "…", eval "…"
        var inner: String? = nil
        if ShellParser.shellInitials.has(name) && ShellParser.shells.contains(name) {
            var k = 0
            let a = args
            if name == "busybox", let first = a.first, ShellParser.shells.contains(first.text) { k = 1 }
            while k < a.count, a[k].text.hasPrefix("-") {
                let o = a[k].text
                if o == "-c" || (o.count > 1 && !o.hasPrefix("--") && o.contains("c")) {
                    if k + 1 < a.count { inner = a[k + 1].text }
                    break
                }
                if o == "-o" || o == "+o" { k += 1 }
                k += 1
            }
        } else if name == "su" || name == "runuser" {
            if let v = commands.last?.value(of: "-c", "--command") { inner = v }
        } else if name == "eval" {
            inner = args.map(\.text).joined(separator: " ")
        }
        if let inner {
            let col = column
            var sub = ShellParser(bytes: Array(inner.utf8), lineMap: { _ in (line, col) }, depth: depth + subshell + 1, inSubstitution: inSubstitution)
            sub.argumentPositions = argumentPositions
            sub.interner = interner
            sub.run()
            commands.append(contentsOf: sub.commands)
        }
        parseSubstitutions(substitutions, line: line)
    }

    mutating func parseSubstitutions(_ subs: [(String, Int)], line: Int) {
        for (text, off) in subs {
            let base = off
            let map = lineMap
            var sub = ShellParser(bytes: Array(text.utf8), lineMap: { map(base + $0) }, depth: depth + 1, inSubstitution: true)
            sub.argumentPositions = argumentPositions
            sub.interner = interner
            sub.run()
            commands.append(contentsOf: sub.commands)
        }
    }

    public static func basename(_ s: String) -> String {
        // bytes, not Characters: asked of every command's program
        if let slash = s.utf8.lastIndex(of: UInt8(ascii: "/")) { return String(s[s.utf8.index(after: slash)...]) }
        return s
    }
}

/// Argument lists already made, so that commands with the same arguments share one list (hash-consing). One per
/// thread of work: it is not safe to share between threads. A large Dockerfile repeats `apt-get update` and
/// `rm -rf /var/lib/apt/lists/*` in every RUN; each list and its words are kept once. Only short lists are
/// looked up: those are the ones that repeat (`update`, `clean`, `-rf DIR`), and hashing every long list of
/// package names cost a tenth of the parse for lists that are nearly always unique.
public final class ArgumentInterner {
    private var seen = Set<[ShellWord]>()
    public init() {}
    static let longest = 3
    func intern(_ args: [ShellWord]) -> [ShellWord] {
        guard !args.isEmpty, args.count <= Self.longest else { return args }
        return seen.insert(args).memberAfterInsert
    }
}
