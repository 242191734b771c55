import BulkheadCore
import BulkheadModel
import ComposeLoader
import DockerfileParser
import Inventory
import Rules
import RuntimeReaders
import RuntimeSyntax

/// What every reader hands the engine: the subjects rules run over, with their targets, inline ignores
/// as written, the source texts reporters show, and what could not be read. A new kind of input is one
/// more function in `Readers` that returns this; the engine does not learn about it.
public struct AuditInput: Sendable {
    public var targets: [Target] = []
    public var subjects: [any Auditable] = []
    public var ignores: [InlineIgnore] = []
    /// Source lines per path (readers that split them anyway) …
    public var lines: [String: [String]] = [:]
    /// … and texts not split yet (split on demand by `Report.lines(of:)`).
    public var texts: [String: String] = [:]
    public var errors: [InputError] = []
    public var warnings: [InputError] = []
    /// The path `.bulkhead.yml` is looked for from (its directory, then upward).
    public var configAnchor: String

    public init(configAnchor: String) { self.configAnchor = configAnchor }

    /// An input that could not be read at all.
    public static func failed(_ target: Target, _ error: InputError) -> AuditInput {
        var i = AuditInput(configAnchor: target.path)
        i.targets = [target]; i.errors = [error]
        return i
    }
}

/// Where the build context of the Dockerfiles read is.
public enum BuildContextChoice: Sendable, Equatable, Codable {
    /// Not at hand: what COPY . sends is not judged.
    case none
    /// One directory for every Dockerfile (`dockerfile --context DIR`).
    case directory(String)
    /// Worked out per Dockerfile within the scanned directories (`scan`); `known`: the contexts Compose files
    /// give their Dockerfiles (`build.context`), by cleaned Dockerfile path.
    case guess(within: [String], known: [String: String] = [:])
}

/// The readers, each a function from what the user named to an `AuditInput`. They reach files, the
/// environment and the clock only through `io`.
public struct Readers: Sendable {
    public var io: IO
    public var buildArgs: [String: String]
    /// Missing deploy-time inputs (env files, extends/include files, required variables) are errors, as in
    /// `docker compose config`, instead of warnings.
    public var strict: Bool
    /// Where each Dockerfile's build context is, for what `COPY .` sends (DF095, DF096).
    public var buildContext: BuildContextChoice = .none
    public init(io: IO, buildArgs: [String: String] = [:], strict: Bool = false, buildContext: BuildContextChoice = .none) {
        self.io = io; self.buildArgs = buildArgs; self.strict = strict; self.buildContext = buildContext
    }

    /// A file of a known kind (standard input is the path "-", given as overlay text in `io`).
    public func read(_ path: String, as kind: TargetKind) -> AuditInput {
        switch kind {
        case .compose: return compose(files: [path])
        case .inspect: return inspect(path)
        case .run: return runFile(path)
        case .image: return image(path)
        case .host: return hostSnapshot(path)
        default: return dockerfile(path)
        }
    }

    /// The text of an input file, or the error that says why it cannot be audited.
    func text(_ path: String, kind: TargetKind) -> Result<String, InputError> {
        io.files.readText(path).mapError { f in
            let what: String
            switch kind {
            case .dockerfile: what = "a Dockerfile"
            case .compose: what = "a Compose file"
            case .run: what = "a shell script or Markdown file"
            case .inspect: what = "docker inspect output"
            default: what = "a \(kind.rawValue) input"
            }
            return InputError(path: path, message: f.message(readingAs: what))
        }
    }

    public func dockerfile(_ path: String) -> AuditInput {
        // the text goes to the parser in a box of its own, which the parser empties once the lines are split
        let handed: DockerfileParser.HandedText
        switch text(path, kind: .dockerfile) {
        case .failure(let e): return .failed(Target(kind: .dockerfile, path: path), e)
        case .success(let t): handed = DockerfileParser.HandedText(t)
        }
        return dockerfile(handing: handed, path: path)
    }

    public func dockerfile(text: String, path: String) -> AuditInput { dockerfile(handing: DockerfileParser.HandedText(text), path: path) }

