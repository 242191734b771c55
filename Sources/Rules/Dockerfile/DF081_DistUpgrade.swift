import BulkheadCore
import BulkheadModel

struct DistUpgrade: Rule {
    static let description = RuleDescription(
        id: "DF081", title: "dist-upgrade in a Dockerfile", severity: .info, controls: [.buildHygiene],
        aliases: ["DL3035", "DS-0024", "DKL-DI-0003"],
        rationale: "dist-upgrade may move the image to a new distribution release, changing far more than security fixes; a newer base image tag is the controlled way to get there.",
        remediation: "Use a newer base image; apt-get upgrade (or nothing, with a fresh base) for security fixes.",
        triggering: [Example("FROM debian:12\n↓RUN apt-get update && apt-get dist-upgrade -y")],
        nonTriggering: [Example("FROM debian:12\nRUN apt-get update && apt-get upgrade -y")])

    /// The OS package managers' commands (the only ones looked at).
    static let managers = PackageManager.names(of: PackageManager.allCases.filter(\.isOS))

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands(named: Self.managers).compactMap { ins, c in
            guard let pm = PackageManager.of(c), pm.isOS, let sub = pm.subcommand(c), ["dist-upgrade", "full-upgrade", "dup"].contains(sub) else { return nil }
            return ctx.finding(Self.description, ins, command: c, "\(c.name) \(sub) can move the image to another release.", evidence: "\(c.name) \(sub)")
        }
    }
}
