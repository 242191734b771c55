import BulkheadCore
import BulkheadModel

struct AddURLWithoutChecksum: Rule {
    static let description = RuleDescription(
        id: "DF031", title: "ADD downloads a URL without --checksum", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        aliases: ["DL3020", "DS-0005"],
        rationale: """
        ADD <url> fetches whatever the server returns at build time and puts it in a layer unverified. Since \
        Dockerfile 1.6, ADD --checksum=sha256:… makes the build fail if the content changes.
        """,
        remediation: "Add --checksum=sha256:<digest> to the ADD, or download with curl and verify the checksum in the same RUN.",
        triggering: [
            Example("FROM debian:12\n↓ADD https://example.com/tool.tar.gz /opt/"),
            Example("FROM debian:12\n↓ADD http://example.com/tool /usr/local/bin/tool"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/"),
            Example("FROM debian:12\nADD https://github.com/acme/app.git#v1.2.3 /src"),
            Example("FROM debian:12\nADD app.tar.gz /opt/"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.allInstructions.compactMap { ins in
            guard ins.keyword == "ADD", !ins.hasFlag("checksum") else { return nil }
            let urls = ins.words.dropLast().filter { ($0.hasPrefix("http://") || $0.hasPrefix("https://")) && !$0.contains(".git#") && !$0.contains(".git?") && !$0.hasSuffix(".git") }
            guard let u = urls.first else { return nil }
            let plain = u.hasPrefix("http://")
            return ctx.finding(Self.description, ins, "ADD downloads \(u) \(plain ? "over plain HTTP " : "")without --checksum, so its content is not verified.",
                               evidence: "ADD \(u)")
        }
    }
}
