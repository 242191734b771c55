import BulkheadCore
import BulkheadModel

struct NonNumericFinalUser: Rule {
    static let description = RuleDescription(
        id: "DF006", title: "Final USER is a name, not a numeric id", severity: .info, controls: [.userRoot], cis: ["4.1"],
        aliases: ["DL3066"],
        rationale: """
        Kubernetes' runAsNonRoot and similar admission checks can only verify a numeric user. A name such as 'app' \
        could map to uid 0 in the image's /etc/passwd, so such a platform refuses to start the pod or cannot prove it is non-root.
        """,
        remediation: "Use the numeric uid (and gid) in the final USER: USER 10001:10001.",
        triggering: [Example("FROM debian:12\nRUN useradd -r app\n↓USER app")],
        nonTriggering: [
            Example("FROM debian:12\nUSER 10001:10001"),
            Example("FROM debian:12 AS build\nUSER builder\nFROM debian:12\nUSER 1000"),
            Example("FROM debian:12\nUSER $APP_UID"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let final = ctx.file.finalStage, !final.windows, let user = final.user, let line = final.userLine else { return [] }
        let u = user.split(separator: ":").first.map(String.init) ?? user
        guard !u.isEmpty, !u.allSatisfy(\.isNumber), !KnownBase.isRoot(u), !u.contains("$") else { return [] }
        // only the USER written in the final stage itself
        let own = ctx.file.instructions(in: final).contains { $0.keyword == "USER" && $0.line == line }
        guard own else { return [] }
        return [ctx.finding(Self.description, line: line, stage: final, "The final USER '\(user)' is a name; platforms that enforce non-root need a numeric uid.", evidence: "USER \(user)")]
    }
}
