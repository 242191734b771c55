import BulkheadCore
import BulkheadModel

struct ImageNotMinimal: Rule {
    static let description = RuleDescription(
        id: "IM007", title: "Shell, package manager or attack tools in the image", severity: .low, controls: [.imageDistroless, .imageMinimal],
        aliases: [],
        rationale: """
        What an attacker finds after getting code execution decides how far they get: a shell to script in, a package \
        manager to install anything, compilers, curl/wget/nc to fetch tools and move data, debuggers to read other \
        processes. Distroless and scratch images ship none of these. The finding lists what is there: the distance \
        from distroless.
        """,
        remediation: "Use a multi-stage build and copy only the application into a distroless, chainguard/wolfi or scratch base; at least remove package managers, compilers and network tools from the final stage.",
        triggering: [
            Example("user 1000\n↓layer\nfile bin/sh 0755 0:0 x\nfile usr/bin/apt-get 0755 0:0 x"),
            Example("user 1000\n↓layer\nfile usr/bin/curl 0755 0:0 x"),
        ],
        nonTriggering: [
            Example("user 65532\nlayer\nfile app/server 0755 0:0 x\nfile etc/passwd 0644 0:0 nonroot:x:65532:65532::/home/nonroot:/sbin/nologin"),
        ], grades: .info ... .medium)

    func check(_ ctx: ImageContext) -> [Finding] {
        let img = ctx.image
        let groups: [(String, [String])] = [
            ("shell", ImageFacts.present(ImageFacts.shells, in: img)),
            ("package manager", ImageFacts.present(ImageFacts.packageManagers, in: img)),
            ("compiler/toolchain", ImageFacts.present(ImageFacts.compilers, in: img)),
            ("network tool", ImageFacts.present(ImageFacts.networkTools, in: img)),
            ("debugger", ImageFacts.present(ImageFacts.debuggers, in: img)),
        ].filter { !$0.1.isEmpty }
        guard !groups.isEmpty else { return [] }
        let parts = groups.map { "\($0.0)\($0.1.count == 1 ? "" : "s"): \($0.1.joined(separator: ", "))" }
        let tools = groups.filter { $0.0 != "shell" && $0.0 != "package manager" }.count
        // a shell alone is common and cheap to live with; tools that fetch, build or debug are more
        let sev: Severity = tools >= 2 ? .medium : (tools == 1 || groups.count > 1 ? .low : .info)
        return [ctx.finding(Self.description, at: "/", severity: sev,
                            "Distance from distroless: \(parts.joined(separator: "; ")).", evidence: groups.map(\.0).joined(separator: ","))]
    }
}
