import BulkheadCore
import BulkheadModel

/// One entry of the build context that a COPY/ADD put into a stage's filesystem.
struct ContextCopy {
    var entry: BuildContext.Entry
    /// Where it lands in the stage's filesystem.
    var imagePath: String
    /// The COPY/ADD that took it from the context.
    var instruction: Instruction
    /// Set when a later `COPY --from=<stage>` carried it into another stage.
    var carriedBy: Instruction?
    /// The source named this very file (not a directory or wildcard holding it): DF023's business.
    var named: Bool
}

/// Follows what COPY/ADD take from the build context through the stages: into the stage that copies it,
/// into stages built `FROM` that stage, and through `COPY --from=<stage>` of a path that holds it.
enum ContextCopies {
    /// Per stage (by index), the context entries `keep` accepts that are in its filesystem at its end.
    static func perStage(_ ctx: DockerfileContext, _ bc: BuildContext, keep: (BuildContext.Entry) -> Bool) -> [[ContextCopy]] {
        let file = ctx.file
        var copies = [[ContextCopy]](repeating: [], count: file.stages.count)
        var workdir = [String](repeating: "/", count: file.stages.count)
        // only the interesting entries are followed (a context of 100,000 files holds a handful)
        let interesting = bc.entries.filter(keep)
        guard !interesting.isEmpty else { return copies }
        let wanted = Set(interesting.map(\.path))
        var names: [String: Int] = [:]
        for s in file.stages { if let n = s.name?.lowercased() { names[n] = s.index } }
        for ins in file.instructions {
            guard let s = ins.stageIndex else { continue }
            switch ins.keyword {
            case "FROM":
                if let p = file.stages[s].parentStage, p < s { copies[s] = copies[p]; workdir[s] = workdir[p] }
            case "WORKDIR":
                if let w = ins.words.first { workdir[s] = resolve(w, in: workdir[s]) }
            case "COPY", "ADD":
                guard ins.heredocs.isEmpty else { continue }
                let words = ins.words
                guard words.count >= 2, let destWord = words.last else { continue }
                let sources = Array(words.dropLast())
                if sources.contains(where: { $0.contains("$") || $0.contains("://") || $0.hasPrefix("git@") }) { continue }
                let dest = resolve(destWord, in: workdir[s])
                let destIsDir = destWord.hasSuffix("/") || destWord == "." || sources.count > 1
                let excludes = DockerIgnore.parse(ins.flagValues("exclude").joined(separator: "\n"))
                if let from = ins.flag("from")?.value {
                    guard let src = names[from.lowercased()] ?? Int(from), src < s, src >= 0 else { continue }
                    for source in sources {
                        let sp = resolve(source, in: "/")
                        let tokens = Glob.hasMagic(sp) ? Glob.tokens(filepathPattern: sp) : nil
                        for c in copies[src] {
                            var rel: String
                            if c.imagePath == sp {
                                // a directory's contents go to the destination itself; a file to it or into it
                                if c.entry.kind == .directory || !destIsDir { append(&copies[s], c, at: dest, ins); continue }
                                rel = Paths.lastComponent(sp)
                            } else if sp == "/" {
                                rel = String(c.imagePath.dropFirst())
                            } else if c.imagePath.hasPrefix(sp + "/") {
                                rel = String(c.imagePath.dropFirst(sp.count + 1))
                            } else if let t = tokens, let m = globPrefix(t, sp, c.imagePath) {
                                rel = m
                            } else { continue }
                            if excludes.excludes(rel) { continue }
                            append(&copies[s], c, at: join(dest, rel), ins)
                        }
                    }
                    continue
                }
                for source in sources {
                    let norm = BuildContext.normalizeSource(source)
                    let literalFile = !Glob.hasMagic(norm) && bc.index(of: norm).map { bc.entries[$0].kind != .directory } == true
                    for (e, rel) in bc.copied(by: source) where wanted.contains(e.path) {
                        if excludes.excludes(rel) { continue }
                        let target = (literalFile && !destIsDir) || rel.isEmpty ? dest : join(dest, rel)
                        copies[s].append(ContextCopy(entry: e, imagePath: target, instruction: ins, carriedBy: nil, named: literalFile))
                    }
                }
            default: continue
            }
        }
        return copies
    }

    static func append(_ list: inout [ContextCopy], _ c: ContextCopy, at path: String, _ by: Instruction) {
        var n = c
        n.imagePath = path
        n.carriedBy = by
        list.append(n)
    }

    /// `path` resolved against a working directory, cleaned, absolute.
    static func resolve(_ path: String, in workdir: String) -> String {
        let p = path.hasPrefix("/") ? path : join(workdir, path)
        return DockerIgnore.clean(p.hasPrefix("/") ? p : "/" + p)
    }

    /// When a wildcard source matches `path` or a directory above it: the part of `path` below the match.
    static func globPrefix(_ tokens: [Glob.Token], _ pattern: String, _ path: String) -> String? {
        let depth = pattern.split(separator: "/").count
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= depth else { return nil }
        let head = "/" + parts.prefix(depth).joined(separator: "/")
        guard Glob.match(tokens, head) else { return nil }
        return parts.count == depth ? String(parts.last!) : parts.dropFirst(depth).joined(separator: "/")
    }
}

