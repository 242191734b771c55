import BulkheadCore
@testable import BulkheadModel
import BulkheadTesting
import Foundation
import Testing
@testable import Rules

@Suite("Rule catalog")
struct CatalogTests {
    let rules = RuleCatalog.descriptions

    @Test func idsAreUniqueWellFormedAndNotRetired() {
        let ids = rules.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate rule ids")
        for id in ids {
            #expect(id.count == 5 && RuleCatalog.families.map(\.prefix).contains(String(id.prefix(2))) && Int(id.dropFirst(2)) != nil, "bad id \(id)")
            #expect(!RuleCatalog.retired.contains(id), "\(id) reuses a retired id")
        }
    }

    @Test func everyRuleDescribesItself() {
        for d in rules {
            #expect(!d.controls.isEmpty, "\(d.id) has no control")
            #expect(!d.title.isEmpty && !d.rationale.isEmpty && !d.remediation.isEmpty, "\(d.id) lacks text")
            #expect(!d.triggering.isEmpty, "\(d.id) has no triggering example")
            #expect(!d.nonTriggering.isEmpty, "\(d.id) has no non-triggering example")
            for ex in d.triggering { #expect(!ex.markedLines.isEmpty, "\(d.id): a triggering example without a ↓ marker") }
            for ex in d.nonTriggering { #expect(ex.markedLines.isEmpty, "\(d.id): a non-triggering example with a marker") }
            #expect(!d.title.hasSuffix("."), "\(d.id) title ends with a period")
        }
    }

    /// The catalog cannot forget a rule: every `struct …: Rule` written under Sources/Rules is listed, and
    /// each sits in the file its id names (Sources/Rules/<family>/<ID>_<Type>.swift).
    @Test func catalogListsEveryRuleTypeInItsOwnFile() throws {
        let root = TestEnvironment.repository.appendingPathComponent("Sources/Rules")
        let listed = Set(RuleCatalog.all.map { String(describing: $0) })
        var written: [String: String] = [:]  // type → file
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(!files.isEmpty, "no sources under \(root.path)")
        let declaration = try Regex(#"(?m)^(?:public |internal )?(?:struct|final class|enum) (\w+)\s*:\s*(?:[\w.]+\s*,\s*)*Rule\b"#)
        for f in files {
            let text = try String(contentsOf: root.appendingPathComponent(f), encoding: .utf8)
            for m in text.matches(of: declaration) { written[String(text[m.output[1].range!])] = "Sources/Rules/" + f }
        }
        let forgotten = Set(written.keys).subtracting(listed)
        #expect(forgotten.isEmpty, "rule types not in RuleCatalog.all (they would never run): \(forgotten.sorted())")
        for rule in RuleCatalog.all {
            let id = rule.description.id
            #expect(written[String(describing: rule)] == RuleCatalog.sourceFiles[id], "\(id) is written in \(written[String(describing: rule)] ?? "?"), not \(RuleCatalog.sourceFiles[id] ?? "?")")
        }
    }

    /// Every escape path names the rules that open it, and those exist.
    @Test func escapePathsNameWhatOpensThem() {
        let ids = Set(rules.map(\.id))
        for d in rules where d.id.hasPrefix("ES") {
            #expect(!d.enabledBy.isEmpty, "\(d.id) names no enabling rule")
            for e in d.enabledBy { #expect(ids.contains(e) && !e.hasPrefix("ES"), "\(d.id): enabledBy \(e) is not a rule that opens it") }
        }
        for d in rules where !d.id.hasPrefix("ES") { #expect(d.enabledBy.isEmpty, "\(d.id) is not an escape path") }
    }

    /// Every rule runs over some subject, and over one only.
    @Test func everyRuleHasOneSubject() {
        let bySubject = [DockerfileContext.rules.map { $0.description.id }, RuntimeContext.rules.map { $0.description.id },
                         ImageContext.rules.map { $0.description.id }, HostContext.rules.map { $0.description.id }]
        #expect(bySubject.map(\.count).reduce(0, +) == RuleCatalog.all.count)
        #expect(Set(bySubject.joined()).count == RuleCatalog.all.count)
        #expect(bySubject[0].allSatisfy { $0.hasPrefix("DF") } && bySubject[1].allSatisfy { $0.hasPrefix("RT") || $0.hasPrefix("ES") }
                && bySubject[2].allSatisfy { $0.hasPrefix("IM") } && bySubject[3].allSatisfy { $0.hasPrefix("HO") })
    }

    @Test func canonicalIDsResolveIdsAndAliases() {
        #expect(RuleCatalog.canonicalIDs("df001") == ["DF001"])
        #expect(RuleCatalog.canonicalIDs("DL3008") == ["DF034"])
        // an alias several rules carry (Trivy's DS-0002 covers Dockerfiles and images) names all of them
        #expect(Set(RuleCatalog.canonicalIDs("DS-0002")) == ["DF001", "DF002", "IM001"])
        #expect(RuleCatalog.canonicalIDs("DL9999").isEmpty && RuleCatalog.canonicalIDs("").isEmpty)
    }

    @Test func aliasesResolve() {
        #expect(RuleCatalog.description(for: "DL3002")?.id == "DF002")
        #expect(RuleCatalog.description(for: "df001")?.id == "DF001")
        #expect(RuleCatalog.description(for: "CKV2_DOCKER_2")?.id == "DF032")
        #expect(RuleCatalog.description(for: "nope") == nil)
    }

    /// The concerns the issue requires are all covered by some rule's controls and ids.
    @Test func requiredConcernsHaveRules() {
        let required = ["DF001", "DF002", "DF003", "DF004", "DF005", "DF010", "DF011", "DF012", "DF013", "DF014", "DF015",
                        "DF020", "DF022", "DF023", "DF030", "DF031", "DF032", "DF033", "DF034", "DF035", "DF040", "DF041",
                        "DF042", "DF043", "DF044", "DF045", "DF046", "DF047", "DF048", "DF049", "DF050", "DF060", "DF061",
                        "DF062", "DF063", "DF064", "DF065", "DF066", "DF067", "DF069", "DF070", "DF071", "DF072", "DF073"]
        let ids = Set(rules.map(\.id))
        for r in required { #expect(ids.contains(r), "missing \(r)") }
    }
}

@Suite("Secret detection")
struct SecretTests {
    @Test(arguments: ["DB_PASSWORD", "dbPassword", "MYSQL_ROOT_PASSWORD", "API_KEY", "apiKey", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN",
                      "NPM_TOKEN", "SECRET_KEY_BASE", "PRIVATE_KEY", "REDIS_PASS", "BASIC_AUTH", "client-secret", "STRIPE_SECRET",
                      "ACCESS_TOKEN", "DJANGO_SECRET_KEY", "SA_PASSWORD", "JWT_SECRET"])
    func secretNames(_ n: String) { #expect(Secrets.isSecretName(n), "\(n) should be secret-like") }

    @Test(arguments: ["PASSWORD_FILE", "DB_PASSWORD_FILE", "TOKEN_URL", "GOPRIVATE", "PWD", "API_KEY_ID", "PASSWORD_MIN_LENGTH",
                      "SECRET_NAME", "AUTH_SERVER", "PASSENGER_VERSION", "TOKENIZERS_PARALLELISM", "KEY", "GPG_KEY", "PASS_THROUGH",
                      "AWS_ACCESS_KEY_ID", "POSTGRES_USER", "SECRETS_DIR", "NODE_AUTH_TOKEN_FILE", "AUTH_TYPE"])
    func notSecretNames(_ n: String) { #expect(!Secrets.isSecretName(n), "\(n) should not be secret-like") }

    @Test func tokenFormats() {
        #expect(Secrets.scan("AKIAZ7VRSQ5TJXHN2L4P").first?.kind == "AWS access key id")
        #expect(Secrets.scan("x ghp_abcdefghijklmnopqrstuvwxyz0123456789 y").first?.kind == "GitHub token")
        #expect(Secrets.scan("glpat-abcdefghij0123456789").first?.kind == "GitLab token")
        #expect(Secrets.scan("xoxb-1234567890-abcdefghij").first?.kind == "Slack token")
        #expect(Secrets.scan("sk_live_abcdefghijklmnop1234").first?.kind == "Stripe live key")
        #expect(Secrets.scan("-----BEGIN RSA PRIVATE KEY-----").first?.severity == .critical)
        #expect(Secrets.scan("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U").first?.kind == "JSON Web Token")
        #expect(Secrets.scan("https://user:hunter2@example.com/x").first?.kind == "password in a https URL")
        // none of these are credentials
        for s in ["https://${USER}:${PASS}@example.com", "postgres://user:$PASSWORD@db/x", "AKIA_NOT_A_KEY", "ghp_short",
                  "-----BEGIN PUBLIC KEY-----", "https://example.com:8443/path", "git@github.com:org/repo.git", "sk_test_abcdefghijklmnop1234"] {
            #expect(Secrets.scan(s).isEmpty, "\(s)")
        }
        // the value is never shown in full
        #expect(Secrets.scan("AKIAZ7VRSQ5TJXHN2L4P").first?.redacted == "AKIAZ7…")
        // the keys of AWS's own documentation (in botocore, awscli and countless READMEs) are examples, not leaks
        #expect(Secrets.scan("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").isEmpty)
        // every prefix format (Trivy's built-in secret rules and more), each with a real-shaped example in running text
        for f in Secrets.tokenFormats {
            let found = Secrets.scan("token: \(f.example) # end")
            #expect(found.map(\.kind) == [f.kind], "\(f.prefix): \(found.map(\.kind))")
            #expect(Secrets.mayContainSecret(Array(f.example.utf8)), "\(f.prefix) passes the quick look")
            #expect(!found.contains { $0.redacted.count > 12 && !$0.redacted.hasPrefix("https") }, "\(f.prefix) redacted")
            // cut short, it is not one
            let short = f.prefix + (f.keyed ? " = " : "") + String(repeating: "A", count: f.minBody - 1)
            #expect(Secrets.scan(short).allSatisfy { $0.kind != f.kind }, "\(f.prefix) short")
        }
        #expect(Secrets.tokenFormats.count >= 40)
        // the quick look before a scan never hides what the scan finds: generated lines of prefixes and token text
        var rng = UInt64(20261202)
        func next(_ k: Int) -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int((rng >> 33) % UInt64(k)) }
        let starts = Secrets.tokenFormats.map(\.prefix) + ["AKIA", "ghp_", "github_pat_", "glpat-", "xoxb-", "sk_live_", "-----BEGIN RSA PRIVATE KEY-----",
                                                          "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.", "https://u:p4ss@", "SK"]
        let body = Array("0123456789abcdefABCDEF_-./+=XYZxyz".utf8)
        for _ in 0..<4000 {
            var line = next(2) == 0 ? "export T=" : ""
            for _ in 0..<(1 + next(3)) {
                line += starts[next(starts.count)] + String(decoding: (0..<next(90)).map { _ in body[next(body.count)] }, as: UTF8.self)
                line += [" ", "\"", "", "@host/x "][next(4)]
            }
            #expect(Secrets.scan(line).map(\.kind) == Secrets.scanEveryPlace(line).map(\.kind), "\(line)")
        }
        // Twilio keys are hex in either case
        #expect(Secrets.scan("SK" + String(repeating: "AB12CD34", count: 4)).map(\.kind) == ["Twilio API key"])
    }

    @Test func secretAssignmentsByEntropy() {
        for (line, quotedOnly) in [("DB_PASSWORD=Xk9mQ2vL7pR4tZ8w", false), ("  password: \"f8Kq2Lm9Xz4Rv7Tn\"", false),
                                   ("\"api_key\": \"a8F3kL9qZ2mX7vR4tW1p\"", false), ("SECRET_KEY = 'django-insecure-7f$k2m9q!x4z'", true),
                                   ("export AUTH_TOKEN=Zp4Lr8Kt2Wq6Nm9X", false)] {
            #expect(Secrets.secretAssignment(line, quotedOnly: quotedOnly) != nil, "\(line)")
            #expect(Secrets.mayNameSecret(Array(line.utf8)), "\(line)")
        }
        for (line, quotedOnly) in [("DB_PASSWORD=changeme", false), ("token = get_token()", true), ("password: ${DB_PASSWORD}", false),
                                   ("DB_PASSWORD_FILE=/run/secrets/db", false), ("# password: Xk9mQ2vL7pR4tZ8w", false),
                                   ("key: value", false), ("PASSWORD=aaaaaaaaaaaa", false), ("password = Xk9mQ2vL7pR4tZ8w", true),
                                   ("primary_key: Xk9mQ2vL7pR4tZ8w", false), ("url: https://example.com/x", false)] {
            #expect(Secrets.secretAssignment(line, quotedOnly: quotedOnly) == nil, "\(line)")
        }
    }

    @Test func secretFiles() {
        for f in ["id_rsa", "/root/.ssh/id_ed25519", ".env", "config/.env.production", "server.key", "keystore.p12", ".npmrc",
                  "home/.aws/credentials", ".docker/config.json", ".git-credentials", "tls/private.pem"] {
            #expect(Secrets.isSecretFile(f) != nil, "\(f)")
        }
        for f in ["id_rsa.pub", ".env.example", "fullchain.pem", "ca-cert.pem", "dhparam.pem", "nodesource-repo.gpg.key",
                  "credentials", "package.json", "keys.go"] {
            #expect(Secrets.isSecretFile(f) == nil, "\(f)")
        }
    }
}
