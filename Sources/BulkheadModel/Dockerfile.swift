import BulkheadCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed Dockerfile: instructions in order, grouped into stages, with parser directives,
/// comments (for pragmas) and the errors met while reading it.
public struct DockerfileModel: Sendable {
    public var path: String
    public var lines: [String]
    public var directives: [Directive]
    public var escape: Character
    public var instructions: [Instruction]
    public var stages: [Stage]
    public var comments: [Comment]
    public var errors: [InputError]
    /// Variables given with `--build-arg`.
    public var buildArgs: [String: String]
    /// Inline ignores (`# bulkhead ignore=…`, hadolint pragmas, `# check=skip=…`), as the parser found them.
    public var ignores: [InlineIgnore] = []
    /// Set when this Dockerfile was rebuilt from an image's history rather than read from a file.
    public var rebuiltFrom: RebuiltHistory?
    /// The build context, when it is at hand (`scan`, `dockerfile --context DIR`): what `COPY .` would bring in.
    public var buildContext: BuildContext?

    public init(path: String, lines: [String], directives: [Directive], escape: Character, instructions: [Instruction],
                stages: [Stage], comments: [Comment], errors: [InputError], buildArgs: [String: String]) {
        self.path = path; self.lines = lines; self.directives = directives; self.escape = escape
        self.instructions = instructions; self.stages = stages; self.comments = comments
        self.errors = errors; self.buildArgs = buildArgs
    }

    public var finalStage: Stage? { stages.last }

    /// Instructions before the first FROM (global ARGs).
    public var globalInstructions: [Instruction] { instructions.filter { $0.stageIndex == nil } }

    public func instructions(in stage: Stage) -> ArraySlice<Instruction> { instructions[stage.instructionRange] }

    /// The stage and its ancestors reached through `FROM <stage>`, nearest first.
    public func lineage(of stage: Stage) -> [Stage] {
        var out: [Stage] = [stage]
        var cur = stage
        while let p = cur.parentStage, p < cur.index, out.count <= stages.count {
            out.append(stages[p]); cur = stages[p]
        }
        return out
    }

    /// Indices of the stages whose filesystem ends up in the final image: the final stage and its
    /// `FROM <stage>` ancestors. (`COPY --from` copies chosen files only, so it does not count.)
    public var finalImageStages: Set<Int> {
        guard let f = finalStage else { return [] }
        return Set(lineage(of: f).map(\.index))
    }

    public func stage(named name: String) -> Stage? {
        let n = name.lowercased()
        return stages.first { $0.name == n }
    }
}

public struct Directive: Sendable, Hashable {
    public var name: String
    public var value: String
    public var line: Int
    public init(name: String, value: String, line: Int) { self.name = name; self.value = value; self.line = line }
}

public struct Comment: Sendable, Hashable {
    public var line: Int
    /// The text after `#`, trimmed.
    public var text: String
    public init(line: Int, text: String) { self.line = line; self.text = text }
}

public struct Flag: Sendable, Hashable {
    public var name: String
    public var value: String?
    public init(name: String, value: String?) { self.name = name; self.value = value }
}

public struct Heredoc: Sendable, Hashable {
    public var delimiter: String
    public var body: String
    /// Quoted delimiters (`<<"EOF"`) turn off expansion in the body.
    public var quoted: Bool
    /// `<<-` strips leading tabs.
    public var stripTabs: Bool
    /// Line of the first body line (1-based).
    public var bodyLine: Int
    public init(delimiter: String, body: String, quoted: Bool, stripTabs: Bool, bodyLine: Int) {
        self.delimiter = delimiter; self.body = body; self.quoted = quoted; self.stripTabs = stripTabs; self.bodyLine = bodyLine
    }
}

/// A `RUN --mount=...` specification.
public struct Mount: Sendable, Hashable {
    public var type: String
    public var options: [String: String]
    public var target: String? { options["target"] ?? options["dst"] ?? options["destination"] }
    public init(type: String, options: [String: String]) { self.type = type; self.options = options }

    public static func parse(_ spec: String) -> Mount {
        var opts: [String: String] = [:]
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1)
            let k = kv[0].trimmingSpaces.lowercased()
            opts[k] = kv.count > 1 ? String(kv[1]).trimmingSpaces.trimmingQuotes : "true"
        }
        return Mount(type: (opts["type"] ?? "bind").lowercased(), options: opts)
    }
}

