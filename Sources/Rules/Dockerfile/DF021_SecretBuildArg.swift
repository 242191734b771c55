import BulkheadCore
import BulkheadModel

struct SecretBuildArg: Rule {
    static let description = RuleDescription(
        id: "DF021", title: "Secret passed as a build argument or copied into ENV", severity: .medium, controls: [.secretsImage], cis: ["4.10"],
        aliases: ["SecretsUsedInArgOrEnv", "DL3064"],
        rationale: """
        A secret handed in with --build-arg is recorded in the image history of every RUN that sees it \
        (docker history shows '|1 NPM_TOKEN=…'), and ENV NAME=$ARG copies it into the image configuration for good. \
        BuildKit secret mounts exist precisely so that build secrets never touch a layer or the metadata.
        """,
        remediation: "Replace the ARG with a secret mount: RUN --mount=type=secret,id=token,env=TOKEN …, and build with --secret id=token,env=TOKEN.",
        triggering: [
            Example("FROM node:22\n↓ARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci"),
            Example("FROM node:22\n↓ARG GH_TOKEN=\"\""),
            Example("FROM alpine:3.20\n↓ARG API_KEY\n↓ENV API_KEY=${API_KEY}"),
        ],
        nonTriggering: [
            Example("FROM node:22\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci"),
            Example("FROM alpine:3.20\nARG TOKEN_URL\nENV TOKEN_URL=$TOKEN_URL"),
            Example("FROM alpine:3.20\nARG GITHUB_TOKEN_FILE=/run/secrets/gh"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.declarations.compactMap { name, value, ins in
            guard !ctx.options.allowedSecretNames.contains(name.uppercased()), Secrets.isSecretName(name) else { return nil }
            if ins.keyword == "ARG" {
                // no default, an empty one ("" is a placeholder too), or a reference
                guard value == nil || value!.trimmingSpaces.trimmingQuotes.isEmpty || value!.trimmingSpaces.hasPrefix("$") else { return nil }
                return ctx.finding(Self.description, ins, "ARG \(name) looks like a secret; a value passed with --build-arg is recorded in the image history.",
                                   evidence: "ARG \(name)")
            }
            guard let v = value, v.trimmingSpaces.hasPrefix("$") else { return nil }
            return ctx.finding(Self.description, ins, "ENV \(name)=\(v) copies a secret into the image configuration, readable with docker inspect.",
                               evidence: "ENV \(name)")
        }
    }
}
