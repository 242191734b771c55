import BulkheadCore
import BulkheadModel

struct ImageSecretFile: Rule {
    static let description = RuleDescription(
        id: "IM003", title: "Credential file in the image", severity: .high, controls: [.secretsImage], cis: ["4.10"],
        aliases: ["CIS-DI-0010", "DKL-LI-0003"],
        rationale: """
        Key and credential files (SSH keys, .env, .npmrc/.pypirc/.git-credentials with tokens, .docker/config.json \
        with auths, kubeconfig, .aws/credentials, keystores) copied into an image go wherever the image goes. A file \
        deleted by a later layer is still in the earlier layer's tarball: anyone with the image extracts it in \
        seconds. Files whose contents say they hold no credential (an .npmrc with only a registry URL, a config.json \
        without auths) are not reported, nor are sample keys inside installed packages' tests.
        """,
        remediation: "Never COPY credentials into an image (add them to .dockerignore); use BuildKit secret mounts at build time and runtime secrets. Deleting in a later layer does not help: rebuild without the file, then rotate the credential.",
        triggering: [
            Example("user 1000\n↓layer\nfile root/.pypirc 0600 0:0 [pypi]\\nusername = __token__\\npassword = s3cr3t-upload-key"),
            Example("user 1000\n↓layer\nfile app/.npmrc 0644 0:0 //npm.example.com/:_auth=ZGVwbG95OnMzY3IzdA=="),
            Example("user 1000\n↓layer\nfile root/.docker/config.json 0600 0:0 {\"auths\":{\"registry.example.com\":{\"auth\":\"dXNlcjpwYXNz\"}}}\nlayer RUN rm /root/.docker/config.json\ndelete root/.docker/config.json"),
            Example("user 1000\n↓layer\nfile app/.env 0644 0:0 DB_PASSWORD=hunter2hunter2"),
        ],
        nonTriggering: [
            Example("user 1000\nlayer\nfile app/.npmrc 0644 0:0 registry=https://registry.npmjs.org/"),
            Example("user 1000\nlayer\nfile root/.docker/config.json 0600 0:0 {\"credsStore\":\"desktop\"}"),
            Example("user 1000\nlayer\nfile usr/lib/python3/dist-packages/tornado/test/test.key 0644 0:0 -----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"),
            Example("user 1000\nlayer\nfile etc/ssl/certs/ca.pem 0644 0:0 -----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----"),
            Example("user 1000\nlayer\nfile app/.env.example 0644 0:0 DB_PASSWORD=changeme"),
        ])

    /// Whether a captured file's contents hold a credential (nil: contents not read, judge by name).
    static func holdsCredential(_ path: String, _ text: String?) -> Bool {
        guard let text else { return true }
        let l = path.lowercased()
        if l.hasSuffix(".docker/config.json") || l.hasSuffix(".dockercfg") {
            return text.contains("\"auth\"") && !text.contains("\"auth\": \"\"") && !text.contains("\"auth\":\"\"") || text.contains("identitytoken")
        }
        if l.hasSuffix(".npmrc") { return ["_authToken=", "_auth=", "_password=", ":_authToken", "_auth ="].contains { text.contains($0) } && !text.contains("_authToken=${") }
        if l.hasSuffix(".pypirc") { return text.contains("password") }
        if l.hasSuffix(".netrc") || l.hasSuffix("_netrc") { return text.contains("password") }
        if l.hasSuffix(".aws/credentials") { return text.contains("aws_secret_access_key") }
        if l.hasSuffix("kubeconfig") || l.hasSuffix(".kube/config") { return ["client-key-data", "token:", "password:"].contains { text.contains($0) } }
        if Paths.lastComponent(l).hasPrefix(".env") {
            for line in text.split(separator: "\n") {
                let kv = line.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                let name = kv[0].trimmingSpaces.replacingExport
                if Secrets.isSecretName(name), Secrets.isLiteralSecret(String(kv[1]), name: name) { return true }
            }
            return !Secrets.scan(text).isEmpty
        }
        if l.hasSuffix(".git-credentials") { return text.contains("@") }
        if l.hasSuffix(".pem") || l.hasSuffix(".key") || Paths.lastComponent(l).hasPrefix("id_") {
            return text.contains("PRIVATE KEY")
        }
        return true
    }

    func check(_ ctx: ImageContext) -> [Finding] {
        var out: [Finding] = []
        // files whose contents already carry a known credential are reported by IM004 with the format
        let byContent = Set(ctx.image.contentSecrets.map(\.path))
        func consider(_ f: ImageFile, removed: Bool) {
            guard f.type == .file, f.size > 0, !byContent.contains(f.path), !ImageFacts.isPackageFixture(f.path),
                  let kind = Secrets.isSecretFile(f.path), f.path != "etc/shadow" else { return }
            guard Self.holdsCredential(f.path, removed ? nil : ctx.image.texts[f.path]) else { return }
            if removed, let by = f.removedIn {
                out.append(ctx.finding(Self.description, at: "/\(f.path)", "/\(f.path) (\(kind)) was added in \(ctx.layerName(f.changedIn)) and deleted in \(ctx.layerName(by)), but it is still in \(ctx.layerName(f.changedIn))'s tarball: anyone with the image can extract it.",
                                       evidence: "/\(f.path) removed"))
            } else {
                out.append(ctx.finding(Self.description, at: "/\(f.path)", "/\(f.path) (\(kind)) is in the image (added in \(ctx.layerName(f.changedIn))).", evidence: "/\(f.path)"))
            }
        }
        for f in ctx.sortedFiles { consider(f, removed: false) }
        var seen = Set<String>()
        for f in ctx.image.removed where ctx.image.files[f.path] == nil || ctx.image.files[f.path]?.changedIn != f.changedIn {
            if seen.insert("\(f.path)\u{1F}\(f.changedIn)").inserted { consider(f, removed: true) }
        }
        return out
    }
}

extension String {
    var replacingExport: String { hasPrefix("export ") ? String(dropFirst(7)).trimmingSpaces : self }
}
