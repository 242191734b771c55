import Audit
import BulkheadCore
import BulkheadModel
import SystemIO

/// The real edges, with some files given as text (fixtures that never touch the disk).
public func testIO(_ texts: [String: String] = [:]) -> IO { IO.system().overlaying(texts) }

/// Options that read no .bulkhead.yml: what golden files and labelled cases are judged with.
public func isolatedOptions() -> AuditOptions {
    var o = AuditOptions()
    o.configLookup = false
    return o
}

/// An auditor over the real edges plus overlay texts, with no configuration file unless `options` says so.
public func testAuditor(_ texts: [String: String] = [:], options: AuditOptions = isolatedOptions()) -> Auditor {
    Auditor(options: options, io: testIO(texts))
}

/// Audits one text as an input of `kind` at `path` (nothing is written to disk).
public func audit(_ text: String, as kind: TargetKind, path: String, options: AuditOptions = isolatedOptions()) -> Report {
    let a = testAuditor([path: text], options: options)
    return a.audit(a.readers.read(path, as: kind))
}

extension Auditor {
    /// A Dockerfile given as text, through the Dockerfile reader and the pipeline.
    public func auditDockerfile(text: String, path: String) -> Report { audit(readers.dockerfile(text: text, path: path)) }

    /// A Compose project whose files are given as text.
    public func auditCompose(files: [String], inMemory: [String: String], envFiles: [String] = [], profiles: [String] = []) -> Report {
        let r = Readers(io: io.overlaying(inMemory), buildArgs: options.buildArgs, strict: options.strict, buildContext: options.buildContext)
        return audit(r.compose(files: files, envFiles: envFiles, profiles: profiles))
    }
}
