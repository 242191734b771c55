import BulkheadCore
import BulkheadModel

struct RuntimeNoLimits: Rule {
    static let description = RuleDescription(
        id: "RT013", title: "No memory, PID or CPU limit", severity: .low, controls: [.runtimeResources], cis: ["5.11", "5.12", "5.29"],
        aliases: ["CL-0026", "KICS memory_not_limited", "KICS pids_limit_not_set", "KICS cpus_not_limited"],
        rationale: "Without limits one container (a leak, a fork bomb, a compromised process mining coins) can starve the host and every other container on it. Both spellings count: mem_limit/pids_limit/cpus and deploy.resources.limits.",
        remediation: "Set limits: deploy.resources.limits {memory: 512M, cpus: '1.0', pids: 200} (or mem_limit, cpus, pids_limit; docker run -m, --cpus, --pids-limit).",
        triggering: [Example("services:\n↓  web:\n    image: web:1.0\n    mem_limit: 512m")],
        nonTriggering: [
            Example("services:\n  web:\n    image: web:1.0\n    deploy:\n      resources:\n        limits: {memory: 512M, cpus: '0.5', pids: 100}"),
            Example("docker run -m 256m --cpus 1 --pids-limit 64 web:1", options: ["format": "run"]),
        ], restrictedSeverity: .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        let c = ctx.config
        var missing: [String] = []
        if c.memory == nil { missing.append("memory") }
        if c.pidsLimit == nil { missing.append("PIDs") }
        if c.nanoCpus == nil && c.cpuShares == nil { missing.append("CPU") }
        guard !missing.isEmpty else { return [] }
        return [ctx.finding(Self.description, at: ctx.entity, "'\(c.name)' has no \(missing.joined(separator: ", ")) limit.", evidence: "limits \(missing.joined(separator: ","))")]
    }
}

enum ServicePorts {
    static let engine: Set<Int> = [2375, 2376, 2377, 4243]
    static let sensitive: [Int: String] = [
        5432: "PostgreSQL", 3306: "MySQL/MariaDB", 1433: "SQL Server", 1521: "Oracle", 27017: "MongoDB", 27018: "MongoDB", 6379: "Redis",
        6380: "Redis", 11211: "memcached", 9200: "Elasticsearch", 9300: "Elasticsearch transport", 5984: "CouchDB", 8086: "InfluxDB",
        9042: "Cassandra", 7000: "Cassandra", 2379: "etcd", 2380: "etcd", 8500: "Consul", 5672: "RabbitMQ", 15672: "RabbitMQ admin",
        9092: "Kafka", 2181: "ZooKeeper", 4222: "NATS", 8983: "Solr", 7474: "Neo4j", 8529: "ArangoDB", 26257: "CockroachDB",
        9000: "admin/MinIO", 10250: "kubelet", 6443: "Kubernetes API", 9090: "Prometheus", 5601: "Kibana",
        22: "SSH", 23: "telnet", 5900: "VNC", 3389: "RDP", 8888: "Jupyter", 6000: "X11", 111: "rpcbind", 2049: "NFS",
    ]
}

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
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        if ctx.effective.hostNetwork { return [] }  // RT010 covers host networking
        for p in ctx.config.portBindings where p.isWildcard {
            let ports = p.containerPorts
            let host = p.hostPort.isEmpty ? "an ephemeral host port" : "host port \(p.hostPort)"
            let iface = p.hostIP.isEmpty ? "all interfaces" : "\(p.hostIP) (all interfaces)"
            if let e = ports.first(where: { ServicePorts.engine.contains($0) }) {
                out.append(ctx.finding(Self.description, at: p.origin, severity: .critical, "'\(ctx.config.name)' publishes the Docker engine API port \(e) on \(iface) (\(host)).", evidence: "port \(e) engine")); continue
            }
            if let s = ports.first(where: { ServicePorts.sensitive[$0] != nil }) {
                out.append(ctx.finding(Self.description, at: p.origin, "'\(ctx.config.name)' publishes \(ServicePorts.sensitive[s]!) (\(s)) on \(iface) (\(host)).", evidence: "port \(s)")); continue
            }
            let low = p.hostPorts.first.map { $0 < 1024 } ?? false
            out.append(ctx.finding(Self.description, at: p.origin, severity: .low, "'\(ctx.config.name)' publishes port \(p.containerPort)/\(p.proto) on \(iface) (\(host))\(low ? ", a privileged host port" : "").", evidence: "port \(p.containerPort)"))
        }
        if let a = ctx.config.publishAllPorts, a.value {
            out.append(ctx.finding(Self.description, at: a.origin, severity: .low, "'\(ctx.config.name)' publishes every exposed port on all interfaces (-P).", evidence: "publish-all"))
        }
        return out
    }
}

