import BulkheadCore
import BulkheadModel

/// What an image rule sees: the image (configuration, history, merged filesystem), its accounts and OS
/// release as read from its own files, options, and today's date. Examples are image specs (ImageSpec),
/// built into real archives and read back by the image reader; their ↓ markers count the findings expected.
public struct ImageContext: Sendable {
    public let image: ImageModel
    public let options: RuleOptions
    public let today: String
    /// /etc/passwd of the image: name → uid (nil when the image has none).
    public let users: [String: Int]?
    public let osRelease: OSRelease?

    public init(image: ImageModel, options: RuleOptions = RuleOptions(), today: String = RuleEnvironment.exampleDay) {
        self.image = image; self.options = options; self.today = today
        users = image.text("etc/passwd").map(Accounts.users)
        osRelease = OSRelease(image)
    }

    public var target: Target { image.target }

    /// A finding about the image: `at` is the logical place (`config.User`, `/etc/shadow`, `history[3]`).
    public func finding(_ d: RuleDescription, at place: String, line: Int = 1, severity: Severity? = nil, _ message: String, evidence: String) -> Finding {
        Finding(ruleID: d.id, severity: severity ?? d.severity, message: message, target: target,
                location: Location(line: line, column: 1, path: place), evidence: evidence)
    }

    /// "layer 3" (1-based, as `docker history` users count them from the bottom).
    public func layerName(_ index: Int) -> String { "layer \(index + 1)" }

    /// Files of the final filesystem, in path order.
    public var sortedFiles: [ImageFile] { image.files.values.sorted { $0.path < $1.path } }
}

extension ImageModel: Auditable {
    public func subject(_ e: RuleEnvironment) -> ImageContext { ImageContext(image: self, options: e.options, today: e.today) }
}

extension ImageContext: RuleSubject {
    public static let checks = RuleCatalog.checks(over: ImageContext.self)
    public static var exampleFormat: TargetKind { .image }
    /// What an image can show of the defense-in-depth layers: minimal image, trusted supply, non-root user.
    public static var scorecardControls: Set<Control> {
        [.imageMinimal, .imageDistroless, .imagePermissions, .imageFreshness, .secretsImage, .supplyChain, .userRoot, .imageHealthcheck]
    }
}

/// The image's operating system release, from os-release (or alpine-release / debian_version).
public struct OSRelease: Sendable {
    public var id: String
    public var versionID: String
    public var prettyName: String

    init?(_ image: ImageModel) {
        var fields: [String: String] = [:]
        if let t = image.text("etc/os-release") ?? image.text("usr/lib/os-release") {
            for l in t.split(separator: "\n") {
                let kv = l.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                fields[String(kv[0]).trimmingSpaces] = String(kv[1]).trimmingSpaces.trimmingQuotes
            }
        }
        if fields["ID"] == nil, let a = image.text("etc/alpine-release") { fields["ID"] = "alpine"; fields["VERSION_ID"] = a.trimmingSpaces }
        guard let id = fields["ID"] else { return nil }
        var version = fields["VERSION_ID"] ?? ""
        // Debian testing/sid has no VERSION_ID; debian_version says "12.5" or "trixie/sid"
        if version.isEmpty, id == "debian", let d = image.text("etc/debian_version"), let major = d.trimmingSpaces.split(separator: ".").first, Int(major) != nil {
            version = String(major)
        }
        self.id = id; versionID = version
        prettyName = fields["PRETTY_NAME"] ?? "\(id) \(version)"
    }
}
