import BulkheadCore
import BulkheadModel
import Crypto

/// Writes ustar archives in memory (PAX records for long names): test images and rule examples.
public struct TarWriter {
    public var bytes: [UInt8] = []
    public init() {}

    public enum Kind { case file, directory, symlink, hardlink, charDevice }

    public mutating func add(_ name: String, kind: Kind = .file, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0,
                             content: [UInt8] = [], link: String = "", mtime: Int = 1_700_000_000, type rawType: UInt8? = nil) {
        addHeader(name, kind: kind, mode: mode, uid: uid, gid: gid, size: content.count, link: link, mtime: mtime, type: rawType)
        if kind == .file { append(content: content) }
    }

    /// An entry's header (with a PAX record before it for a long name or link) whose `size` bytes of content, and
    /// the padding to 512, the caller writes after it.
    public mutating func addHeader(_ name: String, kind: Kind = .file, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0,
                                   size: Int = 0, link: String = "", mtime: Int = 1_700_000_000, type rawType: UInt8? = nil) {
        var pax: [(String, String)] = []
        if name.utf8.count > 99 { pax.append(("path", name)) }
        if link.utf8.count > 99 { pax.append(("linkpath", link)) }
        if !pax.isEmpty {
            var body: [UInt8] = []
            for (k, v) in pax {
                let rec = " \(k)=\(v)\n"
                var len = rec.utf8.count + 1
                while "\(len)".utf8.count + rec.utf8.count != len { len += 1 }
                body += Array("\(len)\(rec)".utf8)
            }
            header("PaxHeader", type: UInt8(ascii: "x"), mode: 0o644, uid: 0, gid: 0, size: body.count, link: "", mtime: mtime)
            append(content: body)
        }
        let type: UInt8
        switch kind {
        case .file: type = UInt8(ascii: "0")
        case .directory: type = UInt8(ascii: "5")
        case .symlink: type = UInt8(ascii: "2")
        case .hardlink: type = UInt8(ascii: "1")
        case .charDevice: type = UInt8(ascii: "3")
        }
        // names and links longer than the header holds travel in the PAX record above; the header keeps a cut
        header(String(decoding: name.utf8.prefix(99), as: UTF8.self), type: rawType ?? type, mode: mode, uid: uid, gid: gid,
               size: kind == .file ? size : 0, link: String(decoding: link.utf8.prefix(99), as: UTF8.self), mtime: mtime)
    }

    /// The two zero blocks that end an archive.
    public mutating func finish() { bytes += [UInt8](repeating: 0, count: 1024) }

