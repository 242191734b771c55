import BulkheadCore
import BulkheadModel

struct DaemonNoAuthorization: Rule {
    static let description = RuleDescription(
        id: "HO006", title: "No authorization plugin limits what clients of the engine may do", severity: .low, controls: [.hostDaemon], cis: ["2.12"],
        rationale: """
        Without an authorization plugin, access to the engine is all or nothing: anyone who may use the socket may start \
        privileged containers. A plugin (OPA, Casbin, …) can refuse privileged, host-mount or host-namespace requests.
        """,
        remediation: "Add an authorization plugin (\"authorization-plugins\" in daemon.json) if users other than administrators reach the engine; keep the engine patched (CVE-2024-41110 bypassed plugins).",
        triggering: [Example(#"{"info": {"Plugins": {"Authorization": null, "Volume": ["local"]}}}↓"#)],
        nonTriggering: [Example(#"{"info": {"Plugins": {"Authorization": ["opa-docker-authz"]}}}"#), Example(#"{"info": {"Plugins": {"Authorization": null}, "SecurityOptions": ["name=rootless"]}}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        // a rootless engine is only the user's own: nobody else's requests reach it
        guard h.engineReached, h.authorizationPlugins.isEmpty, !h.rootless else { return [] }
        return [ctx.finding(Self.description, at: h.authorizationOrigin, "No authorization plugin: every client of the engine may do everything, privileged containers included.", evidence: "authorization none")]
    }
}
