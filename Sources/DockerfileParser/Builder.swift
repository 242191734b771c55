import BulkheadCore
import BulkheadModel
import Dispatch
import ShellSyntax
import Synchronization

/// The semantic pass: stages, variable scopes, expansion, shell scripts, validation.
struct Builder {
    let path: String
    let lines: [String]
    let directives: [Directive]
    let escape: Character
    var comments: [Comment]
    var errors: [InputError]
    let buildArgs: [String: String]
    /// Shell scripts are parsed on other threads while the pass goes on (off: all on this thread, at the end).
    var scriptsSideBySide = true
    /// Where the batches of scripts go (the tests hand in a queue that never runs them).
    var scriptQueue: DispatchQueue = .global()

    init(path: String, lines: [String], directives: [Directive], escape: Character, comments: [Comment],
         errors: [InputError], buildArgs: [String: String]) {
        self.path = path; self.lines = lines; self.directives = directives; self.escape = escape
        self.comments = comments; self.errors = errors; self.buildArgs = buildArgs
    }

    mutating func error(_ line: Int, _ message: String) {
        errors.append(InputError(path: path, line: line, message: message))
    }

    /// What a script's parse needs of its raw instruction: where it starts and how argument offsets map to lines
    /// (one segment inline; more only for instructions continued over several lines). The raw instructions
    /// themselves are let go before the scripts are parsed (on a 16 MiB file they are 35 MB).
    struct ScriptSource: Sendable {
        var line: Int32, column: Int32
        var first: (Int32, Int32, Int32)
        var more: [(Int, Int, Int)]
        init(_ raw: DockerfileParser.RawInstruction) {
            line = Int32(truncatingIfNeeded: raw.line); column = Int32(truncatingIfNeeded: raw.column)
            let f = raw.segments.first ?? (0, 1, 1)
            first = (Int32(truncatingIfNeeded: f.0), Int32(truncatingIfNeeded: f.1), Int32(truncatingIfNeeded: f.2))
            more = raw.segments.count > 1 ? Array(raw.segments.dropFirst()) : []
        }
        /// (line, column) of a utf8 offset in the arguments.
        func position(_ off: Int) -> (Int, Int) {
            var seg = (Int(first.0), Int(first.1), Int(first.2))
            for s in more { if s.0 <= off { seg = s } else { break } }
            return (seg.1, seg.2 + off - seg.0)
        }
    }

