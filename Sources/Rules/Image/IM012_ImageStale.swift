import BulkheadCore
import BulkheadModel

struct ImageStale: Rule {
    static let description = RuleDescription(
        id: "IM012", title: "Image built long ago", severity: .low, controls: [.imageFreshness], cis: ["4.7"],
        aliases: ["CIS-DI-0004"],
        rationale: """
        An image is a snapshot of its packages on the day it was built; every fix published since is missing until it \
        is rebuilt. Older than the configured age (max-image-age-days, 365 by default) it is reported; twice that, \
        more strongly. Images built reproducibly with the epoch as their date (created 1970-01-01) are skipped.
        """,
        remediation: "Rebuild regularly from an updated base (scheduled CI builds), and redeploy.",
        triggering: [Example("created 2023-01-15T10:00:00Z\nuser 1000\n↓layer"), Example("created 2026-01-15T10:00:00Z\nuser 1000\n↓layer", options: ["max-image-age-days": "90"])],
        nonTriggering: [Example("created 2026-10-01T00:00:00Z\nuser 1000\nlayer"), Example("created 1970-01-01T00:00:00Z\nuser 1000\nlayer")],
        grades: .low ... .medium)

    func check(_ ctx: ImageContext) -> [Finding] {
        guard let created = ctx.image.config.created, created.count >= 10 else { return [] }
        let day = String(created.prefix(10))
        guard let built = Days.number(day), let today = Days.number(ctx.today), built > Days.number("1980-01-01")! else { return [] }
        let age = today - built
        let limit = ctx.options.maxImageAgeDays
        guard age > limit else { return [] }
        return [ctx.finding(Self.description, at: "created", severity: age > 2 * limit ? .medium : .low,
                            "The image was built on \(day), \(age) days ago (limit \(limit)): fixes published since are missing.",
                            evidence: "created \(day)")]
    }
}

/// Days since 1970-01-01 for a yyyy-mm-dd date (proleptic Gregorian), without Foundation.
enum Days {
    static func number(_ s: String) -> Int? {
        let p = s.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard p.count == 3, (1...12).contains(p[1]), (1...31).contains(p[2]) else { return nil }
        var y = p[0]; let m = p[1], d = p[2]
        if m <= 2 { y -= 1 }
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
