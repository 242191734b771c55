import BulkheadCore
import BulkheadModel

struct ImageWorldWritable: Rule {
    static let description = RuleDescription(
        id: "IM006", title: "World-writable path in the image", severity: .medium, controls: [.imagePermissions], cis: ["4.8"],
        aliases: [],
        rationale: """
        A file or directory that every user may write lets any process in the container, whatever its uid, replace \
        programs, libraries or configuration that others (root among them) later run or read. Directories with the \
        sticky bit (/tmp) are fine: users cannot remove each other's files there. Device nodes are left to runtime checks.
        """,
        remediation: "Fix the mode in the build (chmod o-w, or 1777 for a shared scratch directory), and give the application its own writable directory owned by its user.",
        triggering: [
            Example("user 1000\n↓layer\nfile app/start.sh 0777 0:0 x"),
            Example("user 1000\n↓layer\ndir opt/app/plugins 0777"),
        ],
        nonTriggering: [
            Example("user 1000\nlayer\ndir tmp 1777"),
            Example("user 1000\nlayer\nfile app/start.sh 0755 0:0 x\nlink usr/bin/start ../../app/start.sh"),
        ], grades: .low ... .medium)

    func check(_ ctx: ImageContext) -> [Finding] {
        var out: [Finding] = []
        for f in ctx.sortedFiles where f.isWorldWritable && f.type != .device && f.type != .fifo && !(f.type == .directory && f.isSticky) {
            // under /tmp-like trees a writable file is scratch space, not something others run
            let scratch = f.path.hasPrefix("tmp/") || f.path.hasPrefix("var/tmp/") || f.path.hasPrefix("dev/")
            out.append(ctx.finding(Self.description, at: "/\(f.path)", severity: scratch ? .low : .medium,
                                   "/\(f.path) (\(f.type.rawValue), mode \(String(f.mode, radix: 8))) is writable by every user\(f.type == .directory ? " and has no sticky bit" : ""); set in \(ctx.layerName(f.changedIn)).",
                                   evidence: "/\(f.path) world-writable"))
        }
        return out
    }
}
