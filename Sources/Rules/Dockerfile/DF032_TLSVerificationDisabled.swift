import BulkheadCore
import BulkheadModel

struct TLSVerificationDisabled: Rule {
    static let description = RuleDescription(
        id: "DF032", title: "TLS certificate verification turned off", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        aliases: ["CKV2_DOCKER_2", "CKV2_DOCKER_3", "CKV2_DOCKER_4", "CKV2_DOCKER_5", "CKV2_DOCKER_6", "CKV2_DOCKER_12",
                  "CKV2_DOCKER_13", "CKV2_DOCKER_14", "CKV2_DOCKER_15", "CKV2_DOCKER_16"],
        rationale: """
        With certificate checks off, anyone on the network path (a proxy, a compromised Wi-Fi, a hostile CI runner \
        network) can serve their own packages or scripts to the build. Covered: curl -k/--insecure, wget \
        --no-check-certificate, pip --trusted-host and PIP_TRUSTED_HOST, npm/yarn/pnpm strict-ssl false and \
        NPM_CONFIG_STRICT_SSL, git http.sslVerify false and GIT_SSL_NO_VERIFY, NODE_TLS_REJECT_UNAUTHORIZED=0, \
        PYTHONHTTPSVERIFY=0, yum/dnf sslverify off, apt Verify-Peer false, composer disable-tls, \
        --insecure-skip-tls-verify and --tls-verify=false.
        """,
        remediation: "Fix the trust problem instead: install the corporate CA into the image's trust store (update-ca-certificates) or point the tool at it (CURL_CA_BUNDLE, PIP_CERT, NODE_EXTRA_CA_CERTS).",
        triggering: [
            Example("FROM debian:12\n↓RUN curl -kfsSL https://example.com/x -o /x"),
            Example("FROM debian:12\n↓RUN wget --no-check-certificate https://example.com/x"),
            Example("FROM python:3.12\n↓RUN pip install --trusted-host pypi.example.com flask==3.0.0"),
            Example("FROM node:22\n↓RUN npm config set strict-ssl false"),
            Example("FROM node:22\n↓ENV NODE_TLS_REJECT_UNAUTHORIZED=0"),
            Example("FROM alpine:3.20\n↓RUN git config --global http.sslVerify false"),
            Example("FROM alpine:3.20\n↓ARG GIT_SSL_NO_VERIFY=1"),
            Example("FROM python:3.12\n↓ENV PYTHONHTTPSVERIFY=0"),
            Example("FROM fedora:40\n↓RUN dnf install -y --setopt=sslverify=false httpd-2.4.62"),
            Example("FROM node:22\n↓RUN yarn config set strict-ssl false"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN curl -fsSL https://example.com/x -o /x"),
            Example("FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=1"),
            Example("FROM debian:12\nRUN echo 'use curl -k only for testing' > /doc.txt"),
            Example("FROM node:22\nRUN npm config set strict-ssl true"),
            Example("FROM python:3.12\nENV PIP_CERT=/etc/ssl/certs/corp.pem"),
        ])

    /// Variables whose value turns verification off.
    static func disablingVariable(_ name: String, _ value: String) -> Bool {
        let v = value.trimmingQuotes.lowercased()
        let off = ["0", "false", "no", "off"].contains(v)
        switch name.uppercased() {
        case "NODE_TLS_REJECT_UNAUTHORIZED", "PYTHONHTTPSVERIFY": return v == "0"
        case "GIT_SSL_NO_VERIFY": return !v.isEmpty && !off
        case "PIP_TRUSTED_HOST", "UV_INSECURE_HOST": return !v.isEmpty
        case "NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL", "CURL_SSL_NO_VERIFY": return off || name.uppercased() == "CURL_SSL_NO_VERIFY"
        case "COMPOSER_DISABLE_TLS", "NODE_SKIP_PLATFORM_CHECK": return name.uppercased() == "COMPOSER_DISABLE_TLS" && !off
        default: return false
        }
    }

    static let namedInitials = Initials(["curl", "wget", "git", "npm", "yarn", "pnpm", "composer", "conda"])

    static func disablingCommand(_ c: ShellCommand) -> String? {
        let args = c.args.lazy.map { $0.text }  // no array built (and no key path made): asked of every command
        // the names below start with c, w, g, n, y or p: any other command skips their comparisons
        if Self.namedInitials.has(c.name) {
            switch c.name {
            case "curl":
                if c.has("-k", "--insecure") { return "curl -k/--insecure" }
            case "wget":
                if c.has("--no-check-certificate") || args.contains("--check-certificate=off") || args.contains("--check-certificate=quiet") { return "wget --no-check-certificate" }
            case "git":
                for (i, a) in args.enumerated() {
                    let l = a.lowercased()
                    if l.hasPrefix("http.sslverify=") && ["false", "0", "no", "off"].contains(String(l.dropFirst(15))) { return "git http.sslVerify=false" }
                    if (l == "http.sslverify" || l.hasSuffix(".sslverify")), i + 1 < args.count, ["false", "0", "no", "off"].contains(args[i + 1].lowercased()) { return "git http.sslVerify false" }
                }
            case "npm", "yarn", "pnpm":
                for (i, a) in args.enumerated() {
                    let l = a.lowercased()
                    if l == "--strict-ssl=false" || l == "--no-strict-ssl" { return "\(c.name) --strict-ssl=false" }
                    if (l == "strict-ssl" || l == "strictssl"), i + 1 < args.count, ["false", "0"].contains(args[i + 1].lowercased()) { return "\(c.name) strict-ssl false" }
                    if l == "strict-ssl=false" { return "\(c.name) strict-ssl=false" }
                }
            case "composer":
                if args.contains("disable-tls") && args.contains("true") { return "composer disable-tls true" }
                if args.contains("secure-http") && args.contains("false") { return "composer secure-http false" }
            case "conda":
                if args.contains("ssl_verify") && args.contains(where: { ["false", "no", "0"].contains($0.lowercased()) }) { return "conda ssl_verify false" }
            default: break
            }
        }
        if PackageManager.of(c) == .pip {
            if c.has("--trusted-host") { return "pip --trusted-host" }
            if args.contains("global.trusted-host") || args.contains("install.trusted-host") { return "pip config trusted-host" }
        }
        if c.name == "uv", c.has("--allow-insecure-host") { return "uv --allow-insecure-host" }
        // every spelling below names "verify"; most words do not and cost one scan
        for a in args where a.containsASCIICaseInsensitive("verify") {
            let l = a.lowercased()
            if l == "--insecure-skip-tls-verify" || l == "--insecure-skip-tls-verify=true" || l == "--tls-verify=false" || l == "--tlsverify=false" { return a }
            if l.hasPrefix("--setopt=") && (l.hasSuffix("sslverify=0") || l.hasSuffix("sslverify=false") || l.hasSuffix("sslverify=no")) { return a }
            if l.hasPrefix("acquire::https::") && (l.hasSuffix("verify-peer=false") || l.hasSuffix("verify-host=false")) { return a }
            if l.contains("sslverify=0") || l.contains("sslverify=false") || l.contains("sslverify = 0") || l.contains("sslverify=no") { return "sslverify off" }
            if l.contains("verify-peer \"false\"") || l.contains("verify-peer false") || l.contains("verify-peer=false") { return "apt Verify-Peer false" }
        }
        for (n, v) in c.assignments where disablingVariable(n, v) { return "\(n)=\(v)" }
        if c.name == "export" {
            for a in args {
                let kv = a.split(separator: "=", maxSplits: 1)
                if kv.count == 2, disablingVariable(String(kv[0]), String(kv[1])) { return a }
            }
        }
        return nil
    }

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out = ctx.commandFindings(Self.description, classify: Self.disablingCommand) { "TLS certificate verification is turned off (\($0))." }
        for (name, value, ins) in ctx.declarations {
            guard let value, Self.disablingVariable(name, value) else { continue }
            out.append(ctx.finding(Self.description, ins, "\(ins.keyword) \(name)=\(value) turns TLS certificate verification off for every later step\(ins.keyword == "ENV" ? " and at runtime" : "").",
                                   evidence: "\(ins.keyword) \(name)"))
        }
        return out
    }
}
