import BulkheadCore

/// Secret detection shared by every family: names that say "secret", and token formats.
public enum Secrets {
    /// Words that make a variable name secret-like.
    static let secretWords: Set<String> = ["PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN", "APIKEY",
                                           "PRIVATEKEY", "CREDENTIAL", "CREDENTIALS", "AUTH", "PASSPHRASE", "CLIENTSECRET"]
    /// Two-word phrases that are secret-like ("API KEY", "ACCESS KEY", "PRIVATE KEY", …).
    static let secretPairs: Set<String> = ["API KEY", "ACCESS KEY", "PRIVATE KEY", "SECRET KEY", "SIGNING KEY", "ENCRYPTION KEY",
                                           "MASTER KEY", "AUTH KEY", "ACCOUNT KEY", "LICENSE KEY", "SERVICE KEY", "STORAGE KEY",
                                           "SESSION KEY", "APP KEY", "CLIENT KEY", "SHARED KEY", "SSH KEY", "GPG KEY", "DEPLOY KEY",
                                           "SECRET ACCESS", "KEY SECRET", "ACCESS TOKEN", "AUTH TOKEN"]
    /// Final words that say the variable holds something other than the secret itself.
    static let benignLast: Set<String> = ["FILE", "PATH", "DIR", "DIRECTORY", "URL", "URI", "HOST", "PORT", "NAME", "USER", "USERNAME",
                                          "ID", "TYPE", "LENGTH", "LEN", "MIN", "MAX", "ENABLED", "ENABLE", "DISABLED", "DISABLE",
                                          "REQUIRED", "EXPIRY", "EXPIRES", "EXPIRATION", "TTL", "TIMEOUT", "LIFETIME", "ALGORITHM",
                                          "ALG", "SIZE", "VERSION", "REGION", "ENDPOINT", "HEADER", "FIELD", "PARAM", "PREFIX", "SUFFIX",
                                          "MODE", "METHOD", "LOCATION", "COUNT", "LIMIT", "POLICY", "PROVIDER", "SOURCE", "FORMAT",
                                          "ROTATION", "REF", "KEY_ID", "ARN", "BACKEND", "STORE", "VAULT", "MOUNT", "COMMAND", "CMD",
                                          "SCRIPT", "ISSUER", "AUDIENCE", "SCOPE", "SCOPES", "HASH", "FINGERPRINT", "PATTERN",
                                          "VAR", "ENV", "SECRET_NAME", "SERVICE", "STRATEGY", "RESET", "POLICY", "TOKENIZER", "REGEX",
                                          "HOSTNAME", "DOMAIN", "ROLE", "GROUP", "EMAIL", "ACCOUNT", "LOGIN", "CHARS", "ROUNDS", "COST",
                                          "ITERATIONS", "SALT_ROUNDS", "PLUGIN", "CLASS", "DRIVER", "LEVEL", "INTERVAL", "DELAY"]
    /// Whole names that are never secrets.
    static let benignNames: Set<String> = ["PWD", "OLDPWD", "GOPRIVATE", "GONOSUMDB", "GONOPROXY", "GOFLAGS", "GPG_KEY", "GPG_KEYS",
                                           "PASSENGER_VERSION", "AUTH_TYPE", "KEYRING", "NODE_AUTH_TOKEN_FILE"]

    /// Splits `dbPassword`, `DB_PASSWORD`, `db-password` into upper-case words.
    public static func words(_ name: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var prevLower = false
        for ch in name {
            if ch == "_" || ch == "-" || ch == "." || ch == " " {
                if !cur.isEmpty { out.append(cur) }; cur = ""; prevLower = false; continue
            }
            if ch.isUppercase && prevLower { out.append(cur); cur = "" }
            cur.append(Character(ch.uppercased()))
            prevLower = ch.isLowercase || ch.isNumber
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// True if a variable name says it holds a secret value (not a path to one, not a user name).
    /// Fragments at least one of which every secret-like name contains (a cheap first filter).
    static let fragments = ["PASS", "PWD", "SECRET", "TOKEN", "KEY", "AUTH", "CREDENTIAL"]

    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        guard fragments.contains(where: { upper.containsBytes($0) }) else { return false }
        if benignNames.contains(upper) { return false }
        let w = words(name)
        guard let last = w.last else { return false }
        if benignLast.contains(last) { return false }
        if w.count >= 2, benignLast.contains(w[w.count - 2] + "_" + last) { return false }
        // "PWD" only counts when it is not the whole name or a path (PWD is the working directory).
        for (i, word) in w.enumerated() {
            if word == "PWD" && w.count == 1 { return false }
            if secretWords.contains(word) {
                // PASS and AUTH only count as the last word: DB_PASS, BASIC_AUTH (not PASS_THROUGH, AUTH_SERVER)
                if (word == "PASS" || word == "AUTH") && i != w.count - 1 { continue }
                return true
            }
            if i + 1 < w.count, secretPairs.contains(word + " " + w[i + 1]) { return true }
        }
        // compound words: DBPASSWORD, APIKEY, SECRETKEY
        let joined = w.joined()
        for s in ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "PRIVATEKEY", "ACCESSKEY", "SECRETKEY"] where joined.containsBytes(s) {
            if s == "TOKEN" && joined.containsBytes("TOKENIZ") { continue }
            return true
        }
        return false
    }