    /// The pass over the instructions the splitter hands out, one at a time (each let go once its instruction is
    /// made: on a 16 MiB file the raw instructions would be 35 MB).
    mutating func build(_ splitter: inout DockerfileParser.RawSplitter) -> DockerfileModel {
        var instructions: [Instruction] = []
        var stages: [Stage] = []
        var globalArgs = DockerfileParser.automaticArgs
        var stageVars: [String: String] = [:]   // ARGs in scope in the current stage
        var current: Stage? = nil
        var stageStart = 0
        // instructions whose shell script is parsed (on other threads, while this pass goes on), by index
        var scripted: [Int32] = []
        let pipeline = ScriptPipeline(sideBySide: scriptsSideBySide, queue: scriptQueue)

        func closeStage(_ end: Int) {
            if var s = current {
                s.instructionRange = stageStart..<end
                stages.append(s)
            }
        }

        // the splitter's errors (unterminated heredocs) come before the pass's, as when the whole file was split first
        let splitErrorsAt = errors.count
        var noInstructions = true
        while let raw = splitter.next() {
            noInstructions = false
            guard raw.keyword == "RUN" || DockerfileParser.instructions.contains(raw.keyword) else {
                error(raw.line, "unknown instruction '\(raw.original.prefix { $0 != " " && $0 != "\t" })' (instructions are FROM, RUN, COPY, ADD, ENV, ARG, USER, WORKDIR, …)")
                continue
            }
            var ins = makeInstruction(raw)
            if ins.keyword != "FROM" && ins.keyword != "ARG" && current == nil {
                error(raw.line, "\(ins.keyword) before the first FROM: only ARG may come before FROM")
            }
            // the variables in scope, made only for the instructions that expand them (not RUN: a large file's RUNs
            // would each copy them)
            let expander: Expander
            if raw.keyword == "RUN" {
                expander = Expander(variables: [:], escape: escape)
            } else {
                var vars = globalArgs
                if current != nil {
                    vars = stageVars
                    for (k, v) in current!.env { vars[k] = v }
                }
                expander = Expander(variables: vars, escape: escape)
            }
            if ins.keyword != "RUN" && ins.keyword != "FROM" && DockerfileParser.expanded.contains(ins.keyword) {
                ins.args = expander.expand(ins.rawArgs).text
                ins.flags = ins.flags.map { Flag(name: $0.name, value: $0.value.map { expander.expand($0).text }) }
            }
            switch ins.keyword {
            case "FROM":
                closeStage(instructions.count)
                stageStart = instructions.count
                let ex = Expander(variables: globalArgs, escape: escape)
                let r = ex.expand(ins.rawArgs)
                ins.args = r.text
                ins.flags = ins.flags.map { Flag(name: $0.name, value: $0.value.map { ex.expand($0).text }) }
                let w = ShellWords.split(ins.args)
                let rw = Builder.plainWords(ins.rawArgs)
                if !(rw.count == 1 || (rw.count == 3 && rw[1].lowercased() == "as")) {
                    error(raw.line, "FROM takes an image and optionally 'AS name' (got \(rw.count) argument\(rw.count == 1 ? "" : "s"))")
                }
                let base = w.first ?? ""
                let rawWords = ShellWords.split(ins.rawArgs)
                let name = rw.count >= 3 && rw[1].lowercased() == "as" ? (w.count >= 3 ? w[2] : String(rw[2])).lowercased() : nil
                let parent = stages.lastIndex { $0.name != nil && $0.name == base.lowercased() }
                let index = stages.count
                ins.stageIndex = index
                let parentStage = parent.map { stages[$0] }
                let windows = parentStage?.windows ?? DockerfileParser.isWindowsBase(base)
                let shell = parentStage?.shell ?? (windows ? ["cmd", "/S", "/C"] : ["/bin/sh", "-c"])
                current = Stage(index: index, name: name, base: base, rawBase: rawWords.first ?? base,
                                unresolvedBaseVariables: r.unresolved.filter { DockerfileParser.automaticArgs[$0] == nil },
                                platform: ins.flag("platform")?.value, parentStage: parent, fromLine: raw.line,
                                instructionRange: instructions.count..<instructions.count,
                                user: parentStage?.user, userLine: parentStage?.userLine, env: parentStage?.env ?? [:],
                                shell: shell, posixShell: parentStage?.posixShell ?? (!windows && escape != "`"), windows: windows)
                stageVars = [:]
            case "ARG":
                for decl in ShellWords.split(ins.rawArgs) {
                    let parts = decl.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    let name = String(parts[0])
                    guard !name.isEmpty else { continue }
                    let def = parts.count > 1 ? expander.expand(String(parts[1])).text : nil
                    if current == nil {
                        globalArgs[name] = buildArgs[name] ?? def ?? globalArgs[name]
                        if globalArgs[name] == nil { globalArgs.removeValue(forKey: name) }
                    } else {
                        let v = buildArgs[name] ?? def ?? globalArgs[name]
                        stageVars[name] = v
                        if v == nil { stageVars.removeValue(forKey: name) }
                    }
                }
            case "ENV":
                // Names and structure come from the text as written; each value is expanded on its own.
                let pairs = envPairs(ins.rawArgs)
                if pairs.isEmpty || pairs.contains(where: { $0.0.isEmpty }) {
                    error(raw.line, "ENV needs a name and a value: ENV NAME=value")
                }
                for (k, v) in pairs where !k.isEmpty {
                    current?.env[k] = ShellWords.split(expander.expand(v).text).joined(separator: " ")
                }
            case "USER":
                if ins.rawArgs.trimmingSpaces.isEmpty { error(raw.line, "USER needs a user name or id") }
                let expandedUser = ins.args.trimmingSpaces
                current?.user = expandedUser.isEmpty ? ins.rawArgs.trimmingSpaces : expandedUser
                current?.userLine = raw.line
            case "SHELL":
                if let shell = ins.execForm, !shell.isEmpty {
                    current?.shell = shell
                    current?.posixShell = DockerfileParser.isPOSIXShell(shell)
                } else {
                    error(raw.line, "SHELL must be written in JSON form, e.g. SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]")
                }
            case "COPY", "ADD":
                if Builder.plainWords(ins.rawArgs).count < 2 && ins.heredocs.isEmpty && ins.execForm.map({ $0.count < 2 }) ?? true {
                    error(raw.line, "\(ins.keyword) needs at least a source and a destination")
                }
            case "WORKDIR":
                if ins.rawArgs.trimmingSpaces.isEmpty { error(raw.line, "WORKDIR needs a path") }
            case "ONBUILD":
                if let t = ins.trigger?.value.keyword, ["ONBUILD", "FROM", "MAINTAINER"].contains(t) {
                    error(raw.line, "\(t) is not allowed as an ONBUILD trigger")
                }
            default: break
            }
            ins.stageIndex = current?.index
            ins.posixShell = current?.posixShell ?? true
            if ins.keyword == "RUN" || ((ins.keyword == "CMD" || ins.keyword == "ENTRYPOINT") && ins.execForm == nil) {
                scripted.append(Int32(instructions.count))
                pipeline.add(ins, ScriptSource(raw))
            }
            instructions.append(ins)
        }
        errors.insert(contentsOf: splitter.errors, at: splitErrorsAt)
        comments += splitter.comments
        for (k, script) in pipeline.finish().enumerated() { instructions[Int(scripted[k])].script = script }
        closeStage(instructions.count)
        if stages.isEmpty && errors.isEmpty {
            error(1, noInstructions ? "the file has no instructions" : "the file has no FROM instruction, so there is no stage to build")
        }
        // Stage user/env are tracked on `current` while building, copy back final values.
        var model = DockerfileModel(path: path, lines: lines, directives: directives, escape: escape, instructions: instructions,
                                    stages: stages, comments: comments, errors: errors, buildArgs: buildArgs)
        model.ignores = InlineIgnores.of(model)
        return model
    }

