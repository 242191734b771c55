import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// Rust programs built with cargo-auditable: the crates linked in, as the JSON document it compresses into the
/// `.dep-v0` section (`{"packages": [{"name", "version", "source", "kind", "dependencies", "root"}]}`).
/// Crates from crates.io (or another registry) are packages; the program's own crates (`local`), git checkouts
/// and build-time dependencies (`kind: build`, not linked) are not.
public enum CargoAuditable {
    public static let prefix = Array(#"{"packages":["#.utf8)

    public static func isAuditData(_ text: String) -> Bool { text.utf8.starts(with: prefix) }

    public static func packages(_ text: String, path: String) -> [InstalledPackage] {
        guard let root = try? JNode.parse(text), let list = root["packages"]?.array else { return [] }
        return list.compactMap { p in
            guard let name = p["name"]?.string, let version = p["version"]?.string, !name.isEmpty, !version.isEmpty else { return nil }
            let source = p["source"]?.string ?? "crates.io"
            guard source == "crates.io" || source == "registry", (p["kind"]?.string ?? "runtime") == "runtime" else { return nil }
            return InstalledPackage(ecosystem: "crates.io", name: name, version: version, path: path)
        }
    }
}
