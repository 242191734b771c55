import BulkheadCore
import BulkheadModel

/// What package-manager commands do, so rules reason about installs rather than substrings.
public enum PackageManager: String, Sendable, CaseIterable {
    case apt = "apt-get", aptCLI = "apt", apk, yum, dnf, microdnf, tdnf, zypper, pip, npm, yarn, pnpm, gem, go, cargo, composer

    public static func of(_ cmd: ShellCommand) -> PackageManager? {
        // asked of every command: most (rm, echo, mkdir, sed, …) start with a letter no manager's name starts with,
        // and are answered without comparing names
        guard initials.has(cmd.name) else { return nil }
        let name = cmd.name
        for (n, m) in byName where n == name { return m }
        // python -m pip install …
        if cmd.name.hasPrefix("python"), cmd.args.count >= 2, cmd.args[0].text == "-m", cmd.args[1].text.hasPrefix("pip") { return .pip }
        return nil
    }

    /// The commands that are package managers, by name (the most common first: a few short names, compared in turn,
    /// cost less than hashing one).
    static let byName: [(String, PackageManager)] = [
        ("apt-get", .apt), ("apk", .apk), ("pip", .pip), ("pip3", .pip), ("npm", .npm), ("apt", .aptCLI), ("yum", .yum), ("dnf", .dnf),
        ("dnf5", .dnf), ("microdnf", .microdnf), ("tdnf", .tdnf), ("zypper", .zypper), ("pip2", .pip), ("uv", .pip), ("yarn", .yarn),
        ("pnpm", .pnpm), ("gem", .gem), ("go", .go), ("cargo", .cargo), ("composer", .composer),
    ]
    /// The names that are these managers' commands (`python -m pip` aside).
    public static func names(of managers: [PackageManager]) -> [String] { byName.filter { managers.contains($0.1) }.map { $0.0 } }
    /// The first letters of those names and of `python`.
    static let initials = Initials(byName.map(\.0) + ["python"])

    /// Options that take a value, per manager (so that their values are not taken for packages).
    public var valuedOptions: Set<String> { PackageManager.valued[ordinal] }

    /// Built once, by case order (rules ask for these sets for every command of every RUN; no hashing).
    static let valued: [Set<String>] = {
        var v = Array(repeating: Set<String>(), count: allCases.count)
        for c in allCases { v[c.ordinal] = c.valuedOptionsTable }
        return v
    }()
    /// For pip run as `python -m pip`.
    static let pipModuleValued: Set<String> = PackageManager.pip.valuedOptionsTable.union(["-m"])
    var ordinal: Int {
        switch self {
        case .apt: 0
        case .aptCLI: 1
        case .apk: 2
        case .yum: 3
        case .dnf: 4
        case .microdnf: 5
        case .tdnf: 6
        case .zypper: 7
        case .pip: 8
        case .npm: 9
        case .yarn: 10
        case .pnpm: 11
        case .gem: 12
        case .go: 13
        case .cargo: 14
        case .composer: 15
        }
    }

    var valuedOptionsTable: Set<String> {
        switch self {
        case .apt, .aptCLI: ["-o", "-t", "--target-release", "-c", "--config-file", "--default-release"]
        case .apk: ["-X", "--repository", "-p", "--root", "--repositories-file", "--arch", "-t", "--virtual", "--keys-dir", "--cache-dir"]
        case .yum, .dnf, .microdnf, .tdnf: ["--enablerepo", "--disablerepo", "--setopt", "-c", "--config", "--installroot", "--releasever",
                                            "--repo", "--repofrompath", "-x", "--exclude", "--forcearch", "--nodocs=", "--downloaddir", "--destdir"]
        case .zypper: ["-r", "--repo", "--from", "-t", "--type", "--root", "-R"]
        case .pip: ["-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "--trusted-host", "-f",
                    "--find-links", "--target", "-t", "--prefix", "--root", "--platform", "--python-version", "--implementation",
                    "--abi", "--cache-dir", "--src", "--progress-bar", "--log", "--timeout", "--retries", "--proxy", "--cert",
                    "--client-cert", "--upgrade-strategy", "-e", "--editable", "--python", "-p", "--only-binary", "--no-binary",
                    // uv pip
                    "--python-preference", "--index-strategy", "--requirements", "--resolution", "--prerelease", "--keyring-provider",
                    "--link-mode", "--constraints", "--overrides", "--exclude-newer", "--config-settings", "-C", "--index", "--default-index",
                    "--python-platform", "--group", "--extra"]
        case .npm, .pnpm: ["--prefix", "--registry", "--cache", "--userconfig", "-w", "--workspace", "--tag", "--loglevel", "--omit", "--include"]
        case .yarn: ["--cwd", "--registry", "--cache-folder", "--modules-folder", "--network-timeout", "--mutex"]
        case .gem: ["-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--source", "-s", "-P", "--trust-policy", "--platform"]
        case .go: ["-o", "-ldflags", "-tags", "-gcflags", "-mod", "-C", "-modfile", "-pkgdir", "-exec", "-toolexec", "-asmflags", "-p"]
        case .cargo: ["--version", "--vers", "--git", "--branch", "--tag", "--rev", "--path", "--root", "--index", "--registry",
                      "--target", "--features", "-F", "-j", "--jobs", "--profile", "--bin", "--example", "--target-dir", "--config", "-Z"]
        case .composer: ["-d", "--working-dir"]
        }
    }

    public var isOS: Bool {
        switch self {
        case .apt, .aptCLI, .apk, .yum, .dnf, .microdnf, .tdnf, .zypper: true
        default: false
        }
    }

