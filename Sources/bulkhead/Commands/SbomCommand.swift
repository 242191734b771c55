import Audit
import ArgumentParser
import BulkheadCore
import BulkheadModel
import Foundation
import ImageFormats
import Reporters
import Rules

struct SbomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "Write an image's packages as an SBOM (CycloneDX 1.6 or SPDX 2.3 JSON), or match an image or SBOM against the advisory database.",
        discussion: """
          Packages are read from the image's own databases (dpkg, apk, rpm, Python
          distributions, node_modules, Java archives, Ruby gems, Composer's
          installed.json, .NET deps.json, npm lock files) and from programs:
          Go's build info, cargo-auditable's crate list in Rust programs,
          each with its purl, path and layer. SOURCE may also be a root
          filesystem directory (dir:PATH), read in place as one layer.
          The output is deterministic: the time is the image's creation time
          unless --timestamp says otherwise.

          bulkhead sbom docker-archive:app.tar > app.cdx.json
          bulkhead sbom --format spdx -o app.spdx.json docker:app:1.4
          bulkhead sbom --vulns app.cdx.json             (also another tool's SBOM)
          bulkhead sbom --vulns --format json --ignore-unfixed oci:./layout
          bulkhead sbom --vulns dir:./rootfs
        """)
    @Argument(help: ArgumentHelp("An image source (as bulkhead image takes), a root filesystem (dir:PATH) or, with --vulns, a CycloneDX or SPDX JSON file.", valueName: "SOURCE"))
    var source: String
    @Option(help: ArgumentHelp("cyclonedx or spdx; with --vulns a report format: text, json, sarif, junit, markdown, github. Default: cyclonedx, text with --vulns.", valueName: "FORMAT"))
    var format: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?
    @ArgumentParser.Flag(help: "Match the packages against the advisory database and report the known vulnerabilities (IM018 findings) instead of writing an SBOM.")
    var vulns = false
    @Option(help: ArgumentHelp("The SBOM's time: now, or an RFC 3339 UTC time (default: the image's creation time).", valueName: "TIME"))
    var timestamp: String?
    @Option(help: ArgumentHelp("Pick one image of an archive that holds several (repo tag or OCI ref name).", valueName: "TAG"))
    var tag: String?
    @Option(help: ArgumentHelp("Platform to pick from a multi-platform index (os/arch[/variant]).", valueName: "PLATFORM"))
    var platform: String?
    @Option(name: .customLong("insecure-registry"), help: ArgumentHelp("Speak plain HTTP to this registry (repeatable).", valueName: "HOST"))
    var insecureRegistries: [String] = []
    @Option(name: .customLong("fail-on"), help: ArgumentHelp("With --vulns: exit 1 when a vulnerability is at or above this severity (default high).", valueName: "SEVERITY"))
    var failOn: Severityish?
    @OptionGroup var vulnerabilities: VulnerabilityOptions

    static let sbomFormats = ["cyclonedx", "spdx"]

    func validate() throws {
        let f = format ?? (vulns ? "text" : "cyclonedx")
        if vulns {
            guard OutputFormat(rawValue: f) != nil else { throw ValidationError("with --vulns, --format is a report format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))") }
        } else if !Self.sbomFormats.contains(f) {
            throw ValidationError("--format is cyclonedx or spdx (a report format such as json needs --vulns)")
        }
        if let t = timestamp, t != "now", !(t.count == 20 && t.hasSuffix("Z") && t.dropFirst(10).hasPrefix("T")) {
            throw ValidationError("--timestamp is now or a UTC time such as 2026-12-01T10:00:00Z")
        }
    }

    func run() async throws {
        var selection = ImageSelection(tag: tag, platform: platform, insecureRegistries: Set(insecureRegistries))
        // an SBOM and its vulnerabilities need the packages only: file contents are not searched for credentials
        selection.limits.contentSecrets = false
        if vulns {
            var args = ["--format", format ?? "text"]
            if let output { args += ["-o", output] }
            var common = try CommonOptions.parse(args)
            if let failOn { common.failOn = failOn }
            // only the vulnerability rule: an SBOM has no files, users or configuration to judge
            common.onlyRules = ["IM018"]
            let readers = Readers(io: systemIO)
            try common.runAudit(vulnerabilities: vulnerabilities) { auditor in
                auditor.audit(readers.isSBOM(source) ? auditor.readers.sbomDocument(source) : auditor.readers.image(source, selection: selection, rootFilesystems: true))
            }
        }
        var io = systemIO
        io.advisories = nil
        let input = Readers(io: io).image(source, selection: selection, rootFilesystems: true)
        for w in input.warnings { DatabaseRun.stderr("bulkhead: warning: \(w.description)") }
        for e in input.errors { DatabaseRun.stderr("bulkhead: \(e.description)") }
        let images = input.subjects.compactMap { $0 as? ImageModel }
        guard let image = images.first, input.errors.isEmpty else { throw ExitCode(2) }
        if images.count > 1 {
            DatabaseRun.stderr("bulkhead: warning: \(source) holds \(images.count) images; this SBOM describes \(image.reference ?? "the first") (--tag picks another)")
        }
        // a reference pinned by digest names the image exactly; a tag is only a name
        let digest = image.reference.flatMap { r in r.firstRange(of: "@sha256:").map { String(r[r.index($0.lowerBound, offsetBy: 1)...]) } }
        let subject = SBOMWriter.Subject(name: image.reference ?? source, digest: digest, created: image.config.created,
                                         layers: image.layers.map(\.diffID), inventory: image.inventory ?? PackageInventory())
        let time = timestamp == "now" ? DatabaseRun.now() : timestamp
        let text = (format ?? "cyclonedx") == "spdx"
            ? SBOMWriter.spdx(subject, toolVersion: bulkheadVersion, timestamp: time)
            : SBOMWriter.cycloneDX(subject, toolVersion: bulkheadVersion, timestamp: time)
        if let output {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                DatabaseRun.stderr("bulkhead: cannot write \(output): \(error.localizedDescription)"); throw ExitCode(2)
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        throw ExitCode(0)
    }
}
