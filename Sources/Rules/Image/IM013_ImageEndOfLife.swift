import BulkheadCore
import BulkheadModel

struct ImageEndOfLife: Rule {
    static let description = RuleDescription(
        id: "IM013", title: "Operating system past end of support", severity: .high, controls: [.imageFreshness, .vulnPackages], cis: ["4.7"],
        aliases: ["trivy-eosl"],
        rationale: """
        Once a distribution release leaves security support, new vulnerabilities in its packages are never fixed: \
        every rebuild keeps them. The release is read from the image's own os-release and compared with the \
        endoflife.date table, the one imported into the advisory database (`bulkhead db import eol.json`) when it \
        holds one, else the copy built in (Debian counts its free LTS period; Ubuntu's paid ESM does not count). Debian in LTS only \
        is reported as information.
        """,
        remediation: "Move the base image to a supported release (debian:13, alpine:3.22, ubuntu:24.04, ubi9…) and rebuild.",
        triggering: [
            Example("user 1000\n↓layer\nfile etc/os-release 0644 0:0 ID=debian\\nVERSION_ID=\"10\"\\nPRETTY_NAME=\"Debian GNU/Linux 10 (buster)\""),
            Example("user 1000\n↓layer\nfile etc/os-release 0644 0:0 ID=alpine\\nVERSION_ID=3.16.9\\nPRETTY_NAME=\"Alpine Linux v3.16\""),
        ],
        nonTriggering: [
            Example("user 1000\nlayer\nfile etc/os-release 0644 0:0 ID=debian\\nVERSION_ID=\"13\""),
            Example("user 1000\nlayer\nfile etc/os-release 0644 0:0 ID=alpine\\nVERSION_ID=3.22.1"),
            Example("user 1000\nlayer\nfile etc/os-release 0644 0:0 ID=debian\\nVERSION_ID=\"10\"", options: ["today": "2022-01-01"]),
        ], grades: .info ... .high)

    /// The table row for a release: the exact cycle, else its major (or major.minor) part.
    static func release(id: String, version: String, table: [EndOfLife]? = nil) -> (cycle: String, end: String, regular: String)? {
        let rows = (table ?? endOfLifeTable.map { EndOfLife(id: $0.id, cut: $0.cut, cycle: $0.cycle, end: $0.end, regular: $0.regular) }).filter { $0.id == id }
        if let r = rows.first(where: { $0.cycle == version }) { return (r.cycle, r.end, r.regular) }
        let parts = version.split(separator: ".")
        for r in rows {
            let want = r.cut == "minor" ? parts.prefix(2).joined(separator: ".") : String(parts.first ?? "")
            if r.cycle == want { return (r.cycle, r.end, r.regular) }
        }
        return nil
    }

    func check(_ ctx: ImageContext) -> [Finding] {
        guard let os = ctx.osRelease, !os.versionID.isEmpty, let r = Self.release(id: os.id, version: os.versionID, table: ctx.image.endOfLife) else { return [] }
        let place = ctx.image.text("etc/os-release") != nil ? "/etc/os-release" : "/usr/lib/os-release"
        if ctx.today > r.end {
            return [ctx.finding(Self.description, at: place, "\(os.prettyName) left security support on \(r.end): its packages get no more fixes.", evidence: "\(os.id) \(r.cycle) eol \(r.end)")]
        }
        if ctx.today > r.regular {
            return [ctx.finding(Self.description, at: place, severity: .info, "\(os.prettyName) left regular security support on \(r.regular); only LTS fixes until \(r.end).", evidence: "\(os.id) \(r.cycle) lts \(r.end)")]
        }
        return []
    }
}
