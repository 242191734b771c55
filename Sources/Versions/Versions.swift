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
    /// PEP 440: PyPI.
    case pep440
    /// Alpine's apk.
    case apk
    /// Maven (Java).
    case maven
    /// RubyGems.
    case rubygems
    /// Packagist (PHP's Composer): PHP's own `version_compare`, as OSV's tools apply it.
    case php

    /// The scheme an OSV ecosystem name uses for its versions, where it is one of these.
    public static func forEcosystem(_ ecosystem: String) -> VersionScheme? {
        let base = ecosystem.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ecosystem
        switch base {
        case "Debian", "Ubuntu": return .dpkg
        case "Red Hat", "Rocky Linux", "AlmaLinux", "openSUSE", "SUSE", "Mageia": return .rpm
        case "npm", "Go", "crates.io", "NuGet", "Hex", "Pub": return .semver
        case "PyPI": return .pep440
        case "Alpine": return .apk
        case "Maven": return .maven
        case "RubyGems": return .rubygems
        case "Packagist": return .php
        default: return nil
        }
    }

    /// -1, 0 or 1 as `a` is lower than, equal to or higher than `b`.
    public func compare(_ a: String, _ b: String) -> Int {
        switch self {
        case .dpkg: return Dpkg.compare(a, b)
        case .rpm: return Rpm.compare(a, b)
        case .semver: return SemVer.compare(a, b)
        case .pep440: return Pep440.compare(a, b)
        case .apk: return Apk.compare(a, b)
        case .maven: return Maven.compare(a, b)
        case .rubygems: return RubyGems.compare(a, b)
        case .php: return Php.compare(a, b)
        }
    }
}

@inline(__always) private func sign(_ x: Int) -> Int { x < 0 ? -1 : (x > 0 ? 1 : 0) }
@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) private func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

/// Byte (ASCII) order, as C's strcmp and the package tools compare text: -1, 0 or 1.
private func bytewise<A: Sequence, B: Sequence>(_ a: A, _ b: B) -> Int where A.Element == UInt8, B.Element == UInt8 {
    a.elementsEqual(b) ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
}

/// Two numbers written in digits, of any length (no integer to overflow): leading zeros ignored, then the
/// longer is larger, then digit by digit.
private func compareDigits<A: Collection, B: Collection>(_ a: A, _ b: B) -> Int where A.Element == UInt8, B.Element == UInt8 {
    let x = a.drop { $0 == UInt8(ascii: "0") }, y = b.drop { $0 == UInt8(ascii: "0") }
    if x.count != y.count { return x.count < y.count ? -1 : 1 }
    return bytewise(x, y)
}

/// The bytes of `text` without spaces, tabs and newlines at either end.
private func trimmedBytes(_ text: String) -> ArraySlice<UInt8> {
    let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }
    let u = Array(text.utf8)
    guard let first = u.firstIndex(where: { !blank($0) }), let last = u.lastIndex(where: { !blank($0) }) else { return [] }
    return u[first...last]
}

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
            let c = numeric ? compareDigits(a[si..<i], b[sj..<j]) : bytewise(a[si..<i], b[sj..<j])
            if c != 0 { return c }
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
        case (true, true): return compareDigits(a.utf8, b.utf8)
        case (true, false): return -1
        case (false, true): return 1
        case (false, false): return bytewise(a.utf8, b.utf8)
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

/// PEP 440 (Python packages), as `packaging.version.Version` parses and orders them: epoch, release
/// (trailing zeros do not count), pre-releases a < b < rc (alpha, beta, c, pre, preview spelled any way),
/// post-releases, dev releases (1.0.dev0 < 1.0a0), local versions (+ubuntu1) above the public one.
public enum Pep440 {
    public struct Version: Sendable, Equatable {
        public var epoch: String = "0"
        public var release: [String] = []
        /// ("a" | "b" | "rc", number)
        public var pre: (String, String)? = nil
        public var post: String? = nil
        public var dev: String? = nil
        public var local: [String]? = nil
        public static func == (a: Version, b: Version) -> Bool { Pep440.compare(a, b) == 0 }
        public init(epoch: String = "0", release: [String] = []) { self.epoch = epoch; self.release = release }
    }

