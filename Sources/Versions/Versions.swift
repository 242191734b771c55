/// Version ordering of the package ecosystems, exactly as each one's own tool orders them, so that "is the
/// installed version below the fixed one" gets the answer the package manager would give. Pure functions;
/// any string is accepted (an ill-formed version compares by the same rules its tool would apply).
public enum VersionScheme: String, Sendable, CaseIterable {
    /// Debian and Ubuntu: `[epoch:]upstream[-revision]`, `~` before everything (dpkg's `verrevcmp`).
    case dpkg
    /// Red Hat, Fedora, SUSE: `[epoch:]version[-release]`, rpm's `rpmvercmp` (with `~` and `^`).
    case rpm
    /// Semantic Versioning 2.0.0: npm, Go modules (`v` prefix), crates.io.
    case semver

    /// The scheme an OSV ecosystem name uses for its versions, where it is one of these.
    public static func forEcosystem(_ ecosystem: String) -> VersionScheme? {
        let base = ecosystem.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ecosystem
        switch base {
        case "Debian", "Ubuntu": return .dpkg
        case "Red Hat", "Rocky Linux", "AlmaLinux", "openSUSE", "SUSE", "Mageia": return .rpm
        case "npm", "Go", "crates.io", "NuGet", "Hex", "Pub": return .semver
        default: return nil
        }
    }

    /// -1, 0 or 1 as `a` is lower than, equal to or higher than `b`.
    public func compare(_ a: String, _ b: String) -> Int {
        switch self {
        case .dpkg: return Dpkg.compare(a, b)
        case .rpm: return Rpm.compare(a, b)
        case .semver: return SemVer.compare(a, b)
        }
    }
}

@inline(__always) private func sign(_ x: Int) -> Int { x < 0 ? -1 : (x > 0 ? 1 : 0) }
@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) private func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

/// dpkg's ordering (lib/dpkg/version.c: `dpkg_version_compare`, `verrevcmp`, `order`).
public enum Dpkg {
    public struct Version: Sendable, Equatable {
        public var epoch: Int
        public var upstream: String
        public var revision: String
    }

    /// Splits `[epoch:]upstream[-revision]` as dpkg does: the epoch up to the first `:`, the revision after
    /// the last `-`. A non-numeric epoch counts as 0 (dpkg itself refuses it; a comparison still has to answer).
    public static func parse(_ s: String) -> Version {
        var rest = Substring(s.trimmingCharacters(in: " \t"))
        var epoch = 0
        if let colon = rest.firstIndex(of: ":") {
            epoch = Int(rest[..<colon]) ?? 0
            rest = rest[rest.index(after: colon)...]
        }
        if let dash = rest.lastIndex(of: "-") {
            return Version(epoch: epoch, upstream: String(rest[..<dash]), revision: String(rest[rest.index(after: dash)...]))
        }
        return Version(epoch: epoch, upstream: String(rest), revision: "")
    }

    public static func compare(_ a: String, _ b: String) -> Int {
        let x = parse(a), y = parse(b)
        if x.epoch != y.epoch { return x.epoch < y.epoch ? -1 : 1 }
        let u = verrevcmp(Array(x.upstream.utf8), Array(y.upstream.utf8))
        if u != 0 { return u }
        return verrevcmp(Array(x.revision.utf8), Array(y.revision.utf8))
    }

    /// `~` sorts before anything, even the end; then the end and digits; then letters; then everything else.
    static func order(_ c: UInt8?) -> Int {
        guard let c else { return 0 }
        if isDigit(c) { return 0 }
        if isAlpha(c) { return Int(c) }
        if c == UInt8(ascii: "~") { return -1 }
        return Int(c) + 256
    }

    static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0, j = 0
        while i < a.count || j < b.count {
            var firstDiff = 0
            while (i < a.count && !isDigit(a[i])) || (j < b.count && !isDigit(b[j])) {
                let ac = order(i < a.count ? a[i] : nil), bc = order(j < b.count ? b[j] : nil)
                if ac != bc { return sign(ac - bc) }
                i += 1; j += 1
            }
            while i < a.count && a[i] == UInt8(ascii: "0") { i += 1 }
            while j < b.count && b[j] == UInt8(ascii: "0") { j += 1 }
            while i < a.count && isDigit(a[i]) && j < b.count && isDigit(b[j]) {
                if firstDiff == 0 { firstDiff = Int(a[i]) - Int(b[j]) }
                i += 1; j += 1
            }
            if i < a.count && isDigit(a[i]) { return 1 }
            if j < b.count && isDigit(b[j]) { return -1 }
            if firstDiff != 0 { return sign(firstDiff) }
        }
        return 0
    }
}

/// rpm's ordering (rpmio/rpmvercmp.c `rpmvercmp`, lib/rpmver.c for epoch-version-release).
public enum Rpm {
    /// `[epoch:]version[-release]` as `rpm.labelCompare` orders them: epoch 0 when absent, the release after
    /// the last `-`.
    public static func compare(_ a: String, _ b: String) -> Int {
        let (e1, v1, r1) = split(a), (e2, v2, r2) = split(b)
        if e1 != e2 { return e1 < e2 ? -1 : 1 }
        let v = vercmp(v1, v2)
        if v != 0 { return v }
        return vercmp(r1, r2)  // as rpm.labelCompare: a missing release is an empty one
    }

