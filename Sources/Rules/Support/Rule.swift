import BulkheadCore
import BulkheadModel
import Synchronization

/// What every rule is, whatever its subject: a value that describes itself (id, severity, controls,
/// rationale, remediation, examples). `RuleCatalog.all` lists every rule type.
public protocol AnyRule: Sendable {
    static var description: RuleDescription { get }
    /// The rule as a typed check over subjects of kind `S`, or nil when it runs over another kind
    /// (from `Rule`; not written by hand).
    static func check<S: RuleSubject>(over subject: S.Type) -> RuleCheck<S>?
}

/// One rule, ready to run over subjects of one kind: no existential boxing or casting per call.
public struct RuleCheck<Subject: RuleSubject>: Sendable {
    public let rule: any AnyRule.Type
    /// Runs the rule, handing each finding to the sink as it is made.
    public let runInto: @Sendable (Subject, FindingSink) -> Void
    /// Runs the rule and returns its findings.
    public func run(_ subject: Subject) -> [Finding] { let s = FindingList(); runInto(subject, s); return s.findings }
}

/// Where a rule hands its findings, one at a time. The engine's sink grades, suppresses and cuts each finding
/// as it arrives, so a rule that fires 170,000 times on a huge Dockerfile never holds them all.
open class FindingSink {
    public init() {}
    open func add(_ finding: Finding) { fatalError("FindingSink.add is overridden") }
    /// A finding whose message is made only if the sink keeps it (a rule firing on every command of a large file
    /// builds 1,000 messages, not 170,000): `finding` has everything else, and its message is replaced.
    open func add(_ finding: Finding, message: () -> String) { var f = finding; f.message = message(); add(f) }
    public final func add<S: Sequence>(contentsOf findings: S) where S.Element == Finding { for f in findings { add(f) } }
}

/// A sink that keeps every finding, in order.
public final class FindingList: FindingSink {
    public private(set) var findings: [Finding] = []
    public override init() {}
    public override func add(_ finding: Finding) { findings.append(finding) }
    /// What `body` hands to the sink, as a list (for rules written against the sink).
    public static func collect(_ body: (FindingSink) -> Void) -> [Finding] { let s = FindingList(); body(s); return s.findings }
}

/// A sink that the engine makes for each rule it runs: after the rule, `finish` returns what is kept.
open class FindingCollector: FindingSink {
    public override init() {}
    open func finish() -> [Finding] { fatalError("FindingCollector.finish is overridden") }
}

/// A pure rule over one subject: a Dockerfile, one container's configuration (and next an image, a package
/// inventory with its advisory matches, a daemon). No file, network or database access: what a rule needs
/// is in its subject. A rule for a new subject is one file: `struct X: Rule { func check(_ s: ImageContext) … }`.
/// A rule that can fire once per command or line of a large input writes `check(_:into:)` instead, handing
/// each finding to the sink as it makes it (`check(_:)` then collects them; each form defaults to the other).
public protocol Rule<Subject>: AnyRule {
    associatedtype Subject: RuleSubject
    init()
    func check(_ subject: Subject) -> [Finding]
    func check(_ subject: Subject, into sink: FindingSink)
}

extension Rule {
    public func check(_ subject: Subject) -> [Finding] { FindingList.collect { check(subject, into: $0) } }
    public func check(_ subject: Subject, into sink: FindingSink) { sink.add(contentsOf: check(subject)) }

    public static func check<S: RuleSubject>(over subject: S.Type) -> RuleCheck<S>? {
        guard S.self == Subject.self else { return nil }
        let typed: @Sendable (Subject, FindingSink) -> Void = { Self().check($0, into: $1) }
        // S is Subject (checked above), so the two function types are the same type
        return RuleCheck(rule: Self.self, runInto: unsafeBitCast(typed, to: (@Sendable (S, FindingSink) -> Void).self))
    }
}