    /// nil when the text is not a PEP 440 version (packaging raises InvalidVersion for the same texts).
    public static func parse(_ text: String) -> Version? {
        let s = Array(trimmedBytes(text.lowercased()))
        var i = 0
        var v = Version()
        func digits() -> String? {
            let start = i
            while i < s.count, isDigit(s[i]) { i += 1 }
            return i > start ? String(decoding: s[start..<i], as: UTF8.self) : nil
        }
        func word(_ w: String) -> Bool {
            let u = Array(w.utf8)
            guard i + u.count <= s.count, Array(s[i..<i + u.count]) == u else { return false }
            i += u.count; return true
        }
        func sep() -> Bool { if i < s.count, s[i] == 0x2D || s[i] == 0x5F || s[i] == 0x2E { i += 1; return true }; return false }
        /// `[-_.]? label [-_.]? number?`: the label spelled as given, the number 0 when absent.
        func labelled(_ labels: [String]) -> (String, String)? {
            let start = i
            _ = sep()
            guard let l = labels.first(where: { word($0) }) else { i = start; return nil }
            let afterLabel = i
            if sep(), let n = digits() { return (l, n) }
            i = afterLabel
            return (l, digits() ?? "0")
        }
        if i < s.count, s[i] == UInt8(ascii: "v") { i += 1 }
        let save = i
        if let e = digits(), i < s.count, s[i] == UInt8(ascii: "!") { v.epoch = e; i += 1 } else { i = save }
        guard let first = digits() else { return nil }
        v.release = [first]
        while i + 1 < s.count, s[i] == UInt8(ascii: "."), isDigit(s[i + 1]) { i += 1; v.release.append(digits()!) }
        if let (l, n) = labelled(["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
            let normal = ["alpha": "a", "beta": "b", "c": "rc", "pre": "rc", "preview": "rc"][l] ?? l
            v.pre = (normal, n)
        }
        let beforePost = i
        if i < s.count, s[i] == 0x2D, i + 1 < s.count, isDigit(s[i + 1]) {
            i += 1; v.post = digits()
        } else if let (_, n) = labelled(["post", "rev", "r"]) {
            v.post = n
        } else { i = beforePost }
        if let (_, n) = labelled(["dev"]) { v.dev = n }
        if i < s.count, s[i] == UInt8(ascii: "+") {
            i += 1
            var parts: [String] = []
            var cur: [UInt8] = []
            while i < s.count {
                let c = s[i]
                if isDigit(c) || isAlpha(c) { cur.append(c) } else if c == 0x2D || c == 0x5F || c == 0x2E {
                    guard !cur.isEmpty else { return nil }
                    parts.append(String(decoding: cur, as: UTF8.self)); cur = []
                } else { return nil }
                i += 1
            }
            guard !cur.isEmpty else { return nil }
            parts.append(String(decoding: cur, as: UTF8.self))
            v.local = parts
        }
        return i == s.count ? v : nil
    }

    /// Versions that are not PEP 440 sort below every valid one and by text among themselves.
    public static func compare(_ a: String, _ b: String) -> Int {
        switch (parse(a), parse(b)) {
        case let (x?, y?): return compare(x, y)
        case (nil, _?): return -1
        case (_?, nil): return 1
        case (nil, nil): return bytewise(a.utf8, b.utf8)
        }
    }

    static func number(_ a: String, _ b: String) -> Int { compareDigits(a.utf8, b.utf8) }

    public static func compare(_ x: Version, _ y: Version) -> Int {
        var c = number(x.epoch, y.epoch)
        if c != 0 { return c }
        func trimmed(_ r: [String]) -> [String] { var r = r; while let l = r.last, l.allSatisfy({ $0 == "0" }) { r.removeLast() }; return r }
        let rx = trimmed(x.release), ry = trimmed(y.release)
        for k in 0..<min(rx.count, ry.count) { c = number(rx[k], ry[k]); if c != 0 { return c } }
        if rx.count != ry.count { return rx.count < ry.count ? -1 : 1 }
        // pre: a dev release of the final version (1.0.dev0) sorts before its pre-releases; none sorts last
        func preKey(_ v: Version) -> (Int, String, String) {
            if let (l, n) = v.pre { return (0, ["a": "0", "b": "1", "rc": "2"][l]!, n) }
            return v.post == nil && v.dev != nil ? (-1, "", "") : (1, "", "")
        }
        let px = preKey(x), py = preKey(y)
        if px.0 != py.0 { return px.0 < py.0 ? -1 : 1 }
        if px.0 == 0 {
            if px.1 != py.1 { return px.1 < py.1 ? -1 : 1 }
            c = number(px.2, py.2); if c != 0 { return c }
        }
        // post: none sorts first
        switch (x.post, y.post) {
        case (nil, _?): return -1
        case (_?, nil): return 1
        case let (a?, b?): c = number(a, b); if c != 0 { return c }
        case (nil, nil): break
        }
        // dev: none sorts last
        switch (x.dev, y.dev) {
        case (nil, _?): return 1
        case (_?, nil): return -1
        case let (a?, b?): c = number(a, b); if c != 0 { return c }
        case (nil, nil): break
        }
        // local: none sorts first; numeric parts above alphanumeric ones; a longer one above its prefix
        switch (x.local, y.local) {
        case (nil, nil): return 0
        case (nil, _?): return -1
        case (_?, nil): return 1
        case let (a?, b?):
            for k in 0..<min(a.count, b.count) {
                let na = a[k].utf8.allSatisfy(isDigit), nb = b[k].utf8.allSatisfy(isDigit)
                switch (na, nb) {
                case (true, true): c = number(a[k], b[k])
                case (true, false): c = 1
                case (false, true): c = -1
                case (false, false): c = a[k] == b[k] ? 0 : (a[k] < b[k] ? -1 : 1)
                }
                if c != 0 { return c }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        }
    }
}

/// Alpine's ordering, as apk-tools' version.c walks two versions token by token: numbers (after a `.`,
/// leading zeros compare as a fraction), a letter, `_alpha` < `_beta` < `_pre` < `_rc` < none < `_cvs` <
/// `_svn` < `_git` < `_hg` < `_p` with their numbers, and `-rN`. Numbers of any length compare exactly
/// (apk-tools 2 read them into an int), and a component that is just `0` is the number 0, so that
/// 1.0_rc1 < 1.0 as Alpine's documentation and apk-tools 3 order them.
public enum Apk {
    enum Token: Int, Comparable {
        case invalid = -1, digitOrZero, digit, letter, suffix, suffixNumber, revision, end
        static func < (a: Token, b: Token) -> Bool { a.rawValue < b.rawValue }
    }

    /// A token's value: a count of leading zeros (negative), a number of any length, or a small code.
    enum Value: Equatable {
        case small(Int), number([UInt8])
        static func compare(_ a: Value, _ b: Value) -> Int {
            switch (a, b) {
            case let (.small(x), .small(y)): return sign(x - y)
            case let (.number(x), .number(y)): return compareDigits(x, y)
            case let (.small(x), .number(y)): return x < 0 ? -1 : compare(.number(normal(x)), .number(y))
            case let (.number(x), .small(y)): return y < 0 ? 1 : compare(.number(x), .number(normal(y)))
            }
        }
        static func normal(_ x: Int) -> [UInt8] { x == 0 ? [] : Array(String(x).utf8) }
        var isNegative: Bool { if case .small(let x) = self { return x < 0 }; return false }
    }

    static let preSuffixes = ["alpha", "beta", "pre", "rc"].map { Array($0.utf8) }
    static let postSuffixes = ["cvs", "svn", "git", "hg", "p"].map { Array($0.utf8) }

    struct Cursor {
        let s: [UInt8]
        var i = 0
        var type: Token = .digit
        var remaining: Int { s.count - i }

        mutating func token() -> Value {
            if remaining <= 0 { type = .end; return .small(0) }
            var n = 0
            var next: Token = .invalid
            var value: Value = .small(0)
            switch type {
            case .digitOrZero where s[i] == UInt8(ascii: "0") && leadingZeros():
                // `.05` after a dot: the zeros count as a fraction (1.05 < 1.5); a lone `.0` is just 0
                while n < remaining && s[i + n] == UInt8(ascii: "0") { n += 1 }
                next = .digit
                value = .small(-n)
            case .digitOrZero, .digit, .suffixNumber, .revision:
                while n < remaining && isDigit(s[i + n]) { n += 1 }
                value = .number(Array(s[i..<i + n].drop { $0 == UInt8(ascii: "0") }))
            case .letter:
                value = .small(Int(s[i])); n = 1
            case .suffix:
                let rest = s[i...]
                if let k = Apk.preSuffixes.firstIndex(where: { rest.starts(with: $0) }) {
                    value = .small(k - Apk.preSuffixes.count); n = Apk.preSuffixes[k].count
                } else if let k = Apk.postSuffixes.firstIndex(where: { rest.starts(with: $0) }) {
                    value = .small(k); n = Apk.postSuffixes[k].count
                } else { type = .invalid; return .small(-1) }
            case .invalid, .end:
                type = .invalid; return .small(-1)
            }
            i += n
            if remaining == 0 { type = .end } else if next != .invalid { type = next } else { advance() }
            return value
        }

        /// Zeros followed by another digit (apk-tools 2 also took a lone `0` this way, which put 1.0_rc1 above 1.0).
        func leadingZeros() -> Bool {
            var k = i
            while k < s.count && s[k] == UInt8(ascii: "0") { k += 1 }
            return k < s.count && isDigit(s[k])
        }

        /// What the next token is, from the character that separates it.
        mutating func advance() {
            var n: Token = .invalid
            let c = s[i]
            if (type == .digit || type == .digitOrZero) && c >= 0x61 && c <= 0x7A {
                n = .letter
            } else if type == .letter && isDigit(c) {
                n = .digit
            } else if type == .suffix && isDigit(c) {
                n = .suffixNumber
            } else {
                switch c {
                case UInt8(ascii: "."): n = .digitOrZero
                case UInt8(ascii: "_"): n = .suffix
                case UInt8(ascii: "-"):
                    if remaining > 1 && s[i + 1] == UInt8(ascii: "r") { n = .revision; i += 1 } else { n = .invalid }
                default: break
                }
                i += 1
            }
            if n < type && !((n == .digitOrZero && type == .digit) || (n == .suffix && type == .suffixNumber) || (n == .digit && type == .letter)) {
                n = .invalid
            }
            type = n
        }
    }

    public static func compare(_ x: String, _ y: String) -> Int {
        var a = Cursor(s: Array(x.utf8)), b = Cursor(s: Array(y.utf8))
        var av: Value = .small(0), bv: Value = .small(0)
        while a.type == b.type && a.type != .end && a.type != .invalid && av == bv {
            av = a.token()
            bv = b.token()
        }
        let c = Value.compare(av, bv)
        if c != 0 { return c }
        if a.type == b.type { return 0 }
        // equal so far: the longer one is higher, unless what it has more of is a pre-release suffix
        if a.type == .suffix { var t = a; if t.token().isNegative { return -1 } }
        if b.type == .suffix { var t = b; if t.token().isNegative { return 1 } }
        if a.type > b.type { return -1 }
        if b.type > a.type { return 1 }
        return 0
    }
}

/// Maven's ordering (maven-artifact's ComparableVersion): items split at `.`, `-` and where digits meet
/// letters, `-` and digit/letter changes opening a sub-list; numbers of any size; qualifiers alpha < beta <
/// milestone < rc (= cr) < snapshot < release (``, ga, final, release) < sp < anything else (alphabetically);
/// `a1`, `b1`, `m1` short for alpha-1, beta-1, milestone-1; trailing zeros and empty qualifiers ignored.
public enum Maven {
    indirect enum Item {
        case number([UInt8])  // digits without leading zeros ([] is 0)
        case string(String)   // the comparable qualifier: "0"…"6", or "7-" + an unknown one
        case list([Item])

        var isNull: Bool {
            switch self {
            case .number(let d): return d.isEmpty
            case .string(let q): return q == Maven.releaseIndex
            case .list(let l): return l.isEmpty
            }
        }
    }

    static let qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]
    /// Real versions nest a few levels (1.0-alpha-1 is three); this is far beyond any of them.
    static let maxDepth = 64
    static let releaseIndex = "5"
    static func qualifier(_ s: String, followedByDigit: Bool) -> String {
        var v = s
        if followedByDigit && v.count == 1 { v = ["a": "alpha", "b": "beta", "m": "milestone"][v] ?? v }
        v = ["ga": "", "final": "", "release": "", "cr": "rc"][v] ?? v
        if let i = qualifiers.firstIndex(of: v) { return String(i) }
        return "\(qualifiers.count)-\(v)"
    }

    /// A parsed version: a list of items (nested lists after `-` and digit/letter changes).
    final class ListBuilder {
        var items: [Any] = []  // Item or ListBuilder, in order
        func add(_ i: Item) { items.append(i) }
        func add(_ l: ListBuilder) { items.append(l) }
        func build() -> Item {
            var out: [Item] = items.map { ($0 as? ListBuilder)?.build() ?? ($0 as! Item) }
            // trailing null items (0, release, empty lists) are dropped, up to the last non-list item
            var k = out.count - 1
            while k >= 0 {
                if out[k].isNull { out.remove(at: k) } else if case .list = out[k] {} else { break }
                k -= 1
            }
            return .list(out)
        }
    }

    public static func parse(_ text: String) -> [UInt8] { Array(text.lowercased().utf8) }

    static func item(_ s: ArraySlice<UInt8>, digit: Bool, followedByDigit: Bool = false) -> Item {
        if digit { return .number(Array(s.drop { $0 == UInt8(ascii: "0") })) }
        return .string(qualifier(String(decoding: s, as: UTF8.self), followedByDigit: followedByDigit))
    }

    static func items(_ text: String) -> Item {
        let v = parse(text)
        let root = ListBuilder()
        var list = root
        var isDigitRun = false
        var start = 0
        // sub-lists nest at every `-` and letter/digit change: bounded, so a hostile version (a1a1a1…) cannot
        // nest deep enough to exhaust the stack; past the bound, items stay in the deepest list
        var depth = 0
        func open() { guard depth < Maven.maxDepth else { return }; depth += 1; let l = ListBuilder(); list.add(l); list = l }
        for (i, c) in v.enumerated() {
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "-") {
                list.add(i == start ? .number([]) : item(v[start..<i], digit: isDigitRun))
                start = i + 1
                if c == UInt8(ascii: "-") { open() }
            } else if isDigit(c) {
                if !isDigitRun && i > start {
                    // `.X1` is taken as `-X1` (a qualifier opens a sub-list after a dot as after a dash)
                    if !list.items.isEmpty { open() }
                    list.add(item(v[start..<i], digit: false, followedByDigit: true))
                    start = i
                    open()
                }
                isDigitRun = true
            } else {
                if isDigitRun && i > start {
                    list.add(item(v[start..<i], digit: true))
                    start = i
                    open()
                }
                isDigitRun = false
            }
        }
        if v.count > start {
            if !isDigitRun && !list.items.isEmpty { open() }  // a final `.X` is `-X` too
            list.add(item(v[start...], digit: isDigitRun))
        }
        return root.build()
    }

