import BulkheadCore
import BulkheadModel
import ComposeLoader
import Rules
import RuntimeReaders

/// Reads a runtime rule example (compose YAML by default; `format: run` or `format: inspect`) into configs.
public enum RuntimeExampleReader {
    public static func configs(_ ex: Example) -> ([ContainerConfig], [InputError]) {
        switch ex.options["format"] ?? "compose" {
        case "run":
            var out: [ContainerConfig] = [], errs: [InputError] = []
            for c in RunReader.commands(inShell: ex.source) {
                let (cfg, e) = RunReader.parse(c.words, file: "example.sh", line: c.line, column: c.column, positions: c.positions)
                out.append(cfg); errs += e
            }
            return (out, errs)
        case "inspect":
            return InspectReader.read(ex.source, path: "inspect.json")
        default:
            var o = ComposeLoader.Options()
            o.inMemory = ["/example/compose.yaml": ex.source]
            let r = ComposeLoader.load(files: ["/example/compose.yaml"], options: o)
            return (r.configs, r.errors)
        }
    }

    public static func daemon(_ ex: Example) -> DaemonDefaults {
        var d = DaemonDefaults()
        d.noNewPrivileges = ex.options["daemon-no-new-privileges"] == "true"
        d.cgroupVersion = ex.options["daemon-cgroup-version"].flatMap { Int($0) }
        return d
    }

    /// Failures of one runtime rule's examples (empty when all behave).
    public static func verify(_ rule: any RuntimeRule.Type) -> [String] {
        var failures: [String] = []
        let d = rule.description
        for ex in d.triggering + d.nonTriggering {
            let (configs, errors) = configs(ex)
            if !errors.isEmpty { failures.append("\(d.id) example at line \(ex.line) does not read: \(errors.map(\.description))") }
            if configs.isEmpty { failures.append("\(d.id) example at line \(ex.line) yields no container") }
            let ctxOptions = RuleOptions(dictionary: ex.options)
            let found = configs.flatMap { rule.init().check(RuntimeContext(config: $0, daemon: daemon(ex), options: ctxOptions)) }.map(\.location.line).sorted()
            if found != ex.markedLines {
                failures.append("\(d.id) example at line \(ex.line): expected findings on lines \(ex.markedLines), got \(found)\n---\n\(ex.source)\n---")
            }
        }
        return failures
    }
}
