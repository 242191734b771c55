import BulkheadCore
import BulkheadModel
import DockerfileParser
import ImageFormats
import Inventory
import Rules
import RuntimeSyntax

extension Readers {
    /// One image source (`docker-archive:`, `oci:`, `docker:`, `registry:` or a bare path or reference): every
    /// image it holds (or the one `selection` picks), each with the Dockerfile rebuilt from its history.
    /// A root filesystem (`dir:PATH`, or a directory that is not an OCI layout) is read only where `rootFilesystems`
    /// is set (`bulkhead sbom`): it has packages but no image configuration for the image rules to judge.
    public func image(_ source: String, selection: ImageSelection = ImageSelection(), rootFilesystems: Bool = false) -> AuditInput {
        let files = io.files
        let parsed = ImageSource.parse(source, exists: files.exists, isDirectory: files.isDirectory)
        let reader = ImageReader(files: files, selection: selection)
        var input = AuditInput(configAnchor: join(files.currentDirectory, "image"))
        let result: ImageReadResult
        switch parsed {
        case .dockerArchive(let path), .oci(let path, nil) where !files.isDirectory(path):
            if path != "-" { input.configAnchor = path }
            if let file = files.openRandomAccess(path) {
                // on disk: layers read side by side
                result = reader.readArchive(file: file, name: path, source: source)
            } else {
                switch files.openStream(path) {
                case .failure(let f):
                    return .failed(Target(kind: .image, path: source), InputError(path: path, message: f.message(readingAs: "an image archive")))
                case .success(let stream): result = reader.readArchive(stream, name: path, source: source)
                }
            }
        case .rootFilesystem(let path):
            guard rootFilesystems else {
                return .failed(Target(kind: .image, path: source), InputError(path: path, message:
                    "is a directory but not an OCI layout (no oci-layout or index.json); a root filesystem has no image configuration to audit: `bulkhead sbom dir:\(path) --vulns` lists and matches its packages"))
            }
            input.configAnchor = path
            switch files.openTree(path) {
            case .failure(let f):
                return .failed(Target(kind: .image, path: source), InputError(path: path, message: f.message(readingAs: "a root filesystem")))
            case .success(let stream): result = reader.readRootFilesystem(stream, name: path, source: source)
            }
        case .oci(let path, let reference):
            input.configAnchor = join(path, "index.json")
            result = reader.readLayout(path, reference: reference, source: source)
        case .engine(let reference):
            guard let engine = io.engine else {
                return .failed(Target(kind: .image, path: source), InputError(path: source, message: "no Docker engine to ask"))
            }
            switch engine.get("/images/\(percentEncoded(reference, keeping: "-._~:/@"))/get") {
            case .failure(let e):
                let message = e.message.contains("answered 404")
                    ? "no image '\(reference)' in the Docker engine at \(engine.address) (pull or build it first; \(e.message))" : e.message
                return .failed(Target(kind: .image, path: source), InputError(path: source, message: message))
            case .success(let stream): result = reader.readArchive(stream, name: source, source: source)
            }
        case .registry(let reference):
            guard let http = io.http else {
                return .failed(Target(kind: .image, path: source), InputError(path: source, message: "no network access to reach a registry"))
            }
            guard RegistryReference.parse(reference) != nil else {
                return .failed(Target(kind: .image, path: source), InputError(path: source, message:
                    "'\(reference)' is neither a file nor an image reference ([registry/]name[:tag][@digest])"))
            }
            let configDir = io.environment.variables["DOCKER_CONFIG"] ?? join(files.homeDirectory, ".docker")
            let dockerConfig = try? files.readText(join(configDir, "config.json"), limit: 1 << 20).get()
            result = reader.readRegistry(reference, http: http, insecure: selection.insecureRegistries, dockerConfig: dockerConfig, source: source)
        }
        return Readers.input(packagesChecked(result), source: source, into: input)
    }

