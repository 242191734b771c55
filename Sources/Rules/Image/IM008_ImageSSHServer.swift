import BulkheadCore
import BulkheadModel

struct ImageSSHServer: Rule {
    static let description = RuleDescription(
        id: "IM008", title: "SSH server in the image", severity: .medium, controls: [.imageMinimal, .networkExposure], cis: ["5.7"],
        aliases: ["DS-0004"],
        rationale: """
        An SSH daemon in a container is a second way in with its own credentials, keys and CVEs, and a sign the \
        container is managed like a VM. docker exec and kubectl exec give operators a shell without it.
        """,
        remediation: "Remove the SSH server (openssh-server, dropbear) from the image; use docker exec or kubectl exec for debugging.",
        triggering: [Example("user 1000\n↓layer\nfile usr/sbin/sshd 0755 0:0 x")],
        nonTriggering: [Example("user 1000\nlayer\nfile usr/bin/ssh 0755 0:0 x")])

    func check(_ ctx: ImageContext) -> [Finding] {
        ImageFacts.present(ImageFacts.sshServers, in: ctx.image).map { p in
            ctx.finding(Self.description, at: p, "\(p) is installed: the image carries an SSH server.", evidence: p)
        }
    }
}
