import BulkheadCore
import BulkheadModel

struct RuntimePortExposure: Rule {
    static let description = RuleDescription(
        id: "RT014", title: "Port published on all interfaces", severity: .medium, controls: [.networkExposure], cis: ["5.8", "5.9", "5.14"],
        aliases: ["CL-0005", "KICS container_traffic_not_bound_to_host_interface", "KICS privileged_ports_mapped_in_container"],
        rationale: """
        A port published without a host IP is bound on 0.0.0.0 and [::], reachable from every network the host \
        is on, and Docker's iptables rules bypass host firewalls such as UFW. Databases, caches, message brokers, \
        admin consoles, SSH and above all the engine API (2375/2376) should listen on 127.0.0.1 or an internal \
        network. Other wildcard publishes are reported low (a public web port is often intended).
        """,
        remediation: "Bind to loopback or a specific interface: \"127.0.0.1:5432:5432\", or drop the ports entry and reach the service over a compose network.",
        triggering: [
            Example("services:\n  db:\n    image: postgres:16\n    ports:\n↓      - \"5432:5432\""),
            Example("services:\n  web:\n    image: nginx:1.27\n    ports:\n↓      - \"[::]:8080:80\""),
            Example("↓docker run -p 2375:2375 dind:27", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  db:\n    image: postgres:16\n    ports:\n      - \"127.0.0.1:5432:5432\"\n    expose: [\"5432\"]"),
            Example("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1"),
        ], grades: .low ... .critical)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        if ctx.effective.hostNetwork { return [] }  // RT010 covers host networking
        for p in ctx.config.portBindings where p.isWildcard {
            let loopback = "\"127.0.0.1:\(p.hostPort.isEmpty ? "" : p.hostPort + ":")\(p.containerPort)\(p.proto == "tcp" ? "" : "/" + p.proto)\""
            let fix = "Bind it to loopback or a specific interface: \(loopback), or drop the ports entry and reach the service over a compose network."
            let ports = p.containerPorts
            let host = p.hostPort.isEmpty ? "an ephemeral host port" : "host port \(p.hostPort)"
            let iface = p.hostIP.isEmpty ? "all interfaces" : "\(p.hostIP) (all interfaces)"
            if let e = ports.first(where: { ServicePorts.engine.contains($0) }) {
                var f = ctx.finding(Self.description, at: p.origin, severity: .critical, "'\(ctx.config.name)' publishes the Docker engine API port \(e) on \(iface) (\(host)).", evidence: "port \(e) engine")
                f.fix = fix; out.append(f); continue
            }
            if let s = ports.first(where: { ServicePorts.sensitive[$0] != nil }) {
                var f = ctx.finding(Self.description, at: p.origin, "'\(ctx.config.name)' publishes \(ServicePorts.sensitive[s]!) (\(s)) on \(iface) (\(host)).", evidence: "port \(s)")
                f.fix = fix; out.append(f); continue
            }
            let low = p.hostPorts.first.map { $0 < 1024 } ?? false
            var f = ctx.finding(Self.description, at: p.origin, severity: .low, "'\(ctx.config.name)' publishes port \(p.containerPort)/\(p.proto) on \(iface) (\(host))\(low ? ", a privileged host port" : "").", evidence: "port \(p.containerPort)")
            f.fix = fix; out.append(f)
        }
        if let a = ctx.config.publishAllPorts, a.value {
            // with the image at hand (--images), -P publishes what it EXPOSEs: graded by the ports themselves
            let exposed = Set(ctx.config.exposedPorts + (ctx.config.imageDefaults?.exposedPorts ?? [])).compactMap { Int($0.split(separator: "/").first ?? "") }.sorted()
            if let e = exposed.first(where: { ServicePorts.engine.contains($0) }) {
                out.append(ctx.finding(Self.description, at: a.origin, severity: .critical, "'\(ctx.config.name)' publishes every exposed port on all interfaces (-P), the Docker engine API port \(e) among them.", evidence: "publish-all \(e)"))
            } else if let s = exposed.first(where: { ServicePorts.sensitive[$0] != nil }) {
                out.append(ctx.finding(Self.description, at: a.origin, "'\(ctx.config.name)' publishes every exposed port on all interfaces (-P), \(ServicePorts.sensitive[s]!) (\(s)) among them.", evidence: "publish-all \(s)"))
            } else {
                let list = exposed.isEmpty ? "" : " (\(exposed.map(String.init).joined(separator: ", ")))"
                out.append(ctx.finding(Self.description, at: a.origin, severity: .low, "'\(ctx.config.name)' publishes every exposed port\(list) on all interfaces (-P).", evidence: "publish-all"))
            }
        }
        return out
    }
}