    func dockerfile(handing handed: DockerfileParser.HandedText, path: String) -> AuditInput {
        let model = DockerfileParser.parse(handing: handed, path: path, buildArgs: buildArgs)
        #if canImport(Glibc)
        // a large file's parse frees much of what it made: give those pages back before the rules run
        if model.instructions.count >= 20_000 { _ = releaseFreeMemory(0) }
        #endif
        var input = AuditInput(configAnchor: path)
        input.targets = [Target(kind: .dockerfile, path: path)]
        input.subjects = [model]
        input.ignores = model.ignores
        input.lines[path] = model.lines
        input.errors = model.errors
        if buildContext != .none, let wanted = Self.contextSources(model), let root = contextRoot(for: path, sources: wanted) {
            // only what COPY and ADD name is read (all of it for `COPY .`)
            let only: Set<String>? = wanted.contains { $0.isEmpty || Glob.hasMagic(String($0.prefix { $0 != "/" })) }
                ? nil : Set(wanted.map { String($0.prefix { $0 != "/" }) })
            let (context, warnings) = BuildContextReader.read(root: root, dockerfile: path == "-" ? nil : path, files: io.files, only: only)
            input.warnings += warnings
            if let context {
                var m = model
                m.buildContext = context
                input.subjects = [m]
            }
        }
        return input
    }

    /// The build contexts Compose files give the Dockerfiles they build, by cleaned Dockerfile path
    /// (`build: {context: ., dockerfile: docker/Dockerfile}`); files that do not read give none.
    public func composeBuildContexts(_ composeFiles: [String]) -> [String: String] {
        var known: [String: String] = [:]
        for path in composeFiles {
            for case let c as ContainerConfig in compose(files: [path]).subjects {
                if let b = c.build, known[DockerIgnore.clean(b.dockerfile)] == nil { known[DockerIgnore.clean(b.dockerfile)] = b.context }
            }
        }
        return known
    }

    /// The sources COPY and ADD take from the build context, normalized (`.` is ""); nil when none does.
    static func contextSources(_ model: DockerfileModel) -> [String]? {
        var out: [String] = []
        for ins in model.instructions where (ins.keyword == "COPY" || ins.keyword == "ADD") && ins.flag("from") == nil && ins.heredocs.isEmpty {
            for w in ins.words.dropLast() where !w.contains("://") && !w.hasPrefix("git@") {
                let n = BuildContext.normalizeSource(w)
                if n.hasPrefix("..") { continue }
                out.append(n.contains("$") ? "" : n)
            }
        }
        return out.isEmpty ? nil : out
    }

    /// The build context of a Dockerfile: the directory named with --context, or under `scan` the directory
    /// that holds what its COPY and ADD name (its own directory, or the nearest one above it within the scanned
    /// directory where more of the named sources exist, as with `docker build -f sub/Dockerfile .`).
    /// `sources`: what `contextSources` found.
    func contextRoot(for path: String, sources wanted: [String]) -> String? {
        switch buildContext {
        case .none: return nil
        case .directory(let d): return d
        case .guess(let roots, let known):
            guard path != "-" else { return nil }
            if let k = known[DockerIgnore.clean(path)] { return k }
            let dir = Paths.directory(path).isEmpty ? "." : Paths.directory(path)
            // the sources named by a plain path (not `.`, a variable or a wildcard) say where the context is
            let sources = wanted.filter { !$0.isEmpty && !Glob.hasMagic($0) }
            if sources.isEmpty { return dir }
            // the scanned directory that holds the Dockerfile bounds the search
            let root = roots.map { $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0 }
                .filter { $0 == "." || dir == $0 || dir.hasPrefix($0 + "/") }.max { $0.count < $1.count }
            var best = dir, bestScore = sources.filter { io.files.exists(join(dir, $0)) }.count
            var cur = dir
            while bestScore < sources.count, let r = root, cur != r, cur != ".", !cur.isEmpty {
                let up = Paths.directory(cur)
                if up == cur { break }
                cur = up.isEmpty ? "." : up
                let score = sources.filter { io.files.exists(join(cur, $0)) }.count
                if score > bestScore { best = cur; bestScore = score }
                if cur == r { break }
            }
            return best
        }
    }

    /// One Compose project (several -f files merge into it).
    public func compose(files: [String], envFiles: [String] = [], profiles: [String] = []) -> AuditInput {
        var o = ComposeLoader.Options(files: io.files, environment: io.environment.variables)
        o.strict = strict
        o.envFiles = envFiles
        o.profiles = profiles
        let r = ComposeLoader.load(files: files, options: o)
        var input = AuditInput(configAnchor: files.first ?? "-")
        input.targets = files.map { Target(kind: .compose, path: $0) }
        input.subjects = r.configs
        input.ignores = r.ignores
        input.texts = r.sources
        input.errors = r.errors
        input.warnings = r.warnings
        return input
    }

    /// A text input of a line-oriented kind: its target, text, and `# bulkhead` comments; or why it cannot be read.
    enum TextInput { case read(AuditInput, String), unreadable(AuditInput) }