    /// Authentication modes, methods and realm words that secret-named settings take as values
    /// (`REGISTRY_AUTH=htpasswd`, `POSTGRES_HOST_AUTH_METHOD=md5`): configuration, not credentials.
    static let modeWords: Set<String> = ["htpasswd", "token", "basic", "bearer", "digest", "oauth", "oauth2", "oidc", "jwt", "ldap", "saml",
                                         "kerberos", "md5", "scram-sha-256", "trust", "reject", "peer", "ident", "cert", "plain", "none",
                                         "required", "optional", "disabled", "enabled", "on", "off", "auto", "file", "env", "vault", "silly",
                                         "hmac", "sha256", "sha512", "rsa", "ed25519", "aes256", "aes-256-gcm", "local", "internal", "external"]

    /// Whether a value, written under a secret-looking name, is a literal credential. Not one: empty, a
    /// reference (`${VAR}`, `$VAR`), a file path (where the secret lives, /run/secrets or elsewhere), a URL
    /// without credentials in it (those are caught by `scan`), a boolean, a short number, an authentication
    /// mode or realm phrase, a placeholder (`<your-token>`, `xxx`, `{{ .Token }}`), and a 40-hex key
    /// fingerprint under a signing/GPG name. Real values, weak ones (`changeme`, `password`) included, are.
    public static func isLiteralSecret(_ value: String, name: String) -> Bool {
        let v = value.trimmingSpaces.trimmingQuotes.trimmingSpaces
        if v.isEmpty || v.hasPrefix("$") { return false }
        // a known credential format (a token, a URL with a password) always is one
        if !scan(v).isEmpty { return true }
        let l = v.lowercased()
        if ["true", "false", "yes", "no", "none", "null", "nil", "-", "''", "\"\"", "changeme_in_runtime"].contains(l) { return false }
        // paths: the secret is in a file, not here
        if v.hasPrefix("/") || v.hasPrefix("./") || v.hasPrefix("../") || v.hasPrefix("~/") || (v.count > 2 && v.dropFirst().hasPrefix(":\\")) {
            if !v.contains(" ") { return false }
        }
        // URLs: a password in one is found by `scan`; without one it names a server
        if let scheme = v.firstIndex(of: ":"), v[scheme...].hasPrefix("://"), v[..<scheme].allSatisfy({ $0.isLetter || $0 == "+" }) { return false }
        // short numbers and decimals (lengths, ports, expiries)
        if v.count <= 5, v.allSatisfy({ $0.isNumber || $0 == "." }) { return false }
        if modeWords.contains(l) { return false }
        // a phrase under a realm/message name ("Registry Realm"); a passphrase under a password name stays a secret
        let n = name.uppercased()
        if ["REALM", "MESSAGE", "TITLE", "DESCRIPTION", "HINT", "LABEL"].contains(where: { n.containsBytes($0) }),
           v.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "'" }) { return false }
        // placeholders
        if (l.hasPrefix("<") && l.hasSuffix(">")) || (l.hasPrefix("{{") && l.hasSuffix("}}")) || (l.hasPrefix("%(") && l.hasSuffix(")s")) { return false }
        if l.allSatisfy({ $0 == "x" || $0 == "*" || $0 == "." || $0 == "…" }) { return false }
        if ["todo", "tbd", "replace_me", "replace-me", "replaceme", "your_password", "your-password", "your_token", "your-token",
            "your_api_key", "your-api-key", "your_secret", "your-secret", "secret_here", "token_here", "password_here"].contains(l) { return false }
        // a 40-hex fingerprint of a public signing key (GPG_KEY, SIGNING_KEY, KEY_FINGERPRINT)
        if v.count == 40 || v.count == 16, v.allSatisfy(\.isHexDigit),
           ["SIGNING", "GPG", "PGP", "FINGERPRINT", "KEYID", "KEY_ID"].contains(where: { n.containsBytes($0) }) { return false }
        return true
    }

    /// Shannon entropy of a value, in bits per character.
    public static func entropy(_ v: String) -> Double {
        var counts: [Character: Int] = [:]
        for c in v { counts[c, default: 0] += 1 }
        let n = Double(v.count)
        var h = 0.0
        for (_, k) in counts { let p = Double(k) / n; h -= p * log2(p) }
        return h
    }

    /// log2 by a short series (enough for a threshold; no Foundation here).
    static func log2(_ x: Double) -> Double {
        var m = x, e = 0.0
        while m >= 2 { m /= 2; e += 1 }
        while m < 1 { m *= 2; e -= 1 }
        let y = (m - 1) / (m + 1)
        var term = y, sum = 0.0, k = 1.0
        for _ in 0..<12 { sum += term / k; term *= y * y; k += 2 }
        return e + 2 * sum / 0.6931471805599453
    }

    /// `DB_PASSWORD=…`, `password: "…"`, `"api_key": "…"` in a file: a secret-named key whose value is a
    /// literal with high entropy (at least 3 bits a character, 8 characters or more). In program source
    /// (`quotedOnly`) the value must be a quoted string, so `token = get_token()` is not one.
    public static func secretAssignment(_ line: String, quotedOnly: Bool) -> Match? {
        guard line.utf8.count < 512 else { return nil }
        var rest = Substring(line).drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("export ") { rest = rest.dropFirst(7) }
        if rest.hasPrefix("#") || rest.hasPrefix("//") || rest.hasPrefix(";") { return nil }
        let keyQuoted = rest.first == "\"" || rest.first == "'"
        if keyQuoted { rest = rest.dropFirst() }
        let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
        guard key.count >= 3 else { return nil }
        rest = rest.dropFirst(key.count)
        if keyQuoted { guard rest.first == "\"" || rest.first == "'" else { return nil }; rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard let sep = rest.first, sep == "=" || sep == ":" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "=" }
        let name = String(key)
        guard isSecretName(name) else { return nil }
        var value: Substring
        if let q = rest.first, q == "\"" || q == "'" {
            let body = rest.dropFirst()
            guard let end = body.firstIndex(of: q) else { return nil }
            value = body[..<end]
        } else {
            guard !quotedOnly else { return nil }
            value = rest.prefix { $0 != " " && $0 != "\t" && $0 != "#" && $0 != "," && $0 != ";" }
        }
        let v = String(value)
        // identifiers and message names (userauth-gssapi-token) are not secrets: a secret mixes letter cases or digits
        let classes = [v.contains(where: \.isLowercase), v.contains(where: \.isUppercase), v.contains(where: \.isNumber)].filter { $0 }.count
        guard v.count >= 8, v.count <= 200, !v.contains(" "), classes >= 2, isLiteralSecret(v, name: name), entropy(v) >= 3.0 else { return nil }
        var m = Match(kind: "high-entropy value of \(name)", severity: .high, redacted: String(v.prefix(3)) + "…")
        m.value = v
        m.heuristic = true
        return m
    }

    /// A token format recognised in text.
    public struct Match: Sendable {
        public var kind: String
        public var severity: Severity
        public var redacted: String
        /// The matched text, only for masking it in displayed source lines.
        public var value: String = ""
        /// Found by the entropy of a secret-named key's value rather than by a known format.
        public var heuristic = false
    }

    static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    /// A token recognised by a distinctive prefix and the characters and length of what follows it (Trivy's
    /// built-in secret rules, gitleaks, and the providers' own documentation of their token formats).
    public struct TokenFormat: Sendable {
        public var prefix: String
        public var kind: String
        public var minBody: Int
        public var maxBody: Int
        public var charset: Charset
        public var severity: Severity
        /// The prefix is a key name: skip `=`, `:`, spaces and quotes before the value (aws_secret_access_key = …).
        public var keyed: Bool = false
        public enum Charset: Sendable { case alnum, hex, token, base64, upperAlnum, url }
        /// A real-shaped example that must be recognised (used by the tests).
        public var example: String
    }

    public static let tokenFormats: [TokenFormat] = [
        TokenFormat(prefix: "npm_", kind: "npm access token", minBody: 36, maxBody: 36, charset: .alnum, severity: .critical, example: "npm_abcdefghijklmnopqrstuvwxyz0123456789"),
        TokenFormat(prefix: "pypi-AgEIcHlwaS5vcmc", kind: "PyPI upload token", minBody: 50, maxBody: 400, charset: .token, severity: .critical, example: "pypi-AgEIcHlwaS5vcmcCJGE2ZDQ4ZjFiLWM0ZjAtNGQxNi05ZmI3LTBmOTk2ZTA4ZmRmMwACKlsz"),
        TokenFormat(prefix: "dckr_pat_", kind: "Docker Hub access token", minBody: 27, maxBody: 64, charset: .token, severity: .critical, example: "dckr_pat_2b3e36beeb386dfdaacb9b46004"),
        TokenFormat(prefix: "glptt-", kind: "GitLab pipeline trigger token", minBody: 20, maxBody: 64, charset: .token, severity: .critical, example: "glptt-0123456789abcdef0123456789abcdef01234567"),
        TokenFormat(prefix: "glrt-", kind: "GitLab runner token", minBody: 20, maxBody: 64, charset: .token, severity: .critical, example: "glrt-abcdefghij0123456789"),
        TokenFormat(prefix: "GR1348941", kind: "GitLab runner registration token", minBody: 20, maxBody: 64, charset: .token, severity: .critical, example: "GR1348941abcdefghij0123456789"),
        TokenFormat(prefix: "hf_", kind: "Hugging Face access token", minBody: 34, maxBody: 34, charset: .alnum, severity: .critical, example: "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"),
        TokenFormat(prefix: "shpat_", kind: "Shopify access token", minBody: 32, maxBody: 32, charset: .hex, severity: .critical, example: "shpat_0123456789abcdef0123456789abcdef"),
        TokenFormat(prefix: "shpss_", kind: "Shopify shared secret", minBody: 32, maxBody: 32, charset: .hex, severity: .critical, example: "shpss_0123456789abcdef0123456789abcdef"),
        TokenFormat(prefix: "shpca_", kind: "Shopify custom app token", minBody: 32, maxBody: 32, charset: .hex, severity: .critical, example: "shpca_0123456789abcdef0123456789abcdef"),
        TokenFormat(prefix: "shppa_", kind: "Shopify private app token", minBody: 32, maxBody: 32, charset: .hex, severity: .critical, example: "shppa_0123456789abcdef0123456789abcdef"),
        TokenFormat(prefix: "AGE-SECRET-KEY-1", kind: "age secret key", minBody: 58, maxBody: 58, charset: .upperAlnum, severity: .critical, example: "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"),
        TokenFormat(prefix: "LTAI", kind: "Alibaba Cloud access key id", minBody: 20, maxBody: 20, charset: .alnum, severity: .critical, example: "LTAI5tAbCdEfGhIjKlMnOpQr"),
        TokenFormat(prefix: "dapi", kind: "Databricks access token", minBody: 32, maxBody: 32, charset: .hex, severity: .critical, example: "dapi0123456789abcdef0123456789abcdef"),
        TokenFormat(prefix: "dp.pt.", kind: "Doppler token", minBody: 43, maxBody: 43, charset: .alnum, severity: .critical, example: "dp.pt.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"),
        TokenFormat(prefix: "dt0c01.", kind: "Dynatrace token", minBody: 24, maxBody: 100, charset: .url, severity: .critical, example: "dt0c01.ABCDEFGHIJKLMNOPQRSTUVWX.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUV"),
        TokenFormat(prefix: "NRAK-", kind: "New Relic user API key", minBody: 27, maxBody: 27, charset: .upperAlnum, severity: .critical, example: "NRAK-ABCDEFGHIJKLMNOPQRSTUVWXYZ0"),
        TokenFormat(prefix: "PMAK-", kind: "Postman API key", minBody: 59, maxBody: 59, charset: .token, severity: .critical, example: "PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01"),
        TokenFormat(prefix: "pul-", kind: "Pulumi access token", minBody: 40, maxBody: 40, charset: .hex, severity: .critical, example: "pul-0123456789abcdef0123456789abcdef01234567"),
        TokenFormat(prefix: "rubygems_", kind: "RubyGems API key", minBody: 48, maxBody: 48, charset: .hex, severity: .critical, example: "rubygems_0123456789abcdef0123456789abcdef0123456789abcdef"),
        TokenFormat(prefix: "SG.", kind: "SendGrid API key", minBody: 66, maxBody: 66, charset: .url, severity: .critical, example: "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"),
        TokenFormat(prefix: "xkeysib-", kind: "Brevo (Sendinblue) API key", minBody: 64, maxBody: 100, charset: .token, severity: .critical, example: "xkeysib-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef-AbCdEfGhIjKlMnOp"),
        TokenFormat(prefix: "lin_api_", kind: "Linear API key", minBody: 40, maxBody: 40, charset: .alnum, severity: .critical, example: "lin_api_abcdefghijklmnopqrstuvwxyz0123456789ABCD"),
        TokenFormat(prefix: "pscale_tkn_", kind: "PlanetScale token", minBody: 32, maxBody: 64, charset: .token, severity: .critical, example: "pscale_tkn_abcdefghijklmnopqrstuvwxyz012345"),
        TokenFormat(prefix: "pscale_pw_", kind: "PlanetScale password", minBody: 32, maxBody: 64, charset: .token, severity: .critical, example: "pscale_pw_abcdefghijklmnopqrstuvwxyz012345"),
        TokenFormat(prefix: "sk-ant-", kind: "Anthropic API key", minBody: 80, maxBody: 120, charset: .token, severity: .critical, example: "sk-ant-api03-" + String(repeating: "aB3dE", count: 18)),
        TokenFormat(prefix: "sk-proj-", kind: "OpenAI API key", minBody: 40, maxBody: 200, charset: .token, severity: .critical, example: "sk-proj-" + String(repeating: "Ab1Cd2Ef3G", count: 6)),
        TokenFormat(prefix: "AIza", kind: "Google API key", minBody: 35, maxBody: 35, charset: .token, severity: .high, example: "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW"),
        TokenFormat(prefix: "ya29.", kind: "Google OAuth access token", minBody: 30, maxBody: 2048, charset: .token, severity: .critical, example: "ya29.a0AfH6SMBabcdefghijklmnopqrstuvwxyz0123456789"),
        TokenFormat(prefix: "hooks.slack.com/services/", kind: "Slack webhook URL", minBody: 20, maxBody: 100, charset: .url, severity: .high, example: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
        TokenFormat(prefix: "discord.com/api/webhooks/", kind: "Discord webhook URL", minBody: 20, maxBody: 200, charset: .url, severity: .high, example: "https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz"),
        TokenFormat(prefix: "FLWSECK_TEST-", kind: "Flutterwave secret key", minBody: 32, maxBody: 40, charset: .token, severity: .high, example: "FLWSECK_TEST-0123456789abcdef0123456789abcdef-X"),
        TokenFormat(prefix: "FLWSECK-", kind: "Flutterwave secret key", minBody: 32, maxBody: 40, charset: .token, severity: .critical, example: "FLWSECK-0123456789abcdef0123456789abcdef-X"),
        TokenFormat(prefix: "tfp_", kind: "Typeform token", minBody: 40, maxBody: 64, charset: .token, severity: .critical, example: "tfp_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH_ijklmnopq"),
        TokenFormat(prefix: "duffel_live_", kind: "Duffel live token", minBody: 43, maxBody: 43, charset: .token, severity: .critical, example: "duffel_live_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
        TokenFormat(prefix: "shippo_live_", kind: "Shippo live token", minBody: 40, maxBody: 40, charset: .hex, severity: .critical, example: "shippo_live_0123456789abcdef0123456789abcdef01234567"),
        TokenFormat(prefix: "EZAK", kind: "EasyPost API key", minBody: 54, maxBody: 54, charset: .alnum, severity: .critical, example: "EZAK" + String(repeating: "a1B2c3", count: 9)),
        TokenFormat(prefix: "CLOJARS_", kind: "Clojars deploy token", minBody: 60, maxBody: 60, charset: .alnum, severity: .critical, example: "CLOJARS_" + String(repeating: "abc123", count: 10)),
        TokenFormat(prefix: "fio-u-", kind: "Frame.io token", minBody: 64, maxBody: 64, charset: .token, severity: .critical, example: "fio-u-" + String(repeating: "abcdefgh", count: 8)),
        TokenFormat(prefix: "sq0atp-", kind: "Square access token", minBody: 22, maxBody: 60, charset: .token, severity: .critical, example: "sq0atp-abcdefghij0123456789AB"),
        TokenFormat(prefix: "sq0csp-", kind: "Square OAuth secret", minBody: 43, maxBody: 60, charset: .token, severity: .critical, example: "sq0csp-abcdefghij0123456789ABCDEFGHIJ0123456789xyz"),
        TokenFormat(prefix: "EAAA", kind: "Square access token", minBody: 60, maxBody: 60, charset: .token, severity: .critical, example: "EAAA" + String(repeating: "aB3dEf", count: 10)),
        TokenFormat(prefix: "glc_", kind: "Grafana Cloud token", minBody: 32, maxBody: 400, charset: .base64, severity: .critical, example: "glc_eyJvIjoiMTIzNDU2IiwibiI6InRva2VuIiwiayI6ImFiY2RlZiJ9"),
        TokenFormat(prefix: "glsa_", kind: "Grafana service account token", minBody: 41, maxBody: 41, charset: .token, severity: .critical, example: "glsa_abcdefghijklmnopqrstuvwxyz012345_0a1b2c3d"),
        TokenFormat(prefix: "ATATT3", kind: "Atlassian API token", minBody: 180, maxBody: 200, charset: .token, severity: .critical, example: "ATATT3" + String(repeating: "xFfGF0aB1c", count: 18) + "=ABCD1234"),
        TokenFormat(prefix: "NRJS-", kind: "New Relic browser key", minBody: 19, maxBody: 19, charset: .hex, severity: .high, example: "NRJS-0123456789abcdef012"),
        TokenFormat(prefix: "NRII-", kind: "New Relic insert key", minBody: 32, maxBody: 32, charset: .token, severity: .critical, example: "NRII-abcdefghijklmnopqrstuvwxyz012345"),
        TokenFormat(prefix: "EAACEdEose0cBA", kind: "Facebook access token", minBody: 20, maxBody: 300, charset: .alnum, severity: .critical, example: "EAACEdEose0cBAabcdefghijklmnopqrstuvwxyz0123"),
        TokenFormat(prefix: "SK", kind: "Twilio API key", minBody: 32, maxBody: 32, charset: .hex, severity: .critical, example: "SK0123456789abcdef0123456789abcdef"),
        TokenFormat(prefix: "AccountKey=", kind: "Azure storage account key", minBody: 86, maxBody: 88, charset: .base64, severity: .critical, keyed: true, example: "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + String(repeating: "aB3dEf9+", count: 11) + "==;EndpointSuffix=core.windows.net"),
        TokenFormat(prefix: "glpat-", kind: "GitLab token", minBody: 20, maxBody: 64, charset: .token, severity: .critical, example: "glpat-abcdefghij0123456789"),
        TokenFormat(prefix: "aws_secret_access_key", kind: "AWS secret access key", minBody: 40, maxBody: 40, charset: .base64, severity: .critical, keyed: true, example: "aws_secret_access_key = q8Vd1Jm4XnT0pZ7bL2cR9sY6wE3hK5aF0gU1iO7t"),
        TokenFormat(prefix: "AWS_SECRET_ACCESS_KEY", kind: "AWS secret access key", minBody: 40, maxBody: 40, charset: .base64, severity: .critical, keyed: true, example: "AWS_SECRET_ACCESS_KEY=\"q8Vd1Jm4XnT0pZ7bL2cR9sY6wE3hK5aF0gU1iO7t\""),
    ]

    static func inCharset(_ c: UInt8, _ set: TokenFormat.Charset) -> Bool {
        switch set {
        case .alnum: return isAlnum(c)
        case .hex: return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
        case .token: return isAlnum(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        case .base64: return isAlnum(c) || c == UInt8(ascii: "/") || c == UInt8(ascii: "+")
        case .upperAlnum: return (c >= 48 && c <= 57) || (c >= 65 && c <= 90)
        case .url: return isAlnum(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "/")
        }
    }

    /// Formats by the first byte of their prefix (the scanner looks only at these at each position).
    static let formatsByFirstByte: [[(prefix: [UInt8], format: TokenFormat)]] = {
        var t = Array(repeating: [(prefix: [UInt8], format: TokenFormat)](), count: 256)
        for f in tokenFormats { let p = Array(f.prefix.utf8); t[Int(p[0])].append((p, f)) }
        return t
    }()

    /// The first four bytes of every format `scan` knows (three for `eyJ` and `://`), as big-endian words.
    static let starts4: Set<UInt32> = Set((["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "gith", "glpa",
                                            "xoxb", "xoxa", "xoxp", "xoxr", "xoxs", "sk_l", "rk_l", "----"]
                                           + tokenFormats.filter { $0.prefix.utf8.count >= 4 }.map { String($0.prefix.utf8.prefix(4))! }).map(word))
    static let starts3: Set<UInt32> = Set((["eyJ", "://"] + tokenFormats.filter { $0.prefix.utf8.count == 3 }.map(\.prefix)).map(word))
    /// Two-byte prefixes (Twilio's SK…), looked at only where the byte after them is a hex digit.
    static let starts2: Set<UInt32> = Set(tokenFormats.filter { $0.prefix.utf8.count == 2 }.map { word($0.prefix) })
    static let firstBytes2: [Bool] = (0..<256).map { b in starts2.contains { $0 >> 8 == UInt32(b) } }
    static func word(_ s: String) -> UInt32 { s.utf8.reduce(0) { $0 << 8 | UInt32($1) } }
    /// Bytes that can begin one of those words (most bytes of ordinary text cannot, which keeps the look cheap).
    static let firstBytes: [Bool] = (0..<256).map { b in (starts4.map { $0 >> 24 } + starts3.map { $0 >> 16 }).contains(UInt32(b)) }


    /// The words above by their first byte (a few each), so the quick look needs no hashing.
    static let starts4ByFirst: [[UInt32]] = (0..<256).map { b in starts4.filter { $0 >> 24 == UInt32(b) } }
    static let starts3ByFirst: [[UInt32]] = (0..<256).map { b in starts3.filter { $0 >> 16 == UInt32(b) } }

    /// A quick look for the bytes every format `scan` knows starts with; false means `scan` finds nothing.
    public static func mayContainSecret<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        if let r = bytes.withContiguousStorageIfAvailable({ mayContainSecret(buffer: $0) }) { return r }
        return Array(bytes).withUnsafeBufferPointer { mayContainSecret(buffer: $0) }
    }

    public static func mayContainSecret(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var w: UInt32 = 0
        let t4 = starts4ByFirst, t3 = starts3ByFirst, first = firstBytes, first2 = firstBytes2
        for c in buffer {
            w = w << 8 | UInt32(c)
            let f4 = Int(w >> 24), f3 = Int((w >> 16) & 0xFF)
            if first[f4], t4[f4].contains(w) { return true }
            if first[f3], t3[f3].contains(w & 0xFFFFFF) { return true }
            // (hex in either case, as the format's own character set has it)
            if first2[Int((w >> 16) & 0xFF)], c >= 48 && c <= 57 || c >= 97 && c <= 102 || c >= 65 && c <= 70, starts2.contains((w >> 8) & 0xFFFF) { return true }
        }
        return false
    }

    /// Whether the part of a line before its first `=` or `:` could name a secret (a cheap look, before
    /// any string is made).
    public static func mayNameSecret<C: Collection>(_ line: C) -> Bool where C.Element == UInt8 {
        if let r = line.withContiguousStorageIfAvailable({ mayNameSecret(buffer: $0) }) { return r }
        return Array(line).withUnsafeBufferPointer { mayNameSecret(buffer: $0) }
    }

    public static func mayNameSecret(buffer line: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = 0
        while end < line.count && end <= 80 && line[end] != UInt8(ascii: "=") && line[end] != UInt8(ascii: ":") { end += 1 }
        guard end >= 3, end < line.count, end <= 80 else { return false }
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
        for f in nameFragments where end >= f.count {
            var i = 0
            while i + f.count <= end {
                if lower(line[i]) == f[0] {
                    var k = 1
                    while k < f.count && lower(line[i + k]) == f[k] { k += 1 }
                    if k == f.count { return true }
                }
                i += 1
            }
        }
        return false
    }
    static let nameFragments: [[UInt8]] = ["pass", "pwd", "secret", "token", "key", "auth", "credential"].map { Array($0.utf8) }

    /// Known credential formats: cloud keys, VCS and SaaS tokens, private keys, JWTs, URLs with passwords.
    public static func scan(_ text: String) -> [Match] {
        // most lines hold none of the bytes every format starts with: one quick look, nothing made
        guard mayContainSecret(text.utf8) else { return [] }
        return scanEveryPlace(text)
    }

    /// `scan` without the quick look (the tests check that the look never hides a match).
    static func scanEveryPlace(_ text: String) -> [Match] {
        var out: [Match] = []
        let b = Array(text.utf8)
        let n = b.count
        func redact(_ s: Int, _ e: Int) -> String {
            let str = String(decoding: b[s..<e], as: UTF8.self)
            return String(str.prefix(6)) + "…"
        }
        func run(_ start: Int, _ ok: (UInt8) -> Bool) -> Int {
            var j = start
            while j < n && ok(b[j]) { j += 1 }
            return j
        }
        func word(_ i: Int) -> Bool { i == 0 || !isAlnum(b[i - 1]) }
        func hasPrefix(_ i: Int, _ p: StaticString) -> Bool {
            p.withUTF8Buffer { pb in
                guard i + pb.count <= n else { return false }
                for k in 0..<pb.count where b[i + k] != pb[k] { return false }
                return true
            }
        }
        func match(_ b: [UInt8], _ start: Int, kind: String, severity: Severity, redacted: String) -> Match {
            var m = Match(kind: kind, severity: severity, redacted: redacted)
            var e = start
            while e < b.count && b[e] != UInt8(ascii: " ") && b[e] != UInt8(ascii: "\"") && b[e] != UInt8(ascii: "'") && b[e] != UInt8(ascii: "\n") { e += 1 }
            m.value = String(decoding: b[start..<e], as: UTF8.self)
            return m
        }
        let tokenChar: (UInt8) -> Bool = { isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
        var i = 0
        while i < n {
            let c = b[i]
            // AWS access key id
            if c == UInt8(ascii: "A") || c == UInt8(ascii: "S"), word(i),
               hasPrefix(i, "AKIA") || hasPrefix(i, "ASIA") || hasPrefix(i, "AGPA") || hasPrefix(i, "AIDA") || hasPrefix(i, "AROA") {
                let e = run(i + 4) { ($0 >= 65 && $0 <= 90) || ($0 >= 50 && $0 <= 55) }
                // AWS's documentation key (AKIAIOSFODNN7EXAMPLE and kin) is an example, not a leak
                if e - i == 20 && (e == n || !isAlnum(b[e])) && !b[(e - 7)..<e].elementsEqual("EXAMPLE".utf8) {
                    out.append(match(b, i, kind: "AWS access key id", severity: .critical, redacted: redact(i, e))); i = e; continue
                }
            }
            if c == UInt8(ascii: "g"), word(i) {
                for p: StaticString in ["ghp_", "gho_", "ghs_", "ghu_", "ghr_"] where hasPrefix(i, p) {
                    let e = run(i + 4, isAlnum)
                    if e - i - 4 >= 36 { out.append(match(b, i, kind: "GitHub token", severity: .critical, redacted: redact(i, e))); i = e; break }
                }
                if hasPrefix(i, "github_pat_") {
                    let e = run(i + 11, tokenChar)
                    if e - i - 11 >= 40 { out.append(match(b, i, kind: "GitHub fine-grained token", severity: .critical, redacted: redact(i, e))); i = e; continue }
                }
                if hasPrefix(i, "glpat-") {
                    let e = run(i + 6, tokenChar)
                    if e - i - 6 >= 20 { out.append(match(b, i, kind: "GitLab token", severity: .critical, redacted: redact(i, e))); i = e; continue }
                }
            }
            if c == UInt8(ascii: "x"), word(i), hasPrefix(i, "xox"), i + 4 < n,
               [UInt8(ascii: "b"), UInt8(ascii: "a"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "s")].contains(b[i + 3]),
               b[i + 4] == UInt8(ascii: "-") {
                let e = run(i + 5) { tokenChar($0) }
                if e - i >= 15 { out.append(match(b, i, kind: "Slack token", severity: .critical, redacted: redact(i, e))); i = e; continue }
            }
            if (c == UInt8(ascii: "s") || c == UInt8(ascii: "r")), word(i), hasPrefix(i, "sk_live_") || hasPrefix(i, "rk_live_") {
                let e = run(i + 8, isAlnum)
                if e - i - 8 >= 16 { out.append(match(b, i, kind: "Stripe live key", severity: .critical, redacted: redact(i, e))); i = e; continue }
            }
            if c == UInt8(ascii: "-"), hasPrefix(i, "-----BEGIN "), let r = text.utf8.index(text.utf8.startIndex, offsetBy: i, limitedBy: text.utf8.endIndex) {
                let rest = text[r...].prefix(80)
                if let endHdr = rest[rest.index(rest.startIndex, offsetBy: 11)...].firstRange(of: "-----") {
                    let label = rest[rest.index(rest.startIndex, offsetBy: 11)..<endHdr.lowerBound]
                    if label.hasSuffix("PRIVATE KEY") {
                        out.append(match(b, i, kind: "private key (\(label))", severity: .critical, redacted: "-----BEGIN \(label)-----"))
                        i += 11 + label.utf8.count; continue
                    }
                }
            }
            // JWT: eyJ…​.eyJ….sig
            if c == UInt8(ascii: "e"), word(i), hasPrefix(i, "eyJ") {
                let b64: (UInt8) -> Bool = { isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
                let e1 = run(i, b64)
                if e1 < n, b[e1] == UInt8(ascii: "."), e1 - i >= 10, hasPrefix(e1 + 1, "eyJ") {
                    let e2 = run(e1 + 1, b64)
                    if e2 < n, b[e2] == UInt8(ascii: "."), e2 - e1 >= 10 {
                        let e3 = run(e2 + 1, b64)
                        if e3 - e2 >= 10 { out.append(match(b, i, kind: "JSON Web Token", severity: .high, redacted: redact(i, e3))); i = e3; continue }
                    }
                }
            }
            // scheme://user:password@host
            if c == UInt8(ascii: ":"), i + 2 < n, b[i + 1] == UInt8(ascii: "/"), b[i + 2] == UInt8(ascii: "/") {
                var s = i
                while s > 0 && (isAlnum(b[s - 1]) || b[s - 1] == UInt8(ascii: "+")) { s -= 1 }
                let scheme = String(decoding: b[s..<i], as: UTF8.self).lowercased()
                let userStart = i + 3
                let stop: (UInt8) -> Bool = { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\"")
                    && $0 != UInt8(ascii: "'") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "@") && $0 != UInt8(ascii: "\t") }
                let e = run(userStart, stop)
                if !scheme.isEmpty, e < n, b[e] == UInt8(ascii: "@") {
                    let cred = String(decoding: b[userStart..<e], as: UTF8.self)
                    if let colon = cred.firstIndex(of: ":") {
                        let user = cred[..<colon]
                        let pass = cred[cred.index(after: colon)...]
                        if !pass.isEmpty, !pass.hasPrefix("$"), !pass.contains("${"), !user.hasPrefix("$"),
                           !(pass.hasPrefix("<") && pass.hasSuffix(">")), !pass.hasPrefix("{"), !pass.hasPrefix("%("), !["password", "pass", "xxx", "****", "***"].contains(pass.lowercased()),
                           !pass.hasPrefix("%") {
                            out.append(match(b, i, kind: "password in a \(scheme) URL", severity: .high, redacted: "\(scheme)://\(user):****@…"))
                        }
                    }
                    if out.last?.kind.hasPrefix("password in a") == true { i = e; continue }
                }
            }
            // prefix formats (npm, PyPI, Docker Hub, cloud and SaaS tokens)
            if word(i), !formatsByFirstByte[Int(c)].isEmpty {
                var matched = false
                for (p, f) in formatsByFirstByte[Int(c)] where i + p.count <= n && b[i..<(i + p.count)].elementsEqual(p) {
                    var s = i + p.count
                    if f.keyed {
                        while s < n, [UInt8(ascii: " "), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\t")].contains(b[s]) { s += 1 }
                    }
                    let e = run(s) { inCharset($0, f.charset) }
                    let len = e - s
                    // the body ends where the token does: a longer run of the same characters is something else
                    guard len >= f.minBody, len <= f.maxBody || f.charset == .url else { continue }
                    if f.keyed, b[s..<e].count >= 7, String(decoding: b[s..<e], as: UTF8.self).contains("EXAMPLE") { continue }
                    var m = match(b, f.keyed ? s : i, kind: f.kind, severity: f.severity, redacted: f.keyed ? redact(s, e) : redact(i, e))
                    if f.keyed { m.value = String(decoding: b[s..<e], as: UTF8.self) }
                    out.append(m); i = e; matched = true
                    break
                }
                if matched { continue }
            }
            i += 1
        }
        return out
    }

    /// File names that hold keys or credentials.
    public static func isSecretFile(_ path: String) -> String? {
        let p = path.hasSuffix("/") ? String(path.dropLast()) : path
        let base = p.split(separator: "/").last.map(String.init) ?? p
        let l = base.lowercased()
        let exact: [String: String] = [
            "id_rsa": "SSH private key", "id_dsa": "SSH private key", "id_ecdsa": "SSH private key", "id_ed25519": "SSH private key",
            ".env": "environment file with secrets", ".netrc": "netrc credentials", "_netrc": "netrc credentials",
            ".npmrc": "npm credentials", ".pypirc": "PyPI credentials", ".git-credentials": "git credentials",
            "credentials.json": "cloud credentials", "credentials": "credentials file", "service-account.json": "cloud service-account key",
            "gcp-key.json": "cloud service-account key", ".htpasswd": "password file", "secrets.yml": "secrets file",
            "secrets.yaml": "secrets file", "secrets.json": "secrets file", "master.key": "Rails master key", ".dockercfg": "registry credentials",
            "kubeconfig": "Kubernetes credentials", "keystore.jks": "Java keystore", ".vault-token": "Vault token",
            "terraform.tfvars": "Terraform variables", "shadow": "password hashes",
        ]
        if let k = exact[l] {
            if l == "credentials" && !p.contains(".aws") { return nil }
            if l == "shadow" && !p.hasSuffix("etc/shadow") { return nil }
            return k
        }
        if p.hasSuffix(".docker/config.json") { return "registry credentials" }
        if p.hasSuffix(".aws/credentials") { return "AWS credentials" }
        if p.hasSuffix(".kube/config") { return "Kubernetes credentials" }
        if l.hasPrefix(".env.") && !l.hasSuffix(".example") && !l.hasSuffix(".sample") && !l.hasSuffix(".template") && !l.hasSuffix(".dist") && !l.hasSuffix(".defaults") {
            return "environment file with secrets"
        }
        for ext in [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".ovpn", ".kdbx", ".asc", ".gpg", ".secret"] where l.hasSuffix(ext) {
            let publicHints = ["cert", "chain", "ca", "fullchain", "bundle", "pub", "dh", "ffdhe", "param", "gpg", "pgp", "repo", "release",
                               "archive", "keyring", "signing", "apt", "yum", "rpm", "trust", "root"]
            if (ext == ".pem" || ext == ".key") && publicHints.contains(where: { l.contains($0) }) { return nil }
            if ext == ".asc" && !l.contains("private") && !l.contains("secret") { return nil }
            if ext == ".gpg" && !l.contains("private") && !l.contains("secret") { return nil }
            return "key or credential file (\(ext))"
        }
        if l.hasPrefix("id_rsa") && !l.hasSuffix(".pub") || l.hasPrefix("id_ed25519") && !l.hasSuffix(".pub") { return "SSH private key" }
        return nil
    }
}
