import BulkheadCore
import BulkheadModel

/// One dotenv parser for Compose's `.env` and `env_file`, and `docker run --env-file`.
public enum EnvFile {
    public struct Entry: Sendable, Equatable {
        public var name: String
        /// nil for a bare `NAME` line (passed through from the caller's environment).
        public var value: String?
        public var line: Int
    }

    /// `KEY=value`, `export KEY=value`, single or double quotes, ` #` comments after unquoted values,
    /// whole-line comments, blank lines, CRLF.
    public static func parse(_ text: String) -> [Entry] {
        var out: [Entry] = []
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = raw.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingSpaces }
            guard let eq = line.firstIndex(of: "=") else { out.append(Entry(name: line, value: nil, line: i + 1)); continue }
            let key = line[..<eq].trimmingSpaces
            var value = line[line.index(after: eq)...].trimmingSpaces
            if let f = value.first, f == "\"" || f == "'", let close = value.dropFirst().firstIndex(of: f) {
                value = String(value[value.index(after: value.startIndex)..<close])
            } else if let hash = value.firstRange(of: " #") {
                value = String(value[..<hash.lowerBound]).trimmingSpaces
            }
            out.append(Entry(name: key, value: value, line: i + 1))
        }
        return out
    }
}

/// Custom seccomp profiles named by `security_opt: [seccomp=FILE]` / `--security-opt seccomp=FILE`.
public enum SeccompProfile {
    /// The file a `seccomp=…` option names, if it names one (not `unconfined`, `default`, `builtin` or inline JSON).
    public static func fileName(inSecurityOpt opt: String) -> String? {
        for prefix in ["seccomp=", "seccomp:"] where opt.hasPrefix(prefix) {
            let p = String(opt.dropFirst(prefix.count))
            if ["unconfined", "default", "builtin", ""].contains(p) || p.hasPrefix("{") { return nil }
            return p
        }
        return nil
    }

    /// Reads the profile a security option names, relative to `base` (the file it was written in; nil for
    /// the current directory). Returns the key rules look it up by and the text.
    public static func load(securityOpt opt: String, relativeTo base: String?, files: any FileSource) -> (String, String)? {
        guard let name = fileName(inSecurityOpt: opt) else { return nil }
        guard let text = files.text(files.resolve(name, relativeTo: base)) else { return nil }
        return (name, text)
    }
}

/// The parts of daemon.json that change a container's effective settings.
public enum DaemonConfig {
    public static func parse(_ text: String, path: String) -> Result<DaemonDefaults, InputError> {
        let root: JNode
        do { root = try JNode.parse(text) } catch {
            return .failure(InputError(path: path, line: error.line, column: error.column, message: "invalid JSON: \(error.message)"))
        }
        guard root.object != nil else { return .failure(InputError(path: path, line: root.line, column: root.column, message: "daemon.json must be a JSON object")) }
        var d = DaemonDefaults()
        d.source = path
        d.noNewPrivileges = root["no-new-privileges"]?.bool ?? false
        d.usernsRemap = root["userns-remap"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        d.seccompProfile = root["seccomp-profile"]?.string
        d.logDriver = root["log-driver"]?.string
        d.defaultCgroupnsMode = root["default-cgroupns-mode"]?.string
        return .success(d)
    }

    public static func load(_ path: String, files: any FileSource) -> Result<DaemonDefaults, InputError> {
        switch files.readText(path, limit: 4 << 20) {
        case .success(let text): return parse(text, path: path)
        case .failure(let f): return .failure(InputError(path: path, message: "cannot read the daemon configuration: \(f.message)"))
        }
    }
}
