import BulkheadCore
import BulkheadModel

struct DaemonTCPWithoutTLS: Rule {
    static let description = RuleDescription(
        id: "HO001", title: "Daemon listens on TCP without TLS client verification", severity: .critical, controls: [.hostDaemon], cis: ["2.7"],
        rationale: """
        The Engine API is root on the host: whoever can send it a request can start a privileged container that mounts /. \
        A TCP listener without --tlsverify accepts anyone who reaches the port (with --tls alone, anyone with any \
        certificate). Bound to all interfaces that is the network; bound to loopback it is every local user and every \
        container on the host network.
        """,
        remediation: "Listen on the unix socket only, or use --tlsverify with --tlscacert, --tlscert and --tlskey (or reach a remote engine over ssh://).",
        references: ["https://docs.docker.com/engine/security/protect-access/"],
        triggering: [
            Example(#"{"command_line": ["dockerd", "-H", "unix:///var/run/docker.sock", ↓"-H", "tcp://0.0.0.0:2375"]}"#),
            Example(#"{"daemon_json": {"path": "/etc/docker/daemon.json", "text": "{\"hosts\": [\"tcp://127.0.0.1:2375\"], \"tls\": true}"}}↓"#),
        ],
        nonTriggering: [
            Example(#"{"command_line": ["dockerd", "-H", "tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert=/etc/docker/ca.pem"]}"#),
            Example(#"{"command_line": ["dockerd", "-H", "fd://"]}"#),
        ],
        grades: .high ... .critical)

    func check(_ ctx: HostContext) -> [Finding] {
        let h = ctx.host
        let verify = ctx.declaredBool("tlsverify")?.value == true
        let tls = ctx.declaredBool("tls")?.value == true
        var out: [Finding] = []
        for l in h.declaredList("hosts", flag: "host") where l.value.hasPrefix("tcp://") && !verify {
            let addr = l.value.dropFirst("tcp://".count)
            let loopback = addr.hasPrefix("127.") || addr.hasPrefix("localhost") || addr.hasPrefix("[::1]")
            let how = tls ? "TLS without client verification (--tls, not --tlsverify): any client certificate, or none checked, is accepted"
                          : "no TLS: anyone who reaches the port"
            out.append(ctx.finding(Self.description, at: l.origin, severity: loopback ? .high : .critical,
                                   "The daemon listens on \(l.value) with \(how) \(loopback ? "on this host (every local user and host-network container)" : "from the network") controls the engine, which is root on the host.",
                                   evidence: "listen \(l.value)\(tls ? " tls" : "")"))
        }
        // the engine bulkhead itself reached over plain TCP, whether or not its command line is visible
        if out.isEmpty, h.endpoint.hasPrefix("tcp://"), !h.endpoint.contains(":2376"), h.engineReached, h.declared("tlsverify") == nil, h.commandLine == nil {
            out.append(ctx.finding(Self.description, at: nil, severity: .critical,
                                   "bulkhead reached the engine at \(h.endpoint) over plain TCP: so can anyone else who reaches that port.",
                                   evidence: "listen \(h.endpoint)"))
        }
        return out
    }
}