/// What rules of one kind see: a model plus what they need besides it (options, daemon defaults).
public protocol RuleSubject: Sendable {
    /// Every rule over this subject, in catalog order, as typed checks (derived from `RuleCatalog.all` once:
    /// `static let checks = RuleCatalog.checks(over: Self.self)`).
    static var checks: [RuleCheck<Self>] { get }
    /// The input format rule examples are written in, unless an example's options say `format: …`.
    static var exampleFormat: TargetKind { get }
    /// Controls a defense-in-depth scorecard of this subject can show; empty means it gets no scorecard.
    static var scorecardControls: Set<Control> { get }
    /// What a scorecard of this subject is about.
    var target: Target { get }
    /// Runs every rule that applies to this subject (all of `checks` unless the subject says otherwise), each
    /// into its own collector from `collector` (made per rule, and perhaps on several threads at once), and
    /// returns what the collectors kept, in catalog order. The engine grades, suppresses and cuts in its
    /// collector, so a rule that fires 170,000 times on a huge Dockerfile never holds its findings at once.
    func runRules(collector: @escaping @Sendable () -> FindingCollector) -> [Finding]
}

/// The collector that keeps every finding as the rule made it.
final class KeepAll: FindingCollector {
    var findings: [Finding] = []
    override func add(_ finding: Finding) { findings.append(finding) }
    override func finish() -> [Finding] { findings }
}

/// A model that rules run over. Readers make models; the engine turns each into its rule subject.
public protocol Auditable: Sendable {
    associatedtype Subject: RuleSubject
    func subject(_ environment: RuleEnvironment) -> Subject
}

/// Everything besides the model that a rule may read: configured options and the daemon's defaults.
public struct RuleEnvironment: Sendable {
    public var options: RuleOptions
    public var daemon: DaemonDefaults
    /// Today (yyyy-mm-dd, UTC), for rules about age and end of support; examples use a fixed day.
    public var today: String
    public init(options: RuleOptions = RuleOptions(), daemon: DaemonDefaults = DaemonDefaults(), today: String = RuleEnvironment.exampleDay) {
        self.options = options; self.daemon = daemon; self.today = today
    }
    /// The day rule examples are judged on (so they never start failing as time passes).
    public static let exampleDay = "2026-12-01"

    /// The environment an example asks for through its options (`trusted-registries`, `require-digest`,
    /// `allowed-secret-names`, `daemon-no-new-privileges`, `daemon-cgroup-version`).
    public init(exampleOptions o: [String: String]) {
        options = RuleOptions(dictionary: o)
        today = o["today"] ?? RuleEnvironment.exampleDay
        daemon = DaemonDefaults()
        daemon.noNewPrivileges = o["daemon-no-new-privileges"] == "true"
        daemon.cgroupVersion = o["daemon-cgroup-version"].flatMap { Int($0) }
    }
}

extension RuleSubject {
    /// The rules over this kind of subject, in catalog order.
    public static var rules: [any AnyRule.Type] { checks.map(\.rule) }

    /// Runs every rule over this subject.
    public func runRules(collector: @escaping @Sendable () -> FindingCollector) -> [Finding] {
        var out: [Finding] = []
        for c in Self.checks { let k = collector(); c.runInto(self, k); out.append(contentsOf: k.finish()) }
        return out
    }

    /// Every rule's findings, as the rules made them.
    public func runRules() -> [Finding] { runRules { KeepAll() } }
}

extension Auditable {
    /// Runs every rule of this model's subject.
    public func check(_ environment: RuleEnvironment = RuleEnvironment()) -> [Finding] { subject(environment).runRules() }
}

extension DockerfileModel: Auditable {
    public func subject(_ e: RuleEnvironment) -> DockerfileContext { DockerfileContext(file: self, options: e.options) }
}

