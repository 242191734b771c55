import BulkheadCore
import BulkheadModel

struct MissingAssumeYes: Rule {
    static let description = RuleDescription(
        id: "DF076", title: "Package install without a non-interactive -y", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3014", "DL3030", "DL3034", "DL3038", "DS-0021"],
        rationale: "Without -y the package manager asks for confirmation; with no terminal the build aborts or, with some configurations, hangs until it times out.",
        remediation: "apt-get install -y, yum/dnf install -y, zypper --non-interactive install.",
        triggering: [Example("FROM debian:12\n↓RUN apt-get install --no-install-recommends curl"), Example("FROM fedora:40\n↓RUN dnf install httpd && dnf clean all")],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -qy --no-install-recommends curl"),
            Example("FROM debian:12\nRUN apt-get --assume-yes install curl"),
            Example("FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl"),
            Example("FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get -yq install curl"),
        ])

    /// The commands of the managers below (the only ones looked at).
    static let managers = PackageManager.names(of: [.apt, .yum, .dnf, .zypper, .tdnf])

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        ctx.runCommands(named: Self.managers).findings(into: sink) { ins, c in
            guard let pm = PackageManager.of(c), pm == .apt || pm == .yum || pm == .dnf || pm == .zypper || pm == .tdnf, pm.isInstall(c) else { return nil }
            if c.has("-y", "--yes", "--assume-yes", "-n", "--non-interactive", "--noconfirm", "--force-yes") { return nil }
            if c.args.contains(where: { $0.text.hasPrefix("-q") && $0.text.contains("y") || $0.text.contains("Assume-Yes") }) { return nil }
            return ctx.finding(Self.description, ins, command: c, "\(c.name) install without -y waits for a confirmation that never comes.", evidence: "\(c.name) install no -y")
        }
    }
}