    public static func compare(_ a: String, _ b: String) -> Int { compare(items(a), items(b)) }

    /// ComparableVersion's Item.compareTo, with nil as the missing item.
    static func compare(_ a: Item?, _ b: Item?) -> Int {
        guard let a else { return b.map { -compare($0, nil) } ?? 0 }
        switch (a, b) {
        case (.number(let x), nil): return x.isEmpty ? 0 : 1
        case (.number(let x), .number(let y)?): return compareDigits(x, y)
        case (.number, _?): return 1
        case (.string(let q), nil): return q == releaseIndex ? 0 : (q < releaseIndex ? -1 : 1)
        case (.string, .number?): return -1
        case (.string(let q), .string(let r)?): return q == r ? 0 : (q < r ? -1 : 1)
        case (.string, .list?): return -1
        case (.list(let l), nil): return l.first.map { compare($0, nil) } ?? 0
        case (.list, .number?): return -1
        case (.list, .string?): return 1
        case (.list(let l), .list(let r)?):
            for k in 0..<max(l.count, r.count) {
                let c = compare(k < l.count ? l[k] : nil, k < r.count ? r[k] : nil)
                if c != 0 { return c }
            }
            return 0
        }
    }
}

/// RubyGems' ordering (Gem::Version): `-` read as `.pre.`, segments of digits or letters, a letter segment
/// makes a pre-release (1.0.a < 1.0), trailing zeros of the release and of the pre-release part ignored.
public enum RubyGems {
    /// False for what Gem::Version refuses (it raises ArgumentError).
    public static func isValid(_ text: String) -> Bool {
        let s = Array(trimmedBytes(text))
        if s.isEmpty { return true }
        var i = 0
        func alnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
        guard i < s.count, isDigit(s[i]) else { return false }
        while i < s.count, isDigit(s[i]) { i += 1 }
        while i < s.count, s[i] == UInt8(ascii: "."), i + 1 < s.count, alnum(s[i + 1]) {
            i += 1
            while i < s.count, alnum(s[i]) { i += 1 }
        }
        if i < s.count, s[i] == UInt8(ascii: "-") {
            func part() -> Bool {
                let start = i
                while i < s.count, alnum(s[i]) || s[i] == UInt8(ascii: "-") { i += 1 }
                return i > start
            }
            i += 1
            guard part() else { return false }
            while i < s.count, s[i] == UInt8(ascii: ".") { i += 1; guard part() else { return false } }
        }
        return i == s.count
    }

