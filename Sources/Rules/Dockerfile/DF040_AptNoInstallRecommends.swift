import BulkheadCore
import BulkheadModel

struct AptNoInstallRecommends: Rule {
    static let description = RuleDescription(
        id: "DF040", title: "apt-get install without --no-install-recommends", severity: .low, controls: [.imageMinimal], cis: ["4.3"],
        aliases: ["DL3015", "DS-0029", "CIS-DI-0003"],
        rationale: """
        apt installs 'recommended' packages by default, often doubling what lands in the image: more code, more \
        CVEs to triage, more tools for an attacker. Only stages that end up in the final image are reported, and an \
        APT::Install-Recommends setting written earlier counts.
        """,
        remediation: "apt-get install -y --no-install-recommends <packages>",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*"),
            Example("FROM debian:12\nRUN apt-get update \\\n↓ && apt install -y git=1:2.39.5-0+deb12u1"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8"),
            Example("FROM debian:12 AS build\nRUN apt-get install -y build-essential\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /app /app"),
            Example("FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/01norec\nRUN apt-get install -y curl"),
            Example("FROM debian:12\nRUN apt-get -o APT::Install-Recommends=0 install -y curl"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        // an apt configuration turning recommends off (one scan of the text first: most files have none)
        if ctx.finalRunText(containing: "Install-Recommends "),
           ctx.finalRunText(containing: "Install-Recommends \"false\"") || ctx.finalRunText(containing: "Install-Recommends \"0\"")
            || ctx.finalRunText(containing: "Install-Recommends false") || ctx.finalRunText(containing: "Install-Recommends 0") { return }
        for (ins, s) in ctx.finalRuns {
            for c in RunFacts(s).installs(.apt, .aptCLI) where !c.has("--no-install-recommends") {
                if c.args.contains(where: { w in
                    w.text.contains("ecommends=") && (w.text.contains("Install-Recommends=0") || w.text.lowercased().contains("install-recommends=false"))
                }) { continue }
                sink.add(ctx.finding(Self.description, ins, command: c, "", evidence: "\(c.name) install")) {
                    "\(c.name) install pulls in recommended packages; add --no-install-recommends."
                }
            }
        }
    }
}