/// What a build-context entry is, when it should not be sent into an image.
enum ContextLeak {
    struct Kind {
        var what: String
        var severity: Severity
    }

    /// Paths that hold test fixtures: keys there are usually throwaway ones.
    static func inFixtures(_ path: String) -> Bool {
        let dirs = path.lowercased().split(separator: "/").dropLast()
        return dirs.contains { ["test", "tests", "testdata", "fixtures", "fixture", "__tests__", "spec", "testing", "examples", "example", "samples", "docs"].contains(String($0)) }
    }

    /// Under a directory that is reported as a whole (.git, node_modules) or vendored code.
    static func insideBulk(_ path: String) -> Bool {
        // a directory component, not the last one (no split: asked of every entry of the context)
        for d in ["node_modules/", ".git/", ".venv/", "venv/"] where path.hasPrefix(d) || path.contains("/" + d) { return true }
        return false
    }

    /// A credential (DF095): keys, .env files with values, tokens in package-manager configs, cloud
    /// credentials, Terraform state, a Git repository.
    static func credential(_ e: BuildContext.Entry, in bc: BuildContext) -> Kind? {
        let path = e.path
        let name = String(e.name)
        let l = name.lowercased()
        if e.kind == .directory {
            guard l == ".git", !insideBulk(path) else { return nil }
            let config = bc.index(of: path + "/config").flatMap { bc.entries[$0].text } ?? ""
            // only some files of it sent (`.git` excluded, `!.git/config` brought back): say what is sent
            let history = bc.index(of: path + "/HEAD") != nil || bc.index(of: path + "/objects") != nil
            if !history {
                guard gitConfigHasCredentials(config) else { return nil }
                return Kind(what: "Git's config with a credential in a remote URL", severity: .high)
            }
            if gitConfigHasCredentials(config) {
                return Kind(what: "a Git repository whose config holds a credential in a remote URL, with the project's whole history", severity: .high)
            }
            return Kind(what: "a Git repository: the project's whole history (every secret ever committed) and its remotes", severity: .medium)
        }
        guard e.kind == .file, !insideBulk(path) else { return nil }
        let fixture = inFixtures(path)
        func graded(_ what: String, _ s: Severity) -> Kind { Kind(what: what + (fixture ? " (under a test or example directory)" : ""), severity: fixture ? .low : s) }
        let text = e.text
        // Terraform state: every resource's attributes, passwords included, in plain text
        if l.hasSuffix(".tfstate") || l.hasSuffix(".tfstate.backup") { return graded("Terraform state (resource attributes, passwords and keys in plain text)", .high) }
        // package-manager configurations: only with a literal token
        if [".npmrc", ".yarnrc", ".yarnrc.yml", ".pypirc", "pip.conf", "settings.xml"].contains(l) || path.hasSuffix(".gem/credentials") {
            guard let t = text, let key = literalToken(t) else { return nil }
            return graded("\(name) with a literal \(key)", .high)
        }
        if path.hasSuffix(".docker/config.json") || l == ".dockercfg" {
            guard let t = text, t.contains("\"auth\"") || t.contains("\"identitytoken\"") else { return nil }
            return graded("registry credentials", .high)
        }
        // keys: the content decides where it is at hand (a certificate is public)
        if l.hasSuffix(".pem") || l.hasSuffix(".key") || l.hasSuffix(".crt") {
            if let t = text {
                guard t.contains("PRIVATE KEY-----") else { return nil }
                return graded("a private key", .high)
            }
            return Secrets.isSecretFile(path).map { graded($0, .high) }
        }
        if l.hasSuffix(".json") {
            if let t = text, t.contains("\"private_key\""), t.contains("PRIVATE KEY") {
                return graded(t.contains("service_account") ? "a cloud service-account key" : "a JSON file holding a private key", .high)
            }
            if path.contains(".azure/") && (l.contains("token") || l.contains("msal")) { return graded("Azure CLI tokens", .high) }
            if path.contains(".config/gcloud/") { return graded("gcloud credentials", .high) }
            if path.hasSuffix(".aws/sso/cache/" + name) { return graded("AWS SSO tokens", .high) }
            // a name alone (credentials.json) is not enough when the content is at hand and holds no key
            if text != nil { return nil }
        }
        if path.contains(".config/gcloud/") && (l.hasSuffix(".db") || path.contains("legacy_credentials/")) { return graded("gcloud credentials", .high) }
        if l == ".env" || (l.hasPrefix(".env.") && Secrets.isSecretFile(path) != nil) {
            guard let t = text else { return graded("an environment file", .high) }
            var assignments = 0, secret: String? = nil
            for line in t.split(separator: "\n") {
                var s = line.trimmingSpaces
                if s.hasPrefix("#") || s.isEmpty { continue }
                if s.hasPrefix("export ") { s = String(s.dropFirst(7)).trimmingSpaces }
                guard let eq = s.firstIndex(of: "=") else { continue }
                let key = String(s[..<eq]).trimmingSpaces, value = String(s[s.index(after: eq)...]).trimmingSpaces
                guard !value.isEmpty else { continue }
                assignments += 1
                if secret == nil, Secrets.isSecretName(key), Secrets.isLiteralSecret(value, name: key) { secret = key }
                else if secret == nil, !Secrets.scan(value).isEmpty { secret = key }
            }
            if let k = secret { return graded("an environment file with a literal \(k)", .high) }
            // settings but nothing that looks like a credential: worth knowing, not an alarm
            return assignments > 0 ? graded("an environment file (\(assignments) setting\(assignments == 1 ? "" : "s"), none of them secret-looking)", .low) : nil
        }
        if l == ".netrc" || l == "_netrc" {
            if let t = text, !t.contains("password") { return nil }
            return graded("netrc credentials", .high)
        }
        if let kind = Secrets.isSecretFile(path) {
            // trust stores hold public certificates
            if (l.hasSuffix(".jks") || l.hasSuffix(".keystore") || l.hasSuffix(".p12")) && (l.contains("trust") || l.contains("cacerts")) { return nil }
            // secrets files judged by what they hold where it is at hand: `<%= ENV["X"] %>` and ${X} are references
            if ["secrets.yml", "secrets.yaml", "secrets.json", "credentials.json", "terraform.tfvars"].contains(l), let t = text {
                let literal = !Secrets.scan(t).isEmpty || t.split(separator: "\n").contains { Secrets.secretAssignment(String($0), quotedOnly: false) != nil }
                return literal ? graded(kind + " with a literal credential", .high) : graded(kind + " (no literal credential seen)", .low)
            }
            return graded(kind, .high)
        }
        return nil
    }

