import BulkheadCore
import BulkheadModel

struct ImageAccounts: Rule {
    static let description = RuleDescription(
        id: "IM014", title: "Account without a password or a second root", severity: .high, controls: [.userRoot, .imagePermissions],
        aliases: ["DKL-LI-0001", "DKL-LI-0002"],
        rationale: """
        An account in /etc/shadow (or /etc/passwd) with an empty password field lets anyone who reaches a login \
        prompt, su or an SSH server in as that user with no password. A second account with uid 0 is root under \
        another name, easy to miss in reviews and in allow-lists of user names.
        """,
        remediation: "Lock accounts that need no password (passwd -l, or '!' / '*' in the password field) and remove extra uid-0 accounts.",
        triggering: [
            Example("user 1000\n↓layer\nfile etc/shadow 0640 0:42 root::19000:0:99999:7:::"),
            Example("user 1000\n↓layer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\\nbackdoor:x:0:0::/root:/bin/sh"),
        ],
        nonTriggering: [
            Example("user 1000\nlayer\nfile etc/shadow 0640 0:42 root:*:19000:0:99999:7:::\\napp:!:19000::::::"),
            Example("user 1000\nlayer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\\napp:x:1000:1000::/home/app:/bin/sh"),
        ])

    func check(_ ctx: ImageContext) -> [Finding] {
        var out: [Finding] = []
        if let shadow = ctx.image.text("etc/shadow") {
            for e in Accounts.entries(shadow) where e.fields.count >= 2 && e.fields[1].isEmpty {
                out.append(ctx.finding(Self.description, at: "/etc/shadow:\(e.line)", "Account '\(e.name)' has an empty password in /etc/shadow: it logs in with no password.", evidence: "shadow \(e.name) empty"))
            }
        }
        if let passwd = ctx.image.text("etc/passwd") {
            for e in Accounts.entries(passwd) where e.fields.count >= 3 {
                if e.fields[1].isEmpty {
                    out.append(ctx.finding(Self.description, at: "/etc/passwd:\(e.line)", "Account '\(e.name)' has an empty password field in /etc/passwd.", evidence: "passwd \(e.name) empty"))
                }
                if e.fields[2] == "0", e.name != "root" {
                    out.append(ctx.finding(Self.description, at: "/etc/passwd:\(e.line)", "Account '\(e.name)' has uid 0: a second root account.", evidence: "passwd \(e.name) uid 0"))
                }
            }
        }
        return out
    }
}
