import BulkheadCore
import BulkheadModel

extension DockerfileContext {
    /// The text of every RUN in the final image's stages (for configuration written by echo/printf).
    func finalRunText(containing s: String) -> Bool {
        // the instructions alone (their scripts are not fetched: the text is what is searched)
        let runs = finalRuns
        return runs.indices.contains { i in
            let ins = runs.instruction(at: i)
            return ins.original.contains(s) || ins.heredocs.contains { $0.body.contains(s) }
        }
    }
}

/// Packages that have no place in a production image.
enum ToolPackages {
    static let sshServers: Set<String> = ["openssh-server", "openssh", "dropbear", "ssh", "openssh-server-pam", "tinyssh"]
    static let debugTools: Set<String> = ["vim", "vim-tiny", "vim-nox", "vim-enhanced", "vim-minimal", "nano", "emacs", "emacs-nox",
                                          "gdb", "strace", "ltrace", "tcpdump", "nmap", "netcat", "netcat-openbsd", "netcat-traditional",
                                          "ncat", "nmap-ncat", "telnet", "wireshark", "tshark", "valgrind", "socat", "lsof", "bpftrace",
                                          "perf", "linux-perf", "hping3", "john", "hydra", "sqlmap", "masscan", "nikto"]

    static func base(_ pkg: String) -> String {
        // most names are already bare and lower-case: the name itself, nothing made
        if !pkg.utf8.contains(where: { $0 == 61 || $0 == 62 || $0 == 60 || $0 == 126 || ($0 >= 65 && $0 <= 90) || $0 >= 128 }) { return pkg }
        var p = pkg
        if let cut = p.firstIndex(where: { $0 == "=" || $0 == ">" || $0 == "<" || $0 == "~" }) { p = String(p[..<cut]) }
        return p.lowercased()
    }

    static let downloaders: Set<String> = ["curl", "wget"]
    /// Every name the lists above hold: what `candidates` keeps.
    static let anyTool = sshServers.union(debugTools).union(downloaders)

    /// `set`'s packages that each OS install in the final image installs (base names), for the installs that have some.
    static func installed(_ ctx: DockerfileContext, _ set: Set<String>) -> [(Instruction, ShellCommand, [String])] {
        assert(set.isSubset(of: anyTool), "a list the candidates were not made for")
        var out: [(Instruction, ShellCommand, [String])] = []
        for candidate in ctx.toolInstalls {
            let names = candidate.names.filter { matches($0, candidate.manager, set) }
            guard !names.isEmpty else { continue }
            let (ins, c) = ctx.runCommands[candidate.place]
            if ctx.inFinalImage(ins) { out.append((ins, c, names)) }
        }
        return out
    }

    /// A package of an OS install that a tool list may name: its base name, where the manager installed it.
    struct Candidate: Sendable {
        let place: Int
        let manager: PackageManager
        let names: [String]
    }

    /// Each OS install's base names that `anyTool` matches (in order; installs with none left out). Each
    /// package's name is worked out once, not once per list.
    static func candidates(_ ctx: DockerfileContext) -> [Candidate] {
        var out: [Candidate] = []
        for install in ctx.packageInstalls where install.manager.isOS {
            let pm = install.manager
            var names: [String] = []
            for w in install.eachPackage {
                let n = base(w.text)
                if matches(n, pm, anyTool) { names.append(n) }
            }
            if !names.isEmpty { out.append(Candidate(place: install.place, manager: pm, names: names)) }
        }
        return out
    }

    /// The name is one of `set`'s, or (yum, dnf, microdnf) one of them with a version (`gdb-12.1`).
    static func matches(_ n: String, _ pm: PackageManager, _ set: Set<String>) -> Bool {
        set.contains(n) || (pm == .yum || pm == .dnf || pm == .microdnf) && set.contains(where: { n.hasPrefix($0 + "-") && n.dropFirst($0.count + 1).first?.isNumber == true })
    }
}

enum FileModes {
    /// True if a chmod mode makes files writable by everyone (without the sticky bit on 1777).
    static func worldWritable(_ mode: String) -> Bool {
        if mode.allSatisfy({ $0.isNumber }), mode.count >= 3, let v = Int(mode, radix: 8) {
            if v & 0o1000 != 0 { return false }  // sticky directories like /tmp
            return v & 0o002 != 0
        }
        let clauses = mode.split(separator: ",")
        // a sticky bit added in any clause (ugo+rwx,o+t) makes it a /tmp-like directory
        if clauses.contains(where: { c in let r = c.drop { "ugoa".contains($0) }; return (r.first == "+" || r.first == "=") && r.contains("t") }) { return false }
        for clause in clauses {
            let who = clause.prefix { "ugoa".contains($0) }
            let rest = clause.dropFirst(who.count)
            guard let op = rest.first, op == "+" || op == "=" else { continue }
            let perms = rest.dropFirst()
            if (who.isEmpty || who.contains("o") || who.contains("a")) && perms.contains("w") && !perms.contains("t") {
                if who.isEmpty { continue }  // plain +w respects the umask
                return true
            }
        }
        return false
    }

    static func setuid(_ mode: String) -> Bool {
        if mode.allSatisfy({ $0.isNumber }), mode.count == 4, let v = Int(mode, radix: 8) { return v & 0o6000 != 0 }
        return mode.split(separator: ",").contains { c in
            let who = c.prefix { "ugoa".contains($0) }
            let rest = c.dropFirst(who.count)
            return (rest.first == "+" || rest.first == "=") && rest.dropFirst().contains("s")
        }
    }

    /// The mode operand of chmod (options such as -R come first; a mode cannot start with '-' when it adds bits).
    static func chmodModes(_ c: ShellCommand) -> [String] {
        guard c.name == "chmod", let m = c.positionals(valued: ["--reference"]).first else { return [] }
        return [m.text]
    }
}
