import BulkheadCore
import BulkheadModel

struct DaemonInsecureRegistry: Rule {
    static let description = RuleDescription(
        id: "HO004", title: "Daemon pulls from registries without TLS verification", severity: .high, controls: [.hostDaemon, .imageTrust], cis: ["2.5"],
        rationale: """
        An insecure registry is reached over plain HTTP or with any certificate: anyone on the path can serve a different \
        image for the same name, and every host pulling from it runs what they serve. Loopback (127.0.0.0/8) is allowed \
        by default and reaches only this host.
        """,
        remediation: "Give the registry a certificate (a private CA under /etc/docker/certs.d/<registry>/ca.crt) and remove it from insecure-registries.",
        triggering: [
            Example(#"{"info": {"RegistryConfig": {"InsecureRegistryCIDRs": ["127.0.0.0/8", "10.0.0.0/8"], "IndexConfigs": {"registry.local:5000": {"Secure": false}}}}}↓↓"#),
            Example(#"{"daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"insecure-registries\": [\"registry.local:5000\"]}"}}↓"#),
        ],
        nonTriggering: [Example(#"{"info": {"RegistryConfig": {"InsecureRegistryCIDRs": ["127.0.0.0/8"], "IndexConfigs": {"docker.io": {"Secure": true}}}}}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        // the engine's own list where it was read (effective), the declarations otherwise
        let list = h.engineReached ? h.insecureRegistries : h.declaredList("insecure-registries", flag: "insecure-registry")
        return list.map { r in
            ctx.finding(Self.description, at: r.origin, "The daemon treats \(r.value) as an insecure registry: images from it are not protected by TLS.", evidence: "insecure registry \(r.value)")
        }
    }
}
