import BulkheadCore
import BulkheadModel

struct RedundantPlatform: Rule {
    static let description = RuleDescription(
        id: "DF085", title: "FROM --platform with a constant or the default", severity: .info, controls: [.buildHygiene],
        aliases: ["DL3029", "DL3065", "FromPlatformFlagConstDisallowed", "RedundantTargetPlatform"],
        rationale: "A constant --platform forces emulation on other architectures and breaks multi-platform builds; --platform=$TARGETPLATFORM is the default and only adds noise. $BUILDPLATFORM for cross-compiling stages is the useful form.",
        remediation: "Remove --platform, or use --platform=$BUILDPLATFORM in build stages that cross-compile.",
        triggering: [Example("↓FROM --platform=linux/amd64 debian:12"), Example("↓FROM --platform=$TARGETPLATFORM debian:12")],
        nonTriggering: [Example("FROM --platform=$BUILDPLATFORM golang:1.23 AS build"), Example("FROM debian:12")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "FROM", let raw = ins.flags.first(where: { $0.name == "platform" })?.value else { return nil }
            let rawFlag = ins.original.firstRange(of: "--platform=").map { String(ins.original[$0.upperBound...].prefix { $0 != " " && $0 != "\t" }) } ?? raw
            if rawFlag.contains("TARGETPLATFORM") { return ctx.finding(Self.description, ins, "--platform=$TARGETPLATFORM is the default.", evidence: "platform target") }
            if !rawFlag.contains("$") { return ctx.finding(Self.description, ins, "FROM --platform=\(rawFlag) pins the platform to a constant.", evidence: "platform \(rawFlag)") }
            return nil
        }
    }
}
