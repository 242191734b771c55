import BulkheadCore
import BulkheadModel

struct ImageRootUser: Rule {
    static let description = RuleDescription(
        id: "IM001", title: "Image runs as root", severity: .high, controls: [.userRoot], cis: ["4.1"],
        aliases: ["CIS-DI-0001", "DS-0002", "CKV_DOCKER_3"],
        rationale: """
        The image's configured user is what every container of it runs as unless the runtime says otherwise. An \
        empty User, root or uid 0 (also a name that the image's own /etc/passwd maps to uid 0) gives a process that \
        breaks out of the application root inside the container, one kernel bug away from root on the host. A user \
        name that the image's /etc/passwd does not define makes the container fail to start, or run with the \
        runtime's fallback; numeric ids need no entry.
        """,
        remediation: "Build the image with a non-root USER (a numeric uid such as 10001, created with useradd -r), or start from a base whose default user is not root (distroless :nonroot).",
        triggering: [
            Example("↓layer\nfile etc/passwd 0644 0:0 root:x:0:0:root:/root:/bin/sh"),
            Example("user root\n↓layer\nfile etc/passwd 0644 0:0 root:x:0:0:root:/root:/bin/sh"),
            Example("user 0:0\n↓layer"),
            Example("user toor\n↓layer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\\ntoor:x:0:0::/root:/bin/sh"),
            Example("user app\n↓layer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh"),
        ],
        nonTriggering: [
            Example("user 10001\nlayer"),
            Example("user app\nlayer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\\napp:x:1000:1000::/home/app:/bin/sh"),
            Example("user 65532:65532\nlayer"),
        ], grades: .medium ... .high)

    func check(_ ctx: ImageContext) -> [Finding] {
        let d = Self.description
        let raw = (ctx.image.config.user ?? "").trimmingSpaces
        let name = raw.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if name.isEmpty {
            return [ctx.finding(d, at: "config.User", "The image sets no user, so its containers run as root.", evidence: "User empty")]
        }
        if name == "root" || Int(name) == 0 {
            return [ctx.finding(d, at: "config.User", "The image runs as \(raw) (uid 0).", evidence: "User \(raw)")]
        }
        if Int(name) != nil { return [] }
        guard let users = ctx.users else {
            return [ctx.finding(d, at: "config.User", severity: .medium, "The image runs as '\(name)' but has no /etc/passwd to say who that is; containers fail to start unless the runtime supplies the user. Use a numeric uid.", evidence: "User \(name) unresolved")]
        }
        guard let uid = users[name] else {
            return [ctx.finding(d, at: "config.User", severity: .medium, "The image runs as '\(name)', which its /etc/passwd does not define; containers fail to start. Use a numeric uid or add the user.", evidence: "User \(name) unresolved")]
        }
        if uid == 0 {
            return [ctx.finding(d, at: "config.User", "The image runs as '\(name)', which the image's /etc/passwd maps to uid 0: root under another name.", evidence: "User \(name) uid 0")]
        }
        return []
    }
}
