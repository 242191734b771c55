import Synchronization
/// A word of a shell command: its value with quotes removed, and whether any part was quoted.
public struct ShellWord: Sendable, Hashable {
    public var text: String
    public var quoted: Bool
    /// True when the word contains a parameter expansion or command substitution.
    public var dynamic: Bool
    public init(text: String, quoted: Bool = false, dynamic: Bool = false) {
        self.text = text; self.quoted = quoted; self.dynamic = dynamic
    }
}

/// How a command is joined to the one before it.
public enum Connector: String, Sendable {
    case start, and = "&&", or = "||", pipe = "|", sequence = ";", background = "&"
}

/// One simple command, with prefixes (`sudo`, `env`, `VAR=x`) peeled off. Its fields live in a shared,
/// copy-on-write box, so passing commands around (rules do, by the thousand) copies one reference.
public struct ShellCommand: Sendable {
    final class Storage: @unchecked Sendable {
        var args: [ShellWord]
        /// Prefixes, assignments, redirects and argument positions: most commands have none, so they live in
        /// a second box made only when one is set (a 16 MiB Dockerfile has 517,000 commands).
        var extras: Extras?
        // small fields together, so the box stays at 56 bytes (a 64-byte block)
        var pipeline: Int32
        var list: Int32
        var line: Int32
        var column: Int32
        /// What a rule worked out about the arguments once, for every rule after it (`ruleCache`).
        let cache = Atomic<UInt32>(0)
        /// Kept up to 32,767 (a pipeline longer than that keeps its order up to there).
        var position16: Int16
        /// Kept up to 255 (nesting deeper than any real script).
        var depth8: UInt8
        /// Bits 0–2: the connector; bit 3: inSubstitution.
        var packed: UInt8
        var pipelinePosition: Int32 {
            get { Int32(position16) }
            set { position16 = Int16(clamping: newValue) }
        }
        var depth: Int32 {
            get { Int32(depth8) }
            set { depth8 = UInt8(clamping: newValue) }
        }
        var connector: Connector {
            get {
                switch packed & 7 {
                case 1: .and
                case 2: .or
                case 3: .pipe
                case 4: .sequence
                case 5: .background
                default: .start
                }
            }
            set {
                let bits: UInt8 = switch newValue {
                case .start: 0
                case .and: 1
                case .or: 2
                case .pipe: 3
                case .sequence: 4
                case .background: 5
                }
                packed = packed & ~7 | bits
            }
        }
        var inSubstitution: Bool {
            get { packed & 8 != 0 }
            set { packed = newValue ? packed | 8 : packed & ~8 }
        }
        init(args: [ShellWord], extras: Extras?, connector: Connector, pipeline: Int32, pipelinePosition: Int32, list: Int32, depth: Int32, inSubstitution: Bool, line: Int32, column: Int32) {
            self.args = args; self.extras = extras; self.pipeline = pipeline; self.list = list; self.line = line; self.column = column
            position16 = Int16(clamping: pipelinePosition); depth8 = UInt8(clamping: depth); packed = 0
            self.connector = connector; self.inSubstitution = inSubstitution
        }
        func copy() -> Storage { Storage(args: args, extras: extras?.copy(), connector: connector, pipeline: pipeline, pipelinePosition: pipelinePosition, list: list, depth: depth, inSubstitution: inSubstitution, line: line, column: column) }
    }
    final class Extras: @unchecked Sendable {
        /// The program as written, where it is not the name itself (`/usr/bin/apt-get`).
        var program: String? = nil
        var prefixes: [String] = []
        var assignments: [(name: String, value: String)] = []
        var redirects: [String] = []
        var argPositions: [(line: Int, column: Int)] = []
        init() {}
        func copy() -> Extras { let e = Extras(); e.program = program; e.prefixes = prefixes; e.assignments = assignments; e.redirects = redirects; e.argPositions = argPositions; return e }
    }
    /// The extras box, made (and unshared) for a write.
    private mutating func extras() -> Extras {
        unique()
        if let e = storage.extras { return e }
        let e = Extras(); storage.extras = e; return e
    }
    private var storage: Storage
    private mutating func unique() { if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() } }

    /// Basename of the program: `apt-get`, `curl`, `sh`. Kept beside the box, not in it: nearly every rule
    /// looks at the name of every command first, and reading it from the array of commands stays in cache.
    public var name: String
    /// The program as written (`/usr/bin/apt-get`). Kept (in the extras box) only where it differs from the name:
    /// most commands are written by name, and the box stays within 64 bytes.
    public var program: String {
        get { storage.extras?.program ?? name }
        set {
            if newValue != name { extras().program = newValue } else if storage.extras?.program != nil { extras().program = nil }
        }
    }
    /// Arguments after the program.
    public var args: [ShellWord] {
        get { storage.args }
        set { unique(); storage.args = newValue; storage.cache.store(0, ordering: .relaxed) }
    }
    /// A number rules may keep with the command: what they worked out from its arguments once (the package
    /// manager's subcommand), read by every rule after. 0 until set; reset when the arguments change. Shared by
    /// the copies of this command, safe to read and set from any thread.
    public var ruleCache: UInt32 { storage.cache.load(ordering: .relaxed) }
    public func setRuleCache(_ value: UInt32) { storage.cache.store(value, ordering: .relaxed) }
    /// Wrappers that were removed: `sudo`, `env`, `nohup`, `time`, …
    public var prefixes: [String] {
        get { storage.extras?.prefixes ?? [] }
        set { if !newValue.isEmpty || storage.extras != nil { extras().prefixes = newValue } }
    }
    /// `VAR=value` assignments before the program (or handed to `env`).
    public var assignments: [(name: String, value: String)] {
        get { storage.extras?.assignments ?? [] }
        set { if !newValue.isEmpty || storage.extras != nil { extras().assignments = newValue } }
    }
    public var connector: Connector {
        get { storage.connector }
        set { unique(); storage.connector = newValue }
    }
    /// Commands in the same pipeline share this number.
    public var pipeline: Int {
        get { Int(storage.pipeline) }
        set { unique(); storage.pipeline = Int32(truncatingIfNeeded: newValue) }
    }
    /// 0-based position in the pipeline.
    public var pipelinePosition: Int {
        get { Int(storage.pipelinePosition) }
        set { unique(); storage.pipelinePosition = Int32(truncatingIfNeeded: newValue) }
    }
    /// Commands joined by `&&`/`||`/`|` share this number; `;`, `&` and newlines start a new list.
    public var list: Int {
        get { Int(storage.list) }
        set { unique(); storage.list = Int32(truncatingIfNeeded: newValue) }
    }
    /// Nesting: 0 at top level, more inside `( )`, `$( )`, `sh -c '…'`.
    public var depth: Int {
        get { Int(storage.depth) }
        set { unique(); storage.depth = Int32(truncatingIfNeeded: newValue) }
    }
    /// Set for commands found inside `$( )` or backticks.
    public var inSubstitution: Bool {
        get { storage.inSubstitution }
        set { unique(); storage.inSubstitution = newValue }
    }
    /// Redirection targets (`> file`).
    public var redirects: [String] {
        get { storage.extras?.redirects ?? [] }
        set { if !newValue.isEmpty || storage.extras != nil { extras().redirects = newValue } }
    }
    /// Absolute 1-based line in the Dockerfile.
    public var line: Int {
        get { Int(storage.line) }
        set { unique(); storage.line = Int32(truncatingIfNeeded: newValue) }
    }
    /// 1-based column of the program on that line (1 when unknown).
    public var column: Int {
        get { Int(storage.column) }
        set { unique(); storage.column = Int32(truncatingIfNeeded: newValue) }
    }
    /// (line, column) of each argument, parallel to `args` (empty when unknown).
    public var argPositions: [(line: Int, column: Int)] {
        get { storage.extras?.argPositions ?? [] }
        set { if !newValue.isEmpty || storage.extras != nil { extras().argPositions = newValue } }
    }

    public init(name: String, program: String, args: [ShellWord], prefixes: [String], assignments: [(name: String, value: String)],
                connector: Connector, pipeline: Int, pipelinePosition: Int, list: Int, depth: Int, inSubstitution: Bool,
                redirects: [String], line: Int) {
        self.name = name
        var extras: Extras? = nil
        if !prefixes.isEmpty || !assignments.isEmpty || !redirects.isEmpty || program != name {
            let e = Extras(); e.prefixes = prefixes; e.assignments = assignments; e.redirects = redirects
            if program != name { e.program = program }
            extras = e
        }
        storage = Storage(args: args, extras: extras, connector: connector, pipeline: Int32(truncatingIfNeeded: pipeline), pipelinePosition: Int32(truncatingIfNeeded: pipelinePosition), list: Int32(truncatingIfNeeded: list), depth: Int32(truncatingIfNeeded: depth), inSubstitution: inSubstitution, line: Int32(truncatingIfNeeded: line), column: 1)
    }

    public var argStrings: [String] { args.map(\.text) }

    /// True if any argument is exactly one of `flags` (long flags may also be given as `--flag=value`).
    /// Rules ask this of every command, so it builds nothing: a linear look over a few words.
    public func has(_ flags: String...) -> Bool { has(flags) }
    /// One flag: no list is made for it (asked of every command of a large file).
    public func has(_ flag: String) -> Bool { hasAny(CollectionOfOne(flag)) }
    public func has(_ flags: Set<String>) -> Bool { has(Array(flags)) }
    public func has(_ flags: [String]) -> Bool { hasAny(flags) }
    func hasAny<Flags: Collection<String>>(_ flags: Flags) -> Bool {
        let dash = UInt8(ascii: "-")
        // bytes compared only where the lengths agree (nearly never): most comparisons are one integer's
        @inline(__always) func same(_ t: Substring.UTF8View, _ f: String) -> Bool { t.count == f.utf8.count && t.elementsEqual(f.utf8) }
        for a in storage.args {
            let t = a.text.utf8
            let n = t.count
            for f in flags where n == f.utf8.count && t.elementsEqual(f.utf8) { return true }
            guard t.first == dash else { continue }
            if t.dropFirst().first == dash {
                // --flag=value
                if let eq = t.firstIndex(of: UInt8(ascii: "=")) {
                    let head = t[..<eq]
                    for f in flags where same(head, f) { return true }
                }
            } else if a.text.count > 2 {
                // bundled short flags: -yq contains -y (letters only; ASCII words are checked as bytes)
                let rest = t.dropFirst()
                let letters = rest.allSatisfy { $0 < 0x80 } ? rest.allSatisfy { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
                                                            : a.text.dropFirst().allSatisfy(\.isLetter)
                guard letters else { continue }
                for f in flags where f.count == 2 && f.hasPrefix("-") && !f.hasPrefix("--") {
                    if a.text.dropFirst().contains(f.last!) { return true }
                }
            }
        }
        return false
    }

    /// The value of an option given as `--opt value`, `--opt=value` or `-o value`.
    public func value(of options: String...) -> String? {
        for (i, a) in args.enumerated() {
            for o in options {
                if a.text == o, i + 1 < args.count { return args[i + 1].text }
                if o.hasPrefix("--"), a.text.hasPrefix(o + "=") { return String(a.text.dropFirst(o.count + 1)) }
            }
        }
        return nil
    }

    /// Positional (non-option) arguments, skipping the values of options listed in `valued`.
    public func positionals(valued: Set<String> = []) -> [ShellWord] { Array(positionalWords(valued: valued)) }

    /// The positional words one by one, without building the list; `from` and `endOfOptions` resume a walk that
    /// stopped at argument `from` (after `--` when `endOfOptions`).
    @inlinable public func positionalWords(valued: Set<String> = [], from: Int = 0, endOfOptions: Bool = false) -> PositionalWords {
        var w = PositionalWords(args: args, valued: valued)
        w.i = min(max(from, 0), args.count); w.endOfOptions = endOfOptions
        return w
    }

    /// The first positional argument (the subcommand of apt-get, pip, npm, …).
    public func subcommand(valued: Set<String> = []) -> String? { var w = positionalWords(valued: valued); return w.next()?.text }
}

