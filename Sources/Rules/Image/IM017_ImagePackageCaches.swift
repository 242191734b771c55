import BulkheadCore
import BulkheadModel

struct ImagePackageCaches: Rule {
    static let description = RuleDescription(
        id: "IM017", title: "Package manager caches left in the image", severity: .low, controls: [.imageMinimal, .buildHygiene], cis: ["4.7"],
        aliases: ["DKL-DI-0005", "DKL-DI-0004"],
        rationale: """
        apt lists, downloaded .deb/.apk/.rpm files, pip and npm caches add megabytes that every pull and every \\
        node's disk pay for, and they tell an attacker exactly which package versions (and so which CVEs) are there. \\
        Judged on the files the final image holds, whatever the Dockerfile said (a cleanup in a later layer does \\
        not shrink the earlier one, and is reported as still there).
        """,
        remediation: "Clean up in the same RUN that installs (apt-get install … && rm -rf /var/lib/apt/lists/*; apk add --no-cache; pip install --no-cache-dir), or use BuildKit cache mounts.",
        triggering: [
            Example("user 1000\n↓layer\nfile var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4 0644 0:0 x"),
            Example("user 1000\n↓↓layer\nfile root/.cache/pip/http/a/b/c 0644 0:0 x\nfile var/cache/apk/APKINDEX.abc.tar.gz 0644 0:0 x"),
        ],
        nonTriggering: [
            Example("user 1000\nlayer\ndir var/lib/apt/lists 0755\nfile var/lib/apt/lists/lock 0640 0:0 x"),
            Example("user 1000\nlayer\nfile var/cache/debconf/config.dat 0644 0:0 x"),
        ], grades: .info ... .low)

    /// (what, path prefix, file name test)
    static let caches: [(String, String, @Sendable (String) -> Bool)] = [
        ("apt package lists", "var/lib/apt/lists/", { !$0.hasSuffix("/lock") && !$0.contains("/partial/") }),
        ("downloaded .deb files", "var/cache/apt/archives/", { $0.hasSuffix(".deb") }),
        ("apt package caches", "var/cache/apt/", { $0.hasSuffix(".bin") }),
        ("apk cache", "var/cache/apk/", { _ in true }),
        ("yum/dnf cache", "var/cache/yum/", { _ in true }),
        ("yum/dnf cache", "var/cache/dnf/", { _ in true }),
        ("pip cache", "root/.cache/pip/", { _ in true }),
        ("npm cache", "root/.npm/_cacache/", { _ in true }),
        ("yarn cache", "usr/local/share/.cache/yarn/", { _ in true }),
    ]

    func check(_ ctx: ImageContext) -> [Finding] {
        var found: [String: (count: Int, bytes: Int)] = [:]
        for f in ctx.image.files.values where f.type == .file {
            for (what, prefix, ok) in Self.caches where f.path.hasPrefix(prefix) && ok(f.path) {
                found[what, default: (0, 0)].count += 1
                found[what]!.bytes += f.size
                break
            }
        }
        return found.keys.sorted().map { what in
            let (n, bytes) = found[what]!
            let size = bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(max(1, bytes >> 10)) KiB"
            return ctx.finding(Self.description, at: "/", "\(what.prefix(1).uppercased() + what.dropFirst()) left in the image: \(n) file\(n == 1 ? "" : "s"), \(size).", evidence: what)
        }
    }
}
