import BulkheadCore
import BulkheadModel
import RuntimeSyntax

/// Puts layer summaries in order over one another: whiteouts and opaque directories remove what lower
/// layers added, and every path remembers the layer that added, changed or removed it.
public enum ImageAssembler {
    /// Removed files kept for checks (a bound for hostile images that delete millions of files).
    static let removedLimit = 200_000

    static func assemble(config: JNode, layers: [(summary: LayerSummary, digest: String?)], source: String, reference: String) -> ImageModel {
        var files: [String: ImageFile] = [:]
        var removed: [ImageFile] = []
        var texts: [String: String] = [:]
        var packageTexts: [String: [LayeredText]] = [:]
        var secrets: [ContentSecret] = []
        var infos: [LayerInfo] = []

        func remove(_ path: String, in layer: Int) {
            if var f = files.removeValue(forKey: path) {
                if f.type == .file, removed.count < removedLimit { f.removedIn = layer; removed.append(f) }
                texts[path] = nil
                packageTexts[path] = nil
            }
        }
        func removeTree(_ dir: String, in layer: Int, sortedKeys: [String]) {
            let prefix = dir.isEmpty ? "" : dir + "/"
            var i = lowerBound(sortedKeys, prefix)
            while i < sortedKeys.count, sortedKeys[i].hasPrefix(prefix) { remove(sortedKeys[i], in: layer); i += 1 }
        }

        for (index, (s, digest)) in layers.enumerated() {
            infos.append(LayerInfo(index: index, digest: digest, diffID: s.diffID, size: s.storedSize, compression: s.compression.rawValue))
            if !s.opaque.isEmpty || !s.whiteouts.isEmpty {
                let keys = files.keys.sorted()
                for dir in s.opaque { removeTree(dir, in: index, sortedKeys: keys) }
                for w in s.whiteouts { remove(w, in: index); removeTree(w, in: index, sortedKeys: keys) }
            }
            for e in s.entries {
                var f = ImageFile(path: e.path, type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, size: e.size, linkTarget: e.link,
                                  addedIn: index, changedIn: index)
                if let old = files[e.path] {
                    f.addedIn = old.addedIn
                    if old.type == .file, e.type != .directory, removed.count < removedLimit {
                        var r = old; r.removedIn = index; removed.append(r)
                    }
                    // a directory entry that only sets metadata again keeps the lower one's place in history
                    if old.type == .directory && e.type == .directory { f.changedIn = old.changedIn }
                }
                files[e.path] = f
                texts[e.path] = nil
                if let t = s.packageTexts[e.path] { packageTexts[e.path, default: []].append(LayeredText(layer: index, text: t)) }
                else { packageTexts[e.path] = nil }
            }
            for (p, t) in s.texts { texts[p] = t }
            for hit in s.secrets { secrets.append(ContentSecret(path: hit.path, layer: index, line: hit.line, match: hit.match)) }
        }
        // a secret whose file a later layer removed or replaced is still in the image: say where it went
        for i in secrets.indices {
            let s = secrets[i]
            if let f = files[s.path], f.changedIn == s.layer { continue }
            secrets[i].removedIn = removed.first { $0.path == s.path && $0.changedIn == s.layer }?.removedIn ?? (s.layer + 1)
        }
        var model = ImageModel(source: source, reference: reference, config: parseConfig(config), history: [], layers: infos,
                               files: files, removed: removed, texts: texts, contentSecrets: secrets)
        model.packageTexts = packageTexts
        model.history = parseHistory(config, layerCount: layers.count)
        return model
    }

    static func lowerBound(_ a: [String], _ key: String) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let m = (lo + hi) / 2; if a[m] < key { lo = m + 1 } else { hi = m } }
        return lo
    }

    static func strings(_ n: JNode?) -> [String]? { n?.array.map { $0.compactMap(\.string) } }

    static func parseConfig(_ root: JNode) -> ImageConfig {
        var c = ImageConfig()
        let cfg = root["config"] ?? root["Config"]
        c.user = cfg?["User"]?.string
        c.env = (strings(cfg?["Env"]) ?? []).map { kv in
            let parts = kv.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        c.entrypoint = strings(cfg?["Entrypoint"])
        c.cmd = strings(cfg?["Cmd"])
        c.workingDir = cfg?["WorkingDir"]?.string
        c.exposedPorts = (cfg?["ExposedPorts"]?.object ?? []).map(\.0).sorted()
        c.volumes = (cfg?["Volumes"]?.object ?? []).map(\.0).sorted()
        c.healthcheck = strings(cfg?["Healthcheck"]?["Test"])
        for (k, v) in cfg?["Labels"]?.object ?? [] { if let s = v.string { c.labels[k] = s } }
        c.stopSignal = cfg?["StopSignal"]?.string
        c.created = root["created"]?.string
        c.architecture = root["architecture"]?.string
        c.os = root["os"]?.string
        return c
    }

    static func parseHistory(_ root: JNode, layerCount: Int) -> [HistoryEntry] {
        var out: [HistoryEntry] = []
        var layer = 0
        for h in root["history"]?.array ?? [] {
            let empty = h["empty_layer"]?.bool ?? false
            out.append(HistoryEntry(createdBy: h["created_by"]?.string ?? "", created: h["created"]?.string, comment: h["comment"]?.string,
                                    emptyLayer: empty, layerIndex: empty || layer >= layerCount ? nil : layer))
            if !empty { layer += 1 }
        }
        return out
    }
}