struct RuntimeSecretEnv: Rule {
    static let description = RuleDescription(
        id: "RT015", title: "Secret handed over as a literal environment value", severity: .high, controls: [.secretsRuntime],
        aliases: ["CL-0020", "CL-0021"],
        rationale: """
        Environment values are readable by anyone who can run docker inspect, appear in /proc/<pid>/environ, in \
        crash dumps and child processes, and a literal value in a compose file or script is committed to source \
        control. References (${DB_PASSWORD}) and *_FILE variables pointing at /run/secrets are not reported; \
        names are split into words (DB_PASSWORD yes, PASSWORD_FILE no), and connection strings with a password \
        are caught whatever the variable is called.
        """,
        remediation: "Use compose secrets (mounted at /run/secrets) and the image's *_FILE convention, or inject the value from the environment (${VAR}) at deploy time.",
        triggering: [
            Example("services:\n  db:\n    image: postgres:16\n    environment:\n↓      POSTGRES_PASSWORD: example"),
            Example("services:\n  app:\n    image: app:1.0\n    environment:\n↓      - DATABASE_URL=postgres://app:s3cret@db:5432/app"),
            Example("↓docker run -e MYSQL_ROOT_PASSWORD=hunter2 mysql:8", options: ["format": "run"]),
            Example("services:\n  db:\n    image: postgres:16\n    environment:\n↓      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-example}"),
        ],
        nonTriggering: [
            Example("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      POSTGRES_USER: app"),
            Example("docker run -e MYSQL_ROOT_PASSWORD mysql:8", options: ["format": "run"]),
            Example("services:\n  app:\n    image: app:1.0\n    environment:\n      - DATABASE_PASSWORD=/run/secrets/db-password\n      - NEXTAUTH_URL=${NEXTAUTH_URL:-http://localhost:3000}"),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        var out: [Finding] = []
        for e in ctx.config.env {
            // ${DB_PASSWORD:-example}: a committed fallback credential used whenever the variable is unset
            if e.isReference, let lit = e.literalDefault, !Secrets.isReference(lit) {
                let token = Secrets.scan(lit).first
                if token != nil || (Secrets.isSecretName(e.name) && !ctx.options.allowedSecretNames.contains(e.name.uppercased())) {
                    var f = ctx.finding(Self.description, at: e.origin, severity: .medium,
                                        "'\(ctx.config.name)' falls back to a literal \(token?.kind ?? "secret") for \(e.name) when the variable is unset.", evidence: "env default \(e.name)")
                    f.sensitive = [lit].filter { $0.count >= 3 }
                    out.append(f)
                }
                continue
            }
            guard let v = e.value, !e.isReference else { continue }
            if let m = Secrets.scan(v).first {
                var f = ctx.finding(Self.description, at: e.origin, severity: max(.high, m.severity), "'\(ctx.config.name)' gets a \(m.kind) in \(e.name) (\(m.redacted)).", evidence: "env \(e.name) \(m.kind)")
                f.sensitive = [v]
                out.append(f); continue
            }
            guard Secrets.isSecretName(e.name), !Secrets.isReference(v), !ctx.options.allowedSecretNames.contains(e.name.uppercased()) else { continue }
            var f = ctx.finding(Self.description, at: e.origin, "'\(ctx.config.name)' gets \(e.name) as a literal value, readable with docker inspect.", evidence: "env \(e.name)")
            f.sensitive = [v].filter { $0.count >= 3 }
            out.append(f)
        }
        return out
    }
}

struct RuntimeImagePinning: Rule {
    static let description = RuleDescription(
        id: "RT016", title: "Image reference not pinned", severity: .medium, controls: [.imagePinning],
        aliases: ["CL-0004", "CL-0019", "DKL-DI-0006"],
        rationale: "An image without a tag, or with :latest, changes whenever the publisher pushes: deployments stop being reproducible and a bad or malicious push is pulled automatically. With require-digest (or the restricted profile) a tag without @sha256 digest is reported too.",
        remediation: "Pin a release tag (postgres:16.4), ideally with its digest (postgres:16.4@sha256:…).",
        triggering: [
            Example("services:\n  db:\n↓    image: postgres"),
            Example("services:\n  web:\n↓    image: nginx:latest"),
            Example("services:\n  web:\n↓    image: \"$WEB_IMAGE\""),
        ],
        nonTriggering: [
            Example("services:\n  db:\n    image: postgres:16.4"),
            Example("services:\n  app:\n    build: .\n"),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let img = ctx.config.image, !img.value.isEmpty else { return [] }
        if img.value.contains("$") {
            return [ctx.finding(Self.description, at: img.origin, severity: .low, "'\(ctx.config.name)' takes its image from \(img.value), which has no value here; the image is decided at deploy time.", evidence: "image variable \(img.value)")]
        }
        let r = ImageReference(img.value)
        if r.digest != nil { return [] }
        if r.tag == nil || r.tag?.lowercased() == "latest" {
            return [ctx.finding(Self.description, at: img.origin, "'\(ctx.config.name)' uses \(img.value)\(r.tag == nil ? " without a tag (:latest)" : ""), which changes under you.", evidence: "image \(img.value)")]
        }
        if ctx.options.requireDigest {
            return [ctx.finding(Self.description, at: img.origin, severity: .low, "'\(ctx.config.name)' uses \(img.value) without a digest.", evidence: "image digest \(img.value)")]
        }
        return []
    }
}

struct RuntimeLoggingOff: Rule {
    static let description = RuleDescription(
        id: "RT017", title: "Container logging turned off", severity: .medium, controls: [.loggingAudit], cis: ["2.13"],
        aliases: ["CL-0014"],
        rationale: "With the 'none' logging driver nothing the container prints is kept: an incident leaves no trace and operators cannot tell what happened.",
        remediation: "Use a real driver (json-file/local with rotation, journald, fluentd, syslog…).",
        triggering: [Example("services:\n  app:\n    image: app:1.0\n    logging:\n↓      driver: none")],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    logging:\n      driver: local")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let d = ctx.config.logDriver, d.value == "none" else { return [] }
        return [ctx.finding(Self.description, at: d.origin, "'\(ctx.config.name)' discards its logs (logging driver none).", evidence: "log none")]
    }
}

struct RuntimeHealthcheckDisabled: Rule {
    static let description = RuleDescription(
        id: "RT021", title: "Health check disabled", severity: .low, controls: [.imageHealthcheck], cis: ["5.27"],
        aliases: ["KICS healthcheck_not_set"],
        rationale: "healthcheck: disable (or --no-healthcheck) throws away the image's health check, so a hung or failing service keeps running and receiving traffic.",
        remediation: "Remove the disable, or define a health check that fits the deployment.",
        triggering: [Example("services:\n  app:\n    image: app:1.0\n    healthcheck:\n↓      disable: true"), Example("↓docker run --no-healthcheck app:1", options: ["format": "run"])],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    healthcheck:\n      test: [\"CMD\", \"/app\", \"health\"]")])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let t = ctx.config.healthcheckTest, t.value.first?.uppercased() == "NONE" else { return [] }
        return [ctx.finding(Self.description, at: t.origin, "'\(ctx.config.name)' disables its health check.", evidence: "healthcheck disabled")]
    }
}