/// One logical Dockerfile instruction.
/// One instruction. Its fields live in a shared, copy-on-write box: rules pass instructions around by the
/// thousand (with each shell command of a large RUN), and a copy is then one reference, not a dozen.
public struct Instruction: Sendable {
    /// The box: 72 bytes (a 16 MiB Dockerfile has 172,000 of them). What few instructions have (flags, a JSON form,
    /// heredocs, an ONBUILD trigger, arguments that are not the end of `original`) is in a second box, `Rare`.
    final class Storage: @unchecked Sendable {
        var line: Int32
        var endLine: Int32
        var column: Int32
        /// The arguments as written are the last `rawArgsSuffix` bytes of `original`, unless `rare.rawArgsText` is set.
        var rawArgsSuffix: Int32
        /// -1 for none.
        var stage: Int32
        /// Bit 0: posixShell; bit 1: a script is set; bit 2: the script is incomplete.
        var bits: UInt8
        var original: String
        var rare: RareBox?
        var commands: [ShellCommand]
        init(line: Int, endLine: Int, column: Int, original: String, flags: [Flag], rawArgs: String, args: String, execForm: [String]?, heredocs: [Heredoc], stageIndex: Int?, trigger: IndirectInstruction?, script: ShellScript?, posixShell: Bool) {
            self.line = Int32(clamping: line); self.endLine = Int32(clamping: endLine); self.column = Int32(clamping: column)
            self.original = original
            self.stage = stageIndex.map { Int32(clamping: $0) } ?? -1
            bits = 0; commands = []; rare = nil
            let n = rawArgs.utf8.count
            // compared as bytes in place (the generic walk over two views took a tenth of a large file's parse)
            var o = original, r = rawArgs
            let suffix = n < Int(Int32.max) && o.utf8.count >= n
                && o.withUTF8 { ob in r.withUTF8 { rb in n == 0 || memcmp(ob.baseAddress! + (ob.count - n), rb.baseAddress!, n) == 0 } }
            rawArgsSuffix = suffix ? Int32(n) : 0
            if !suffix || args != rawArgs || !flags.isEmpty || execForm != nil || !heredocs.isEmpty || trigger != nil {
                let r = RareBox()
                if !suffix { r.rawArgsText = rawArgs }
                if args != rawArgs { r.argsText = args }
                r.flags = flags; r.execForm = execForm; r.heredocs = heredocs; r.trigger = trigger
                rare = r
            }
            self.posixShell = posixShell
            self.script = script
        }
        init(copying o: Storage) {
            line = o.line; endLine = o.endLine; column = o.column; rawArgsSuffix = o.rawArgsSuffix; stage = o.stage; bits = o.bits
            original = o.original; rare = o.rare?.copy(); commands = o.commands
        }
        func copy() -> Storage { Storage(copying: self) }
        var rawArgs: String { rare?.rawArgsText ?? String(decoding: original.utf8.suffix(Int(rawArgsSuffix)), as: UTF8.self) }
        var posixShell: Bool {
            get { bits & 1 != 0 }
            set { bits = newValue ? bits | 1 : bits & ~1 }
        }
        var script: ShellScript? {
            get { bits & 2 != 0 ? ShellScript(commands: commands, incomplete: bits & 4 != 0) : nil }
            set {
                commands = newValue?.commands ?? []
                bits = (bits & 1) | (newValue != nil ? 2 : 0) | (newValue?.incomplete == true ? 4 : 0)
            }
        }
        /// The rare fields' box, made (this storage's own: copies copy it) for a write.
        func rareForWrite() -> RareBox {
            if let r = rare { return r }
            let r = RareBox(); rare = r; return r
        }
    }
    /// What few instructions have.
    final class RareBox: @unchecked Sendable {
        var flags: [Flag] = []
        /// The arguments as written, where they are not the end of `original`.
        var rawArgsText: String? = nil
        /// The expanded arguments, where they differ from the written ones.
        var argsText: String? = nil
        var execForm: [String]? = nil
        var heredocs: [Heredoc] = []
        var trigger: IndirectInstruction? = nil
        init() {}
        func copy() -> RareBox {
            let r = RareBox(); r.flags = flags; r.rawArgsText = rawArgsText; r.argsText = argsText; r.execForm = execForm
            r.heredocs = heredocs; r.trigger = trigger; return r
        }
    }
    private var storage: Storage
    private mutating func unique() { if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() } }

    /// Upper-cased keyword: FROM, RUN, COPY, … Kept beside the box, not in it: rules look at every
    /// instruction's keyword first, and reading it from the array of instructions stays in cache.
    public var keyword: String
    public var line: Int {
        get { Int(storage.line) }
        set { unique(); storage.line = Int32(clamping: newValue) }
    }
    public var endLine: Int {
        get { Int(storage.endLine) }
        set { unique(); storage.endLine = Int32(clamping: newValue) }
    }
    /// 1-based column of the keyword on its first line.
    public var column: Int {
        get { Int(storage.column) }
        set { unique(); storage.column = Int32(clamping: newValue) }
    }
    /// The logical line as written (continuations joined), without heredoc bodies.
    public var original: String {
        get { storage.original }
        set {
            unique()
            // arguments read from the end of the old text keep their own copy
            if storage.rare?.rawArgsText == nil { let a = storage.rawArgs; storage.rareForWrite().rawArgsText = a }
            storage.original = newValue
        }
    }
    public var flags: [Flag] {
        get { storage.rare?.flags ?? [] }
        set { unique(); if !newValue.isEmpty || storage.rare != nil { storage.rareForWrite().flags = newValue } }
    }
    /// Arguments after the flags, as written (not expanded).
    public var rawArgs: String {
        get { storage.rawArgs }
        set {
            unique()
            // expanded arguments that were the written ones stay what they were
            if storage.rare?.argsText == nil { let a = storage.rawArgs; storage.rareForWrite().argsText = a }
            storage.rareForWrite().rawArgsText = newValue
        }
    }
    /// The bytes of `rawArgs` (read from the end of `original`: no string is made).
    public var rawArgsUTF8: [UInt8] {
        if let t = storage.rare?.rawArgsText { return Array(t.utf8) }
        return Array(storage.original.utf8.suffix(Int(storage.rawArgsSuffix)))
    }
    /// Arguments after the flags with build variables expanded (for the instructions Docker expands).
    public var args: String {
        get { storage.rare?.argsText ?? storage.rawArgs }
        set {
            unique()
            // expanded arguments that are the written ones are not kept twice
            if storage.rare?.argsText == nil && newValue == storage.rawArgs { return }
            storage.rareForWrite().argsText = newValue
        }
    }
    /// Set for the JSON (exec) form.
    public var execForm: [String]? {
        get { storage.rare?.execForm }
        set { unique(); if newValue != nil || storage.rare != nil { storage.rareForWrite().execForm = newValue } }
    }
    public var heredocs: [Heredoc] {
        get { storage.rare?.heredocs ?? [] }
        set { unique(); if !newValue.isEmpty || storage.rare != nil { storage.rareForWrite().heredocs = newValue } }
    }
    /// Index of the stage, nil for instructions before the first FROM.
    public var stageIndex: Int? {
        get { storage.stage < 0 ? nil : Int(storage.stage) }
        set { unique(); storage.stage = newValue.map { Int32(clamping: $0) } ?? -1 }
    }
    /// For `ONBUILD <instr>`, the trigger instruction.
    public var trigger: IndirectInstruction? {
        get { storage.rare?.trigger }
        set { unique(); if newValue != nil || storage.rare != nil { storage.rareForWrite().trigger = newValue } }
    }
    /// For RUN (and exec-form CMD/ENTRYPOINT run through a shell): the shell commands it runs.
    public var script: ShellScript? {
        get { storage.script }
        set { unique(); storage.script = newValue }
    }
    /// The commands of `script` (empty without one), read from the box: no script is made.
    public var scriptCommands: [ShellCommand] { storage.commands }
    /// `script?.incomplete`, read from the box.
    public var scriptIncomplete: Bool { storage.bits & 4 != 0 }
    /// Whether the stage's shell is a POSIX shell where this instruction runs.
    public var posixShell: Bool {
        get { storage.posixShell }
        set { unique(); storage.posixShell = newValue }
    }

    public init(keyword: String, line: Int, endLine: Int, column: Int = 1, original: String, flags: [Flag] = [], rawArgs: String,
                args: String, execForm: [String]? = nil, heredocs: [Heredoc] = [], stageIndex: Int? = nil,
                trigger: IndirectInstruction? = nil, script: ShellScript? = nil, posixShell: Bool = true) {
        self.keyword = keyword
        storage = Storage(line: line, endLine: endLine, column: column, original: original, flags: flags, rawArgs: rawArgs, args: args, execForm: execForm, heredocs: heredocs, stageIndex: stageIndex, trigger: trigger, script: script, posixShell: posixShell)
    }

    public func flag(_ name: String) -> Flag? { flags.last { $0.name == name } }
    public func flagValues(_ name: String) -> [String] { flags.filter { $0.name == name }.compactMap(\.value) }
    public func hasFlag(_ name: String) -> Bool { flags.contains { $0.name == name } }

    public var mounts: [Mount] { flagValues("mount").map(Mount.parse) }

    /// Whitespace-separated arguments with quotes removed (for FROM, COPY, EXPOSE, USER, …).
    public var words: [String] { execForm ?? ShellWords.split(args) }
}

