import BulkheadCore
import BulkheadModel

extension DockerfileContext {
    /// Stages whose base is an image (not scratch, not an earlier stage).
    var imageBases: [Stage] { file.stages.filter { $0.parentStage == nil && !$0.isScratch && !$0.base.isEmpty } }

    func fromInstruction(_ s: Stage) -> Instruction? { file.instructions.first { $0.keyword == "FROM" && $0.line == s.fromLine } }

    func fromFinding(_ d: RuleDescription, _ s: Stage, severity: Severity? = nil, _ message: String) -> Finding {
        if let ins = fromInstruction(s) { return finding(d, ins, severity: severity, message, evidence: "FROM \(s.base)") }
        return finding(d, line: s.fromLine, stage: s, severity: severity, message, evidence: "FROM \(s.base)")
    }
}