extension DockerfileContext: RuleSubject {
    public static let checks = RuleCatalog.checks(over: DockerfileContext.self)
    /// The Dockerfile rules that also run on a Dockerfile rebuilt from an image's history: what a build step
    /// did (sudo, `curl | sh`, disabled TLS or signature checks, secrets in build args, caches left behind),
    /// not what only a Dockerfile's text shows (base image tags, instruction style, USER and HEALTHCHECK,
    /// which the image's own configuration answers).
    public static let historyRuleIDs: Set<String> = ["DF003", "DF004", "DF020", "DF022", "DF030", "DF031", "DF032", "DF033",
                                                     "DF040", "DF041", "DF042", "DF043", "DF044", "DF045", "DF047", "DF048",
                                                     "DF049", "DF051", "DF060", "DF081", "DF086", "DF087"]
    static let historyChecks = checks.filter { historyRuleIDs.contains($0.rule.description.id) }

    public func runRules(collector: @escaping @Sendable () -> FindingCollector) -> [Finding] {
        let checks = file.rebuiltFrom == nil ? Self.checks : Self.historyChecks
        // a large file: the rules run side by side (each reads the shared context only); results in catalog order
        guard allInstructions.count >= 2000 else {
            var out: [Finding] = []
            for c in checks { let k = collector(); c.runInto(self, k); out.append(contentsOf: k.finish()) }
            return out
        }
        // what several rules ask is made first (itself side by side): no rule thread then waits for another
        _ = packageInstalls
        // the costliest rules start first, so that none of them is left running alone at the end; the findings
        // are put back in catalog order
        let rank = { (i: Int) in Self.costliest.firstIndex(of: checks[i].rule.description.id) ?? Self.costliest.count }
        let order = checks.indices.sorted { (rank($0), $0) < (rank($1), $1) }
        let made = order.concurrentMap { i in let k = collector(); checks[i].runInto(self, k); return (i, k.finish()) }
        var byRule = [[Finding]](repeating: [], count: checks.count)
        for (i, f) in made { byRule[i] = f }
        return byRule.flatMap { $0 }
    }
    /// The rules that take longest on a large file, longest first (measured on one of 180,000 `apt-get install`
    /// RUNs): each walks every command with more work per command than the rest. Only the order they start in.
    static let costliest: [String] = ["DF091", "DF034", "DF040", "DF032", "DF033", "DF045", "DF022", "DF044", "DF076", "DF030"]
    public static var exampleFormat: TargetKind { .dockerfile }
    public static var scorecardControls: Set<Control> { [] }
}

/// Every command of every POSIX RUN with its instruction, made on demand from the RUNs (a command does
/// not carry a copy of its instruction: a large Dockerfile's memory stays linear in its size).
public struct RunCommands: RandomAccessCollection, Sendable {
    let runs: ShellRuns
    let places: [(run: Int32, command: Int32)]
    init(_ runs: ShellRuns) {
        self.runs = runs
        var p: [(run: Int32, command: Int32)] = []
        p.reserveCapacity(runs.indices.reduce(0) { $0 + runs.instruction(at: $1).scriptCommands.count })
        for i in runs.indices { for j in runs.instruction(at: i).scriptCommands.indices { p.append((Int32(i), Int32(j))) } }
        places = p
    }
    public var startIndex: Int { 0 }
    public var endIndex: Int { places.count }
    public subscript(i: Int) -> (Instruction, ShellCommand) {
        let (r, c) = places[i]
        let ins = runs.instruction(at: Int(r))
        return (ins, ins.scriptCommands[Int(c)])
    }
    /// The instruction of command `i` alone.
    public func instruction(at i: Int) -> Instruction { runs.instruction(at: Int(places[i].run)) }
    /// The command alone (its instruction is not copied out).
    public func command(at i: Int) -> ShellCommand { runs.instruction(at: Int(places[i].run)).scriptCommands[Int(places[i].command)] }

