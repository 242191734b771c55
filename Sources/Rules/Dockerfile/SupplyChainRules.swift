import BulkheadCore
import BulkheadModel

enum Interpreters {
    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "fish"]
    static let scripting: Set<String> = ["python", "python2", "python3", "perl", "ruby", "node", "php", "pwsh", "deno", "bun"]
    static func isInterpreter(_ name: String) -> Bool {
        shells.contains(name) || scripting.contains(name) || name.hasPrefix("python3.")
    }
    static let downloaders: Set<String> = ["curl", "wget", "fetch", "aria2c", "http", "https", "lwp-request", "GET"]
}

struct PipeToShell: Rule {
    static let description = RuleDescription(
        id: "DF030", title: "Downloaded script piped into a shell", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        rationale: """
        curl … | sh runs whatever the server (or anyone who can tamper with the connection or the hosting) sends at \
        that moment, with the build's privileges, with no record of what ran and no way to verify it. A truncated \
        download can even run half a script.
        """,
        remediation: "Download to a file, verify a pinned checksum or signature (echo \"<sha256>  install.sh\" | sha256sum -c -), then run it; better, install a pinned release artifact or package.",
        triggering: [
            Example("FROM debian:12\n↓RUN curl -fsSL https://get.example.com/install.sh | sh"),
            Example("FROM debian:12\n↓RUN wget -qO- https://example.com/setup | sudo -E bash -s -- --yes"),
            Example("FROM debian:12\n↓RUN sh -c \"$(curl -fsSL https://raw.example.com/install.sh)\""),
            Example("FROM debian:12\n↓RUN bash <(curl -s https://example.com/i.sh)"),
            Example("FROM python:3.12\n↓RUN curl -sSL https://install.python-poetry.org | python3 -"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN curl -fsSLo /tmp/i.sh https://example.com/i.sh && echo \"abc  /tmp/i.sh\" | sha256sum -c - && sh /tmp/i.sh"),
            Example("FROM debian:12\nRUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt"),
            Example("FROM debian:12\nRUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/x.gpg"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, script) in ctx.shellRuns {
            var reported = Set<Int>()
            let cmds = script.commands
            for (i, c) in cmds.enumerated() where Interpreters.isInterpreter(c.name) {
                var hit: String? = nil
                // … | sh
                if c.pipelinePosition > 0 {
                    for j in stride(from: i - 1, through: 0, by: -1) where cmds[j].pipeline == c.pipeline && cmds[j].depth == c.depth {
                        if Interpreters.downloaders.contains(cmds[j].name) { hit = cmds[j].name; break }
                    }
                }
                // sh -c "$(curl …)", bash <(curl …)
                if hit == nil {
                    for a in c.args where a.dynamic && (a.text.contains("$(") || a.text.hasPrefix("<(") || a.text.contains("`")) {
                        if let d = Interpreters.downloaders.first(where: { a.text.contains($0 + " ") }) { hit = d; break }
                    }
                }
                // a script argument (python3 - or sh -s) is reading stdin; a file argument is not piped
                if let h = hit, !reported.contains(c.line) {
                    reported.insert(c.line)
                    out.append(ctx.finding(Self.description, ins, command: c, "RUN pipes a script downloaded with \(h) into \(c.name) without verifying it.",
                                           evidence: "\(h) | \(c.name)"))
                }
            }
        }
        return out
    }
}

struct AddURLWithoutChecksum: Rule {
    static let description = RuleDescription(
        id: "DF031", title: "ADD downloads a URL without --checksum", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        aliases: ["DL3020", "DS-0005"],
        rationale: """
        ADD <url> fetches whatever the server returns at build time and puts it in a layer unverified. Since \
        Dockerfile 1.6, ADD --checksum=sha256:… makes the build fail if the content changes.
        """,
        remediation: "Add --checksum=sha256:<digest> to the ADD, or download with curl and verify the checksum in the same RUN.",
        triggering: [
            Example("FROM debian:12\n↓ADD https://example.com/tool.tar.gz /opt/"),
            Example("FROM debian:12\n↓ADD http://example.com/tool /usr/local/bin/tool"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/"),
            Example("FROM debian:12\nADD https://github.com/acme/app.git#v1.2.3 /src"),
            Example("FROM debian:12\nADD app.tar.gz /opt/"),
        ], restrictedSeverity: .medium)

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.allInstructions.compactMap { ins in
            guard ins.keyword == "ADD", !ins.hasFlag("checksum") else { return nil }
            let urls = ins.words.dropLast().filter { ($0.hasPrefix("http://") || $0.hasPrefix("https://")) && !$0.contains(".git#") && !$0.contains(".git?") && !$0.hasSuffix(".git") }
            guard let u = urls.first else { return nil }
            let plain = u.hasPrefix("http://")
            return ctx.finding(Self.description, ins, "ADD downloads \(u) \(plain ? "over plain HTTP " : "")without --checksum, so its content is not verified.",
                               evidence: "ADD \(u)")
        }
    }
}

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

    static func disablingCommand(_ c: ShellCommand) -> String? {
        let args = c.argStrings
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
        if PackageManager.of(c) == .pip {
            if c.has("--trusted-host") { return "pip --trusted-host" }
            if args.contains("global.trusted-host") || args.contains("install.trusted-host") { return "pip config trusted-host" }
        }
        if c.name == "uv", c.has("--allow-insecure-host") { return "uv --allow-insecure-host" }
        for a in args {
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

struct SignatureVerificationDisabled: Rule {
    static let description = RuleDescription(
        id: "DF033", title: "Package signature checks turned off", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        aliases: ["CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10", "CKV2_DOCKER_11", "CIS-DI-0011"],
        rationale: """
        Package managers verify repository and package signatures so that a mirror, a proxy or a network attacker \
        cannot slip in modified packages. Turning that off (apk --allow-untrusted, apt --allow-unauthenticated, \
        --force-yes, [trusted=yes] sources, yum/dnf --nogpgcheck or gpgcheck=0, zypper --no-gpg-checks, rpm \
        --nosignature/--nodigest) installs whatever arrives.
        """,
        remediation: "Import the repository's signing key (signed-by= keyring for apt, rpm --import for rpm) and keep verification on.",
        triggering: [
            Example("FROM alpine:3.20\n↓RUN apk add --allow-untrusted /tmp/pkg.apk"),
            Example("FROM debian:12\n↓RUN apt-get install -y --allow-unauthenticated foo"),
            Example("FROM debian:12\n↓RUN apt-get install -y --force-yes foo"),
            Example("FROM fedora:40\n↓RUN dnf install -y --nogpgcheck foo"),
            Example("FROM centos:7\n↓RUN rpm -ivh --nosignature /tmp/foo.rpm"),
            Example("FROM debian:12\n↓RUN echo \"deb [trusted=yes] http://repo.example.com/ stable main\" > /etc/apt/sources.list.d/x.list"),
            Example("FROM opensuse/leap:15.6\n↓RUN zypper --no-gpg-checks install -y foo"),
        ],
        nonTriggering: [
            Example("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0"),
            Example("FROM fedora:40\nRUN rpm --import https://repo.example.com/key.asc && dnf install -y foo"),
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends foo"),
        ])

    static func disabling(_ c: ShellCommand) -> String? {
        let args = c.argStrings
        let pm = PackageManager.of(c)
        if pm == .apk, c.has("--allow-untrusted"), !["index", "verify", "fetch"].contains(PackageManager.apk.subcommand(c) ?? "") { return "apk --allow-untrusted" }
        if pm == .apt || pm == .aptCLI || c.name == "apt-get" || c.name == "aptitude" {
            if c.has("--allow-unauthenticated") { return "\(c.name) --allow-unauthenticated" }
            if c.has("--force-yes") { return "\(c.name) --force-yes" }
            if c.has("--allow-insecure-repositories") { return "\(c.name) --allow-insecure-repositories" }
        }
        if [.yum, .dnf, .microdnf, .tdnf].contains(pm) || c.name == "yum-config-manager" || c.name == "dnf" {
            if c.has("--nogpgcheck", "--no-gpgcheck") { return "\(c.name) --nogpgcheck" }
        }
        if pm == .zypper, c.has("--no-gpg-checks", "--gpg-auto-import-keys") && c.has("--no-gpg-checks") { return "zypper --no-gpg-checks" }
        if c.name == "rpm", c.has("--nosignature", "--nodigest", "--nofiledigest", "--noverify") { return "rpm signature check off" }
        for a in args {
            let l = a.lowercased().replacingOccurrences(of: " ", with: "")
            // a file:// repository the same RUN just built (as the official postgres/nginx images do) is local
            if (l.contains("[trusted=yes]") || l.contains("trusted=yes]")) && !l.contains("file:/") && !l.contains("copy:/") { return "apt source [trusted=yes]" }
            if l.contains("allowunauthenticated") && (l.contains("true") || l.contains("1")) { return "APT::Get::AllowUnauthenticated" }
            if l.contains("allowinsecurerepositories") && (l.contains("true") || l.contains("1")) { return "Acquire::AllowInsecureRepositories" }
            if (l.contains("gpgcheck=0") || l.contains("gpgcheck=false") || l.contains("gpgcheck=no")) && !l.contains("repo_gpgcheck=0") { return "gpgcheck=0" }
        }
        return nil
    }

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.commandFindings(Self.description, classify: Self.disabling) { "Package signature verification is turned off (\($0))." }
    }
}

struct UnpinnedOSPackages: Rule {
    static let description = RuleDescription(
        id: "DF034", title: "OS packages installed without pinned versions", severity: .low, controls: [.supplyChain],
        aliases: ["DL3008", "DL3018", "DL3033", "DL3037", "DL3041"],
        rationale: """
        Unpinned installs take whatever the repository serves on the day of the build, so two builds of the same \
        commit differ and a compromised or broken package version arrives unreviewed. Pinning trades that for the \
        chore of updating pins; many teams pin by base-image digest instead, which is why this is low.
        """,
        remediation: "Pin versions (apt-get install curl=7.88.1-10+deb12u8, apk add curl=8.9.1-r0, dnf install curl-8.6.0) and let a bot update them, or pin the base image by digest and rebuild deliberately.",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates"),
            Example("FROM alpine:3.20\n↓RUN apk add --no-cache bash"),
            Example("FROM fedora:40\n↓RUN dnf install -y httpd && dnf clean all"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8"),
            Example("FROM alpine:3.20\nRUN apk add --no-cache bash=5.2.26-r0 'curl>8.0'"),
            Example("FROM debian:12\nRUN apt-get install -y ./vendor/tool_1.0_amd64.deb"),
            Example("FROM debian:12\nRUN apt-get install -y $PACKAGES"),
            Example("FROM fedora:40\nRUN dnf install -y httpd-2.4.62"),
        ], restrictedSeverity: .medium)

    static func pinned(_ w: ShellWord, _ pm: PackageManager) -> Bool {
        let t = w.text
        if w.dynamic || t.contains("$") { return true }
        if t.contains("/") || t.hasSuffix(".deb") || t.hasSuffix(".rpm") || t.hasSuffix(".apk") { return true }
        switch pm {
        case .apt, .aptCLI: return t.contains("=") || t.hasSuffix("-") || t.contains("/")
        case .apk: return t.contains("=") || t.contains(">") || t.contains("<") || t.contains("~")
        case .zypper: return t.contains("=") || t.contains(">") || t.contains("<")
        case .yum, .dnf, .microdnf, .tdnf:
            if t.hasPrefix("@") { return true }  // groups and modules
            // name-version: a dash followed by a digit
            var prev: Character = " "
            for ch in t { if prev == "-" && ch.isNumber { return true }; prev = ch }
            return t.contains("=") || t.contains(":") 
        default: return true
        }
    }

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands.compactMap { ins, c in
            guard let pm = PackageManager.of(c), pm.isOS, pm.isInstall(c) else { return nil }
            let loose = pm.packages(c).filter { !Self.pinned($0, pm) }.map(\.text)
            guard !loose.isEmpty else { return nil }
            let list = loose.prefix(6).joined(separator: ", ") + (loose.count > 6 ? ", …" : "")
            return ctx.finding(Self.description, ins, command: c, "\(c.name) installs \(list) without a pinned version.", evidence: "\(c.name) \(loose.joined(separator: " "))")
        }
    }
}

struct UnpinnedLanguagePackages: Rule {
    static let description = RuleDescription(
        id: "DF035", title: "Language packages installed without pinned versions", severity: .low, controls: [.supplyChain],
        aliases: ["DL3013", "DL3016", "DL3028", "DL3062"],
        rationale: """
        pip, npm, yarn, gem, go and cargo installs that name a package without a version take the newest release at \
        build time. A hijacked or typo-squatted release then lands in the image unreviewed. Installs from a lock or \
        requirements file (pip -r, npm ci, bundle install) are not reported.
        """,
        remediation: "Pin exact versions (pip install flask==3.0.3, npm install -g pnpm@9.12.0, go install example.com/tool@v1.2.3, gem install rake -v 13.2.1), or install from a lock file with hashes.",
        triggering: [
            Example("FROM python:3.12\n↓RUN pip install --no-cache-dir flask gunicorn"),
            Example("FROM node:22\n↓RUN npm install -g pnpm"),
            Example("FROM golang:1.23\n↓RUN go install golang.org/x/tools/cmd/goimports@latest"),
            Example("FROM ruby:3.3\n↓RUN gem install bundler"),
        ],
        nonTriggering: [
            Example("FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt"),
            Example("FROM python:3.12\nRUN pip install --no-cache-dir 'flask==3.0.3' gunicorn==22.0.0 ."),
            Example("FROM node:22\nRUN npm ci && npm install"),
            Example("FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports@v0.24.0"),
            Example("FROM ruby:3.3\nRUN gem install bundler -v 2.5.18"),
            Example("FROM python:3.12\nRUN pip install --no-cache-dir -e ./lib /wheels/app-1.0-py3-none-any.whl"),
        ], restrictedSeverity: .medium)

    static func pinned(_ w: ShellWord, _ pm: PackageManager) -> Bool {
        let t = w.text
        if w.dynamic || t.contains("$") || t.hasPrefix(".") || t.hasPrefix("/") || t.hasPrefix("~") { return true }
        if t.contains("://") || t.hasPrefix("git+") || t.hasSuffix(".whl") || t.hasSuffix(".tar.gz") || t.hasSuffix(".zip") || t.hasSuffix(".tgz") { return true }
        switch pm {
        case .pip: return t.contains("==") || t.contains("===") || t.contains("@") || t.contains("<") || t.contains("~=") || (t.contains(">=") && t.contains(","))
        case .npm, .yarn, .pnpm:
            let body = t.hasPrefix("@") ? String(t.dropFirst()) : t
            return body.contains("@") && !body.hasSuffix("@latest") || t.hasPrefix("file:") || t.hasPrefix("github:") || t.contains("/") && !t.hasPrefix("@")
        case .go:
            guard let at = t.lastIndex(of: "@") else { return !t.contains(".") }  // local package paths
            let v = t[t.index(after: at)...]
            return v != "latest" && v != "master" && v != "main" && v != "HEAD"
        case .gem: return t.contains(":")
        case .cargo: return false
        case .composer: return t.contains(":")
        default: return true
        }
    }

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands.compactMap { ins, c in
            guard let pm = PackageManager.of(c), !pm.isOS, pm.isInstall(c) else { return nil }
            if pm == .gem, c.has("-v", "--version") { return nil }
            if pm == .cargo, c.has("--version", "--vers", "--git", "--path", "--rev", "--tag") { return nil }
            if pm == .go, PackageManager.go.subcommand(c) == "get" { return nil }
            if pm == .pip, c.has("-r", "--requirement") && pm.packages(c).isEmpty { return nil }
            let loose = pm.packages(c).filter { !Self.pinned($0, pm) }.map(\.text)
            guard !loose.isEmpty else { return nil }
            let list = loose.prefix(6).joined(separator: ", ") + (loose.count > 6 ? ", …" : "")
            return ctx.finding(Self.description, ins, command: c, "\(c.name) installs \(list) without a pinned version.", evidence: "\(c.name) \(loose.joined(separator: " "))")
        }
    }
}
