import BulkheadCore
import BulkheadModel

struct ImageAccounts: Rule {
    static let description = RuleDescription(
        id: "IM014", title: "Account without a password, a second root, or shared ids", severity: .high, controls: [.userRoot, .imagePermissions],
        aliases: ["DKL-LI-0001", "DKL-LI-0002"],
        rationale: """
        An account in /etc/shadow (or /etc/passwd) with an empty password field lets anyone who reaches a login \
        prompt, su or an SSH server in as that user with no password. A second account with uid 0 is root under \
        another name, easy to miss in reviews and in allow-lists of user names. Two accounts (or groups) sharing one \
        id own each other's files (reported low).
        """,
        remediation: "Lock accounts that need no password (passwd -l, or '!' / '*' in the password field) and remove extra uid-0 accounts.",
        triggering: [
            Example("user 1000\n↓layer\nfile etc/shadow 0640 0:42 root::19000:0:99999:7:::"),
            Example("user 1000\n↓layer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\\nbackdoor:x:0:0::/root:/bin/sh"),
            Example("user 1000\n↓layer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\\napp:x:1000:1000::/app:/bin/sh\\nworker:x:1000:1000::/w:/bin/sh"),
        ],
        nonTriggering: [
            Example("user 1000\nlayer\nfile etc/shadow 0640 0:42 root:*:19000:0:99999:7:::\\napp:!:19000::::::"),
            Example("user 1000\nlayer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\\napp:x:1000:1000::/home/app:/bin/sh"),
        ], grades: .low ... .high)

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
            out += Self.shared(Accounts.entries(passwd), file: "/etc/passwd", what: "uid", ctx)
        }
        if let group = ctx.image.text("etc/group") {
            out += Self.shared(Accounts.entries(group), file: "/etc/group", what: "gid", ctx)
        }
        return out
    }

    /// Ids given to more than one name (uid 0 is reported above).
    static func shared(_ entries: [Accounts.Entry], file: String, what: String, _ ctx: ImageContext) -> [Finding] {
        var byID: [String: [Accounts.Entry]] = [:]
        for e in entries where e.fields.count >= 3 && !e.fields[2].isEmpty && e.fields[2] != "0" { byID[String(e.fields[2]), default: []].append(e) }
        return byID.keys.sorted().compactMap { id in
            guard let es = byID[id], es.count > 1 else { return nil }
            return ctx.finding(Self.description, at: "\(file):\(es[1].line)", severity: .low,
                               "\(what) \(id) is shared by \(es.map { "'\($0.name)'" }.joined(separator: " and ")) in \(file).", evidence: "\(file) \(what) \(id) shared")
        }
    }
}
