import BulkheadCore
import BulkheadModel

extension RuntimeContext {
    /// "HostConfig.Privileged = true (services.web.privileged, line 5)"
    func evidence(_ field: String, _ value: String, _ o: Origin?) -> String {
        guard let o else { return "\(field) = \(value)" }
        return "\(field) = \(value) (\(o.path ?? o.file), line \(o.line))"
    }

    func escape(_ d: RuleDescription, at: Origin, severity: Severity? = nil, technique: String, chain: [String], fix: String) -> Finding {
        var f = finding(d, at: at, severity: severity, "Escape path open in '\(config.name)': \(technique). Break it: \(fix)", evidence: "escape \(technique)")
        f.escape = EscapePath(technique: technique, chain: chain, fix: fix)
        return f
    }

    var runsAsRoot: Bool {
        // no user of its own: the image's, when it was at hand; else assume the common case, root
        guard let u = config.user?.value else { return config.imageDefaults?.runsAsRoot ?? true }
        let n = u.split(separator: ":").first.map(String.init) ?? ""
        return n.isEmpty || n == "root" || n == "0"
    }
    func capOrigin(_ cap: String) -> Origin? { config.capAdd.first { EffectiveSecurity.normalizeCap($0.value) == cap || EffectiveSecurity.normalizeCap($0.value) == "ALL" }?.origin }
    var cgroupV1Possible: Bool { daemon.cgroupVersion.map { $0 == 1 } ?? true }
}
