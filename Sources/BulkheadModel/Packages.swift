import BulkheadCore

/// An installed package, as the package manager's own database records it.
public struct InstalledPackage: Sendable, Equatable, Hashable {
    /// OSV's ecosystem name for the package's kind (Debian, Alpine, PyPI, npm, …), without a release.
    public var ecosystem: String
    public var name: String
    public var version: String
    /// The source package it was built from (Debian's Source field, apk's origin); advisories name these.
    public var sourceName: String
    public var sourceVersion: String
    public var architecture: String?
    /// The database file it was read from (inside the image or root filesystem, no leading slash).
    public var path: String
    /// The image layer (index) that installed this version, when known.
    public var layer: Int?
    public init(ecosystem: String, name: String, version: String, sourceName: String? = nil, sourceVersion: String? = nil,
                architecture: String? = nil, path: String, layer: Int? = nil) {
        self.ecosystem = ecosystem; self.name = name; self.version = version
        self.sourceName = sourceName ?? name; self.sourceVersion = sourceVersion ?? version
        self.architecture = architecture; self.path = path; self.layer = layer
    }
}

/// The distribution an image or root filesystem runs, from os-release and its fallbacks.
public struct Distribution: Sendable, Equatable, Hashable {
    /// os-release ID (debian, alpine, ubuntu, rhel, …).
    public var id: String
    /// VERSION_ID (12, 3.19.1, 22.04), or the major release read from debian_version.
    public var versionID: String
    public var codename: String?
    public var prettyName: String
    /// os-release's CPE_NAME, where the distribution states one (Red Hat, Fedora, SUSE, AlmaLinux, Rocky…).
    public var cpe: String?
    public init(id: String, versionID: String, codename: String? = nil, prettyName: String, cpe: String? = nil) {
        self.id = id; self.versionID = versionID; self.codename = codename; self.prettyName = prettyName; self.cpe = cpe
    }

    /// The release part of OSV's ecosystem name for this distribution's packages: `12` for `Debian:12`,
    /// `v3.19` for `Alpine:v3.19`, `22.04` for Ubuntu. Nil when the release is unknown (testing, sid, edge).
    public var osvRelease: String? {
        switch id {
        case "debian":
            if let major = versionID.split(separator: ".").first, Int(major) != nil { return String(major) }
            return nil
        case "alpine":
            let parts = versionID.split(separator: ".")
            guard parts.count >= 2, Int(parts[0]) != nil, Int(parts[1]) != nil else { return nil }
            return "v\(parts[0]).\(parts[1])"
        case "ubuntu": return versionID.isEmpty ? nil : versionID
        default: return versionID.isEmpty ? nil : versionID
        }
    }

    /// OSV's ecosystem for the distribution's packages (`Debian`, `Alpine`, `Ubuntu`), nil for others.
    public var osvEcosystem: String? {
        switch id {
        case "debian": "Debian"
        case "alpine": "Alpine"
        case "ubuntu": "Ubuntu"
        case "rhel": "Red Hat"
        case "almalinux": "AlmaLinux"
        case "rocky": "Rocky Linux"
        case "opensuse-leap", "opensuse-tumbleweed", "opensuse": "openSUSE"
        case "sles", "sled", "sle-micro": "SUSE"
        case "mageia": "Mageia"
        default: nil
        }
    }

    /// A distribution whose packages are rpm's (their names in OSV come from `osvEcosystem`).
    public var usesRPM: Bool { ["Red Hat", "AlmaLinux", "Rocky Linux", "openSUSE", "SUSE", "Mageia"].contains(osvEcosystem ?? "") }
}

/// Everything installed in one image or root filesystem.
public struct PackageInventory: Sendable {
    public var distribution: Distribution?
    public var packages: [InstalledPackage]
    public var warnings: [InputError]
    public init(distribution: Distribution? = nil, packages: [InstalledPackage] = [], warnings: [InputError] = []) {
        self.distribution = distribution; self.packages = packages; self.warnings = warnings
    }
}

/// One advisory as the database holds it, normalized from OSV, Debian or Alpine feeds.
public struct Advisory: Sendable, Equatable {
    public var id: String
    public var aliases: [String]
    public var summary: String
    public var published: String?
    public var modified: String?
    public var withdrawn: String?
    /// Severity vectors (`CVSS:3.1/AV:N/…`, `CVSS:4.0/…`) and words (Debian urgency, GHSA's `HIGH`).
    public var cvss: [String]
    public var severityWord: String?
    public var affected: [AffectedPackage]
    /// Where it came from (the feed's kind and location).
    public var source: String
    public init(id: String, aliases: [String] = [], summary: String = "", published: String? = nil, modified: String? = nil,
                withdrawn: String? = nil, cvss: [String] = [], severityWord: String? = nil, affected: [AffectedPackage] = [], source: String = "") {
        self.id = id; self.aliases = aliases; self.summary = summary; self.published = published; self.modified = modified
        self.withdrawn = withdrawn; self.cvss = cvss; self.severityWord = severityWord; self.affected = affected; self.source = source
    }
}