    /// Walks the RUNs and their commands in order, holding the current RUN's list (no look-up of places per
    /// command): a dozen rules walk every command of a large file.
    public struct Iterator: IteratorProtocol {
        let runs: ShellRuns
        var run = -1, command = 0
        var current: Instruction? = nil
        var commands: [ShellCommand] = []
        public mutating func next() -> (Instruction, ShellCommand)? {
            while command >= commands.count {
                run += 1
                guard run < runs.count else { current = nil; commands = []; return nil }
                let ins = runs.instruction(at: run)
                current = ins; commands = ins.scriptCommands; command = 0
            }
            defer { command += 1 }
            return (current!, commands[command])
        }
    }
    public func makeIterator() -> Iterator { Iterator(runs: runs) }

    /// Each command with its instruction, lent to `body` in place, in order. A rule that walks every command of a
    /// large file this way copies neither (the iterator hands out copies: each retains the instruction's and the
    /// command's shared boxes, and with the rules on two threads those counts bounce between the cores).
    public func forEachInPlace(_ body: (borrowing Instruction, borrowing ShellCommand) -> Void) {
        runs.places.withUnsafeBufferPointer { places in
            runs.instructions.withUnsafeBufferPointer { instructions in
                for p in places {
                    let ins = instructions.baseAddress! + Int(p)
                    ins.pointee.scriptCommands.withUnsafeBufferPointer { commands in
                        for c in commands.indices { body(ins.pointee, commands[c]) }
                    }
                }
            }
        }
    }
    /// The index in `runs` (the context's `shellRuns`) of the RUN that holds command `i`.
    public func run(at i: Int) -> Int { Int(places[i].run) }
}

/// Some of `RunCommands`, by their places (each pair made as it is read: a list of 360,000 pairs would be 12 MB).
public struct NamedCommands: RandomAccessCollection, Sendable {
    let commands: RunCommands
    let places: [Int32]
    public var startIndex: Int { 0 }
    public var endIndex: Int { places.count }
    public subscript(i: Int) -> (Instruction, ShellCommand) { commands[Int(places[i])] }
}

/// RUN instructions with their scripts, as places in the context's instruction list: a large file's list of
/// pairs would take 40 bytes a RUN, this takes 4.
public struct ShellRuns: RandomAccessCollection, Sendable {
    let instructions: [Instruction]
    let places: [Int32]
    init(_ instructions: [Instruction], places: [Int32]) { self.instructions = instructions; self.places = places }
    public var startIndex: Int { 0 }
    public var endIndex: Int { places.count }
    /// The RUN and its script (every place holds an instruction with a script).
    public subscript(i: Int) -> (Instruction, ShellScript) {
        let ins = instructions[Int(places[i])]
        return (ins, ShellScript(commands: ins.scriptCommands, incomplete: ins.scriptIncomplete))
    }
    /// The RUN alone.
    public func instruction(at i: Int) -> Instruction { instructions[Int(places[i])] }
    /// The RUNs among these that `keep` keeps, as the same kind of list.
    func keeping(_ keep: (Instruction) -> Bool) -> ShellRuns {
        ShellRuns(instructions, places: places.filter { keep(instructions[Int($0)]) })
    }
}

/// Options that configurable rules read. Built from `.bulkhead.yml` or from an example's options.
public struct RuleOptions: Sendable {
    /// Registries FROM may pull from (glob patterns such as `*.example.com`); empty means any.
    public var trustedRegistries: [String] = []
    /// Require every base image to be pinned by digest (policy, off by default).
    public var requireDigest = false
    /// ARG/ENV names never reported as secrets (exact names, case-insensitive).
    public var allowedSecretNames: Set<String> = []
    /// An image built longer ago than this is reported as stale (`max-image-age-days`).
    public var maxImageAgeDays = 365
    /// Known vulnerabilities without a published fix are not reported (`--ignore-unfixed`, `ignore-unfixed: true`).
    public var ignoreUnfixed = false
    public init() {}

