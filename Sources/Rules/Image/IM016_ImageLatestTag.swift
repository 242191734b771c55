import BulkheadCore
import BulkheadModel

struct ImageLatestTag: Rule {
    static let description = RuleDescription(
        id: "IM016", title: "Image referenced by :latest or no tag", severity: .low, controls: [.imagePinning], cis: ["5.27"],
        aliases: ["DKL-DI-0006"],
        rationale: """
        An image named without a tag, or with :latest, is whatever was pushed last: the audit judges one image and \
        the deployment may run another. A version tag, better a digest (@sha256:…), pins what was audited. Judged on \
        the reference the image was asked by (registry, engine) or tagged with in the archive; images known only by \
        their digest are pinned by definition.
        """,
        remediation: "Refer to the image by a version tag or by digest (app:1.4.2, app@sha256:…), and audit that.",
        triggering: [Example("tag acme/app:latest\nuser 1000\n↓layer"), Example("tag acme/app\nuser 1000\n↓layer")],
        nonTriggering: [Example("tag acme/app:1.4.2\nuser 1000\nlayer")])

    func check(_ ctx: ImageContext) -> [Finding] {
        guard let ref = ctx.image.reference, !ref.hasPrefix("sha256:"), !ref.contains("@") else { return [] }
        if ctx.image.referenceIsTag {
            return ref == "latest" ? [ctx.finding(Self.description, at: "reference", "The image is tagged latest in its layout: not pinned to what was audited.", evidence: "reference latest")] : []
        }
        let last = ref.split(separator: "/").last.map(String.init) ?? ref
        let tag = last.contains(":") ? String(last[last.index(after: last.lastIndex(of: ":")!)...]) : nil
        guard tag == nil || tag == "latest" else { return [] }
        return [ctx.finding(Self.description, at: "reference", "The image is referred to as \(ref)\(tag == nil ? " (no tag: :latest)" : ""): not pinned to what was audited.", evidence: "reference \(ref)")]
    }
}
