import BulkheadCore
import BulkheadModel

enum Interpreters {
    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "fish"]
    static let scripting: Set<String> = ["python", "python2", "python3", "perl", "ruby", "node", "php", "pwsh", "deno", "bun"]
    static func isInterpreter(_ name: String) -> Bool {
        shells.contains(name) || scripting.contains(name) || name.hasPrefix("python3.")
    }
    static let downloaders: Set<String> = ["curl", "wget", "fetch", "aria2c", "http", "https", "lwp-request", "GET"]
}
