import BulkheadCore
import BulkheadModel

struct EngineVersion: Rule {
    static let description = RuleDescription(
        id: "HO042", title: "Engine past its end of life or with a known flaw", severity: .medium, controls: [.hostKernel, .hostDaemon], cis: ["1.2.2"],
        rationale: """
        An engine line the Moby project no longer maintains gets no security fixes. CVE-2024-41110 let a request skip \
        authorization plugins: critical where the host relies on one, low where none is configured. Distribution builds \
        (20.10.24+dfsg1) get what their distribution backports, so only the line's age is said of them.
        """,
        remediation: "Upgrade the engine to a maintained release (the docker-ce packages, or the distribution's newer release).",
        triggering: [
            Example(#"{"info": {"ServerVersion": "26.1.3", "Plugins": {"Authorization": ["opa-docker-authz"]}}}↓"#),
            Example(#"{"info": {"ServerVersion": "20.10.24+dfsg1"}}↓"#),
        ],
        nonTriggering: [Example(#"{"info": {"ServerVersion": "28.3.3"}}"#), Example(#"{"info": {"ServerVersion": "27.5.1", "Plugins": {"Authorization": ["opa"]}}}"#)],
        grades: .low ... .critical)

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        guard let v = h.serverVersion, DottedVersion.parts(v.value) != nil else { return [] }
        var out: [Finding] = []
        if DottedVersion.lessThan(v.value, KnownEscapes.oldestMaintainedEngine) {
            let line = v.value.prefix { $0 != "+" && $0 != "~" && $0 != "-" }.split(separator: ".").prefix(2).joined(separator: ".")
            out.append(ctx.finding(Self.description, at: v.origin, "Docker Engine \(v.value) is from the \(line) line, which the Moby project no longer maintains (\(KnownEscapes.oldestMaintainedEngine) and later are)\(KnownEscapes.distributionBuild(v.value) ? "; this distribution build gets only what the distribution backports" : "").",
                                   evidence: "engine \(line) end of life"))
        }
        if !KnownEscapes.distributionBuild(v.value) {
            for f in KnownEscapes.engine where f.affects(v.value) {
                let plugins = !h.authorizationPlugins.isEmpty
                out.append(ctx.finding(Self.description, at: v.origin, severity: plugins ? f.severity : .low,
                                       "Docker Engine \(v.value) has \(f.id) (\(f.name)): \(f.what)\(plugins ? "" : " (no plugin is configured here, so nothing is bypassed today)"). Fixed in \(KnownEscapes.fixedText(f, for: v.value)).",
                                       evidence: "engine \(v.value) \(f.id)"))
            }
        }
        return out
    }
}