/// A box so that an instruction can hold its ONBUILD trigger.
public final class IndirectInstruction: Sendable {
    public let value: Instruction
    public init(_ value: Instruction) { self.value = value }
}

/// A build stage: `FROM image [AS name]` and the instructions up to the next FROM.
public struct Stage: Sendable {
    public var index: Int
    /// Lower-cased alias, if any.
    public var name: String?
    /// The base reference after ARG expansion.
    public var base: String
    /// The base reference as written.
    public var rawBase: String
    /// Variables in the base reference that had no value.
    public var unresolvedBaseVariables: [String]
    public var platform: String?
    /// Index of the stage this one is built FROM, if it names an earlier stage.
    public var parentStage: Int?
    public var fromLine: Int
    public var instructionRange: Range<Int>
    /// Effective values at the end of the stage (inherited through `FROM <stage>`).
    public var user: String?
    public var userLine: Int?
    public var env: [String: String]
    public var shell: [String]
    public var posixShell: Bool
    public var windows: Bool

    public init(index: Int, name: String?, base: String, rawBase: String, unresolvedBaseVariables: [String], platform: String?,
                parentStage: Int?, fromLine: Int, instructionRange: Range<Int>, user: String?, userLine: Int?,
                env: [String: String], shell: [String], posixShell: Bool, windows: Bool) {
        self.index = index; self.name = name; self.base = base; self.rawBase = rawBase
        self.unresolvedBaseVariables = unresolvedBaseVariables; self.platform = platform; self.parentStage = parentStage
        self.fromLine = fromLine; self.instructionRange = instructionRange; self.user = user; self.userLine = userLine
        self.env = env; self.shell = shell; self.posixShell = posixShell; self.windows = windows
    }

    /// The name used in messages: the alias, or the stage number.
    public var displayName: String { name ?? "stage \(index)" }
    public var isScratch: Bool { base.lowercased() == "scratch" }
}

/// Splits on unquoted whitespace and removes quotes (used for instruction arguments).
public enum ShellWords {
    public static func split(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var inWord = false
        var quote: Character? = nil
        var escaped = false
        for ch in s {
            if escaped { cur.append(ch); escaped = false; continue }
            if let q = quote {
                if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaped = true } else { cur.append(ch) }
                continue
            }
            switch ch {
            case " ", "\t", "\n", "\r":
                if inWord { out.append(cur); cur = ""; inWord = false }
            case "\"", "'":
                quote = ch; inWord = true
            case "\\":
                escaped = true; inWord = true
            default:
                cur.append(ch); inWord = true
            }
        }
        if inWord { out.append(cur) }
        return out
    }
}

/// A Dockerfile rebuilt from an image's history (`created_by` of each step): findings about it are findings
/// about the image, located at the history step (`history[3]`).
public struct RebuiltHistory: Sendable {
    public var image: Target
    /// For each line of the rebuilt text (0-based), the history step it came from.
    public var step: [Int]
    public init(image: Target, step: [Int]) { self.image = image; self.step = step }
}
