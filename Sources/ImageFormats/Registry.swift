import BulkheadCore
import BulkheadModel
import Crypto
import RuntimeSyntax

/// `[registry/]repository[:tag][@digest]`, as the engine reads it (docker.io and library/ by default).
public struct RegistryReference: Sendable, Equatable {
    public var registry: String
    public var repository: String
    public var tag: String?
    public var digest: String?

    public static func parse(_ s: String) -> RegistryReference? {
        var rest = Substring(s)
        var digest: String?
        if let at = rest.firstIndex(of: "@") { digest = String(rest[rest.index(after: at)...]); rest = rest[..<at] }
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { return nil }
        var registry = "docker.io"
        if parts.count > 1, parts[0].contains(".") || parts[0].contains(":") || parts[0] == "localhost" { registry = parts.removeFirst() }
        var last = parts.removeLast()
        var tag: String?
        if let colon = last.lastIndex(of: ":") { tag = String(last[last.index(after: colon)...]); last = String(last[..<colon]) }
        parts.append(last)
        if registry == "docker.io" && parts.count == 1 { parts.insert("library", at: 0) }
        let repo = parts.joined(separator: "/")
        guard repo.allSatisfy({ $0.isLowercase || $0.isNumber || "._-/".contains($0) }) else { return nil }
        if digest == nil && tag == nil { tag = "latest" }
        return RegistryReference(registry: registry, repository: repo, tag: tag, digest: digest)
    }

    /// The host the API is on (Docker Hub's API lives at registry-1.docker.io).
    public var apiHost: String { registry == "docker.io" ? "registry-1.docker.io" : registry }
    public var description: String { "\(registry)/\(repository)" + (tag.map { ":\($0)" } ?? "") + (digest.map { "@\($0)" } ?? "") }
}

/// The OCI distribution API, read-only: manifests and blobs by digest, anonymous bearer tokens from
/// WWW-Authenticate, basic credentials from ~/.docker/config.json. Every byte is checked against its digest.
public final class RegistrySession {
    let http: any HTTPTransport
    let ref: RegistryReference
    let scheme: String
    let credentials: (user: String, password: String)?
    var authorization: String?
    static let accept = ["application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
                         "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json"]

    public init(http: any HTTPTransport, reference: RegistryReference, insecure: Bool, dockerConfig: String?) {
        self.http = http; ref = reference; scheme = insecure ? "http" : "https"
        credentials = dockerConfig.flatMap { RegistrySession.credentials(in: $0, registry: reference.registry) }
    }

    /// user and password for `registry` from a docker config.json's `auths` (base64 `auth`, or username/password).
    static func credentials(in config: String, registry: String) -> (String, String)? {
        guard let root = try? JNode.parse(config), let auths = root["auths"]?.object else { return nil }
        let names = registry == "docker.io" ? ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"] : [registry, "https://" + registry, "http://" + registry]
        for (key, v) in auths where names.contains(key) || names.contains(where: { key.hasPrefix($0 + "/") }) {
            if let a = v["auth"]?.string, let decoded = Base64.decode(a), let colon = decoded.firstIndex(of: ":") {
                return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
            }
            if let u = v["username"]?.string, let p = v["password"]?.string { return (u, p) }
        }
        return nil
    }

    /// GET a path under /v2/NAME/, answering a 401 once (bearer token or basic credentials).
    func get(_ path: String, accept: [String] = []) -> Result<HTTPReply, StreamError> {
        let url = "\(scheme)://\(ref.apiHost)/v2/\(ref.repository)/\(path)"
        var headers = accept.isEmpty ? [] : [("Accept", accept.joined(separator: ", "))]
        if let a = authorization { headers.append(("Authorization", a)) }
        switch http.get(url, headers: headers) {
        case .failure(let e): return .failure(e)
        case .success(let reply):
            guard reply.status == 401, authorization == nil else { return .success(reply) }
            guard let challenge = reply.header("www-authenticate") else { return .failure(StreamError("\(ref.registry) wants credentials but says not how (no WWW-Authenticate)")) }
            switch authorize(challenge) {
            case .failure(let e): return .failure(e)
            case .success(let a): authorization = a
            }
            return get(path, accept: accept)
        }
    }

