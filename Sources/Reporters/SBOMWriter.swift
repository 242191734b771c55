import BulkheadCore
import BulkheadModel
import Crypto
import Inventory

/// SBOMs of an image's packages: CycloneDX 1.6 JSON and SPDX 2.3 JSON. Deterministic: the serial number and
/// namespace are derived from the image and its packages, and the time is the image's creation time unless
/// another is given.
public enum SBOMWriter {
    public struct Subject: Sendable {
        public var name: String
        public var digest: String?
        public var created: String?
        public var layers: [String]
        public var inventory: PackageInventory
        public init(name: String, digest: String?, created: String?, layers: [String], inventory: PackageInventory) {
            self.name = name; self.digest = digest; self.created = created; self.layers = layers; self.inventory = inventory
        }
    }

    static func hash(_ s: Subject) -> [UInt8] {
        var h = SHA256()
        h.update(data: Array((s.name + "\n" + (s.digest ?? "")).utf8))
        for p in s.inventory.packages { h.update(data: Array("\n\(p.ecosystem) \(p.name) \(p.version) \(p.path)".utf8)) }
        return Array(h.finalize())
    }

    /// RFC 4122 form of a name-based id (version 5 layout, SHA-256 bytes).
    static func uuid(_ bytes: [UInt8]) -> String {
        var b = Array(bytes.prefix(16))
        b[6] = (b[6] & 0x0F) | 0x50
        b[8] = (b[8] & 0x3F) | 0x80
        let hex = Hex.encode(b)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    /// `2026-11-01T00:00:00Z` from an image's created (fractions and offsets dropped), else the epoch.
    static func time(_ created: String?) -> String {
        guard let c = created, c.count >= 19 else { return "1970-01-01T00:00:00Z" }
        return String(c.prefix(19)) + "Z"
    }

    /// The diff_id of the layer that installed `p`; nil when unknown or when there is none (a root filesystem).
    static func layerID(_ p: InstalledPackage, _ s: Subject) -> String? {
        guard let l = p.layer, l < s.layers.count, !s.layers[l].isEmpty else { return nil }
        return s.layers[l]
    }

    static func ref(_ p: InstalledPackage, _ purl: String?, _ index: Int) -> String {
        (purl ?? "pkg-\(index)") + "#" + p.path
    }

    public static func cycloneDX(_ s: Subject, toolVersion: String, timestamp: String? = nil) -> String {
        let inv = s.inventory
        var components: [JSONValue] = []
        var refs: [JSONValue] = []
        if let d = inv.distribution {
            // the CPE the distribution states for itself (os-release CPE_NAME); packages get none: without an
            // authoritative dictionary a CPE is a guess, and guessed CPEs are where CPE matching's false alarms come from
            components.append(.object([("bom-ref", .string("os:\(d.id)-\(d.versionID)")), ("type", "operating-system"), ("name", .string(d.id)),
                                       ("version", .string(d.versionID)), ("description", .string(d.prettyName))] + (d.cpe.map { [("cpe", JSONValue.string($0))] } ?? [])))
            refs.append(.string("os:\(d.id)-\(d.versionID)"))
        }
        for (i, p) in inv.packages.enumerated() {
            let purl = PackageURL.of(p, distribution: inv.distribution)
            let r = ref(p, purl, i)
            var props: [JSONValue] = [.object([("name", "bulkhead:package:path"), ("value", .string(p.path))])]
            if let layer = layerID(p, s) { props.append(.object([("name", "bulkhead:layer:diffID"), ("value", .string(layer))])) }
            if p.sourceName != p.name { props.append(.object([("name", "bulkhead:package:source"), ("value", .string(p.sourceName))])) }
            var c: [(String, JSONValue)] = [("bom-ref", .string(r)), ("type", "library"), ("name", .string(p.name)), ("version", .string(p.version))]
            if let purl { c.append(("purl", .string(purl))) }
            c.append(("properties", .array(props)))
            components.append(.object(c))
            refs.append(.string(r))
        }
        var metadataComponent: [(String, JSONValue)] = [("bom-ref", "image"), ("type", "container"), ("name", .string(s.name))]
        if let d = s.digest { metadataComponent.append(("version", .string(d))) }
        let doc: JSONValue = .object([
            ("bomFormat", "CycloneDX"), ("specVersion", "1.6"),
            ("serialNumber", .string("urn:uuid:" + uuid(hash(s)))), ("version", 1),
            ("metadata", .object([
                ("timestamp", .string(timestamp ?? time(s.created))),
                ("tools", .object([("components", .array([.object([("type", "application"), ("name", "bulkhead"), ("version", .string(toolVersion))])]))])),
                ("component", .object(metadataComponent)),
            ])),
            ("components", .array(components)),
            ("dependencies", .array([.object([("ref", "image"), ("dependsOn", .array(refs))])] + refs.map { .object([("ref", $0), ("dependsOn", .array([]))]) })),
        ])
        return doc.render() + "\n"
    }

    public static func spdx(_ s: Subject, toolVersion: String, timestamp: String? = nil) -> String {
        let inv = s.inventory
        var packages: [JSONValue] = [.object([
            ("SPDXID", "SPDXRef-Image"), ("name", .string(s.name)), ("versionInfo", .str(s.digest)), ("downloadLocation", "NOASSERTION"),
            ("filesAnalyzed", false), ("licenseConcluded", "NOASSERTION"), ("licenseDeclared", "NOASSERTION"), ("copyrightText", "NOASSERTION"),
            ("primaryPackagePurpose", "CONTAINER"),
        ])]
        var relationships: [JSONValue] = [.object([("spdxElementId", "SPDXRef-DOCUMENT"), ("relationshipType", "DESCRIBES"), ("relatedSpdxElement", "SPDXRef-Image")])]
        if let d = inv.distribution {
            packages.append(.object([("SPDXID", "SPDXRef-OperatingSystem"), ("name", .string(d.id)), ("versionInfo", .string(d.versionID)),
                                     ("downloadLocation", "NOASSERTION"), ("filesAnalyzed", false), ("licenseConcluded", "NOASSERTION"),
                                     ("licenseDeclared", "NOASSERTION"), ("copyrightText", "NOASSERTION"), ("primaryPackagePurpose", "OPERATING-SYSTEM"),
                                     ("description", .string(d.prettyName))]
                                    + (d.cpe.map { [("externalRefs", JSONValue.array([.object([("referenceCategory", "SECURITY"),
                                        ("referenceType", .string($0.hasPrefix("cpe:/") ? "cpe22Type" : "cpe23Type")), ("referenceLocator", .string($0))])]))] } ?? [])))
            relationships.append(.object([("spdxElementId", "SPDXRef-Image"), ("relationshipType", "CONTAINS"), ("relatedSpdxElement", "SPDXRef-OperatingSystem")]))
        }
        for (i, p) in inv.packages.enumerated() {
            let id = "SPDXRef-Package-\(i + 1)"
            var fields: [(String, JSONValue)] = [("SPDXID", .string(id)), ("name", .string(p.name)), ("versionInfo", .string(p.version)),
                                                 ("downloadLocation", "NOASSERTION"), ("filesAnalyzed", false), ("licenseConcluded", "NOASSERTION"),
                                                 ("licenseDeclared", "NOASSERTION"), ("copyrightText", "NOASSERTION"),
                                                 ("sourceInfo", .string("recorded in \(p.path)" + (layerID(p, s).map { ", layer \($0)" } ?? "")))]
            if let purl = PackageURL.of(p, distribution: inv.distribution) {
                fields.append(("externalRefs", .array([.object([("referenceCategory", "PACKAGE-MANAGER"), ("referenceType", "purl"), ("referenceLocator", .string(purl))])])))
            }
            packages.append(.object(fields))
            relationships.append(.object([("spdxElementId", "SPDXRef-Image"), ("relationshipType", "CONTAINS"), ("relatedSpdxElement", .string(id))]))
        }
        let doc: JSONValue = .object([
            ("spdxVersion", "SPDX-2.3"), ("dataLicense", "CC0-1.0"), ("SPDXID", "SPDXRef-DOCUMENT"), ("name", .string(s.name)),
            ("documentNamespace", .string("https://bulkhead.invalid/spdx/" + Hex.encode(hash(s).prefix(16)))),
            ("creationInfo", .object([("created", .string(timestamp ?? time(s.created))), ("creators", .strings(["Tool: bulkhead-\(toolVersion)"]))])),
            ("packages", .array(packages)),
            ("relationships", .array(relationships)),
        ])
        return doc.render() + "\n"
    }
}