    mutating func makeInstruction(_ raw: DockerfileParser.RawInstruction) -> Instruction {
        // Only instructions that take flags have them parsed (CMD --help is an argument, not a flag).
        let allowed = DockerfileParser.allowedFlags[raw.keyword] ?? []
        let (flags, rest) = allowed.isEmpty || !raw.args.hasPrefix("--") ? ([], raw.args) : DockerfileParser.splitFlags(raw.args)
        for f in flags where !allowed.contains(f.name) {
            error(raw.line, "unknown flag --\(f.name) for \(raw.keyword)" + (allowed.isEmpty ? "" : " (it takes \(allowed.sorted().map { "--" + $0 }.joined(separator: ", ")))"))
        }
        var exec: [String]? = nil
        if rest.utf8.first == UInt8(ascii: "["), ["RUN", "CMD", "ENTRYPOINT", "COPY", "ADD", "SHELL", "VOLUME"].contains(raw.keyword) {
            exec = DockerfileParser.jsonArray(rest)
        }
        var ins = Instruction(keyword: raw.keyword, line: raw.line, endLine: raw.endLine, column: raw.column, original: raw.original,
                              flags: flags, rawArgs: rest, args: rest, execForm: exec, heredocs: raw.heredocs)
        if raw.keyword == "ONBUILD" {
            let kwEnd = rest.firstIndex { $0 == " " || $0 == "\t" } ?? rest.endIndex
            let kw = String(rest[..<kwEnd]).uppercased()
            let tArgs = String(rest[kwEnd...]).trimmingSpaces
            if kw.isEmpty { error(raw.line, "ONBUILD needs an instruction to trigger") }
            else if !DockerfileParser.instructions.contains(kw) { error(raw.line, "unknown instruction '\(kw)' in ONBUILD") }
            else {
                var inner = DockerfileParser.RawInstruction(keyword: kw, line: raw.line, endLine: raw.endLine, column: raw.column,
                                                            original: rest, args: tArgs, segments: [(0, raw.line, raw.column)], heredocs: raw.heredocs)
                inner.heredocs = raw.heredocs
                var t = makeInstruction(inner)
                if kw == "RUN" { t.script = Builder.script(for: t, source: ScriptSource(inner)) }
                ins.trigger = IndirectInstruction(t)
            }
        }
        return ins
    }

