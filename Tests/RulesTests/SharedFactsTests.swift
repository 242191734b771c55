import BulkheadCore
import BulkheadModel
import DockerfileParser
import Testing
@testable import Rules

/// What the Dockerfile context works out once for many rules must be what each rule would have worked out alone.
@Suite("Facts shared by rules")
struct SharedFactsTests {
    /// A multi-stage file of `runs` RUNs mixing managers, options, stages and commands that install nothing.
    func file(runs: Int) -> DockerfileContext {
        var text = "FROM debian:12 AS build\n"
        for i in 0..<runs {
            switch i % 6 {
            case 0: text += "RUN apt-get update && apt-get install -y --no-install-recommends curl\(i) wget=1.\(i) && rm -rf /var/lib/apt/lists/*\n"
            case 1: text += "RUN apk add --virtual .b gcc\(i) && pip install -r req.txt p\(i) && apk del .b\n"
            case 2: text += "RUN yum -y install gcc-11.\(i) make && npm install && npm i -g tool\(i)\n"
            case 3: text += "RUN echo \(i) | tee /x && uv pip install q\(i) && yarn global add y\(i) && composer global require c/\(i)\n"
            case 4: text += "FROM build AS s\(i)\nRUN apt-get install -o Dpkg::Options::=--force-confold -t bookworm-backports pkg\(i)\n"
            default: text += "RUN python3 -m pip install --index-url https://x/ -e . r\(i) && go install x/y@v\(i)\n"
            }
        }
        text += "FROM s4\nRUN apt-get install -y final\n"
        return DockerfileContext(file: DockerfileParser.parse(text, path: "Dockerfile"))
    }

    @Test(arguments: [40, 5_000])
    func packageInstallsAreEachCommandsOwn(runs: Int) {
        let ctx = file(runs: runs)
        // 5,000 RUNs are about 15,000 commands: more than one part (8,192), made side by side
        var expected: [(Int, PackageManager, [String])] = []
        for i in ctx.runCommands.indices {
            let c = ctx.runCommands.command(at: i)
            guard let pm = PackageManager.of(c) else { continue }
            let p = pm.packages(c).map(\.text)
            if !p.isEmpty { expected.append((i, pm, p)) }
        }
        let installs = ctx.packageInstalls
        #expect(installs.count == expected.count)
        for (got, want) in zip(installs, expected) {
            #expect(got.place == want.0 && got.manager == want.1 && got.packages.map(\.text) == want.2 && Array(got.eachPackage.map(\.text)) == want.2)
            #expect(got.command.line == ctx.runCommands[got.place].1.line)
        }
        #expect(installs.contains { $0.manager == .yarn && $0.packages.map(\.text).first?.hasPrefix("y") == true }, "yarn global add: not 'add'")
    }

    @Test func walkingTheCommandsIsIndexingThem() {
        let ctx = file(runs: 60)
        let walked = Array(ctx.runCommands)
        #expect(walked.count == ctx.runCommands.count && walked.count > 60)
        for (k, (ins, c)) in walked.enumerated() {
            let (i2, c2) = ctx.runCommands[k]
            #expect(ins.line == i2.line && c.name == c2.name && c.line == c2.line && c.column == c2.column)
            #expect(ctx.runCommands.command(at: k).argStrings == c.argStrings)
            #expect(ctx.shellRuns.instruction(at: ctx.runCommands.run(at: k)).line == ins.line)
        }
        // lending each pair in place visits the same pairs in the same order
        var lent: [String] = []
        ctx.runCommands.forEachInPlace { ins, c in lent.append("\(ins.line) \(c.name) \(c.column) \(c.argStrings)") }
        #expect(lent == walked.map { "\($0.0.line) \($0.1.name) \($0.1.column) \($0.1.argStrings)" })
        // an empty file walks nothing
        #expect(Array(DockerfileContext(file: DockerfileParser.parse("FROM x\n", path: "D")).runCommands).isEmpty)
        var none = 0
        DockerfileContext(file: DockerfileParser.parse("FROM x\n", path: "D")).runCommands.forEachInPlace { _, _ in none += 1 }
        #expect(none == 0)
    }

    @Test func finalRunsAreTheFinalImagesOwn() {
        let ctx = file(runs: 12)
        // the final stage is built FROM s4, which is built FROM build: those three stages, not s10
        #expect(ctx.finalRuns.count < ctx.shellRuns.count && !ctx.finalRuns.isEmpty)
        #expect(ctx.finalRuns.allSatisfy { ins, s in ctx.inFinalImage(ins) && s.commands.count == ins.scriptCommands.count })
        #expect(ctx.shellRuns.filter { ctx.inFinalImage($0.0) }.map(\.0.line) == ctx.finalRuns.map(\.0.line))
        #expect(ctx.finalRuns.contains { $0.0.scriptCommands.first?.argStrings.last == "final" })
        // exec-form and non-POSIX RUNs are not shell RUNs
        let other = DockerfileContext(file: DockerfileParser.parse("FROM x\nRUN [\"a\", \"b\"]\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-Item x\n", path: "D"))
        #expect(other.shellRuns.count == 1 && other.shellRuns[0].1.commands.first?.name == "a")
    }

