import BulkheadCore
import BulkheadModel

struct RunInsecureEntitlement: Rule {
    static let description = RuleDescription(
        id: "DF074", title: "RUN with --security=insecure or --network=host", severity: .medium, controls: [.runtimePrivileged, .runtimeNamespaces],
        rationale: """
        RUN --security=insecure runs the step as a privileged container (all capabilities, no seccomp or AppArmor) \
        and --network=host gives it the build host's network, including services bound to localhost. Both need an \
        entitlement on the builder, and a compromised dependency in that step gets the same access.
        """,
        remediation: "Remove the flag; if a step really needs it, isolate that build on a dedicated builder.",
        triggering: [Example("FROM debian:12\n↓RUN --security=insecure mount -t tmpfs none /mnt"), Example("FROM debian:12\n↓RUN --network=host curl -fsS http://127.0.0.1:8080/")],
        nonTriggering: [Example("FROM debian:12\nRUN --network=none make test"), Example("FROM debian:12\nRUN --security=sandbox true")], grades: .low ... .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.allInstructions.compactMap { ins in
            guard ins.keyword == "RUN" else { return nil }
            if ins.flag("security")?.value == "insecure" { return ctx.finding(Self.description, ins, "RUN --security=insecure runs this step as a privileged container.", evidence: "--security=insecure") }
            if ins.flag("network")?.value == "host" { return ctx.finding(Self.description, ins, severity: .low, "RUN --network=host gives this step the build host's network.", evidence: "--network=host") }
            return nil
        }
    }
}
