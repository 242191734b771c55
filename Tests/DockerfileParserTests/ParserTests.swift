import Dispatch
import BulkheadModel
import Testing
@testable import DockerfileParser

private func parse(_ s: String, buildArgs: [String: String] = [:]) -> DockerfileModel {
    DockerfileParser.parse(s, path: "Dockerfile", buildArgs: buildArgs)
}

@Suite("Dockerfile structure")
struct StructureTests {
    @Test func directivesOnlyAtTop() {
        let m = parse("# syntax=docker/dockerfile:1.7\n# escape=`\n# check=skip=JSONArgsRecommended\nFROM alpine\n# escape=\\\\\nRUN true")
        #expect(m.directives.map(\.name) == ["syntax", "escape", "check"])
        #expect(m.escape == "`")
        let late = parse("FROM alpine\n# escape=`\nRUN a \\\n b")
        #expect(late.escape == "\\")
        #expect(late.instructions.count == 2)
        let afterBlank = parse("\n# escape=`\nFROM alpine")
        #expect(afterBlank.escape == "\\")
    }

    @Test func continuationsSkipCommentsAndBlankLines() {
        let m = parse("FROM alpine\nRUN apk add \\\n# a comment\n\n    curl \\\n    git\nUSER 1")
        let run = m.instructions[1]
        #expect(run.keyword == "RUN")
        #expect(run.line == 2 && run.endLine == 6)
        #expect(run.script?.commands.first?.argStrings == ["add", "curl", "git"])
        #expect(m.comments.contains { $0.text == "a comment" && $0.line == 3 })
        #expect(m.instructions[2].line == 7)
    }

    @Test func backtickEscapeContinuations() {
        let m = parse("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host hi\nCOPY a C:\\app\\")
        #expect(m.instructions.count == 3)
        #expect(m.instructions[1].original.contains("Write-Host"))
        #expect(m.instructions[2].words == ["a", "C:\\app\\"] || m.instructions[2].words.count == 2)
        #expect(m.stages[0].windows)
        #expect(!m.instructions[1].posixShell)
    }

    @Test func crlfLineEndings() {
        let m = parse("FROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\nUSER 1000\r\n")
        #expect(m.errors.isEmpty)
        #expect(m.instructions.map(\.keyword) == ["FROM", "RUN", "USER"])
        #expect(m.stages[0].user == "1000")
    }

    @Test func heredocs() {
        let m = parse("""
        FROM alpine
        RUN <<EOF
        apk add curl
        echo done
        EOF
        COPY <<-"CONF" <<'TWO' /etc/
        \tkey=$VALUE
        \tCONF
        second
        TWO
        RUN python3 <<PY
        import os
        PY
        USER 1
        """)
        #expect(m.errors.isEmpty)
        let run = m.instructions[1]
        #expect(run.heredocs.count == 1 && run.heredocs[0].delimiter == "EOF")
        #expect(run.script?.commands.map(\.name) == ["apk", "echo"])
        #expect(run.script?.commands.first?.line == 3)
        let copy = m.instructions[2]
        #expect(copy.heredocs.map(\.delimiter) == ["CONF", "TWO"])
        #expect(copy.heredocs[0].body == "key=$VALUE\n" && copy.heredocs[0].quoted && copy.heredocs[0].stripTabs)
        #expect(copy.heredocs[1].body == "second\n")
        // python's stdin is not a shell script
        #expect(m.instructions[3].script?.commands.map(\.name) == ["python3"])
        #expect(m.instructions[4].keyword == "USER" && m.instructions[4].line == 14)
    }

    @Test func unterminatedHeredocIsAnErrorWithLine() {
        let m = parse("FROM alpine\nRUN <<EOF\necho hi\n")
        #expect(m.errors.count == 1)
        #expect(m.errors.first?.line == 2)
        #expect(m.errors.first?.message.contains("unterminated heredoc") == true)
    }

    @Test func execAndShellForms() {
        let m = parse("FROM alpine\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\nENTRYPOINT [ not json ]\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b")
        #expect(m.instructions[1].execForm == ["nginx", "-g", "daemon off;"])
        #expect(m.instructions[2].execForm == nil)
        #expect(m.stages[0].shell == ["/bin/bash", "-o", "pipefail", "-c"])
    }