    /// Each image's inventory, and the advisories that name its packages when an advisory database is at hand.
    func packagesChecked(_ result: ImageReadResult) -> ImageReadResult {
        var result = result
        for i in result.images.indices { result.images[i].inventory = ImageInventory.read(result.images[i]) }
        return checkAdvisories(result)
    }

    /// The advisories that name each image's inventoried packages.
    func checkAdvisories(_ result: ImageReadResult) -> ImageReadResult {
        var result = result
        let endOfLife = io.advisories?.endOfLife()
        for i in result.images.indices {
            result.images[i].endOfLife = endOfLife
            guard let inventory = result.images[i].inventory else { continue }
            guard let db = io.advisories, !inventory.packages.isEmpty else { continue }
            let osPackages = inventory.packages.filter { ["Debian", "Alpine", "Ubuntu"].contains($0.ecosystem) }.count
            if osPackages > 0, inventory.distribution?.osvRelease == nil || inventory.distribution?.osvEcosystem == nil {
                let name = inventory.distribution?.prettyName ?? "no os-release"
                result.warnings.append(InputError(path: result.images[i].source, message:
                    "\(osPackages) distribution packages were not checked for known vulnerabilities: the release is unknown (\(name)); advisories are per release"))
            }
            if db.isEmpty {
                result.warnings.append(InputError(path: result.images[i].source, message:
                    "\(inventory.packages.count) packages were not checked for known vulnerabilities: \(db.description) is empty (bulkhead db import FEED…)"))
                continue
            }
            do {
                result.images[i].advisories = try db.advisories(for: inventory.packages)
                result.images[i].advisoryDatabase = db.description
            } catch {
                result.warnings.append(InputError(path: result.images[i].source, message: "the packages were not checked for known vulnerabilities: \(error)"))
            }
        }
        return result
    }

    /// Images from a stream holding a `docker save` or OCI archive (tests, rule examples).
    public func imageArchive(_ stream: any ByteStream, source: String, selection: ImageSelection = ImageSelection()) -> AuditInput {
        let result = ImageReader(files: io.files, selection: selection).readArchive(stream, name: source, source: source)
        return Readers.input(packagesChecked(result), source: source, into: AuditInput(configAnchor: join(io.files.currentDirectory, "image")))
    }

    static func input(_ result: ImageReadResult, source: String, into input: AuditInput) -> AuditInput {
        var input = input
        input.errors = result.errors
        input.warnings = result.warnings
        if result.images.isEmpty { input.targets = [Target(kind: .image, path: source)] }
        for image in result.images {
            input.targets.append(image.target)
            input.subjects.append(image)
            input.subjects.append(ImageHistory.dockerfile(of: image))
        }
        return input
    }
}

/// The Dockerfile an image's history says was run, one instruction per step, so the Dockerfile rules about
/// what build steps did also audit images whose Dockerfile is not at hand.
public enum ImageHistory {
    public static func dockerfile(of image: ImageModel) -> DockerfileModel {
        var lines = ["FROM scratch"]
        var step = [0]
        // the classic builder repeats the build arguments on every RUN: each is reported where it first appears
        var argsSeen = Set<String>()
        for (i, h) in image.history.enumerated() {
            for l in instructions(h.createdBy) {
                if l.hasPrefix("ARG "), !argsSeen.insert(l).inserted { continue }
                // the environment is judged from the image configuration (IM002), which says what is really set
                if l.hasPrefix("ENV ") { continue }
                lines.append(l)
                step.append(i)
            }
        }
        var model = DockerfileParser.parse(lines.joined(separator: "\n"), path: image.source)
        model.rebuiltFrom = RebuiltHistory(image: image.target, step: step)
        // the rebuilt text is not a file the user wrote: its parse problems are not theirs
        model.errors = []
        return model
    }