    enum Segment: Equatable { case number([UInt8]), text([UInt8]) }

    static func canonical(_ text: String) -> [Segment] {
        var v = String(decoding: trimmedBytes(text), as: UTF8.self)
        if v.isEmpty { v = "0" }
        v = v.replacingAll("-", with: ".pre.")
        var segments: [Segment] = []
        var run: [UInt8] = []
        var runIsDigit = false
        func flush() {
            if !run.isEmpty { segments.append(runIsDigit ? .number(Array(run.drop { $0 == UInt8(ascii: "0") })) : .text(run)) }
            run = []
        }
        for c in v.utf8 {
            if isDigit(c) { if !runIsDigit { flush() }; runIsDigit = true; run.append(c) }
            else if isAlpha(c) { if runIsDigit { flush() }; runIsDigit = false; run.append(c) }
            else { flush() }
        }
        flush()
        let firstText = segments.firstIndex { if case .text = $0 { return true }; return false } ?? segments.count
        func trimmed(_ s: ArraySlice<Segment>) -> [Segment] {
            var a = Array(s)
            while let l = a.last, l == .number([]) { a.removeLast() }
            return a
        }
        return trimmed(segments[..<firstText]) + trimmed(segments[firstText...])
    }

    public static func compare(_ a: String, _ b: String) -> Int {
        guard isValid(a), isValid(b) else {
            // what Gem::Version refuses sorts below what it reads, and by text among itself
            switch (isValid(a), isValid(b)) {
            case (false, true): return -1
            case (true, false): return 1
            default: return bytewise(a.utf8, b.utf8)
            }
        }
        let x = canonical(a), y = canonical(b)
        for k in 0..<max(x.count, y.count) {
            let l = k < x.count ? x[k] : .number([]), r = k < y.count ? y[k] : .number([])
            if l == r { continue }
            switch (l, r) {
            case (.text, .number): return -1
            case (.number, .text): return 1
            case let (.number(p), .number(q)): return compareDigits(p, q)
            case let (.text(p), .text(q)): return bytewise(p, q)
            }
        }
        return 0
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// OSV's `affected[].ranges` and `versions`, evaluated as the OSV schema specifies: per range, events sorted
/// by the ecosystem's order ("0" lowest), `introduced` opens, `fixed` closes at that version, `last_affected`
/// closes after it; `limit` events bound a range from above (version < some limit, `*` for none). A version
/// listed in `versions` is affected whatever the ranges say. GIT ranges (commits) are not versions: ignored.
public struct AffectedRanges: Sendable {
    public enum Event: Sendable, Equatable {
        case introduced(String), fixed(String), lastAffected(String), limit(String)
        var version: String {
            switch self { case .introduced(let v), .fixed(let v), .lastAffected(let v), .limit(let v): return v }
        }
    }
    public struct Range: Sendable {
        public var type: String
        public var events: [Event]
        public init(type: String, events: [Event]) { self.type = type; self.events = events }
    }
    public var ranges: [Range]
    public var versions: [String]
    public var scheme: VersionScheme?
    public init(ranges: [Range], versions: [String] = [], scheme: VersionScheme?) {
        self.ranges = ranges; self.versions = versions; self.scheme = scheme
    }

    public func affects(_ version: String) -> Bool {
        if versions.contains(version) { return true }
        for r in ranges where r.type == "ECOSYSTEM" || r.type == "SEMVER" {
            // SEMVER ranges are SemVer whatever the ecosystem; ECOSYSTEM ranges need the ecosystem's order
            guard let scheme = r.type == "SEMVER" ? .semver : scheme else { continue }
            if AffectedRanges.affects(version, r.events, scheme) { return true }
        }
        return false
    }

    static func affects(_ v: String, _ events: [Event], _ scheme: VersionScheme) -> Bool {
        func cmp(_ a: String, _ b: String) -> Int {
            if a == b { return 0 }
            if a == "0" { return -1 }
            if b == "0" { return 1 }
            return scheme.compare(a, b)
        }
        let limits = events.compactMap { if case .limit(let l) = $0 { return l }; return nil }
        if !limits.isEmpty && !limits.contains(where: { $0 == "*" || cmp(v, $0) < 0 }) { return false }
        let sorted = events.enumerated().sorted { x, y in
            let c = cmp(x.element.version, y.element.version)
            return c != 0 ? c < 0 : x.offset < y.offset
        }.map(\.element)
        var affected = false
        for e in sorted {
            switch e {
            case .introduced(let i): if i == "0" || cmp(v, i) >= 0 { affected = true }
            case .fixed(let f): if cmp(v, f) >= 0 { affected = false }
            case .lastAffected(let l): if cmp(v, l) > 0 { affected = false }
            case .limit: break
            }
        }
        return affected
    }
}

/// PHP's `version_compare` (ext/standard/versioning.c), step for step: the version is canonicalized (`-`, `_`,
/// `+` and any other non-alphanumeric character become `.`, and a `.` goes between digits and letters), then
/// compared part by part along the dots (an empty part is a word): numbers numerically, words by their special
/// form (anything else < dev < alpha = a < beta = b < RC = rc < a number < pl = p), a number against a word as
/// `#`. A leading `v` (Composer's tags) is dropped first, as OSV's Packagist ordering does.
public enum Php {
    public static func canonical(_ s: String) -> [UInt8] {
        var u = Array(s.utf8)
        if u.count > 1, u[0] == UInt8(ascii: "v") || u[0] == UInt8(ascii: "V"), isDigit(u[1]) { u.removeFirst() }
        guard let first = u.first else { return [] }
        if first == UInt8(ascii: "#") { return u }
        var out: [UInt8] = [first]
        var lp = first
        func isndig(_ c: UInt8) -> Bool { !isDigit(c) && c != UInt8(ascii: ".") }
        let dot = UInt8(ascii: ".")
        for c in u.dropFirst() {
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: "+") {
                if out.last != dot { out.append(dot) }
            } else if (isndig(lp) && isDigit(c)) || (isDigit(lp) && isndig(c)) {
                if out.last != dot { out.append(dot) }
                out.append(c)
            } else if !(isDigit(c) || isAlpha(c)) {
                if out.last != dot { out.append(dot) }
            } else {
                out.append(c)
            }
            lp = c
        }
        return out
    }

    static let forms: [([UInt8], Int)] = [("dev", 0), ("alpha", 1), ("a", 1), ("beta", 2), ("b", 2), ("RC", 3), ("rc", 3), ("#", 4), ("pl", 5), ("p", 5)]
        .map { (Array($0.0.utf8), $0.1) }

    /// The order of a word: the first special form it starts with, else below all of them.
    static func form(_ s: ArraySlice<UInt8>) -> Int {
        for (name, order) in forms where s.starts(with: name) { return order }
        return -1
    }
    static let number: ArraySlice<UInt8> = ArraySlice("#N#".utf8)

    public static func compare(_ a: String, _ b: String) -> Int {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 0 : (a.isEmpty ? -1 : 1) }  // PHP: an empty version is lower
        return compare(canonical(a)[...], canonical(b)[...])
    }