    public init(dictionary d: [String: String]) {
        if let t = d["trusted-registries"] { trustedRegistries = t.split(separator: ",").map { $0.trimmingSpaces } }
        if let r = d["require-digest"] { requireDigest = r == "true" }
        if let a = d["allowed-secret-names"] { allowedSecretNames = Set(a.split(separator: ",").map { $0.trimmingSpaces.uppercased() }) }
        if let m = d["max-image-age-days"].flatMap({ Int($0) }) { maxImageAgeDays = m }
        if let u = d["ignore-unfixed"] { ignoreUnfixed = u == "true" }
    }
}

/// What a Dockerfile rule sees: the model, options, and helpers to make findings.
public struct DockerfileContext: Sendable {
    public let file: DockerfileModel
    public let options: RuleOptions
    public let finalImageStages: Set<Int>

    /// Every instruction, including ONBUILD triggers (which run in images built FROM this one).
    public let allInstructions: [Instruction]
    /// RUN instructions (with ONBUILD RUN triggers) that run under a POSIX shell, with their commands.
    public let shellRuns: ShellRuns
    /// Every command of every POSIX RUN, with its instruction.
    public let runCommands: RunCommands
    /// The POSIX RUNs of the stages that end up in the final image (many rules ask; made once).
    public let finalRuns: ShellRuns
    /// What several rules ask of every command, worked out by the first rule that asks.
    let shared = SharedFacts()

    /// Works out once what many rules ask for (so a large Dockerfile costs time linear in its size).
    public init(file: DockerfileModel, options: RuleOptions = RuleOptions()) {
        self.file = file; self.options = options; self.finalImageStages = file.finalImageStages
        // without ONBUILD triggers or stages left out of the image, the lists are the file's own (shared, not copied)
        var all = file.instructions
        if file.instructions.contains(where: { $0.trigger != nil }) {
            all = []
            all.reserveCapacity(file.instructions.count)
            for ins in file.instructions {
                all.append(ins)
                if var t = ins.trigger?.value {
                    t.stageIndex = ins.stageIndex; t.posixShell = ins.posixShell
                    all.append(t)
                }
            }
        }
        allInstructions = all
        var runs: [Int32] = []
        runs.reserveCapacity(all.reduce(0) { $0 + ($1.keyword == "RUN" ? 1 : 0) })
        for (i, ins) in all.enumerated() where ins.keyword == "RUN" && ins.posixShell && ins.script != nil { runs.append(Int32(i)) }
        let shell = ShellRuns(all, places: runs)
        shellRuns = shell
        runCommands = RunCommands(shell)
        let finalStages = finalImageStages
        finalRuns = shell.indices.allSatisfy { DockerfileContext.inFinalImage(shell.instruction(at: $0), finalStages) } ? shell
            : shell.keeping { DockerfileContext.inFinalImage($0, finalStages) }
    }

    public var target: Target { file.rebuiltFrom?.image ?? Target(kind: .dockerfile, path: file.path) }

    public func finding(_ d: RuleDescription, line: Int, column: Int = 1, endLine: Int? = nil, stage: Stage? = nil,
                        severity: Severity? = nil, _ message: String, evidence: String) -> Finding {
        finding(d, line: line, column: column, endLine: endLine, stageName: stage?.name, severity: severity, message, evidence: evidence)
    }

    /// The same, with the stage's name only (an instruction's finding: the stage itself is not copied out).
    func finding(_ d: RuleDescription, line: Int, column: Int, endLine: Int?, stageName: String?,
                 severity: Severity?, _ message: String, evidence: String) -> Finding {
        if let rebuilt = file.rebuiltFrom {
            // about an image: the place is the history step the line was rebuilt from
            let step = rebuilt.step[min(max(line - 1, 0), rebuilt.step.count - 1)]
            return Finding(ruleID: d.id, severity: severity ?? d.severity, message: message, target: rebuilt.image,
                           location: Location(line: step + 1, column: 1, path: "history[\(step)]"), evidence: evidence)
        }
        var t = target
        t.name = stageName
        return Finding(ruleID: d.id, severity: severity ?? d.severity, message: message, target: t,
                       location: Location(line: line, column: column, endLine: endLine), evidence: evidence)
    }

