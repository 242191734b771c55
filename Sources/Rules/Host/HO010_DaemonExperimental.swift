import BulkheadCore
import BulkheadModel

struct DaemonExperimental: Rule {
    static let description = RuleDescription(
        id: "HO010", title: "Experimental features are on", severity: .low, controls: [.hostDaemon], cis: ["2.18"],
        rationale: "Experimental features are not covered by the engine's stability or security guarantees and change between releases.",
        remediation: "Remove \"experimental\": true from daemon.json on production hosts.",
        triggering: [Example(#"{"info": {"ExperimentalBuild": true}}↓"#)],
        nonTriggering: [Example(#"{"info": {"ExperimentalBuild": false}}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        guard let e = ctx.host.experimental, e.value else { return [] }
        return [ctx.finding(Self.description, at: e.origin, "The daemon runs with experimental features.", evidence: "experimental true")]
    }
}
