import BulkheadCore
import BulkheadModel

/// Base images known to default to a non-root user.
enum KnownBase {
    static func runsAsNonRoot(_ image: String) -> Bool {
        let l = image.lowercased()
        if l.contains(":nonroot") || l.contains("-nonroot") || l.contains("/nonroot") { return true }
        if l.hasPrefix("cgr.dev/chainguard/") && !l.contains("-dev") && !l.contains(":latest-dev") {
            // Chainguard images run as nonroot except a few (e.g. the -dev variants)
            return !["cgr.dev/chainguard/wolfi-base", "cgr.dev/chainguard/busybox", "cgr.dev/chainguard/alpine-base"].contains { l.hasPrefix($0) }
        }
        // Bitnami images are non-root (uid 1001)
        if l.hasPrefix("bitnami/") || l.contains("/bitnami/") { return true }
        if l.hasPrefix("registry.access.redhat.com/ubi") && l.contains("minimal") { return false }
        return false
    }

    static func isRoot(_ user: String) -> Bool {
        let u = user.split(separator: ":").first.map(String.init)?.trimmingSpaces ?? user
        return u == "root" || u == "0"
    }
}
