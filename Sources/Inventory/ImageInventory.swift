import BulkheadCore
import BulkheadModel

/// The files package managers record what they installed in, and reading them out of an image or a root
/// filesystem with the layer each package came from.
public enum PackageFiles {
    /// (`program`: what a Go or Rust program says it was built from, found in the file's bytes, not by its name.)
    public enum Kind: Sendable { case dpkgStatus, dpkgStatusD, apk, rpm, python, npm, npmLock, java, gem, program, composer, dotnet }

    /// The kind of package database a path is, by name alone (paths without a leading slash).
    public static func kind(_ path: String) -> Kind? {
        if path == "var/lib/dpkg/status" { return .dpkgStatus }
        if path.hasPrefix("var/lib/dpkg/status.d/") {
            let name = Paths.lastComponent(path)
            return name.hasSuffix(".md5sums") || name.hasPrefix(".") ? nil : .dpkgStatusD
        }
        if RpmDatabase.paths.contains(path) { return .rpm }
        if path == "lib/apk/db/installed" || path == "usr/lib/apk/db/installed" || path == "var/lib/apk/db/installed" { return .apk }
        if path.hasSuffix("package.json"), NpmPackage.isManifestPath(path) { return .npm }
        if path.hasSuffix(".json"), NpmLock.isLockPath(path) { return .npmLock }
        if path.hasSuffix(".jar") || path.hasSuffix(".war") || path.hasSuffix(".ear") { return .java }
        if path.hasSuffix(".gemspec"), Gemspec.isSpecificationPath(path) { return .gem }
        if ComposerInstalled.isInstalledPath(path) { return .composer }
        if DotNetDeps.isDepsPath(path) { return .dotnet }
        if path.hasSuffix("METADATA") || path.hasSuffix("PKG-INFO") || path.hasSuffix(".egg-info"), PythonMetadata.isMetadataPath(path) { return .python }
        return nil
    }

    /// The most of one such file that is kept: databases whole, manifests and metadata headers small.
    public static func limit(_ kind: Kind) -> Int {
        switch kind {
        case .dpkgStatus, .apk: 64 << 20
        case .dpkgStatusD, .npm, .gem: 1 << 20
        case .python: 1 << 20
        case .java: 128 << 20
        case .rpm: 512 << 20
        case .program: 1 << 20
        case .composer, .dotnet, .npmLock: 16 << 20
        }
    }

    /// What is worth keeping of a file's text: a metadata file's headers only (its long description can be large).
    public static func keep(_ text: String, _ kind: Kind) -> String {
        guard kind == .python else { return text }
        var prev: Character = "\n"
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if (c == "\n" || c == "\r\n") && (prev == "\n" || prev == "\r\n") { return String(text[..<i]) }
            prev = c
            i = text.index(after: i)
        }
        return text
    }

    /// The packages one version of a database file records.
    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        let shown = "/" + path
        switch kind(path) ?? (GoBuildInfo.isBuildInfo(text) || CargoAuditable.isAuditData(text) ? .program : nil) {
        case .program: return CargoAuditable.isAuditData(text) ? CargoAuditable.packages(text, path: shown) : GoBuildInfo.packages(text, path: shown)
        case .dpkgStatus, .dpkgStatusD: return DpkgStatus.packages(text, path: shown)
        case .apk: return ApkInstalled.packages(text, path: shown)
        case .rpm: return RpmDatabase.packages(text, path: shown)
        case .python: return PythonMetadata.package(text, path: shown).map { [$0] } ?? []
        case .npm: return NpmPackage.package(text, path: shown).map { [$0] } ?? []
        case .npmLock: return NpmLock.packages(text, path: shown)
        case .java: return JavaArchives.packages(text, path: shown)
        case .gem: return Gemspec.package(text, path: shown).map { [$0] } ?? []
        case .composer: return ComposerInstalled.packages(text, path: shown)
        case .dotnet: return DotNetDeps.packages(text, path: shown)
        case nil: return []
        }
    }
}

public enum ImageInventory {
    /// Every package the image's databases record, each with the layer that installed the version present
    /// at the end: the lowest layer from which each later version of its database file still records it.
    public static func read(_ image: ImageModel) -> PackageInventory {
        var out = PackageInventory(distribution: Distribution.detect { image.text($0) })
        for path in image.packageTexts.keys.sorted() {
            guard let history = image.packageTexts[path], let last = history.last else { continue }
            // a lock file whose node_modules is installed: the installed manifests are read instead
            if PackageFiles.kind(path) == .npmLock {
                let dir = Paths.directory(path)
                if image.files[dir.isEmpty ? "node_modules" : dir + "/node_modules"] != nil { continue }
            }
            var packages = PackageFiles.packages(last.text, path: path)
            for i in packages.indices { packages[i].layer = last.layer }
            if history.count > 1, !packages.isEmpty {
                // walk back while older versions of the file still list the same name and version
                var pending = Set(packages.indices)
                for older in history.dropLast().reversed() where !pending.isEmpty {
                    let present = Set(PackageFiles.packages(older.text, path: path).map { Key(name: $0.name, version: $0.version) })
                    for i in pending {
                        if present.contains(Key(name: packages[i].name, version: packages[i].version)) { packages[i].layer = older.layer }
                        else { pending.remove(i) }
                    }
                }
            }
            out.packages += packages
        }
        // the distribution's packages are named by OSV as Debian/Alpine; a derivative (Ubuntu) keeps its own name,
        // and rpm packages take their distribution's (Red Hat, AlmaLinux, Rocky Linux, openSUSE, SUSE, …)
        if let d = out.distribution, let eco = d.osvEcosystem {
            for i in out.packages.indices {
                if out.packages[i].ecosystem == "Debian" && eco == "Ubuntu" { out.packages[i].ecosystem = eco }
                if out.packages[i].ecosystem == "RPM" && d.usesRPM { out.packages[i].ecosystem = eco }
            }
        }
        out.packages.sort { ($0.ecosystem, $0.name, $0.version, $0.path) < ($1.ecosystem, $1.name, $1.version, $1.path) }
        // one distribution recorded twice in one site-packages directory (a dist-info and a leftover egg-info, as
        // Debian's python3-cryptography ships): one package, the dist-info's
        var seen = Set<String>()
        out.packages = out.packages.filter { p in
            guard p.ecosystem == "PyPI" else { return true }
            let dir = Paths.directory(Paths.directory(p.path))
            let home = p.path.hasSuffix(".egg-info") ? Paths.directory(p.path) : dir
            return seen.insert(home + "\u{1F}" + PythonMetadata.normalized(p.name) + "\u{1F}" + p.version).inserted
        }
        return out
    }

    struct Key: Hashable { var name: String; var version: String }
}