    mutating func append(content: [UInt8]) {
        bytes += content
        bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    mutating func header(_ name: String, type: UInt8, mode: UInt32, uid: Int, gid: Int, size: Int, link: String, mtime: Int) {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ s: String, _ at: Int, _ len: Int) { for (i, b) in s.utf8.prefix(len).enumerated() { h[at + i] = b } }
        func octal(_ v: Int, _ at: Int, _ len: Int) { put(String(String(v, radix: 8).suffix(len - 1)).leftPadded(len - 1), at, len - 1) }
        put(name, 0, 100)
        octal(Int(mode), 100, 8); octal(uid, 108, 8); octal(gid, 116, 8); octal(size, 124, 12); octal(mtime, 136, 12)
        h[156] = type
        put(link, 157, 100)
        put("ustar", 257, 6); put("00", 263, 2)
        for i in 148..<156 { h[i] = 32 }
        let sum = h.reduce(0) { $0 + Int($1) }
        put(String(String(sum, radix: 8)).leftPadded(6), 148, 6); h[154] = 0; h[155] = 32
        bytes += h
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

/// A compact text description of an image, built into a real `docker save` archive: rule examples and tests
/// describe images this way and read them back through the same reader as any archive.
///
///     user app                         config fields: user, env K=V, cmd, entrypoint, expose 22/tcp,
///     env DB_PASSWORD=s3cr3t           volume /data, healthcheck CMD …, healthcheck NONE, label k=v,
///     created 2019-01-01T00:00:00Z     created, os, arch, tag repo:tag
///     history RUN apt-get update       a history step without a layer
///     layer RUN apt-get install -y x   a layer (and the history step that made it); then its entries:
///     file etc/passwd 0644 0:0 root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh
///     dir tmp 1777
///     link bin/sh busybox              (symlink)
///     delete root/.ssh/id_rsa          (a whiteout)
///     opaque var/cache                 (an opaque directory)
public enum ImageSpec {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    public static func archive(_ spec: String) throws -> [UInt8] {
        var config: [String: Any] = [:]
        var env: [String] = [], ports: [String] = [], volumes: [String] = [], labels: [String: String] = [:]
        var user: String?, cmd: [String]?, entrypoint: [String]?, health: [String]?
        var created = "2026-11-01T00:00:00Z", os = "linux", arch = "amd64", tag = "example:1"
        var history: [(String, Bool)] = []
        var layers: [TarWriter] = []
        func words(_ s: Substring) -> [String] { s.split(separator: " ").map(String.init) }
        for raw in spec.split(separator: "\n") {
            let line = raw.drop { $0 == " " }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let key = line.prefix { $0 != " " }
            let rest = line.dropFirst(key.count).drop { $0 == " " }
            switch key {
            case "user": user = String(rest)
            case "env": env.append(String(rest))
            case "cmd": cmd = ["/bin/sh", "-c", String(rest)]
            case "entrypoint": entrypoint = words(rest)
            case "expose": ports.append(String(rest))
            case "volume": volumes.append(String(rest))
            case "healthcheck": health = rest == "NONE" ? ["NONE"] : ["CMD-SHELL", String(rest.dropFirst(rest.hasPrefix("CMD ") ? 4 : 0))]
            case "label":
                let kv = rest.split(separator: "=", maxSplits: 1)
                labels[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
            case "created": created = String(rest)
            case "os": os = String(rest)
            case "arch": arch = String(rest)
            case "tag": tag = String(rest)
            case "history": history.append((String(rest), true))
            case "layer":
                history.append((rest.isEmpty ? "/bin/sh -c #(nop) ADD file:0 in / " : String(rest), false))
                layers.append(TarWriter())
            case "file", "dir", "link", "hardlink", "delete", "opaque", "device":
                guard !layers.isEmpty else { throw Failure(description: "'\(line)' comes before any 'layer' line") }
                let w = words(rest)
                guard let path = w.first else { throw Failure(description: "'\(line)' names no path") }
                let mode = w.count > 1 ? UInt32(w[1], radix: 8) : nil
                var uid = 0, gid = 0
                if w.count > 2 { let o = w[2].split(separator: ":"); uid = Int(o[0]) ?? 0; gid = Int(o.last ?? "0") ?? 0 }
                switch key {
                case "file":
                    let body = w.count > 3 ? w[3...].joined(separator: " ").replacingOccurrences("\\n", "\n") : ""
                    layers[layers.count - 1].add(path, mode: mode ?? 0o644, uid: uid, gid: gid, content: Array(body.utf8))
                case "dir": layers[layers.count - 1].add(path, kind: .directory, mode: mode ?? 0o755, uid: uid, gid: gid)
                case "link": layers[layers.count - 1].add(path, kind: .symlink, mode: 0o777, link: w.count > 1 ? w[1] : "")
                case "hardlink": layers[layers.count - 1].add(path, kind: .hardlink, mode: 0o644, link: w.count > 1 ? w[1] : "")
                case "device": layers[layers.count - 1].add(path, kind: .charDevice, mode: mode ?? 0o666)
                case "delete":
                    let dir = Paths.directory(path)
                    layers[layers.count - 1].add((dir.isEmpty ? "" : dir + "/") + ".wh." + Paths.lastComponent(path))
                default:
                    layers[layers.count - 1].add(path + "/.wh..wh..opq")
                }
            default: throw Failure(description: "unknown image spec line '\(line)'")
            }
        }
        var out = TarWriter()
        var diffIDs: [String] = [], layerPaths: [String] = []
        for var l in layers {
            l.finish()
            let hex = Hex.encode(SHA256.hash(data: l.bytes))
            diffIDs.append("sha256:" + hex)
            layerPaths.append("blobs/sha256/" + hex)
            out.add("blobs/sha256/" + hex, content: l.bytes)
        }
        var cfg: [String: Any] = ["Env": env]
        if let user { cfg["User"] = user }
        if let cmd { cfg["Cmd"] = cmd }
        if let entrypoint { cfg["Entrypoint"] = entrypoint }
        if let health { cfg["Healthcheck"] = ["Test": health] }
        if !ports.isEmpty { cfg["ExposedPorts"] = Dictionary(uniqueKeysWithValues: ports.map { ($0, [String: Any]()) }) }
        if !volumes.isEmpty { cfg["Volumes"] = Dictionary(uniqueKeysWithValues: volumes.map { ($0, [String: Any]()) }) }
        if !labels.isEmpty { cfg["Labels"] = labels }
        config = ["architecture": arch, "os": os, "created": created, "config": cfg,
                  "rootfs": ["type": "layers", "diff_ids": diffIDs],
                  "history": history.map { h -> [String: Any] in
                      var e: [String: Any] = ["created": created, "created_by": h.0]
                      if h.1 { e["empty_layer"] = true }
                      return e
                  }]
        let configBytes = Array(JSONText.encode(config).utf8)
        let configHex = Hex.encode(SHA256.hash(data: configBytes))
        out.add("blobs/sha256/" + configHex, content: configBytes)
        let manifest: [Any] = [["Config": "blobs/sha256/" + configHex, "RepoTags": [tag], "Layers": layerPaths] as [String: Any]]
        out.add("manifest.json", content: Array(JSONText.encode(manifest).utf8))
        out.finish()
        return out.bytes
    }
}

/// Just enough JSON writing for image specs (sorted keys: the same spec gives the same bytes).
enum JSONText {
    static func encode(_ v: Any) -> String {
        switch v {
        case let s as String: return quote(s)
        case let b as Bool: return b ? "true" : "false"
        case let i as Int: return String(i)
        case let a as [Any]: return "[" + a.map(encode).joined(separator: ",") + "]"
        case let a as [String]: return "[" + a.map(quote).joined(separator: ",") + "]"
        case let d as [String: Any]: return "{" + d.keys.sorted().map { quote($0) + ":" + encode(d[$0]!) }.joined(separator: ",") + "}"
        case let d as [String: String]: return "{" + d.keys.sorted().map { quote($0) + ":" + quote(d[$0]!) }.joined(separator: ",") + "}"
        default: return "null"
        }
    }
    static func quote(_ s: String) -> String { BulkheadCore.JSONText.quote(s) }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: a) { out += rest[..<r.lowerBound]; out += b; rest = rest[r.upperBound...] }
        return out + rest
    }
}
