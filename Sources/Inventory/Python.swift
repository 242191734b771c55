import BulkheadCore
import BulkheadModel

/// Python distributions as installed: `*.dist-info/METADATA` (wheels) and `*.egg-info/PKG-INFO` or an
/// `*.egg-info` file (setuptools), read as the core metadata format (RFC 822 headers, then a body).
public enum PythonMetadata {
    /// True for the metadata file of an installed distribution, by its path.
    public static func isMetadataPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let last = parts.last else { return false }
        if last == "METADATA", parts.count >= 2, parts[parts.count - 2].hasSuffix(".dist-info") { return true }
        if last == "PKG-INFO", parts.count >= 2, parts[parts.count - 2].hasSuffix(".egg-info") { return true }
        return last.hasSuffix(".egg-info")  // a single-file egg-info (distutils)
    }

    /// The distribution a metadata file describes; nil without Name and Version. Only the header part is
    /// read: it ends at the first empty line, and the long description after it can be large.
    public static func package(_ text: String, path: String) -> InstalledPackage? {
        let headers = ControlFields.paragraphs(text, max: 1).first ?? [:]
        let name = headers["name"], version = headers["version"]
        guard let name, !name.isEmpty, let version, !version.isEmpty else { return nil }
        return InstalledPackage(ecosystem: "PyPI", name: name, version: version, path: path)
    }

    /// PEP 503's normalized name (what advisories and purls use): lower case, runs of `-`, `_`, `.` as one `-`.
    public static func normalized(_ name: String) -> String { AffectedPackage.matchName(name, ecosystem: "PyPI") }

}