    /// Words split on blanks only (no quote or escape processing), for counting arguments as written.
    static func plainWords(_ s: String) -> [Substring] { s.split(whereSeparator: { $0 == " " || $0 == "\t" }) }

    /// `ENV a=b c="d e"` or the legacy `ENV a b c`, with values as written (quotes kept for the expander).
    func envPairs(_ args: String) -> [(String, String)] {
        let words = RawWords.split(args)
        guard let first = words.first else { return [] }
        if first.contains("=") {
            return words.map { w in
                let kv = w.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
            }
        }
        // legacy form: the first word is the name, the rest of the line is the value
        let trimmed = args.trimmingSpaces
        let nameEnd = trimmed.firstIndex { $0 == " " || $0 == "\t" } ?? trimmed.endIndex
        let value = trimmed[nameEnd...].trimmingSpaces
        if value.isEmpty { return [] }
        return [(first, value)]
    }

    static func script(for ins: Instruction, source raw: ScriptSource, interner: ArgumentInterner? = nil) -> ShellScript? {
        var commands: [ShellCommand] = []
        var incomplete = false
        if let exec = ins.execForm {
            let text = exec.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            let line = Int(raw.line), col = Int(raw.column)
            let s = ShellParser.parse(text, interner: interner, lineMap: { _ in (line, col) })
            commands = s.commands
        } else {
            let s = ShellParser.parse(bytes: ins.rawArgsUTF8, interner: interner, lineMap: { off in raw.position(off) })
            commands = s.commands
            incomplete = s.incomplete
            // Heredoc bodies that the shell runs as scripts.
            if !ins.heredocs.isEmpty {
                let onlyHeredoc = commands.isEmpty
                let shellReadsStdin = commands.count == 1 && ShellParser.shells.contains(commands[0].name)
                    && !commands[0].args.contains { $0.text == "-c" }
                let listBase = (commands.map(\.list).max() ?? 0) + 1
                for (n, h) in ins.heredocs.enumerated() where (onlyHeredoc && n == 0) || shellReadsStdin {
                    if let shebang = h.body.split(separator: "\n", maxSplits: 1).first, shebang.hasPrefix("#!") {
                        let interp = shebang.dropFirst(2).split(separator: " ").map(String.init)
                        let prog = (interp.first.map { ShellParser.basename($0) } == "env" ? interp.dropFirst().first : interp.first) ?? ""
                        if !ShellParser.shells.contains(ShellParser.basename(prog)) { continue }
                    }
                    let bodyLine = h.bodyLine
                    let bodyBytes = Array(h.body.utf8)
                    var newlines: [Int] = []
                    for (k, b) in bodyBytes.enumerated() where b == UInt8(ascii: "\n") { newlines.append(k) }
                    let nl = newlines
                    var body = ShellParser.parse(h.body, interner: interner, lineMap: { off in
                        var lo = 0, hi = nl.count
                        while lo < hi { let mid = (lo + hi) / 2; if nl[mid] < off { lo = mid + 1 } else { hi = mid } }
                        let lineStart = lo == 0 ? 0 : nl[lo - 1] + 1
                        return (bodyLine + lo, off - lineStart + 1)
                    })
                    for k in body.commands.indices { body.commands[k].list += listBase; body.commands[k].pipeline += listBase * 1000 }
                    commands.append(contentsOf: body.commands)
                    incomplete = incomplete || body.incomplete
                }
            }
        }
        return ShellScript(commands: commands, incomplete: incomplete)
    }
}