/// A command's positional words: options (and the values of the `valued` options) skipped, everything
/// after `--` positional. A value: each iteration starts from the first argument.
/// Inlinable: rules walk the words of every command from another module, and a call per word costs more than
/// the walk.
public struct PositionalWords: Sequence, IteratorProtocol {
    @usableFromInline let args: [ShellWord]
    @usableFromInline let valued: Set<String>
    @usableFromInline var i = 0, skip = false, endOfOptions = false
    @inlinable init(args: [ShellWord], valued: Set<String>) { self.args = args; self.valued = valued }
    /// The index in the arguments after the word `next()` returned last.
    @inlinable public var position: Int { i }
    /// Whether `--` has been passed (everything after it is positional).
    @inlinable public var pastEndOfOptions: Bool { endOfOptions }

    @inlinable public mutating func next() -> ShellWord? {
        while i < args.count {
            let a = args[i]
            i += 1
            if skip { skip = false; continue }
            let t = a.text
            if endOfOptions || !t.hasPrefix("-") || t == "-" { return a }
            if t == "--" { endOfOptions = true } else if valued.contains(t) { skip = true }
        }
        return nil
    }
}

/// The commands of a RUN instruction (or of a heredoc script), in order.
public struct ShellScript: Sendable {
    public var commands: [ShellCommand]
    /// True if the text could not be split cleanly (unbalanced quotes); rules should be cautious.
    public var incomplete: Bool
    public init(commands: [ShellCommand], incomplete: Bool = false) { self.commands = commands; self.incomplete = incomplete }
    public static let empty = ShellScript(commands: [])

    public func commands(named names: String...) -> [ShellCommand] {
        let set = Set(names)
        return commands.filter { set.contains($0.name) }
    }
    public func contains(_ name: String) -> Bool { commands.contains { $0.name == name } }
}