    /// One history step's `created_by` as Dockerfile instructions (build arguments the step saw as ARG lines).
    public static func instructions(_ createdBy: String) -> [String] {
        var s = Substring(createdBy.replacingNewlines)
        if s.hasSuffix("# buildkit") { s = s.dropLast(10) }
        s = s.trimmingSpaces[...]
        if s.isEmpty || s.hasPrefix("Imported from") { return [] }
        // classic builder: "/bin/sh -c #(nop)  ENV A=b" and "/bin/sh -c apt-get …"; BuildKit: "RUN /bin/sh -c …"
        if s.hasPrefix("RUN ") { s = s.dropFirst(4).drop { $0 == " " } }
        var args: [String] = []
        if s.hasPrefix("|"), let space = s.firstIndex(of: " "), Int(s[s.index(after: s.startIndex)..<space]) != nil {
            // "|2 TOKEN=abc B=c /bin/sh -c …": the build arguments the step ran with
            let n = Int(s[s.index(after: s.startIndex)..<space]) ?? 0
            var rest = s[s.index(after: space)...]
            for _ in 0..<n {
                let word = rest.prefix { $0 != " " }
                args.append("ARG " + word)
                rest = rest.dropFirst(word.count).drop { $0 == " " }
            }
            s = rest
        }
        for shell in ["/bin/sh -c ", "/bin/bash -c ", "/bin/ash -c ", "cmd /S /C "] where s.hasPrefix(shell) {
            s = s.dropFirst(shell.count).drop { $0 == " " }
            break
        }
        if s.hasPrefix("#(nop)") {
            var ins = s.dropFirst(6).trimmingSpaces
            // "ADD file:abc in /dest" and "COPY dir:abc in /dest": the base root filesystem and local files, not URLs
            if ins.hasPrefix("ADD ") || ins.hasPrefix("COPY ") {
                let parts = ins.split(separator: " ", omittingEmptySubsequences: true)
                if parts.count >= 4, parts[parts.count - 2] == "in" {
                    let src = parts[1...(parts.count - 3)].joined(separator: " ")
                    let local = src.hasPrefix("file:") || src.hasPrefix("multi:") || src.hasPrefix("dir:")
                    ins = "\(local ? "COPY" : String(parts[0])) \(src) \(parts.last!)"
                }
            }
            return args + [ins]
        }
        let keyword = s.prefix { $0 != " " }
        let known: Set<Substring> = ["ENV", "LABEL", "CMD", "ENTRYPOINT", "COPY", "ADD", "WORKDIR", "USER", "EXPOSE", "VOLUME",
                                     "ARG", "HEALTHCHECK", "SHELL", "STOPSIGNAL", "ONBUILD", "MAINTAINER"]
        if known.contains(keyword) {
            var ins = String(s)
            // BuildKit writes EXPOSE as a Go map: "EXPOSE map[8080/tcp:{}]"
            if keyword == "EXPOSE", ins.contains("map[") {
                ins = "EXPOSE " + ins.split(separator: "[").dropFirst().joined().split(separator: " ").map { $0.replacingFirst(":{}", "") }.joined(separator: " ").replacingFirst("]", "")
            }
            if keyword == "ADD" || keyword == "COPY" {
                let parts = ins.split(separator: " ")
                if parts.count >= 2, parts[1].hasPrefix("file:") || parts[1].hasPrefix("multi:") { ins = "COPY " + parts.dropFirst().joined(separator: " ") }
            }
            if keyword == "HEALTHCHECK" { return args }
            return args + [ins]
        }
        return args + ["RUN " + s]
    }
}

extension String {
    var replacingNewlines: String { contains("\n") ? split(separator: "\n", omittingEmptySubsequences: true).joined(separator: " ; ") : self }
}

extension StringProtocol {
    func replacingFirst(_ a: String, _ b: String) -> String {
        guard let r = range(of: a) else { return String(self) }
        return String(self[..<r.lowerBound]) + b + String(self[r.upperBound...])
    }
}

