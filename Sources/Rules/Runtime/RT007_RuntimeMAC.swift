import BulkheadCore
import BulkheadModel

struct RuntimeMAC: Rule {
    static let description = RuleDescription(
        id: "RT007", title: "AppArmor or SELinux confinement turned off", severity: .high, controls: [.runtimeMAC], cis: ["5.1", "5.2"],
        aliases: ["CL-0009"],
        rationale: """
        docker-default AppArmor denies mount, writes to /proc/sys and /sys, and ptrace of other profiles; SELinux \
        labels keep containers from each other's files. apparmor=unconfined or label=disable removes the layer \
        that stops SYS_ADMIN from becoming a cgroup escape.
        """,
        remediation: "Remove apparmor=unconfined / label=disable; write a custom profile that allows only what is missing.",
        triggering: [
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n↓      - label=disable"),  // low: AppArmor still confines it
            Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n↓      - apparmor=unconfined\n↓      - label:disable"),
            Example("[{\"Name\": \"/x\", \"Config\": {\"User\": \"1000\"}, \"HostConfig\": {},\n↓ \"AppArmorProfile\": \"unconfined\"}]", options: ["format": "inspect"]),
        ],
        nonTriggering: [Example("services:\n  app:\n    image: app:1.0\n    security_opt:\n      - apparmor=my-profile\n      - label=type:svirt_apache_t")], grades: .low ... .high)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        // privileged implies both (inspect even shows label=disable); RT002 reports it
        if ctx.config.privileged?.value ?? false { return [] }
        var out: [Finding] = []
        for s in ctx.config.securityOptions("apparmor") where s.value == "unconfined" {
            out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' runs with AppArmor unconfined.", evidence: "apparmor unconfined"))
        }
        // graded by the confinement in effect: with AppArmor still confining the container, SELinux labelling
        // matters only on an SELinux host (inspect output says which: an empty AppArmorProfile means no AppArmor)
        let appArmorAbsent = ctx.isInspect && (ctx.config.appArmorProfile?.value ?? "").isEmpty
        let appArmorConfines = !ctx.effective.appArmorUnconfined && !appArmorAbsent && ctx.daemon.appArmor
        for s in ctx.config.securityOptions("label") where s.value == "disable" {
            if appArmorConfines {
                let profile = ctx.config.securityOptions("apparmor").last?.value ?? ctx.config.appArmorProfile?.value ?? "docker-default"
                out.append(ctx.finding(Self.description, at: s.origin, severity: .low,
                                       "'\(ctx.config.name)' turns SELinux labelling off; AppArmor (\(profile)) still confines it, so this weakens only an SELinux host.",
                                       evidence: "label disable"))
            } else {
                out.append(ctx.finding(Self.description, at: s.origin, "'\(ctx.config.name)' turns SELinux labelling off, and no AppArmor profile confines it either.", evidence: "label disable"))
            }
        }
        if out.isEmpty, let a = ctx.config.appArmorProfile, a.value == "unconfined", !(ctx.config.privileged?.value ?? false) {
            out.append(ctx.finding(Self.description, at: a.origin, "'\(ctx.config.name)' runs with AppArmor unconfined.", evidence: "apparmor unconfined"))
        }
        return out
    }
}
