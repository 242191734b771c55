import BulkheadCore
import BulkheadModel

struct ExposeSSH: Rule {
    static let description = RuleDescription(
        id: "DF046", title: "Port 22 exposed", severity: .medium, controls: [.networkExposure, .imageMinimal], cis: ["5.7"],
        aliases: ["DS-0004", "CKV_DOCKER_1"],
        rationale: """
        EXPOSE 22 means the image expects to run an SSH server: a second way in with its own credentials and CVEs, \
        and a sign the container is managed like a VM. docker exec (or kubectl exec) gives operators a shell without it.
        """,
        remediation: "Remove the SSH server and EXPOSE 22; use docker exec / kubectl exec for debugging.",
        triggering: [Example("FROM debian:12\n↓EXPOSE 22"), Example("FROM debian:12\n↓EXPOSE 80/tcp 22/tcp")],
        nonTriggering: [Example("FROM debian:12\nEXPOSE 8080"), Example("FROM debian:12\nEXPOSE 2222 220")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "EXPOSE", ctx.inFinalImage(ins) else { return nil }
            let hit = ins.words.contains { w in
                let port = w.split(separator: "/").first.map(String.init) ?? w
                if port == "22" { return true }
                let r = port.split(separator: "-").compactMap { Int($0) }
                return r.count == 2 && r[0] <= 22 && 22 <= r[1]
            }
            return hit ? ctx.finding(Self.description, ins, "EXPOSE 22 advertises an SSH server in the image.", evidence: "EXPOSE 22") : nil
        }
    }
}