extension Readers {
    /// Gives every container whose image is among `sources` that image's own user, health check and exposed
    /// ports (`--images`). `docker` asks the local engine for each image (its configuration only); any other
    /// source is read whole like `bulkhead image` does. An image found nowhere is a warning.
    public func attachingImages(_ sources: [String], to input: AuditInput) -> AuditInput {
        guard !sources.isEmpty else { return input }
        var input = input
        var known: [(reference: String, defaults: ImageDefaults)] = []
        var askEngine = false
        for s in sources {
            if s == "docker" || s == "docker:" { askEngine = true; continue }
            let read = image(s)
            input.errors += read.errors
            for case let m as ImageModel in read.subjects {
                let d = ImageDefaults(source: s, user: m.config.user, healthcheck: m.config.healthcheck, exposedPorts: m.config.exposedPorts)
                known.append((m.reference ?? s, d))
            }
        }
        var engineCache: [String: ImageDefaults?] = [:]
        for i in input.subjects.indices {
            guard var c = input.subjects[i] as? ContainerConfig, let ref = c.image?.value, !ref.isEmpty else { continue }
            if let hit = known.first(where: { ImageReader.sameReference($0.reference, ref) }) { c.imageDefaults = hit.defaults }
            else if askEngine {
                if engineCache[ref] == nil { engineCache[ref] = engineImageDefaults(ref) }
                c.imageDefaults = engineCache[ref] ?? nil
            }
            if c.imageDefaults == nil {
                input.warnings.append(InputError(path: c.file, line: c.image?.origin.line, message: "image \(ref) of '\(c.name)' is not in \(sources.map { $0 == "docker" || $0 == "docker:" ? "the local engine" : $0 }.joined(separator: ", ")); judged without it"))
            }
            input.subjects[i] = c
        }
        return input
    }

    /// The image's configuration from the local engine (`GET /images/REF/json`), or nil.
    func engineImageDefaults(_ reference: String) -> ImageDefaults? {
        guard let engine = io.engine, case .success(let body) = engine.get("/images/\(percentEncoded(reference, keeping: "-._~:/@"))/json") else { return nil }
        guard let data = try? body.readAll(limit: 8 << 20), let root = try? JNode.parse(String(decoding: data, as: UTF8.self)), let cfg = root["Config"] else { return nil }
        return ImageDefaults(source: "the local engine", user: cfg["User"]?.string,
                             healthcheck: cfg["Healthcheck"]?["Test"]?.array?.compactMap(\.string),
                             exposedPorts: (cfg["ExposedPorts"]?.object ?? []).map(\.0).sorted())
    }
}

extension Readers {
    /// True when `path` is a CycloneDX or SPDX JSON document (an SBOM to match, not an image).
    public func isSBOM(_ path: String) -> Bool {
        guard path != "-", io.files.exists(path), !io.files.isDirectory(path),
              let head = try? io.files.readText(path, limit: 64 << 20).get() else { return false }
        return SBOMReader.format(head) != nil
    }

    /// An SBOM's packages as an image subject with no files, so the vulnerability rule matches them as it
    /// matches an image's (as `grype sbom:FILE`).
    public func sbomDocument(_ path: String) -> AuditInput {
        let target = Target(kind: .image, path: "sbom:" + path)
        let text: String
        switch io.files.readText(path, limit: 64 << 20) {
        case .failure(let f): return .failed(target, InputError(path: path, message: f.message(readingAs: "an SBOM")))
        case .success(let t): text = t
        }
        let inventory: PackageInventory
        do { inventory = try SBOMReader.read(text, path: path) } catch {
            return .failed(target, InputError(path: path, line: error.line, column: error.column, message: error.message))
        }
        var image = ImageModel(source: "sbom:" + path, reference: nil, config: ImageConfig(), history: [], layers: [], files: [:],
                               removed: [], texts: [:], contentSecrets: [])
        image.inventory = inventory
        var input = AuditInput(configAnchor: path)
        input.targets = [image.target]
        var result = ImageReadResult()
        result.images = [image]
        result = checkAdvisories(result)
        input.warnings = result.warnings
        input.subjects = result.images
        return input
    }
}