    @Test func flags() {
        let m = parse("""
        FROM --platform=$BUILDPLATFORM golang:1.23 AS build
        RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=secret,id=npm,env=NPM_TOKEN --network=none go build
        FROM alpine:3.20
        COPY --from=build --chown=10001:10001 --chmod=0755 --link /out/app /app
        ADD --checksum=sha256:abc --keep-git-dir=true https://example.com/a /a
        COPY --parents --exclude=*.md ./docs/ /docs/
        """)
        #expect(m.errors.isEmpty, "\(m.errors)")
        let run = m.instructions[1]
        #expect(run.mounts.map(\.type) == ["cache", "secret"])
        #expect(run.mounts[0].target == "/root/.cache/go-build")
        #expect(run.mounts[1].options["env"] == "NPM_TOKEN")
        #expect(run.flag("network")?.value == "none")
        #expect(run.script?.commands.first?.name == "go")
        let copy = m.instructions[3]
        #expect(copy.flag("from")?.value == "build" && copy.flag("chmod")?.value == "0755" && copy.hasFlag("link"))
        #expect(copy.words == ["/out/app", "/app"])
        #expect(m.instructions[4].flag("checksum")?.value == "sha256:abc")
        #expect(m.stages[0].platform == "linux/amd64")
    }

    @Test func unknownFlagAndInstructionAreErrors() {
        let m = parse("FROM alpine\nCOPY --bogus a b\nFROBNICATE x\nRUN true")
        #expect(m.errors.map(\.line) == [2, 3])
        #expect(m.instructions.count == 3)  // the unknown instruction is dropped, the rest kept
    }

    @Test func noFromAndInstructionBeforeFrom() {
        #expect(parse("RUN true").errors.map(\.message).joined().contains("before the first FROM"))
        #expect(parse("ARG A=1\n").errors.first?.message.contains("no FROM") == true)
        #expect(parse("").errors.first?.message.contains("no instructions") == true)
        #expect(parse("# only a comment\n").errors.count == 1)
    }

    @Test func onbuildTrigger() {
        let m = parse("FROM alpine\nONBUILD RUN curl -k https://x | sh\nONBUILD FROM alpine")
        #expect(m.instructions[1].trigger?.value.keyword == "RUN")
        #expect(m.instructions[1].trigger?.value.script?.commands.map(\.name) == ["curl", "sh"])
        #expect(m.errors.first?.line == 3)
    }
}

@Suite("Stages, ARG and ENV")
struct StageTests {
    @Test func stagesInheritUserEnvAndShell() {
        let m = parse("""
        FROM debian:12 AS base
        ENV A=1
        USER app
        SHELL ["/bin/bash", "-c"]
        FROM base AS final
        ENV B=$A-2
        """)
        #expect(m.stages.count == 2)
        #expect(m.stages[1].parentStage == 0)
        #expect(m.stages[1].user == "app")
        #expect(m.stages[1].env == ["A": "1", "B": "1-2"])
        #expect(m.stages[1].shell == ["/bin/bash", "-c"])
        #expect(m.finalImageStages == [0, 1])
        #expect(m.lineage(of: m.stages[1]).map(\.index) == [1, 0])
    }

    @Test func stageNamesAreCaseInsensitive() {
        let m = parse("FROM alpine AS Build\nFROM BUILD\n")
        #expect(m.stages[1].parentStage == 0)
    }

    @Test func globalAndStageArgs() {
        let m = parse("""
        ARG VERSION=3.20
        ARG REG
        FROM ${REG:-docker.io}/library/alpine:${VERSION} AS one
        ARG VERSION
        ENV V=$VERSION
        FROM alpine:$VERSION
        ENV V=${VERSION:-none}
        """)
        #expect(m.stages[0].base == "docker.io/library/alpine:3.20")
        #expect(m.stages[0].env["V"] == "3.20")       // ARG without value re-imports the global default
        #expect(m.stages[1].base == "alpine:3.20")
        #expect(m.stages[1].env["V"] == "none")       // not declared in this stage: not visible
    }

    @Test func buildArgsOverrideDefaults() {
        let m = parse("ARG TAG=latest\nFROM node:${TAG}", buildArgs: ["TAG": "22.11"])
        #expect(m.stages[0].base == "node:22.11")
    }