    public func finding(_ d: RuleDescription, _ ins: Instruction, line: Int? = nil, severity: Severity? = nil,
                        _ message: String, evidence: String? = nil) -> Finding {
        return finding(d, line: line ?? ins.line, column: line == nil || line == ins.line ? ins.column : 1,
                       endLine: line == nil ? ins.endLine : line, stageName: ins.stageIndex.flatMap { file.stages[$0].name },
                       severity: severity, message, evidence: evidence ?? ins.original)
    }

    /// A finding about one shell command: its line, and the column where the command's program starts.
    public func finding(_ d: RuleDescription, _ ins: Instruction, command c: ShellCommand, severity: Severity? = nil,
                        _ message: String, evidence: String? = nil) -> Finding {
        var f = finding(d, ins, line: c.line, severity: severity, message, evidence: evidence)
        f.location.column = c.column
        return f
    }

    public func stage(of ins: Instruction) -> Stage? { ins.stageIndex.map { file.stages[$0] } }

    /// True when the instruction's stage ends up in the final image.
    public func inFinalImage(_ ins: Instruction) -> Bool { DockerfileContext.inFinalImage(ins, finalImageStages) }
    static func inFinalImage(_ ins: Instruction, _ finalStages: Set<Int>) -> Bool { ins.stageIndex.map(finalStages.contains) ?? false }

}

/// A command that installs named packages: where it is in `runCommands`, its manager and the packages.
public struct PackageInstall: Sendable {
    /// The command's index in `runCommands`.
    public let place: Int
    public let manager: PackageManager
    public let command: ShellCommand
    let positions: ArraySlice<UInt32>
    /// The operands naming packages (never empty).
    public var packages: [ShellWord] { let args = command.args; return positions.map { args[Int($0)] } }
    /// The same, read from the command's arguments as they are walked (no list made).
    public var eachPackage: LazyMapCollection<ArraySlice<UInt32>, ShellWord> {
        let args = command.args
        return positions.lazy.map { args[Int($0)] }
    }
}

/// Every command that installs named packages, in `runCommands` order. Kept small (a place, a manager and the
/// operands' indices; no words), since a large Dockerfile has one per RUN.
public struct PackageInstalls: RandomAccessCollection, Sendable {
    let commands: RunCommands
    let list: [(place: Int32, manager: PackageManager, end: Int32)]
    let positions: [UInt32]
    public var startIndex: Int { 0 }
    public var endIndex: Int { list.count }
    public subscript(i: Int) -> PackageInstall {
        let e = list[i]
        let start = i == 0 ? 0 : Int(list[i - 1].end)
        return PackageInstall(place: Int(e.place), manager: e.manager, command: commands.command(at: Int(e.place)),
                              positions: positions[start..<Int(e.end)])
    }
    /// Install `i`'s place in `runCommands` and its manager, without its command (a walk that groups installs
    /// by RUN looks at these first).
    func place(at i: Int) -> Int { Int(list[i].place) }
    func manager(at i: Int) -> PackageManager { list[i].manager }

    init(_ commands: RunCommands) {
        self.commands = commands
        // a part of the commands at a time; a large file's parts side by side, then joined in order
        let part = 8192
        let parts = (commands.count + part - 1) / part
        let made = Array(0..<parts).concurrentMap { k -> (list: [(place: Int32, manager: PackageManager, end: Int32)], positions: [UInt32]) in
            var list: [(place: Int32, manager: PackageManager, end: Int32)] = []
            var positions: [UInt32] = []
            for i in k * part..<Swift.min(commands.count, (k + 1) * part) {
                let c = commands.command(at: i)
                guard let pm = PackageManager.of(c) else { continue }
                let before = positions.count
                pm.packagePositions(c) { positions.append(UInt32($0)) }
                if positions.count > before { list.append((Int32(i), pm, Int32(positions.count))) }
            }
            return (list, positions)
        }
        var list: [(place: Int32, manager: PackageManager, end: Int32)] = []
        var positions: [UInt32] = []
        list.reserveCapacity(made.reduce(0) { $0 + $1.list.count })
        positions.reserveCapacity(made.reduce(0) { $0 + $1.positions.count })
        for m in made {
            let base = Int32(positions.count)
            for e in m.list { list.append((e.place, e.manager, e.end + base)) }
            positions.append(contentsOf: m.positions)
        }
        self.list = list; self.positions = positions
    }
}

