import BulkheadCore
import BulkheadModel

struct CopyWholeFilesystem: Rule {
    static let description = RuleDescription(
        id: "DF078", title: "Whole filesystem copied from another stage", severity: .low, controls: [.imageMinimal],
        aliases: ["DL3067"],
        rationale: "COPY --from=stage / / brings every file of the build stage, compilers and caches included, into the image, undoing the point of a multi-stage build.",
        remediation: "Copy only the artifacts the final stage needs: COPY --from=build /out/app /app",
        triggering: [Example("FROM debian:12 AS build\nRUN make\nFROM scratch\n↓COPY --from=build / /")],
        nonTriggering: [Example("FROM debian:12 AS build\nRUN make\nFROM scratch\nCOPY --from=build /out/app /app")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "COPY", ctx.inFinalImage(ins), let from = ins.flag("from")?.value, ins.words.dropLast().contains("/") else { return nil }
            // Only stages of this file built on a real base: a scratch stage holds just what was put in it,
            // and an external image copied whole is a deliberate tool image (e.g. tonistiigi/xx).
            guard let src = ctx.file.stages.first(where: { $0.name == from.lowercased() }) ?? Int(from).flatMap({ $0 < ctx.file.stages.count ? ctx.file.stages[$0] : nil }) else { return nil }
            let root = ctx.file.lineage(of: src).last ?? src
            if root.isScratch { return nil }
            return ctx.finding(Self.description, ins, "COPY --from=\(ins.flag("from")?.value ?? "") / copies the whole filesystem of that stage.", evidence: "COPY --from /")
        }
    }
}