    func authorize(_ challenge: String) -> Result<String, StreamError> {
        let lower = challenge.lowercased()
        if lower.hasPrefix("basic") {
            guard let c = credentials else { return .failure(StreamError("\(ref.registry) requires credentials: docker login \(ref.registry)")) }
            return .success("Basic " + Base64.encode(Array("\(c.user):\(c.password)".utf8)))
        }
        guard lower.hasPrefix("bearer") else { return .failure(StreamError("unsupported authentication scheme from \(ref.registry): \(challenge.prefix(60))")) }
        let params = RegistrySession.parameters(String(challenge.dropFirst(6)))
        guard let realm = params["realm"], realm.hasPrefix("https://") || realm.hasPrefix("http://") else {
            return .failure(StreamError("\(ref.registry) names no token service"))
        }
        var query = ["scope=" + RegistrySession.escape(params["scope"] ?? "repository:\(ref.repository):pull")]
        if let s = params["service"] { query.insert("service=" + RegistrySession.escape(s), at: 0) }
        var headers: [(String, String)] = []
        if let c = credentials { headers.append(("Authorization", "Basic " + Base64.encode(Array("\(c.user):\(c.password)".utf8)))) }
        switch http.get(realm + (realm.contains("?") ? "&" : "?") + query.joined(separator: "&"), headers: headers) {
        case .failure(let e): return .failure(e)
        case .success(let reply):
            guard reply.status == 200 else {
                return .failure(StreamError("the token service of \(ref.registry) answered \(reply.status)\(credentials == nil ? " (docker login \(ref.registry) if the image is private)" : "")"))
            }
            guard let data = try? reply.body.readAll(limit: 1 << 20), let json = try? JNode.parse(String(decoding: data, as: UTF8.self)),
                  let token = json["token"]?.string ?? json["access_token"]?.string else {
                return .failure(StreamError("the token service of \(ref.registry) gave no token"))
            }
            return .success("Bearer " + token)
        }
    }

    /// `realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"`
    static func parameters(_ s: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = Substring(s).drop { $0 == " " }
        while let eq = rest.firstIndex(of: "=") {
            let key = rest[..<eq].trimmingSpaces.lowercased()
            rest = rest[rest.index(after: eq)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = String(rest[..<end]); rest = rest[end...].dropFirst()
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = String(rest[..<end]); rest = rest[end...]
            }
            out[key] = value
            rest = rest.drop { $0 == "," || $0 == " " }
        }
        return out
    }

    static func escape(_ s: String) -> String { percentEncoded(s, keeping: "-._~") }

    func failure(_ status: Int, _ what: String) -> StreamError {
        switch status {
        case 404: return StreamError("\(what) not found in \(ref.registry) (\(ref.description))")
        case 401, 403: return StreamError("access to \(ref.description) denied\(credentials == nil ? " (docker login \(ref.registry)?)" : "")")
        default: return StreamError("\(ref.registry) answered \(status) for \(what)")
        }
    }

    /// The manifest (or index) the reference names, checked against the digest when the reference has one.
    func manifest() -> Result<[UInt8], StreamError> {
        switch get("manifests/\(ref.digest ?? ref.tag ?? "latest")", accept: RegistrySession.accept) {
        case .failure(let e): return .failure(e)
        case .success(let reply):
            guard reply.status == 200 else { return .failure(failure(reply.status, "manifest")) }
            do {
                let data = try reply.body.readAll(limit: 4 << 20)
                if let d = ref.digest, ImageReader.sha256(data) != d { return .failure(StreamError("the manifest does not match the digest \(d) it was asked by")) }
                return .success(data)
            } catch let e as StreamError { return .failure(e) } catch { return .failure(StreamError("\(error)")) }
        }
    }
}

/// Blobs fetched from the registry when the image needs them.
struct RegistryBlobs: BlobSource {
    let session: RegistrySession
    let limits: LayerLimits
    /// Manifests already fetched (the first one, by its digest).
    let known: [String: [UInt8]]