/// Facts that several rules ask of every command of a Dockerfile, made once: by the first rule that asks, while
/// the others wait for it (a large file's are made before its rules start side by side, so no rule waits).
final class SharedFacts: Sendable {
    let installs = Mutex<PackageInstalls?>(nil)
    let toolInstalls = Mutex<[ToolPackages.Candidate]?>(nil)
    /// Places in `runCommands` by command name, and by the prefixes (sudo, env, …) the commands were run under.
    let commandsByName = Mutex<(names: [String: [Int32]], prefixes: [String: [Int32]])?>(nil)

    /// What `cell` holds, made by `make` for the first rule that asks (the others asking meanwhile wait for it).
    static func once<T: Sendable>(_ cell: borrowing Mutex<T?>, _ make: () -> T) -> T {
        cell.withLock { made in
            if let made { return made }
            let out = make()
            made = out
            return out
        }
    }
}

extension DockerfileContext {
    /// Every command of `runCommands` that installs named packages, in order (made once; a dozen rules ask).
    public var packageInstalls: PackageInstalls {
        SharedFacts.once(shared.installs) { PackageInstalls(runCommands) }
    }

    /// The commands of `runCommands` with one of these names, or run under one of these prefixes (`sudo`), in
    /// order, by an index made once: a rule that looks for one program (useradd, ln, apt) does not walk every
    /// command of a large file.
    public func runCommands(named names: [String], prefixedBy prefixes: [String] = []) -> NamedCommands {
        let index = SharedFacts.once(shared.commandsByName) {
            var byName: [String: [Int32]] = [:], byPrefix: [String: [Int32]] = [:]
            var k: Int32 = 0
            for r in shellRuns.indices {
                for c in shellRuns.instruction(at: r).scriptCommands {
                    byName[c.name, default: []].append(k)
                    for p in c.prefixes { byPrefix[p, default: []].append(k) }
                    k += 1
                }
            }
            return (byName, byPrefix)
        }
        let places = names.count == 1 && prefixes.isEmpty ? index.names[names[0]] ?? []
            : Set(Set(names).flatMap { index.names[$0] ?? [] } + Set(prefixes).flatMap { index.prefixes[$0] ?? [] }).sorted()
        return NamedCommands(commands: runCommands, places: places)
    }

    /// The OS package installs naming a package that some list of `ToolPackages` has (made once; three rules ask).
    var toolInstalls: [ToolPackages.Candidate] {
        SharedFacts.once(shared.toolInstalls) { ToolPackages.candidates(self) }
    }

    /// One finding per command that `classify` describes (at most one per line and description).
    public func commandFindings(_ d: RuleDescription, classify: (ShellCommand) -> String?, message: (String) -> String) -> [Finding] {
        var out: [Finding] = []
        var seen = Set<String>()
        runCommands.forEachInPlace { ins, c in
            guard let what = classify(c), seen.insert("\(c.line) \(what)").inserted else { return }
            out.append(finding(d, copy ins, command: copy c, message(what), evidence: what))
        }
        return out
    }
}

extension Sequence {
    /// The `compactMap` of a rule that hands each finding to its sink as it is made.
    public func findings(into sink: FindingSink, _ make: (Element) -> Finding?) {
        for e in self { if let f = make(e) { sink.add(f) } }
    }
}