    /// versioning.c's loop over two canonical versions: parts end at a dot (strchr), so empty parts count.
    static func compare(_ v1: ArraySlice<UInt8>, _ v2: ArraySlice<UInt8>) -> Int {
        if v1.isEmpty || v2.isEmpty { return v1.isEmpty && v2.isEmpty ? 0 : (v1.isEmpty ? -1 : 1) }
        let dot = UInt8(ascii: ".")
        var p1 = v1.startIndex, p2 = v2.startIndex
        var n1: Int? = p1, n2: Int? = p2
        var result = 0
        while p1 < v1.endIndex, p2 < v2.endIndex, n1 != nil, n2 != nil {
            n1 = v1[p1...].firstIndex(of: dot); n2 = v2[p2...].firstIndex(of: dot)
            let part1 = v1[p1..<(n1 ?? v1.endIndex)], part2 = v2[p2..<(n2 ?? v2.endIndex)]
            let d1 = part1.first.map(isDigit) ?? false, d2 = part2.first.map(isDigit) ?? false
            if d1 && d2 { result = compareDigits(part1.prefix { isDigit($0) }, part2.prefix { isDigit($0) }) }
            else if !d1 && !d2 { result = sign(form(part1) - form(part2)) }
            else if d1 { result = sign(form(number) - form(part2)) }
            else { result = sign(form(part1) - form(number)) }
            if result != 0 { return result }
            if let n = n1 { p1 = n + 1 }
            if let n = n2 { p2 = n + 1 }
        }
        if n1 != nil {
            let rest = v1[p1...]
            return rest.first.map(isDigit) == true ? 1 : (rest.isEmpty ? -1 : compare(rest, number))
        }
        if n2 != nil {
            let rest = v2[p2...]
            return rest.first.map(isDigit) == true ? -1 : (rest.isEmpty ? 1 : compare(number, rest))
        }
        return 0
    }
}