    @Test func unresolvedBaseVariables() {
        let m = parse("ARG IMAGE\nFROM $IMAGE\nFROM golang:${GO}-alpine\nFROM --platform=$BUILDPLATFORM alpine:${X:-3}")
        #expect(m.stages[0].unresolvedBaseVariables == ["IMAGE"])
        #expect(m.stages[1].unresolvedBaseVariables == ["GO"])
        #expect(m.stages[2].unresolvedBaseVariables.isEmpty)
        #expect(m.errors.isEmpty)
    }

    @Test func legacyEnvForm() {
        let m = parse("FROM alpine\nENV GREETING hello world\nENV A=\"x y\" B='$HOME'")
        #expect(m.stages[0].env["GREETING"] == "hello world")
        #expect(m.stages[0].env["A"] == "x y")
        #expect(m.stages[0].env["B"] == "$HOME")
    }
}

@Suite("Variable expansion")
struct ExpansionTests {
    let ex = Expander(variables: ["A": "alpha", "E": ""])
    @Test(arguments: [
        ("$A", "alpha"), ("${A}", "alpha"), ("x${A}y", "xalphay"),
        ("${A:-d}", "alpha"), ("${E:-d}", "d"), ("${U:-d}", "d"),
        ("${A-d}", "alpha"), ("${E-d}", ""), ("${U-d}", "d"),
        ("${A:+x}", "x"), ("${E:+x}", ""), ("${U:+x}", ""),
        ("${A+x}", "x"), ("${E+x}", "x"), ("${U+x}", ""),
        ("${A#al}", "pha"), ("${A%ha}", "alp"), ("\\$A", "$A"), ("'$A'", "'$A'"),
    ])
    func expands(_ input: String, _ expected: String) {
        #expect(ex.expand(input).text == expected)
    }

    @Test func reportsUnresolved() {
        #expect(ex.expand("${U}:$V").unresolved == ["U", "V"])
        #expect(ex.expand("${U:-x}").unresolved.isEmpty)
    }
}

@Suite("RUN commands")
struct RunCommandLineTests {
    @Test func lineNumbersFollowContinuations() {
        let m = DockerfileParser.parse("FROM alpine\nRUN apk add a \\\n && curl -k x \\\n && echo done", path: "D")
        let lines = m.instructions[1].script!.commands.map(\.line)
        #expect(lines == [2, 3, 4])
    }
}

@Suite("Large files: scripts parsed while the pass goes on")
struct PipelineTests {
    /// What a command is, for comparing two parses.
    func shape(_ c: ShellCommand) -> String {
        "\(c.name)|\(c.program)|\(c.argStrings)|\(c.prefixes)|\(c.assignments.map(\.name))|\(c.connector)|\(c.pipeline)|\(c.pipelinePosition)|\(c.list)|\(c.depth)|\(c.inSubstitution)|\(c.redirects)|\(c.line)|\(c.column)"
    }

    @Test func scriptsAreTheSameAsEachParsedAlone() {
        // more RUNs than one batch (512), in stages, with continuations, heredocs, exec form, ONBUILD, CMD, SHELL
        var text = "FROM debian:12 AS build\n"
        for i in 0..<1_300 {
            switch i % 7 {
            case 0: text += "RUN apt-get update && apt-get install -y curl\(i) \\\n    wget\(i) && rm -rf /var/lib/apt/lists/*\n"
            case 1: text += "RUN [\"/bin/sh\", \"-c\", \"echo \(i) | tee /tmp/\(i)\"]\n"
            case 2: text += "RUN <<EOF\nset -e\ncurl -fsSL https://x/\(i) | sh\nEOF\n"
            case 3: text += "ONBUILD RUN sudo -u app make \(i)\n"
            case 4: text += "CMD exec nginx -g 'daemon off;' \(i)\n"
            case 5: text += "FROM build AS s\(i)\nRUN cd /src && $(which make) \(i)\n"
            default: text += "RUN --mount=type=cache,target=/root/.cache pip install p\(i)==1.\(i)\n"
            }
        }
        text += "SHELL [\"pwsh\", \"-c\"]\nRUN Invoke-WebRequest x\n"
        let m = DockerfileParser.parse(text, path: "Dockerfile")
        #expect(m.errors.isEmpty)
        let scripted = m.instructions.filter { $0.script != nil }
        #expect(scripted.count > 2 * ScriptPipeline.batchSize)
        // the same file with every script parsed on this thread, one after the other
        let serial = DockerfileParser.parse(handing: .init(text), path: "Dockerfile", buildArgs: [:], scriptsSideBySide: false)
        #expect(serial.instructions.count == m.instructions.count)
        var compared = 0
        for (ins, one) in zip(m.instructions, serial.instructions) {
            #expect((ins.script == nil) == (one.script == nil), "line \(ins.line)")
            guard let s = ins.script, let single = one.script else { continue }
            #expect(s.commands.map(shape) == single.commands.map(shape), "line \(ins.line)")
            #expect(s.incomplete == single.incomplete)
            compared += 1
        }
        #expect(compared == scripted.count)
        // and a few checked by hand: the continued line's commands on their own lines, the heredoc's body
        let first = m.instructions[1].scriptCommands
        #expect(first.map(\.name) == ["apt-get", "apt-get", "rm"] && first.map(\.line) == [2, 2, 3])
        #expect(m.instructions.contains { $0.heredocs.count == 1 && $0.scriptCommands.map(\.name) == ["set", "curl", "sh"] })
        // ONBUILD triggers keep their own parsed script
        #expect(m.instructions.contains { $0.trigger?.value.script?.commands.first?.name == "make" })
    }

