import BulkheadCore
import BulkheadModel

struct ContextHostBuildOutput: Rule {
    static let description = RuleDescription(
        id: "DF096", title: "COPY or ADD sends the host's node_modules or virtualenv into the image", severity: .low,
        controls: [.imageMinimal, .supplyChain],
        rationale: """
        A node_modules directory or Python virtual environment in the build context was installed on the build \
        machine: native modules built for its platform, devDependencies, packages that no lockfile install in the \
        image checked. `COPY . .` ships it over (or next to) what `npm ci` or `pip install` installs in the image. \
        Judged only where the context is at hand, with Docker's .dockerignore matching.
        """,
        remediation: "Add node_modules (or **/node_modules, .venv) to .dockerignore and install dependencies inside the build (npm ci, pip install -r requirements.txt).",
        triggering: [
            Example("FROM node:22-slim\nWORKDIR /app\n↓COPY . .\nRUN npm ci --omit=dev",
                    options: ["context": "package.json\nnode_modules/left-pad/index.js"]),
        ],
        nonTriggering: [
            Example("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev",
                    options: ["context": "package.json\nnode_modules/left-pad/index.js\n.dockerignore => node_modules"]),
            Example("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .", options: ["context": "app.py\nenv/settings.py"]),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        guard let bc = ctx.file.buildContext, let last = ctx.file.stages.last else { return [] }
        var what: [String: String] = [:]
        let perStage = ContextCopies.perStage(ctx, bc) { e in
            guard let w = ContextLeak.hostBuildOutput(e, in: bc) else { return false }
            what[e.path] = w
            return true
        }
        var out: [Finding] = []
        var reported = Set<String>()
        for c in perStage[last.index] {
            guard let w = what[c.entry.path], reported.insert("\(c.instruction.line)|\(c.entry.path)").inserted else { continue }
            let ins = c.instruction
            out.append(ctx.finding(Self.description, ins, "\(ins.keyword) \(ins.words.joined(separator: " ")) sends \(c.entry.path)/ from the build context, \(w), into the final image at \(c.imagePath).",
                                   evidence: "\(ins.keyword) \(c.entry.path)/"))
        }
        return out.sorted { ($0.location.line, $0.evidence) < ($1.location.line, $1.evidence) }
    }
}