    func textInput(_ path: String, kind: TargetKind) -> TextInput {
        switch text(path, kind: kind) {
        case .failure(let e): return .unreadable(.failed(Target(kind: kind, path: path), e))
        case .success(let body):
            var input = AuditInput(configAnchor: path)
            input.targets = [Target(kind: kind, path: path)]
            input.texts[path] = body
            input.ignores = PragmaSyntax.scanLines(body, path: path)
            return .read(input, body)
        }
    }

    /// `docker run` command lines found in a shell script or Markdown file.
    public func runFile(_ path: String) -> AuditInput {
        switch textInput(path, kind: .run) {
        case .unreadable(let failed): return failed
        case .read(var input, let body):
            let lower = path.lowercased()
            let commands = lower.hasSuffix(".md") || lower.hasSuffix(".markdown") ? RunReader.commands(inMarkdown: body) : RunReader.commands(inShell: body)
            for c in commands {
                let r = RunReader.parse(c.words, file: path, line: c.line, column: c.column, relativeTo: path, files: io.files, positions: c.positions, strict: strict)
                input.subjects.append(r.config); input.errors += r.errors; input.warnings += r.warnings
            }
            return input
        }
    }

    /// One command line given as words (`bulkhead run -- docker run …`); files it names resolve against
    /// the current directory, and so does the configuration lookup.
    public func runWords(_ words: [String]) -> AuditInput {
        let path = "command-line"
        let r = RunReader.parse(words, file: path, line: 1, relativeTo: nil, files: io.files, strict: strict)
        var input = AuditInput(configAnchor: join(io.files.currentDirectory, "command-line"))
        input.targets = [Target(kind: .run, path: path)]
        input.subjects = [r.config]
        input.lines[path] = [words.joined(separator: " ")]
        input.errors = r.errors
        input.warnings = r.warnings
        return input
    }

    /// `docker inspect` JSON.
    public func inspect(_ path: String) -> AuditInput {
        switch textInput(path, kind: .inspect) {
        case .unreadable(let failed): return failed
        case .read(var input, let body):
            let (configs, errors) = InspectReader.read(body, path: path)
            input.subjects = configs
            input.errors = errors
            return input
        }
    }
}

extension Readers {
    /// A host snapshot file (`bulkhead host --snapshot`, rule examples).
    public func hostSnapshot(_ path: String) -> AuditInput {
        switch textInput(path, kind: .host) {
        case .unreadable(let failed): return failed
        case .read(let input, let body): return host(snapshot: body, path: path, base: input)
        }
    }

    /// A host snapshot's text: the host, and every container on it.
    public func host(snapshot text: String, path: String, base: AuditInput? = nil) -> AuditInput {
        host(HostReader.read(text, path: path), path: path, base: base)
    }

    /// What HostReader read of a host: the host, and every container on it.
    public func host(_ r: HostReader.Result, path: String, base: AuditInput? = nil) -> AuditInput {
        var input = base ?? AuditInput(configAnchor: io.files.currentDirectory + "/.")
        input.targets = [Target(kind: .host, path: path)]
        var host = r.host
        // the container stack's packages, matched by the distribution's own fixed versions where a database is at hand
        if let status = host.dpkgStatusText {
            let files = ["etc/os-release": host.osReleaseText]
            let inventory = PackageInventory(distribution: Distribution.detect { files[$0] ?? nil },
                                             packages: DpkgStatus.packages(status, path: "/var/lib/dpkg/status"))
            host.inventory = inventory
            if let db = io.advisories, !inventory.packages.isEmpty {
                if inventory.distribution?.osvRelease == nil {
                    input.warnings.append(InputError(path: path, message: "the host's packages were not checked for known vulnerabilities: its release is unknown (\(inventory.distribution?.prettyName ?? "no os-release"))"))
                } else if db.isEmpty {
                    input.warnings.append(InputError(path: path, message: "the host's packages were not checked for known vulnerabilities: \(db.description) is empty (bulkhead db import FEED…)"))
                } else {
                    do { host.advisories = try db.advisories(for: inventory.packages) } catch {
                        input.warnings.append(InputError(path: path, message: "the host's packages were not checked for known vulnerabilities: \(error)"))
                    }
                }
            }
        }
        input.subjects = [host] + r.containers
        input.errors += r.errors
        return input
    }

    /// daemon.json → the defaults that change containers' effective settings (`--daemon-config`).
    public func daemonDefaults(_ path: String) -> Result<DaemonDefaults, InputError> { DaemonConfig.load(path, files: io.files) }
}

#if canImport(Glibc)
/// glibc's malloc_trim: gives the pages freed while parsing back to the system.
@_silgen_name("malloc_trim") func releaseFreeMemory(_ pad: Int) -> Int32
#endif