    @Test func powerShellIsNamedInAnyCase() {
        for yes in ["pwsh -c x", "PowerShell -Command y", "RUN POWERSHELL", "x && PwSh", "c:\\\\windows\\\\powershell.exe"] {
            #expect(PowerShellText.mentionsPowerShell(yes), "\(yes)")
        }
        for no in ["", "pws", "powershel", "p w s h", "push", "power shell", "apt-get install pwgen"] {
            #expect(!PowerShellText.mentionsPowerShell(no), "\(no)")
        }
    }

    @Test func packageManagersAreKnownByTheirNamesOnly() {
        let known: [(String, PackageManager?)] = [
            ("apt-get", .apt), ("apt", .aptCLI), ("apk", .apk), ("yum", .yum), ("dnf", .dnf), ("dnf5", .dnf), ("microdnf", .microdnf),
            ("tdnf", .tdnf), ("zypper", .zypper), ("pip", .pip), ("pip3", .pip), ("pip2", .pip), ("uv", .pip), ("npm", .npm),
            ("yarn", .yarn), ("pnpm", .pnpm), ("gem", .gem), ("go", .go), ("cargo", .cargo), ("composer", .composer),
            ("python3 -m pip", .pip), ("python -m venv", nil), ("rm", nil), ("apt-mark", nil), ("Apt-get", nil), ("gcc", nil),
            ("curl", nil), ("pipx", nil), ("/usr/bin/apt-get", .apt), ("écho", nil), ("_x", nil),
        ]
        let text = "FROM debian:12\nRUN " + known.map { "\($0.0) x" }.joined(separator: " && ") + "\n"
        let ctx = DockerfileContext(file: DockerfileParser.parse(text, path: "Dockerfile"))
        let found = ctx.runCommands.map { PackageManager.of($0.1) }
        #expect(found == known.map(\.1))
    }

    @Test(arguments: [40, 5_000])
    func commandsByNameAreTheWalksOwn(runs: Int) {
        // the index gives, in order, exactly the commands a walk over every command keeps by name
        let ctx = file(runs: runs)
        for names in [["apt-get"], ["apk", "pip", "uv"], ["npm", "yarn", "npm"], ["go"], ["nothing"], []] {
            let walked = ctx.runCommands.filter { names.contains($0.1.name) }
            let named = ctx.runCommands(named: names)
            #expect(named.map { "\($0.0.line):\($0.1.column) \($0.1.name)" } == walked.map { "\($0.0.line):\($0.1.column) \($0.1.name)" }, "\(names)")
            #expect(named.map { $0.1.args.map(\.text) } == walked.map { $0.1.args.map(\.text) })
        }
        // with prefixes: the commands run under sudo or named sudo, each once
        let sudo = DockerfileContext(file: DockerfileParser.parse("FROM x\nRUN sudo apt-get update && sudo -u u env A=1 sudo ls && sudo\nRUN env X=1 sudo id; nohup sudo true\n", path: "Dockerfile"))
        let underSudo = sudo.runCommands.filter { $0.1.prefixes.contains("sudo") || $0.1.name == "sudo" }.map { "\($0.1.line) \($0.1.name)" }
        #expect(sudo.runCommands(named: ["sudo"], prefixedBy: ["sudo"]).map { "\($0.1.line) \($0.1.name)" } == underSudo)
        #expect(underSudo == ["2 apt-get", "2 ls", "3 id", "3 true"], "a bare sudo runs nothing: no command")
        // and the managers' names are those PackageManager.of knows them by
        let os = PackageManager.names(of: PackageManager.allCases.filter(\.isOS))
        let osNamesInFile = Set(ctx.runCommands.compactMap { pair -> String? in PackageManager.of(pair.1)?.isOS == true ? pair.1.name : nil })
        #expect(!osNamesInFile.isEmpty && osNamesInFile.isSubset(of: Set(os)))
        let eachAlone = os.map { n in DockerfileContext(file: DockerfileParser.parse("FROM x\nRUN \(n) y\n", path: "Dockerfile")).runCommands.first?.1 }
        #expect(eachAlone.allSatisfy { c in c.flatMap { PackageManager.of($0)?.isOS } == true })
        #expect(os.contains("apt-get") && os.contains("dnf5") && !os.contains("pip"))
    }
}
