import BulkheadCore
import BulkheadModel

struct ImageStrayFiles: Rule {
    static let description = RuleDescription(
        id: "IM015", title: "Source-control or build files in the image", severity: .low, controls: [.buildHygiene, .secretsImage],
        aliases: ["DKL-LI-0003"],
        rationale: """
        A .git directory carries the project's whole history (old secrets included) and its remote URLs; Dockerfiles, \
        Compose files, IDE and cloud-CLI directories (.aws, .azure, .gcp, .kube) show how things are built and often \
        where credentials live. They end up in images through COPY . without a .dockerignore.
        """,
        remediation: "Add a .dockerignore (.git, .env, *.pem, Dockerfile*, docker-compose*, .aws, .idea, .vscode) or COPY only what the application needs.",
        triggering: [Example("user 1000\n↓layer\nfile app/.git/HEAD 0644 0:0 ref: refs/heads/main"), Example("user 1000\n↓layer\nfile app/Dockerfile 0644 0:0 FROM scratch")],
        nonTriggering: [Example("user 1000\nlayer\nfile usr/lib/node_modules/npm/.git/HEAD 0644 0:0 x"), Example("user 1000\nlayer\nfile app/main.py 0644 0:0 print(1)")])

    static let dirs: Set<String> = [".git", ".svn", ".hg", ".aws", ".azure", ".gcp", ".kube", ".idea", ".vscode"]
    static let files: Set<String> = ["Dockerfile", "docker-compose.yml", "docker-compose.yaml", "compose.yaml", "compose.yml", ".DS_Store", ".dockerignore", ".gitlab-ci.yml", "Jenkinsfile"]

    func check(_ ctx: ImageContext) -> [Finding] {
        var found: [String: String] = [:]   // the directory or file → what it is
        for f in ctx.image.files.values where !f.path.contains("node_modules/") && !f.path.hasPrefix("usr/") && !f.path.contains("/vendor/") {
            let parts = f.path.split(separator: "/")
            if let i = parts.firstIndex(where: { Self.dirs.contains(String($0)) }) {
                found["/" + parts[...i].joined(separator: "/"), default: String(parts[i]) + " directory"] = String(parts[i]) + " directory"
            } else if let last = parts.last, Self.files.contains(String(last)), f.type == .file {
                found["/" + f.path] = String(last)
            }
        }
        return found.keys.sorted().map { p in
            ctx.finding(Self.description, at: p, "\(p) (\(found[p]!)) is in the image.", evidence: p)
        }
    }
}
