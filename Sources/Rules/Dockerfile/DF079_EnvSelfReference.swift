import BulkheadCore
import BulkheadModel

struct EnvSelfReference: Rule {
    static let description = RuleDescription(
        id: "DF079", title: "ENV refers to a variable set in the same instruction", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3044"],
        rationale: "Within one ENV instruction, references see the values from before the instruction, so ENV A=1 B=$A sets B to the old A (often empty).",
        remediation: "Split into two ENV instructions.",
        triggering: [Example("FROM debian:12\n↓ENV APP_HOME=/app APP_BIN=$APP_HOME/bin")],
        nonTriggering: [Example("FROM debian:12\nENV APP_HOME=/app\nENV APP_BIN=$APP_HOME/bin"), Example("FROM debian:12\nENV PATH=/app/bin:$PATH")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "ENV" else { return nil }
            var defined: [String] = []
            for w in ShellWords.split(ins.rawArgs) {
                let kv = w.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2 else { return nil }
                let v = String(kv[1])
                for d in defined where v.contains("$" + d) && !v.contains("$" + d + "_") || v.contains("${" + d + "}") || v.contains("${" + d + ":") {
                    return ctx.finding(Self.description, ins, "ENV \(kv[0]) refers to $\(d), which is set in the same ENV and is not visible yet.", evidence: "ENV \(kv[0]) $\(d)")
                }
                defined.append(String(kv[0]))
            }
            return nil
        }
    }
}
