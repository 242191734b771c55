import BulkheadCore
import BulkheadModel

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

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        ctx.runCommands.findings(into: sink) { ins, c in
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