    static func split(_ s: String) -> (Int, String, String) {
        var rest = Substring(s.trimmingCharacters(in: " \t"))
        var epoch = 0
        if let colon = rest.firstIndex(of: ":"), rest[..<colon].allSatisfy(\.isNumber) {
            epoch = Int(rest[..<colon]) ?? 0
            rest = rest[rest.index(after: colon)...]
        }
        if let dash = rest.lastIndex(of: "-") { return (epoch, String(rest[..<dash]), String(rest[rest.index(after: dash)...])) }
        return (epoch, String(rest), "")
    }

    public static func vercmp(_ x: String, _ y: String) -> Int {
        if x == y { return 0 }
        let a = Array(x.utf8), b = Array(y.utf8)
        var i = 0, j = 0
        let tilde = UInt8(ascii: "~"), caret = UInt8(ascii: "^")
        func separator(_ c: UInt8) -> Bool { !isDigit(c) && !isAlpha(c) && c != tilde && c != caret }
        while i < a.count || j < b.count {
            while i < a.count && separator(a[i]) { i += 1 }
            while j < b.count && separator(b[j]) { j += 1 }
            let ca: UInt8? = i < a.count ? a[i] : nil, cb: UInt8? = j < b.count ? b[j] : nil
            if ca == tilde || cb == tilde {
                if ca != tilde { return 1 }
                if cb != tilde { return -1 }
                i += 1; j += 1; continue
            }
            if ca == caret || cb == caret {
                if ca == nil { return -1 }
                if cb == nil { return 1 }
                if ca != caret { return 1 }
                if cb != caret { return -1 }
                i += 1; j += 1; continue
            }
            guard let first = ca, cb != nil else { break }
            let numeric = isDigit(first)
            let si = i, sj = j
            if numeric {
                while i < a.count && isDigit(a[i]) { i += 1 }
                while j < b.count && isDigit(b[j]) { j += 1 }
            } else {
                while i < a.count && isAlpha(a[i]) { i += 1 }
                while j < b.count && isAlpha(b[j]) { j += 1 }
            }
            if j == sj { return numeric ? 1 : -1 }  // a number beats letters; letters lose to a number
            var sa = a[si..<i], sb = b[sj..<j]
            if numeric {
                sa = sa.drop { $0 == UInt8(ascii: "0") }
                sb = sb.drop { $0 == UInt8(ascii: "0") }
                if sa.count != sb.count { return sa.count > sb.count ? 1 : -1 }
            }
            if !sa.elementsEqual(sb) { return sa.lexicographicallyPrecedes(sb) ? -1 : 1 }
        }
        if i >= a.count && j >= b.count { return 0 }
        return i >= a.count ? -1 : 1
    }
}

/// Semantic Versioning 2.0.0 precedence (semver.org §11): major.minor.patch numerically, a pre-release
/// below its release, pre-release identifiers compared numerically or in ASCII order, build metadata
/// ignored. A leading `v` (Go modules) is dropped; missing minor or patch count as 0; a part that is not a
/// number compares as text after every number (so nothing ill-formed is ever taken as higher by accident).
public enum SemVer {
    public struct Version: Sendable, Equatable {
        public var core: [String]
        public var prerelease: [String]
    }

    public static func parse(_ s: String) -> Version {
        var t = Substring(s.trimmingCharacters(in: " \t"))
        if t.first == "v" || t.first == "V" { t = t.dropFirst() }
        if let plus = t.firstIndex(of: "+") { t = t[..<plus] }
        var pre: [String] = []
        if let dash = t.firstIndex(of: "-") {
            pre = t[t.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            t = t[..<dash]
        }
        var core = t.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        while core.count < 3 { core.append("0") }
        return Version(core: core, prerelease: pre)
    }

    public static func compare(_ a: String, _ b: String) -> Int {
        let x = parse(a), y = parse(b)
        for k in 0..<max(x.core.count, y.core.count) {
            let c = identifier(k < x.core.count ? x.core[k] : "0", k < y.core.count ? y.core[k] : "0")
            if c != 0 { return c }
        }
        switch (x.prerelease.isEmpty, y.prerelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false): break
        }
        for k in 0..<min(x.prerelease.count, y.prerelease.count) {
            let c = identifier(x.prerelease[k], y.prerelease[k])
            if c != 0 { return c }
        }
        return sign(x.prerelease.count - y.prerelease.count)
    }

    /// Numeric identifiers numerically (of any length) and below alphanumeric ones; others in ASCII order.
    static func identifier(_ a: String, _ b: String) -> Int {
        let na = !a.isEmpty && a.utf8.allSatisfy(isDigit), nb = !b.isEmpty && b.utf8.allSatisfy(isDigit)
        switch (na, nb) {
        case (true, true):
            let x = a.drop { $0 == "0" }, y = b.drop { $0 == "0" }
            if x.count != y.count { return x.count < y.count ? -1 : 1 }
            return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
        case (true, false): return -1
        case (false, true): return 1
        case (false, false): return a == b ? 0 : (a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1)
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return s
    }
}
