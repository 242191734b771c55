import BulkheadCore
import BulkheadModel
import Inventory
import RuntimeSyntax

/// A VEX statement that a vulnerability does not affect some products (OpenVEX `not_affected`, CycloneDX
/// `analysis.state` `not_affected` or `false_positive`). Findings it covers are suppressed and say why.
public struct VEXStatement: Sendable {
    public var vulnerabilities: Set<String>
    /// Packages the statement covers (purls, the version optional); empty: every package.
    public var products: [(ecosystem: String, name: String, version: String?)]
    public var status: String
    public var justification: String?
    public var file: String

    public func applies(to f: Finding) -> Bool {
        guard let v = f.vulnerability, vulnerabilities.contains(v.id) || v.aliases.contains(where: vulnerabilities.contains) else { return false }
        if products.isEmpty { return true }
        return products.contains { p in
            p.ecosystem == v.package.ecosystem
                && AffectedPackage.matchName(p.name, ecosystem: p.ecosystem) == AffectedPackage.matchName(v.package.name, ecosystem: v.package.ecosystem)
                && (p.version == nil || p.version == v.package.version)
        }
    }

    public var reason: String { "VEX \(file): \(status)" + (justification.map { " (\($0))" } ?? "") }
}

public enum VEXDocument {
    /// The not-affected statements of an OpenVEX or CycloneDX VEX JSON document.
    public static func read(_ text: String, path: String) -> Result<[VEXStatement], InputError> {
        let root: JNode
        do { root = try JNode.parse(text) } catch {
            return .failure(InputError(path: path, line: error.line, column: error.column, message: "not JSON: \(error.message)"))
        }
        var out: [VEXStatement] = []
        func product(_ n: JNode) -> (String, String, String?)? {
            guard let purl = n.string ?? n["@id"]?.string ?? n["ref"]?.string ?? n["identifiers"]?["purl"]?.string else { return nil }
            let hasVersion = purl.split(separator: "?").first.map { $0.contains("@") } ?? false
            guard let (p, _) = PackageURL.package(hasVersion ? purl : purl.replacingFirst("?", "@*?", orAppend: "@*"), path: "") else { return nil }
            return (p.ecosystem, p.name, hasVersion ? p.version : nil)
        }
        if let statements = root["statements"]?.array {
            for s in statements {
                let status = s["status"]?.string ?? ""
                guard status == "not_affected" else { continue }
                var ids = Set<String>()
                if let name = s["vulnerability"]?.string ?? s["vulnerability"]?["name"]?.string ?? s["vulnerability"]?["@id"]?.string { ids.insert(name) }
                for a in s["vulnerability"]?["aliases"]?.array ?? [] { if let x = a.string { ids.insert(x) } }
                guard !ids.isEmpty else { continue }
                var products: [(String, String, String?)] = []
                for p in s["products"]?.array ?? [] {
                    if let subs = p["subcomponents"]?.array, !subs.isEmpty { products += subs.compactMap(product) }
                    else if let x = product(p) { products.append(x) }
                }
                out.append(VEXStatement(vulnerabilities: ids, products: products.map { ($0.0, $0.1, $0.2) }, status: status,
                                        justification: s["justification"]?.string ?? s["impact_statement"]?.string, file: path))
            }
            return .success(out)
        }
        if root["bomFormat"]?.string == "CycloneDX" {
            for v in root["vulnerabilities"]?.array ?? [] {
                let state = v["analysis"]?["state"]?.string ?? ""
                guard state == "not_affected" || state == "false_positive", let id = v["id"]?.string else { continue }
                let products = (v["affects"]?.array ?? []).compactMap { product($0) }
                out.append(VEXStatement(vulnerabilities: [id], products: products.map { ($0.0, $0.1, $0.2) }, status: state,
                                        justification: v["analysis"]?["justification"]?.string, file: path))
            }
            return .success(out)
        }
        return .failure(InputError(path: path, message: "neither an OpenVEX document (statements) nor a CycloneDX VEX (vulnerabilities with analysis)"))
    }
}

extension String {
    /// `pkg:deb/debian/x?arch=a` → `pkg:deb/debian/x@*?arch=a` (the first `a` replaced by `b`, else `append` added).
    func replacingFirst(_ a: Character, _ b: String, orAppend append: String) -> String {
        guard let i = firstIndex(of: a) else { return self + append }
        return String(self[..<i]) + b + String(self[index(after: i)...])
    }
}
