import BulkheadCore
import BulkheadModel

struct WorldWritable: Rule {
    static let description = RuleDescription(
        id: "DF049", title: "Files made world-writable", severity: .medium, controls: [.imagePermissions], cis: ["4.8"],
        rationale: """
        chmod 777 (or o+w) lets every user in the container, including a compromised unprivileged process, replace \
        the files: binaries, scripts run by root at start, configuration. It is almost always a shortcut around a \
        wrong owner. Directories with the sticky bit (1777, like /tmp) are not reported.
        """,
        remediation: "Give the files to the user that needs them (COPY --chown=app:app, chown) and keep modes at 755/644 or tighter.",
        triggering: [
            Example("FROM debian:12\n↓RUN chmod -R 777 /app"),
            Example("FROM debian:12\n↓RUN chmod a+rwx /entrypoint.sh"),
            Example("FROM debian:12\n↓COPY --chmod=777 app /app"),
            Example("FROM debian:12\n↓RUN mkdir -p /data && chmod 0666 /data/config"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN chmod 755 /app"),
            Example("FROM debian:12\nRUN chmod 1777 /scratch"),
            Example("FROM debian:12\nRUN chmod +x /entrypoint.sh"),
            Example("FROM debian:12 AS build\nRUN chmod 777 /src\nFROM debian:12\nCOPY --from=build /src/app /app"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.finalRuns {
            for c in s.commands where c.name == "chmod" {
                if let m = FileModes.chmodModes(c).first, FileModes.worldWritable(m) {
                    out.append(ctx.finding(Self.description, ins, command: c, "chmod \(m) makes files writable by every user in the container.", evidence: "chmod \(m)"))
                }
            }
        }
        for ins in ctx.file.instructions where (ins.keyword == "COPY" || ins.keyword == "ADD") && ctx.inFinalImage(ins) {
            if let m = ins.flag("chmod")?.value, FileModes.worldWritable(m) {
                out.append(ctx.finding(Self.description, ins, "\(ins.keyword) --chmod=\(m) makes files writable by every user in the container.", evidence: "--chmod=\(m)"))
            }
        }
        return out
    }
}
