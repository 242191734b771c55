import BulkheadCore
import BulkheadModel

struct DockerGroupMembers: Rule {
    static let description = RuleDescription(
        id: "HO032", title: "Users in the docker group are root on the host", severity: .info, controls: [.hostDaemon], cis: ["1.1.2"],
        rationale: "Members of the docker group may use the engine socket, which lets them start a container that mounts / as root: membership is root access without sudo's logging. Listed so each one is a decision.",
        remediation: "Keep the group to administrators (gpasswd -d USER docker), or give users a rootless engine of their own.",
        triggering: [Example(#"{"group": "root:x:0:\ndocker:x:999:alice,bob\n"}↓"#)],
        nonTriggering: [Example(#"{"group": "root:x:0:\ndocker:x:999:\n"}"#)])

    func check(_ ctx: HostContext) -> [Finding] {
        guard let m = ctx.host.dockerGroup, !m.isEmpty else { return [] }
        return [ctx.finding(Self.description, at: nil, "The docker group has \(m.count) member\(m.count == 1 ? "" : "s") (\(m.joined(separator: ", "))); each can act as root on this host.", evidence: "docker group \(m.joined(separator: ","))")]
    }
}
