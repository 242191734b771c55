import BulkheadCore
import BulkheadModel

struct AddInsteadOfCopy: Rule {
    static let description = RuleDescription(
        id: "DF060", title: "ADD used where COPY would do", severity: .low, controls: [.buildHygiene], cis: ["4.9"],
        aliases: ["DL3020", "DS-0005", "CKV_DOCKER_4", "CIS-DI-0009"],
        rationale: """
        ADD silently unpacks local archives and fetches URLs; for plain files it does the same as COPY but hides \
        those side effects from reviewers. Archives and git/URL sources are ADD's real job and are not reported here \
        (URLs without a checksum are DF031's).
        """,
        remediation: "Use COPY for local files and directories.",
        triggering: [Example("FROM debian:12\n↓ADD app.py /app/"), Example("FROM debian:12\n↓ADD --chown=app:app src/ /src/")],
        nonTriggering: [
            Example("FROM debian:12\nADD rootfs.tar.xz /"),
            Example("FROM debian:12\nADD https://example.com/x.tgz /tmp/"),
            Example("FROM debian:12\nCOPY app.py /app/"),
            Example("FROM debian:12\nADD git@github.com:acme/app.git /src"),
        ])

    static let archiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma", ".tlz", ".gz", ".bz2", ".xz", ".zst"]

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.allInstructions.compactMap { ins in
            guard ins.keyword == "ADD", ins.heredocs.isEmpty else { return nil }
            let srcs = ins.words.dropLast()
            guard !srcs.isEmpty else { return nil }
            let special = srcs.contains { s in
                let l = s.lowercased()
                return l.contains("://") || l.hasPrefix("git@") || l.contains("$") || Self.archiveSuffixes.contains { l.hasSuffix($0) } || l.contains("*")
            }
            return special ? nil : ctx.finding(Self.description, ins, "ADD copies plain files (\(srcs.joined(separator: " "))); COPY says so without ADD's unpacking and download behaviour.", evidence: "ADD \(srcs.joined(separator: " "))")
        }
    }
}
