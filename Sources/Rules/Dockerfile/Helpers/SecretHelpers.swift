import BulkheadCore
import BulkheadModel

extension DockerfileContext {
    /// (name, raw value or nil, instruction) for every ARG and ENV declaration.
    var declarations: [(name: String, value: String?, ins: Instruction)] {
        var out: [(String, String?, Instruction)] = []
        for ins in allInstructions where ins.keyword == "ARG" || ins.keyword == "ENV" {
            let words = ShellWords.split(ins.rawArgs)
            if ins.keyword == "ENV", let f = words.first, !f.contains("=") {
                // legacy ENV name value
                let rest = ins.rawArgs.trimmingSpaces.drop { $0 != " " && $0 != "\t" }.trimmingSpaces
                out.append((f, rest, ins))
                continue
            }
            for w in words {
                let kv = w.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                out.append((String(kv[0]), kv.count > 1 ? String(kv[1]) : nil, ins))
            }
        }
        return out
    }
}
