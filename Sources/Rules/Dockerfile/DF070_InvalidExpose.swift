import BulkheadCore
import BulkheadModel

struct InvalidExpose: Rule {
    static let description = RuleDescription(
        id: "DF070", title: "EXPOSE with an invalid port", severity: .low, controls: [.buildHygiene, .networkExposure],
        aliases: ["DL3011", "DS-0008", "ExposeInvalidFormat", "ExposeProtoCasing"],
        rationale: "EXPOSE takes container ports 0–65535 with an optional /tcp, /udp or /sctp. A host mapping (80:80) or an out-of-range port documents something that will never happen, and host publishing belongs to the run configuration.",
        remediation: "EXPOSE 8080/tcp; publish host ports with docker run -p or compose ports.",
        triggering: [Example("FROM debian:12\n↓EXPOSE 80000"), Example("FROM debian:12\n↓EXPOSE 8080:80"), Example("FROM debian:12\n↓EXPOSE 53/icmp")],
        nonTriggering: [Example("FROM debian:12\nEXPOSE 80 443/tcp 53/udp 8000-8010"), Example("FROM debian:12\nEXPOSE $PORT")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for ins in ctx.file.instructions where ins.keyword == "EXPOSE" {
            for w in ins.words where !w.contains("$") {
                let parts = w.split(separator: "/", maxSplits: 1)
                let proto = parts.count > 1 ? String(parts[1]).lowercased() : "tcp"
                let range = parts.first.map { $0.split(separator: "-", omittingEmptySubsequences: false) } ?? []
                let ok = ["tcp", "udp", "sctp"].contains(proto) && !range.isEmpty && range.count <= 2
                    && range.allSatisfy { Int($0).map { (0...65535).contains($0) } ?? false }
                if !ok { out.append(ctx.finding(Self.description, ins, "EXPOSE \(w) is not a valid container port.", evidence: "EXPOSE \(w)")) }
            }
        }
        return out
    }
}
