import BulkheadCore
import BulkheadModel

struct ImageExposedPorts: Rule {
    static let description = RuleDescription(
        id: "IM010", title: "Image exposes SSH, a database or the Docker API", severity: .medium, controls: [.networkExposure], cis: ["5.7"],
        aliases: ["DS-0004"],
        rationale: """
        ExposedPorts say what the image expects to serve, and `docker run -P` publishes them all. Port 22 means an SSH \
        server; 2375/2376 the Docker API (root on the host to whoever reaches it); database and cache ports (3306, \
        5432, 6379, 27017, 9200, 11211) are usually meant for a private network only.
        """,
        remediation: "Expose only the service port; keep databases and caches on an internal network and never publish the Docker API.",
        triggering: [Example("user 1000\nexpose 22/tcp\n↓layer"), Example("user 1000\nexpose 2375/tcp\n↓layer"), Example("user 1000\nexpose 6379/tcp\n↓layer")],
        nonTriggering: [Example("user 1000\nexpose 8080/tcp\nlayer")], grades: .low ... .high)

    static let sensitive: [Int: (String, Severity)] = [
        22: ("SSH", .medium), 2375: ("the unencrypted Docker API", .high), 2376: ("the Docker API", .high), 3306: ("MySQL", .low),
        5432: ("PostgreSQL", .low), 6379: ("Redis", .low), 27017: ("MongoDB", .low), 9200: ("Elasticsearch", .low), 11211: ("memcached", .low),
        23: ("telnet", .medium), 5900: ("VNC", .medium), 3389: ("RDP", .medium),
    ]

    func check(_ ctx: ImageContext) -> [Finding] {
        ctx.image.config.exposedPorts.compactMap { p in
            guard let n = Int(p.split(separator: "/").first ?? ""), let (what, sev) = Self.sensitive[n] else { return nil }
            return ctx.finding(Self.description, at: "config.ExposedPorts", severity: sev, "The image exposes \(p) (\(what)).", evidence: "expose \(p)")
        }
    }
}