    /// Positional words after the subcommand.
    /// The valued options for this command (`python -m pip` adds `-m`).
    func valued(for cmd: ShellCommand) -> Set<String> {
        self == .pip && cmd.name.hasPrefix("python") ? PackageManager.pipModuleValued : valuedOptions
    }

    public func operands(_ cmd: ShellCommand) -> [ShellWord] {
        var p = cmd.positionals(valued: valued(for: cmd))
        if self == .pip, cmd.name == "uv", p.first?.text == "pip" { p.removeFirst() }
        return Array(p.dropFirst())
    }

    public func subcommand(_ cmd: ShellCommand) -> String? {
        subcommandPlace(cmd).map { cmd.args[$0.index].text }
    }

    /// Where the subcommand is among the arguments, and whether `--` came before it. Worked out once per
    /// command and manager, then kept with the command (`ruleCache`): a dozen rules ask it of every command.
    func subcommandPlace(_ cmd: ShellCommand) -> (index: Int, endOfOptions: Bool)? {
        // bits: 31 computed, 16–20 the manager's ordinal, 21 `--` seen, 0–15 the index + 1 (0: none)
        let cached = cmd.ruleCache
        if cached & 0x8000_0000 != 0, Int((cached >> 16) & 0x1F) == ordinal {
            let i = Int(cached & 0xFFFF)
            return i == 0 ? nil : (i - 1, cached & 0x20_0000 != 0)
        }
        var words = cmd.positionalWords(valued: valued(for: cmd))
        var found: Int? = nil, passed = false
        while let w = words.next() {
            // `uv pip install`, `yarn global add`: the subcommand is the next word
            if !passed, (self == .pip && cmd.name == "uv" && w.text == "pip") || (self == .yarn && w.text == "global") { passed = true; continue }
            found = words.position - 1; break
        }
        let endOfOptions = words.pastEndOfOptions
        if let f = found, f < 0xFFFF {
            cmd.setRuleCache(0x8000_0000 | UInt32(ordinal) << 16 | (endOfOptions ? 0x20_0000 : 0) | UInt32(f + 1))
            return (f, endOfOptions)
        }
        if found == nil { cmd.setRuleCache(0x8000_0000 | UInt32(ordinal) << 16) }
        return found.map { ($0, endOfOptions) }
    }

    /// True for install-like subcommands.
    public func isInstall(_ cmd: ShellCommand) -> Bool {
        guard let sub = subcommand(cmd) else { return false }
        return installWord(sub)
    }

    /// Whether a subcommand installs.
    func installWord(_ sub: String) -> Bool {
        switch self {
        case .apt, .aptCLI: return sub == "install"
        case .apk: return sub == "add"
        case .yum, .dnf, .microdnf, .tdnf: return sub == "install" || sub == "groupinstall" || sub == "localinstall" || sub == "reinstall"
        case .zypper: return sub == "install" || sub == "in"
        case .pip: return sub == "install"
        case .npm, .pnpm: return sub == "install" || sub == "i" || sub == "add"
        case .yarn: return sub == "add"
        case .gem: return sub == "install"
        case .go: return sub == "install" || sub == "get"
        case .cargo: return sub == "install"
        case .composer: return sub == "require" || sub == "global"
        }
    }

    /// The packages an install command names (empty for `npm install` from package.json).
    public func packages(_ cmd: ShellCommand) -> [ShellWord] {
        var out: [ShellWord] = []
        packagePositions(cmd) { out.append(cmd.args[$0]) }
        return out
    }

    /// The index in the arguments of each package an install command names, in order.
    public func packagePositions(_ cmd: ShellCommand, _ each: (Int) -> Void) {
        guard let place = subcommandPlace(cmd), installWord(cmd.args[place.index].text) else { return }
        // the operands after the subcommand, in one pass
        var words = cmd.positionalWords(valued: valued(for: cmd), from: place.index + 1, endOfOptions: place.endOfOptions)
        var skipGlobal = self == .composer && cmd.args[place.index].text == "global"
        while let w = words.next() {
            if skipGlobal { skipGlobal = false; continue }
            if !w.text.isEmpty { each(words.position - 1) }
        }
    }
}

/// Facts about a whole RUN (one layer): what it installs and whether it cleans up after itself.
public struct RunFacts {
    public let commands: [ShellCommand]
    public init(_ script: ShellScript) { commands = script.commands }

    public func installs(_ pm: PackageManager...) -> [ShellCommand] {
        commands.filter { c in PackageManager.of(c).map { pm.contains($0) && $0.isInstall(c) } ?? false }
    }

    /// `rm` of a path matching one of `prefixes` anywhere in the RUN.
    public func removes(_ prefixes: [String]) -> Bool {
        commands.contains { c in
            c.name == "rm" && c.args.contains { a in prefixes.contains { a.text.hasPrefix($0) } }
        } || commands.contains { c in
            c.name == "find" && c.args.contains { a in prefixes.contains { a.text.hasPrefix($0) } } && c.has("-delete", "-exec")
        }
    }

    public func runs(_ name: String, _ sub: String...) -> Bool {
        commands.contains { c in c.name == name && (sub.isEmpty || c.args.contains { sub.contains($0.text) }) }
    }
}

extension Instruction {
    /// `RUN --mount=type=cache` (or tmpfs) on a path that starts with one of `targets`.
    public func cacheMount(on targets: [String]) -> Bool {
        mounts.contains { m in
            (m.type == "cache" || m.type == "tmpfs") && targets.contains { t in (m.target ?? "").hasPrefix(t) || t.hasPrefix(m.target ?? "\u{0}") }
        }
    }
}