    /// `[remote] url = https://user:token@host/…` or an extraheader with a token.
    static func gitConfigHasCredentials(_ config: String) -> Bool {
        for line in config.split(separator: "\n") {
            let s = line.trimmingSpaces.lowercased()
            if s.hasPrefix("url") || s.hasPrefix("pushurl"), let scheme = s.firstRange(of: "://") {
                let rest = s[scheme.upperBound...]
                if let at = rest.firstIndex(of: "@"), !rest[..<at].contains("/"), rest[..<at].contains(":") { return true }
            }
            if s.hasPrefix("extraheader"), s.contains("authorization") { return true }
        }
        return false
    }

    /// The first literal credential setting in an npm/yarn/pip/Maven/gem configuration (a value taken from
    /// the environment, `${NPM_TOKEN}`, is not one).
    static func literalToken(_ text: String) -> String? {
        let keys = ["_authtoken", "_auth", "_password", "password", "npmauthtoken", "npmauthident", "token", "rubygems_api_key"]
        for line in text.split(separator: "\n") {
            var s = line.trimmingSpaces
            if s.hasPrefix("#") || s.hasPrefix(";") { continue }
            // <password>…</password> (Maven)
            if s.hasPrefix("<password>") {
                let v = s.dropFirst(10).prefix { $0 != "<" }
                if !v.isEmpty && !v.hasPrefix("${") { return "password" }
                continue
            }
            // a YAML symbol key (`:rubygems_api_key: …`, gem's credentials) starts with its own colon
            if s.hasPrefix(":") { s.removeFirst() }
            guard let sep = s.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            var key = s[..<sep].trimmingSpaces.lowercased()
            // //registry.npmjs.org/:_authToken=…
            if let last = key.split(separator: ":").last, key.hasPrefix("//") { key = String(last) }
            guard keys.contains(where: { key == $0 || key.hasSuffix("." + $0) || key.hasSuffix(":" + $0) }) else {
                // the separator may be the registry's own colon: //host/:_authToken=x
                if s.hasPrefix("//"), let eq = s.firstIndex(of: "="), let k = s[..<eq].split(separator: ":").last,
                   keys.contains(String(k).lowercased()) {
                    let v = s[s.index(after: eq)...].trimmingSpaces.trimmingQuotes
                    if !v.isEmpty && !v.hasPrefix("${") && !v.hasPrefix("$") { return String(k) }
                }
                continue
            }
            let v = s[s.index(after: sep)...].trimmingSpaces.trimmingQuotes
            if v.isEmpty || v.hasPrefix("${") || v.hasPrefix("$") || v.hasPrefix("%(") { continue }
            return String(key)
        }
        return nil
    }

    /// What the host's own build output is (DF096): node_modules, a Python virtual environment.
    static func hostBuildOutput(_ e: BuildContext.Entry, in bc: BuildContext) -> String? {
        guard e.kind == .directory, !insideBulk(e.path) else { return nil }
        let parts = e.path.split(separator: "/")
        if parts.contains(".git") { return nil }
        switch e.name {
        case "node_modules": return "the host's node_modules (packages installed for the build machine's platform, devDependencies included)"
        case ".venv", "venv", "env", ".env":
            guard bc.index(of: e.path + "/pyvenv.cfg") != nil else { return nil }
            return "the host's Python virtual environment (interpreter links and packages of the build machine)"
        default: return nil
        }
    }
}
