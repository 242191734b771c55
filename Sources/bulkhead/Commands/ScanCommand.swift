import ArgumentParser
import Audit
import BulkheadCore
import Foundation
import Reporters
import Rules

struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find and audit every Dockerfile and Compose file under directories.",
        discussion: """
        Walks each DIR (default: the current directory) and audits files named Dockerfile, Dockerfile.*, \
        *.Dockerfile, *.dockerfile and Containerfile* (as Dockerfiles; not Dockerfile.dockerignore, Dockerfile.swift \
        and other ignore, source or document files) and compose*.y*ml, docker-compose*.y*ml \
        (each as its own Compose project). Skips .git, node_modules and vendor, plus --exclude \
        globs and the config's exclude list (* within a path segment, ** across segments). Templates \
        that generate those files (Dockerfile.template, *.j2, *.tmpl, *.ncl, …) are passed over \
        (--verbose lists them; the config's include list brings them back). Each Dockerfile's build context is \
        the one a Compose file's build: gives it, else its own directory, or the nearest directory above it \
        (within DIR) that holds more of what its COPY and ADD name; what COPY . would send from there, after .dockerignore, is judged (DF095, DF096).
          bulkhead scan
          bulkhead scan services/ --exclude 'test/**' --format json
          bulkhead scan . --image docker-archive:app.tar
        """)
    @Argument(help: ArgumentHelp("Directories (or files) to search.", valueName: "DIR"))
    var dirs: [String] = []
    @Option(name: .customLong("exclude"), help: ArgumentHelp("Skip paths matching this glob (repeatable).", valueName: "GLOB"))
    var excludes: [String] = []
    @Option(name: .customLong("image"), help: ArgumentHelp("Also audit this image (docker-archive:FILE, oci:DIR, docker:REF; repeatable).", valueName: "SOURCE"))
    var images: [String] = []
    @Flag(name: .shortAndLong, help: "Also say on standard error which files were passed over as templates.")
    var verbose = false
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption
    @OptionGroup var build: BuildArgOptions

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; c.buildArgs = build.values; c.buildContext = .guess(within: dirs.isEmpty ? ["."] : dirs); return c }

    func run() async throws {
        let roots = dirs.isEmpty ? ["."] : dirs
        var excl = excludes
        var incl: [String] = []
        let cfgPath = common.config ?? Config.find(from: roots[0], files: systemIO.files)
        if let p = cfgPath, let c = try? Config.load(path: p, files: systemIO.files) { excl += c.excludes; incl += c.includes }
        let (inputs, errors, skipped) = Discovery.discover(roots, excludes: excl, includes: incl, files: systemIO.files)
        if verbose {
            for s in skipped { FileHandle.standardError.write(Data("bulkhead: \(s): a template, not read (add it to include: in .bulkhead.yml to read it)\n".utf8)) }
        }
        if inputs.isEmpty && errors.isEmpty && images.isEmpty {
            FileHandle.standardError.write(Data("bulkhead: no Dockerfiles or Compose files found under \(roots.joined(separator: ", "))\n".utf8))
        }
        // the contexts Compose files give the Dockerfiles they build (`build: {context: ., dockerfile: docker/Dockerfile}`)
        var options = withProfile
        let known = Readers(io: systemIO).composeBuildContexts(inputs.filter { $0.1 == .compose }.map(\.0))
        options.buildContext = .guess(within: dirs.isEmpty ? ["."] : dirs, known: known)
        try options.runAudit(discoveryErrors: errors) { auditor in
            images.isEmpty ? auditor.audit(paths: inputs)
                : Report.combining([auditor.audit(paths: inputs)] + images.map { auditor.audit(auditor.readers.image($0)) })
        }
    }
}
