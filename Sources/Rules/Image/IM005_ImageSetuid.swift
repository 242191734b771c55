import BulkheadCore
import BulkheadModel

struct ImageSetuid: Rule {
    static let description = RuleDescription(
        id: "IM005", title: "setuid or setgid program added to the image", severity: .medium, controls: [.imagePermissions], cis: ["4.8"],
        aliases: ["CIS-DI-0008"],
        rationale: """
        A setuid-root program runs as root whoever starts it: for a process that got in as an unprivileged user, every \
        such binary is a way up (sudo, pkexec, a custom helper with a bug). Distributions ship a known small set \
        (su, passwd, mount…), listed once as information; anything else, or a known one made setuid by a later layer, \
        is named. Containers started with no-new-privileges neutralize them all.
        """,
        remediation: "Remove the setuid/setgid bits in the build (RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +) or remove the programs; run containers with --security-opt no-new-privileges.",
        triggering: [
            Example("user 1000\n↓layer\nfile usr/bin/sudo 4755 0:0 x"),
            Example("user 1000\n↓layer\nfile opt/app/helper 6755 0:0 x"),
            Example("user 1000\n↓layer\nfile usr/bin/passwd 4755 0:0 x"),
        ],
        nonTriggering: [
            Example("user 1000\nlayer\nfile usr/bin/env 0755 0:0 x"),
            Example("user 1000\nlayer\nfile opt/app/tool 0755 0:0 x"),
        ], grades: .info ... .medium)

    func check(_ ctx: ImageContext) -> [Finding] {
        var distro: [String] = []
        var out: [Finding] = []
        for f in ctx.sortedFiles where f.isSetuid || f.isSetgid {
            let bits = [f.isSetuid ? "setuid" : nil, f.isSetgid ? "setgid" : nil].compactMap { $0 }.joined(separator: "+")
            let owner = f.uid == 0 ? "root" : "uid \(f.uid)"
            if ImageFacts.distributionSetuid.contains(f.path) && f.addedIn == 0 {
                distro.append("/\(f.path)")
            } else {
                out.append(ctx.finding(Self.description, at: "/\(f.path)", severity: f.uid == 0 || f.isSetgid ? .medium : .low,
                                       "/\(f.path) is \(bits) (owner \(owner), mode \(String(f.mode, radix: 8))), added in \(ctx.layerName(f.changedIn)): not part of the base distribution's own set.",
                                       evidence: "/\(f.path) \(bits)"))
            }
        }
        if !distro.isEmpty {
            out.append(ctx.finding(Self.description, at: "/", severity: .info,
                                   "\(distro.count) setuid/setgid program\(distro.count == 1 ? "" : "s") from the base distribution: \(distro.joined(separator: ", ")). Harmless with no-new-privileges; remove them in a minimal image.",
                                   evidence: "distribution setuid set"))
        }
        return out
    }
}
