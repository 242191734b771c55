import BulkheadCore
import BulkheadModel

struct RuntimeRootUser: Rule {
    static let description = RuleDescription(
        id: "RT001", title: "Container runs as root", severity: .high, controls: [.userRoot], cis: ["4.1", "5.x"],
        aliases: ["CL-0018", "CIS-DI-0001"],
        rationale: """
        A container process running as uid 0 is root on the shared kernel: any escape, writable host mount or \
        kernel bug starts from root. Compose `user: root`, `docker run -u 0` and an inspect Config.User of "", \
        "root" or "0" (inspect shows the image's user merged in, so empty means root) are reported. A compose \
        service or run line without a user inherits the image's USER: when the image is at hand (`--images`) it \
        is judged by what the image says; otherwise it is left to the Dockerfile and image rules.
        """,
        remediation: "Run as an unprivileged uid: `user: \"10001:10001\"` (compose) or `-u 10001:10001`, and give files to that uid in the image.",
        triggering: [
            Example("services:\n  web:\n    image: nginx:1.27\n↓    user: root"),
            Example("↓docker run -u 0:0 nginx:1.27", options: ["format": "run"]),
            Example("[{\"Name\": \"/db\", \"Config\": {\"Image\": \"postgres:16\",\n↓  \"User\": \"\"}, \"HostConfig\": {}}]", options: ["format": "inspect"]),
        ],
        nonTriggering: [
            Example("services:\n  web:\n    image: nginx:1.27\n    user: \"101:101\""),
            Example("services:\n  web:\n    image: nginx:1.27"),
            Example("docker run --user 1000 alpine:3.20", options: ["format": "run"]),
        ])

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let u = ctx.config.user else {
            guard let img = ctx.config.imageDefaults, img.runsAsRoot else { return [] }
            let image = ctx.config.image?.value ?? "its image"
            return [ctx.finding(Self.description, at: ctx.entity, "'\(ctx.config.name)' sets no user, and \(image) (\(img.source)) runs as \(img.user.map { $0.isEmpty ? "root" : $0 } ?? "root").", evidence: "user from image")]
        }
        let name = u.value.split(separator: ":").first.map(String.init) ?? ""
        guard name == "root" || name == "0" || (ctx.isInspect && u.value.isEmpty) else { return [] }
        let shown = u.value.isEmpty ? "\"\" (the image default, root)" : u.value
        return [ctx.finding(Self.description, at: u.origin, "'\(ctx.config.name)' runs as \(shown).", evidence: "user \(u.value)")]
    }
}