    func digest(_ path: String) -> String? { ImageReader.digest(fromBlobPath: path) }

    func json(_ path: String) -> [UInt8]? {
        if let k = known[path] { return k }
        guard let d = digest(path) else { return nil }
        // an index names manifests by digest (fetched from manifests/), a manifest names its config (from blobs/)
        for endpoint in ["blobs/\(d)", "manifests/\(d)"] {
            guard case .success(let reply) = session.get(endpoint, accept: endpoint.hasPrefix("manifests") ? RegistrySession.accept : []),
                  reply.status == 200, let data = try? reply.body.readAll(limit: ImageReader.jsonLimit) else { continue }
            return data
        }
        return nil
    }

    func layer(_ path: String, size: Int?) -> Result<LayerSummary, StreamError> {
        guard let d = digest(path) else { return .failure(StreamError("bad layer digest")) }
        switch session.get("blobs/\(d)") {
        case .failure(let e): return .failure(e)
        case .success(let reply):
            guard reply.status == 200 else { return .failure(session.failure(reply.status, "layer \(d)")) }
            do { return .success(try LayerScanner.scan(reply.body, storedSize: size ?? 0, limits: limits)) }
            catch let e as StreamError { return .failure(e) } catch { return .failure(StreamError("\(error)")) }
        }
    }
}

extension ImageReader {
    /// An image from a registry: its manifest (or the platform's manifest from an index), config and layers,
    /// each checked against its digest.
    public func readRegistry(_ reference: String, http: any HTTPTransport, insecure: Set<String>, dockerConfig: String?, source: String) -> ImageReadResult {
        var result = ImageReadResult()
        guard let ref = RegistryReference.parse(reference) else {
            result.errors.append(InputError(path: source, message: "'\(reference)' is not an image reference ([registry/]name[:tag][@digest])"))
            return result
        }
        let session = RegistrySession(http: http, reference: ref, insecure: insecure.contains(ref.registry), dockerConfig: dockerConfig)
        let data: [UInt8]
        switch session.manifest() {
        case .failure(let e): result.errors.append(InputError(path: source, message: e.message)); return result
        case .success(let d): data = d
        }
        let digest = ImageReader.sha256(data)
        let manifestPath = "blobs/sha256/" + digest.dropFirst(7)
        var store = BlobStore()
        // the manifest as the one entry of an index, so layouts and registries are assembled by the same code
        let index = "{\"manifests\":[{\"digest\":\"\(digest)\",\"annotations\":{\"org.opencontainers.image.ref.name\":\(JSONText.quote(reference))}}]}"
        store.json["index.json"] = Array(index.utf8)
        store.json[manifestPath] = data
        store.lazy = RegistryBlobs(session: session, limits: selection.limits, known: [manifestPath: data])
        var sel = self
        sel.selection.tag = nil
        sel.assemble(store, name: source, source: source, into: &result)
        return result
    }
}

/// `s` with every byte but ASCII letters, digits and `keeping` written %XX (URL paths and queries).
public func percentEncoded(_ s: String, keeping: String) -> String {
    var out = ""
    for b in s.utf8 {
        let c = Character(Unicode.Scalar(b))
        if b < 128 && (c.isLetter || c.isNumber || keeping.contains(c)) { out.append(c) } else { out += "%" + Hex.encode([b]).uppercased() }
    }
    return out
}

/// Base64 (standard alphabet) without Foundation.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
    static func decode(_ s: String) -> String? {
        var table = [Int](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = i }
        var bits = 0, count = 0
        var out: [UInt8] = []
        for c in s.utf8 where c != UInt8(ascii: "=") && c != 10 && c != 13 {
            let v = table[Int(c)]
            guard v >= 0 else { return nil }
            bits = bits << 6 | v; count += 6
            if count >= 8 { count -= 8; out.append(UInt8(truncatingIfNeeded: bits >> count)); bits &= (1 << count) - 1 }
        }
        return String(bytes: out, encoding: .utf8)
    }
}
