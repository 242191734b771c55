import BulkheadCore
import BulkheadModel

struct RuntimeEngineSocket: Rule {
    static let description = RuleDescription(
        id: "RT003", title: "Container engine socket mounted", severity: .critical, controls: [.runtimeDockerSocket], cis: ["5.32"],
        aliases: ["CL-0001", "KICS docker_socket_mounted_in_container"],
        rationale: """
        Whoever can talk to the engine socket can start a privileged container with the host's / mounted: it is \
        root on the host. Read-only mounts do not help (connecting to a socket needs no write to the file). Also \
        caught: a parent directory that contains the socket (/var/run, /run, /), containerd, podman and CRI-O \
        sockets, and Compose `use_api_socket: true`.
        """,
        remediation: "Do not mount the socket. If a tool must reach the engine, put a filtering proxy (e.g. a socket proxy allowing only read endpoints) in between, or use rootless Docker.",
        triggering: [
            Example("services:\n  ci:\n    image: ci:1.0\n    volumes:\n↓      - /var/run/docker.sock:/var/run/docker.sock:ro"),
            Example("services:\n  ci:\n    image: ci:1.0\n    volumes:\n↓      - type: bind\n        source: /run\n        target: /host-run"),
            Example("services:\n  ci:\n    image: ci:1.0\n↓    use_api_socket: true"),
            Example("↓docker run -v /run/containerd/containerd.sock:/c.sock tool:1", options: ["format": "run"]),
        ],
        nonTriggering: [
            Example("services:\n  app:\n    image: app:1.0\n    volumes:\n      - ./data:/data\n      - /var/run/app:/run/app-ext"),
            Example("services:\n  app:\n    image: app:1.0\n    volumes:\n      - docker-data:/var/lib/docker"),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for m in ctx.config.mounts where m.type == "bind" {
            guard let src = m.source, ctx.reachesEngineSocket(src) else { continue }
            let what = src.hasSuffix(".sock") ? "the engine socket \(src)" : "\(src), which contains the engine socket"
            out.append(ctx.finding(Self.description, at: m.origin, "'\(ctx.config.name)' mounts \(what)\(m.readOnly ? " (read-only does not protect a socket)" : ""): control of the engine is control of the host.",
                                   evidence: "mount \(src)"))
        }
        if let u = ctx.config.useAPISocket, u.value {
            out.append(ctx.finding(Self.description, at: u.origin, "'\(ctx.config.name)' sets use_api_socket, which mounts the engine socket and registry credentials.", evidence: "use_api_socket"))
        }
        return out
    }
}