/// What an advisory says about one package in one ecosystem (and release).
public struct AffectedPackage: Sendable, Equatable {
    /// The state the feed gives. `fixed` and `affected` carry ranges; the others say why there is no fix.
    public enum State: String, Sendable {
        /// Ranges and versions decide (OSV; Debian and Alpine with a fixed version).
        case ranges
        /// No fix exists yet (Debian `<unfixed>`, an open tracker entry).
        case unfixed
        /// The distribution decided not to fix it, or to fix it later (`<no-dsa>`, `<ignored>`, `<postponed>`,
        /// `<end-of-life>`; the note says which).
        case wontFix = "wont-fix"
        /// The release is not affected (`<not-affected>`, fixed version 0).
        case notAffected = "not-affected"
    }
    public struct Event: Sendable, Equatable {
        public enum Kind: String, Sendable { case introduced, fixed, lastAffected = "last_affected", limit }
        public var kind: Kind
        public var version: String
        public init(_ kind: Kind, _ version: String) { self.kind = kind; self.version = version }
    }
    public struct Range: Sendable, Equatable {
        public var type: String
        public var events: [Event]
        public init(type: String, events: [Event]) { self.type = type; self.events = events }
    }
    /// OSV ecosystem without the release (`Debian`, `PyPI`).
    public var ecosystem: String
    /// The release (`12`, `v3.19`), empty when the record applies to every release.
    public var release: String
    /// As the feed names it; matching compares normalized names.
    public var name: String
    public var state: State
    public var ranges: [Range]
    public var versions: [String]
    /// Why there is no fix, an urgency or other remark from the feed.
    public var note: String?
    public init(ecosystem: String, release: String = "", name: String, state: State = .ranges, ranges: [Range] = [], versions: [String] = [], note: String? = nil) {
        self.ecosystem = ecosystem; self.release = release; self.name = name; self.state = state
        self.ranges = ranges; self.versions = versions; self.note = note
    }

    /// The first fixed version of the ranges (what to upgrade to), when there is one.
    public var fixedVersions: [String] {
        ranges.flatMap { $0.events.filter { $0.kind == .fixed }.map(\.version) }
    }

    /// `Debian:12` → (`Debian`, `12`); `Alpine:v3.19` → (`Alpine`, `v3.19`); `Ubuntu:22.04:LTS` → (`Ubuntu`, `22.04`);
    /// `PyPI` → (`PyPI`, ``).
    public static func splitEcosystem(_ s: String) -> (ecosystem: String, release: String) {
        let parts = s.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return (s, "") }
        return (String(parts[0]), String(parts[1]))
    }

    /// The name advisories and packages are compared by: PyPI's PEP 503 form, lower case where the ecosystem
    /// ignores case (PyPI, npm is case-sensitive but OSV records spell names as published, so npm is lower-cased
    /// too: `Axios` and `axios` are one package on the registry).
    public static func matchName(_ name: String, ecosystem: String) -> String {
        // already in matching form (what the database stores): lower-case ASCII letters, digits and single dashes
        if ecosystem == "PyPI" || ecosystem == "npm" || ecosystem == "Debian" || ecosystem == "Alpine" || ecosystem == "Ubuntu" {
            var plain = true
            var prev: UInt8 = 0
            for b in name.utf8 {
                let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b == 0x2D && prev != 0x2D && prev != 0)
                    || (ecosystem != "PyPI" && (b == 0x2B || b == 0x2E || b == 0x40 || b == 0x2F || b == 0x5F))
                if !ok { plain = false; break }
                prev = b
            }
            if plain && prev != 0x2D { return name }
        }
        switch ecosystem {
        case "PyPI":
            var out = ""
            var pendingDash = false
            for c in name.lowercased() {
                if c == "-" || c == "_" || c == "." { pendingDash = !out.isEmpty; continue }
                if pendingDash { out.append("-"); pendingDash = false }
                out.append(c)
            }
            return out
        case "npm", "Debian", "Alpine", "Ubuntu", "Packagist", "NuGet": return name.lowercased()
        default: return name
        }
    }
}

/// Advisories held in memory (rule examples, tests, an SBOM matched against records read from files).
public struct AdvisoryList: AdvisorySource {
    public var all: [Advisory]
    public var description: String
    public init(_ all: [Advisory], description: String = "advisories in memory") { self.all = all; self.description = description }
    public var isEmpty: Bool { all.isEmpty }
    public func advisories(for packages: [InstalledPackage]) throws -> [Advisory] {
        var wanted = Set<String>()
        for p in packages {
            wanted.insert(p.ecosystem + "\u{1F}" + AffectedPackage.matchName(p.sourceName, ecosystem: p.ecosystem))
            wanted.insert(p.ecosystem + "\u{1F}" + AffectedPackage.matchName(p.name, ecosystem: p.ecosystem))
        }
        return all.filter { a in a.affected.contains { wanted.contains($0.ecosystem + "\u{1F}" + AffectedPackage.matchName($0.name, ecosystem: $0.ecosystem)) } }
    }
}

/// One release of a distribution and when its support ends (endoflife.date's data): `id` is os-release's ID,
/// `cut` says how VERSION_ID becomes the release cycle (`major`: 12.8 → 12; `minor`: 3.19.1 → 3.19), `end`
/// is the end of free security support (Debian's LTS end), `regular` the end of regular support.
public struct EndOfLife: Sendable, Equatable, Codable {
    public var id: String, cut: String, cycle: String, end: String, regular: String
    public init(id: String, cut: String, cycle: String, end: String, regular: String) {
        self.id = id; self.cut = cut; self.cycle = cycle; self.end = end; self.regular = regular
    }
}