/// Parses the shell scripts of RUN (and shell-form CMD/ENTRYPOINT) instructions while the builder's pass goes
/// on: each depends on its own instruction only, so they are handed to other threads 512 at a time as the pass
/// makes them, and `finish` collects them (parsing itself what no worker takes). A small file (one batch) is
/// parsed on the caller's thread.
final class ScriptPipeline: @unchecked Sendable {
    static let batchSize = 512
    /// One batch: its instructions until they are parsed, then its scripts (the instructions are let go first,
    /// so that setting a script on an instruction does not copy the instruction's shared box). Whoever comes
    /// first parses it: a worker thread, or the caller of `finish`.
    final class Batch: @unchecked Sendable {
        var jobs: [(Instruction, Builder.ScriptSource)] = []
        var scripts: [ShellScript?] = []
        let taken = Atomic<Bool>(false)
        /// Parses the batch unless another thread has taken it; true when this call parsed it.
        @discardableResult func runUnlessTaken() -> Bool {
            guard taken.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return false }
            let interner = ArgumentInterner()
            scripts = jobs.map { Builder.script(for: $0.0, source: $0.1, interner: interner) }
            jobs = []
            return true
        }
    }
    private var batches: [Batch] = []
    private var current = Batch()
    /// Signalled once per batch parsed, by whoever parsed it.
    private let done = DispatchSemaphore(value: 0)
    private let sideBySide: Bool
    private let queue: DispatchQueue
    init(sideBySide: Bool = true, queue: DispatchQueue = .global()) { self.sideBySide = sideBySide; self.queue = queue }

    func add(_ ins: Instruction, _ source: Builder.ScriptSource) {
        current.jobs.append((ins, source))
        if sideBySide && current.jobs.count == ScriptPipeline.batchSize { submit() }
    }

    private func submit() {
        let b = current
        batches.append(b)
        current = Batch()
        queue.async { [done] in if b.runUnlessTaken() { done.signal() } }
    }

    /// Every script, in the order added. The caller waits while the workers take batches; if none is taken for
    /// a while (the thread pool is busy elsewhere, for instance with other files' parses, or blocked), the caller
    /// parses every batch not yet taken itself, so a parse never depends on the pool to finish.
    func finish() -> [ShellScript?] {
        if batches.isEmpty { current.runUnlessTaken(); return current.scripts }
        if !current.jobs.isEmpty { submit() }
        func takenCount() -> Int { batches.reduce(0) { $0 + ($1.taken.load(ordering: .acquiring) ? 1 : 0) } }
        var taken = takenCount(), parsed = 0
        while parsed < batches.count {
            if done.wait(timeout: .now() + .milliseconds(20)) == .success { parsed += 1; continue }
            let now = takenCount()
            if now == taken { for b in batches where b.runUnlessTaken() { parsed += 1 } }
            taken = now
        }
        var out: [ShellScript?] = []
        out.reserveCapacity(batches.count * ScriptPipeline.batchSize)
        for b in batches { out.append(contentsOf: b.scripts); b.scripts = [] }
        batches = []
        return out
    }
}

/// Splits on unquoted blanks but keeps quotes and escapes in each word (for later expansion).
enum RawWords {
    static func split(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quote: Character? = nil
        var escaped = false
        for ch in s {
            if escaped { cur.append(ch); escaped = false; continue }
            if ch == "\\" && quote != "'" { cur.append(ch); escaped = true; continue }
            if let q = quote { cur.append(ch); if ch == q { quote = nil }; continue }
            if ch == "\"" || ch == "'" { quote = ch; cur.append(ch); continue }
            if ch == " " || ch == "\t" { if !cur.isEmpty { out.append(cur); cur = "" }; continue }
            cur.append(ch)
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }
}
