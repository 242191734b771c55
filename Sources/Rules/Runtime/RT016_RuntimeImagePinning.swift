import BulkheadCore
import BulkheadModel

struct RuntimeImagePinning: Rule {
    static let description = RuleDescription(
        id: "RT016", title: "Image reference not pinned", severity: .medium, controls: [.imagePinning],
        aliases: ["CL-0004", "CL-0019", "DKL-DI-0006"],
        rationale: "An image without a tag, or with :latest, changes whenever the publisher pushes: deployments stop being reproducible and a bad or malicious push is pulled automatically. With require-digest (or the restricted profile) a tag without @sha256 digest is reported too.",
        remediation: "Pin a release tag (postgres:16.4), ideally with its digest (postgres:16.4@sha256:…).",
        triggering: [
            Example("services:\n  db:\n↓    image: postgres"),
            Example("services:\n  web:\n↓    image: nginx:latest"),
            Example("services:\n  web:\n↓    image: \"$WEB_IMAGE\""),
        ],
        nonTriggering: [
            Example("services:\n  db:\n    image: postgres:16.4"),
            Example("services:\n  app:\n    build: .\n"),
        ], grades: .low ... .medium)

    func check(_ ctx: RuntimeContext) -> [Finding] {
        guard let img = ctx.config.image, !img.value.isEmpty else { return [] }
        if img.value.contains("$") {
            return [ctx.finding(Self.description, at: img.origin, severity: .low, "'\(ctx.config.name)' takes its image from \(img.value), which has no value here; the image is decided at deploy time.", evidence: "image variable \(img.value)")]
        }
        let r = ImageReference(img.value)
        if r.digest != nil { return [] }
        if r.tag == nil || r.tag?.lowercased() == "latest" {
            return [ctx.finding(Self.description, at: img.origin, "'\(ctx.config.name)' uses \(img.value)\(r.tag == nil ? " without a tag (:latest)" : ""), which changes under you.", evidence: "image \(img.value)")]
        }
        if ctx.options.requireDigest {
            return [ctx.finding(Self.description, at: img.origin, severity: .low, "'\(ctx.config.name)' uses \(img.value) without a digest.", evidence: "image digest \(img.value)")]
        }
        return []
    }
}