    @Test func aParseFinishesWhenNoWorkerTakesItsBatches() {
        // a queue that runs nothing until the parse is over (as a thread pool busy with other files' parses):
        // the parse must not wait for it; its caller parses what no worker takes
        let stuck = DispatchQueue(label: "stuck")
        stuck.suspend()
        let text = "FROM debian:12\n" + (0..<3_000).map { "RUN apt-get install -y p\($0) && rm -rf /x\n" }.joined()
        let m = DockerfileParser.parse(handing: .init(text), path: "Dockerfile", buildArgs: [:], scriptsSideBySide: true, scriptQueue: stuck)
        stuck.resume()
        stuck.sync {}
        #expect(m.instructions.count == 3_001)
        #expect(m.instructions.dropFirst().allSatisfy { $0.scriptCommands.map(\.name) == ["apt-get", "rm"] })
        #expect(m.instructions.last?.scriptCommands.first?.argStrings == ["install", "-y", "p2999"])
    }

    @Test func anInstructionsRareFieldsLiveApartAndCopiesChangeAlone() {
        let m = parse("FROM alpine:3.20\nCOPY --chown=app:app [\"a b\", \"/dst/\"]\nRUN echo hi\nONBUILD RUN make\nENV A=1\nCOPY $A /x\nRUN <<EOF\necho body\nEOF\n")
        let copy = m.instructions[1], run = m.instructions[2], onbuild = m.instructions[3], expanded = m.instructions[5], heredoc = m.instructions[6]
        #expect(copy.flags.map(\.name) == ["chown"] && copy.execForm == ["a b", "/dst/"])
        #expect(run.flags.isEmpty && run.execForm == nil && run.heredocs.isEmpty && run.trigger == nil)
        #expect(run.rawArgs == "echo hi" && run.args == "echo hi" && run.scriptCommands.map(\.name) == ["echo"])
        #expect(onbuild.trigger?.value.keyword == "RUN")
        #expect(expanded.rawArgs == "$A /x" && expanded.args == "1 /x")
        #expect(heredoc.heredocs.first?.body == "echo body\n")
        #expect(run.stageIndex == 0 && run.posixShell && run.line == 3 && run.endLine == 3 && run.column == 1)
        // setting the written arguments keeps the expanded ones; setting the text keeps the written arguments
        var r = run
        r.rawArgs = "echo changed"
        #expect(r.rawArgs == "echo changed" && r.args == "echo hi" && run.rawArgs == "echo hi")
        var o = run
        o.original = "RUN something else"
        #expect(o.rawArgs == "echo hi" && o.original == "RUN something else" && run.original == "RUN echo hi")
        var f = run
        f.flags = [Flag(name: "network", value: "none")]
        f.stageIndex = nil
        f.script = nil
        #expect(f.flags.count == 1 && run.flags.isEmpty && f.stageIndex == nil && run.stageIndex == 0)
        #expect(f.script == nil && f.scriptCommands.isEmpty && run.script != nil)
        var big = run
        big.line = Int(Int32.max) + 10
        #expect(big.line == Int(Int32.max), "lines are kept as 32-bit numbers")
    }
}
