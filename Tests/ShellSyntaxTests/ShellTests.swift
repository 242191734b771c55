import BulkheadModel
import Testing
@testable import ShellSyntax

private func cmds(_ s: String) -> [ShellCommand] { ShellParser.parse(s, line: 1).commands }

@Suite("Shell splitting")
struct ShellTests {
    @Test func operatorsAndPipelines() {
        let c = cmds("apt-get update && apt-get install -y curl || echo fail; curl -fsSL x | sh -s -- --yes & wait")
        #expect(c.map(\.name) == ["apt-get", "apt-get", "echo", "curl", "sh", "wait"])
        #expect(c.map(\.connector) == [.start, .and, .or, .sequence, .pipe, .background])
        #expect(c[3].pipeline == c[4].pipeline && c[4].pipelinePosition == 1)
        #expect(c[0].list == c[2].list && c[3].list != c[0].list)
    }

    @Test func quotesAndEscapes() {
        let c = cmds(#"echo "a b" 'c $d' e\ f "g\"h" $'i\tj'"#)
        #expect(c[0].argStrings == ["a b", "c $d", "e f", "g\"h", "i\\tj"])
        #expect(c[0].args[0].quoted)
    }

    @Test func prefixesArePeeled() {
        let c = cmds("sudo -E -u root DEBIAN_FRONTEND=noninteractive apt-get install -y x && env -i PATH=/bin FOO=1 nohup /usr/bin/curl -k y")
        #expect(c[0].name == "apt-get" && c[0].prefixes == ["sudo"])
        #expect(c[0].assignments.map(\.name) == ["DEBIAN_FRONTEND"])
        #expect(c[1].name == "curl" && c[1].program == "/usr/bin/curl")
        #expect(c[1].prefixes == ["env", "nohup"])
        #expect(c[1].assignments.map(\.name) == ["PATH", "FOO"])
    }

    @Test func shellDashCAndSubstitutions() {
        let c = cmds(#"sh -c "$(curl -fsSL https://x/install.sh)" && bash -lc 'apk add --allow-untrusted y' && echo `wget -qO- z`"#)
        let names = c.map(\.name)
        #expect(names.contains("curl") && names.contains("apk") && names.contains("wget"))
        #expect(c.first { $0.name == "curl" }?.inSubstitution == true)
        #expect(c.first { $0.name == "apk" }?.depth == 1)
    }

    @Test func subshellsAndControlFlow() {
        let c = cmds("(cd /tmp && make) ; if [ -f x ]; then rm x; else touch y; fi; for f in a b; do chmod 777 $f; done; while true; do sleep 1; done")
        let names = c.map(\.name)
        #expect(names == ["cd", "make", "[", "rm", "touch", "chmod", "true", "sleep"])
        #expect(c[0].depth == 1 && c[2].depth == 0)
    }

    @Test func caseStatements() {
        let c = cmds("case \"$arch\" in amd64) ARCH=x86_64 ;; arm64|aarch64) curl -k x ;; *) echo no ;; esac; echo after")
        #expect(c.map(\.name) == ["curl", "echo", "echo"])
    }

    @Test func redirectionsAndHeredocBodies() {
        let c = cmds("cat > /etc/x <<EOF\nnot a command\nEOF\necho hi 2>&1 >/dev/null")
        #expect(c.map(\.name) == ["cat", "echo"])
        #expect(c[0].redirects == [">/etc/x"])
        #expect(c[1].argStrings == ["hi"])
    }

    @Test func flagHelpers() {
        let c = cmds("curl -fsSLk --retry 3 https://x -o out")[0]
        #expect(c.has("-k") && c.has("-L") && !c.has("--insecure"))
        #expect(c.value(of: "-o") == "out" && c.value(of: "--retry") == "3")
        #expect(c.positionals(valued: ["--retry", "-o"]).map(\.text) == ["https://x"])
        // --flag=value, bundles of letters only, exact words of any kind, the Set and array forms alike
        let a = cmds("apt-get install -yq --option=Dpkg::x --no-install-recommends pkg -q1 -éy")[0]
        #expect(a.has("-y") && a.has("-q") && a.has("--option") && a.has("--no-install-recommends") && a.has("pkg"))
        #expect(!a.has("-1") && !a.has("--opt") && !a.has("-o") && !a.has("--option=Dpkg"))
        #expect(a.has(Set(["--yes", "-y"])) && a.has(["-x", "install"]) && !a.has([String]()))
        #expect(a.has("-é"), "a bundle of Unicode letters holds each of them")
        #expect(cmds("x -éy")[0].has("-y"))
    }

    @Test func malformedInputDoesNotCrash() {
        for s in ["echo 'unterminated", "$(", "a && && b", "))((", "`", "${", "case x in", "<<", "| |", "if"] {
            _ = ShellParser.parse(s, line: 1)
        }
        #expect(ShellParser.parse("echo 'oops", line: 1).incomplete)
    }
}

@Suite("Shell command storage")
struct ShellStorageTests {
    @Test func connectorsDepthAndPositionsSurviveThePacking() {
        let c = cmds("a && b || c; d | e | f & g $(h | i)")
        #expect(c.map(\.connector).contains(.start) && c.map(\.connector).contains(.and) && c.map(\.connector).contains(.or))
        #expect(c.map(\.connector).contains(.sequence) && c.map(\.connector).contains(.pipe) && c.map(\.connector).contains(.background))
        var x = c[0]
        for k: Connector in [.start, .and, .or, .pipe, .sequence, .background] {
            x.connector = k
            #expect(x.connector == k)
        }
        x.inSubstitution = true
        #expect(x.inSubstitution && x.connector == .background, "the two share a byte")
        x.inSubstitution = false
        #expect(!x.inSubstitution && x.connector == .background)
        #expect(c.first { $0.name == "h" }?.inSubstitution == true && c.first { $0.name == "h" }!.depth == 1)
        #expect(c.first { $0.name == "f" }?.pipelinePosition == 2)
        // beyond what any script nests or pipes, the numbers stop (order kept up to there)
        x.depth = 10_000; x.pipelinePosition = 100_000
        #expect(x.depth == 255 && x.pipelinePosition == 32_767)
        x.depth = -1
        #expect(x.depth == 0)
    }

    @Test func theProgramIsKeptOnlyWhereItIsNotTheName() {
        let c = cmds("/usr/bin/apt-get update && apt-get install x")
        #expect(c[0].name == "apt-get" && c[0].program == "/usr/bin/apt-get")
        #expect(c[1].name == "apt-get" && c[1].program == "apt-get")
        var d = c[1]
        d.program = "/bin/apt-get"
        #expect(d.program == "/bin/apt-get" && c[1].program == "apt-get", "a copy changes alone")
        d.program = "apt-get"
        #expect(d.program == "apt-get")
    }

    @Test func anInternerSharesEqualArgumentListsAndChangesNothing() {
        let text = "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* && apt-get update && rm -rf /var/lib/apt/lists/*"
        let interner = ArgumentInterner()
        let shared = ShellParser.parse(text, interner: interner, lineMap: { _ in (1, 1) }).commands
        let alone = ShellParser.parse(text, line: 1).commands
        #expect(shared.map(\.argStrings) == alone.map(\.argStrings))
        #expect(shared.map(\.name) == alone.map(\.name) && shared.map(\.connector) == alone.map(\.connector))
        // the two `rm -rf …` and the two `update` lists are one list each
        shared[2].args.withUnsafeBufferPointer { a in shared[4].args.withUnsafeBufferPointer { b in #expect(a.baseAddress == b.baseAddress) } }
        alone[2].args.withUnsafeBufferPointer { a in alone[4].args.withUnsafeBufferPointer { b in #expect(a.baseAddress != b.baseAddress) } }
        // and a later script of the same interner shares them too
        let next = ShellParser.parse("rm -rf /var/lib/apt/lists/*", interner: interner, lineMap: { _ in (2, 1) }).commands
        next[0].args.withUnsafeBufferPointer { a in shared[2].args.withUnsafeBufferPointer { b in #expect(a.baseAddress == b.baseAddress) } }
        // changing a shared list changes one command only
        var changed = shared[2]
        changed.args.append(ShellWord(text: "/tmp"))
        #expect(changed.args.count == 3 && shared[2].args.count == 2 && shared[4].args.count == 2)
        // long lists (package names) nearly never repeat: they are not looked up
        let long = ShellParser.parse("apt-get install -y a b && apt-get install -y a b", interner: interner, lineMap: { _ in (3, 1) }).commands
        #expect(long[0].argStrings == long[1].argStrings && long[0].args.count > ArgumentInterner.longest)
        long[0].args.withUnsafeBufferPointer { a in long[1].args.withUnsafeBufferPointer { b in #expect(a.baseAddress != b.baseAddress) } }
    }

    @Test func everyPrefixIsPeeled() {
        // the first-letter check in front of emit's switch lets each of its names through
        // (`time` is a reserved word: the command loop drops it before emit sees it)
        for name in ShellParser.prefixes where name != "time" {
            let c = cmds("\(name) x y z")
            #expect(c.first?.prefixes == [name], "\(name)")
        }
        #expect(cmds("/usr/bin/sudo curl x").first.map { ($0.name, $0.prefixes) } ?? ("", []) == ("curl", ["sudo"]))
        #expect(cmds("apt-get install x").first?.prefixes == [])
    }

    @Test func keywordsAreKnownWhateverTheirFirstLetter() {
        let c = cmds("if true; then for f in a b; do echo $f; done; fi; case x in a) curl y;; esac; f() { wget z; }; select s in a; do ls; done")
        #expect(c.map(\.name) == ["true", "echo", "curl", "wget", "ls"])
        #expect(cmds("'if' x").first?.name == "if", "a quoted word is a program's name")
    }

    @Test func plainWordsAndQuotedWordsReadAlike() {
        // a plain word is taken as its bytes; one with a quote, escape or expansion part way is read through
        let c = cmds(#"curl -fsSL https://x.example/a?b=1 ab'c d'e f\ g h"i"j $HOME k${L}m n`o`p über-wörter 2>&1"#)
        #expect(c.map(\.name) == ["curl", "o"])
        #expect(c[0].argStrings == ["-fsSL", "https://x.example/a?b=1", "abc de", "f g", "hij", "$HOME", "k${L}m", "n`o`p", "über-wörter"])
        #expect(c[0].args.map(\.quoted) == [false, false, true, true, true, false, false, false, false])
        #expect(c[0].args.map(\.dynamic) == [false, false, false, false, false, true, true, true, false])
        #expect(c[0].redirects == [">&1"], "the 2 before >&1 belongs to the redirection, not the arguments")
    }

    @Test func aScriptListIsAsLongAsItIs() {
        let c = ShellParser.parse("a && b && c", line: 1).commands
        #expect(c.count == 3 && c.capacity < 4, "appending three left room for four")
    }
}
