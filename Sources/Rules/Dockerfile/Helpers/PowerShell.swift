import BulkheadCore
import BulkheadModel

/// What a RUN says when it is read as PowerShell (Windows images, `pwsh` on Linux): its text, lower-cased, and
/// its words (runs of letters, digits, `-`, `.`, `:`, `$`), so `iex` is a word and not a piece of `index`.
struct PowerShellText {
    let lower: String
    let words: Set<Substring>

    init(_ ins: Instruction) {
        lower = (ins.execForm?.joined(separator: " ") ?? ins.args).lowercased()
        words = Set(lower.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == ":" || $0 == "$" || $0 == "_") })
    }

    func has(_ w: String) -> Bool { words.contains(Substring(w)) }
    func contains(_ s: String) -> Bool { lower.contains(s) }

    /// The RUNs that can be PowerShell: every RUN of a stage whose shell is not POSIX, and RUNs that call
    /// powershell or pwsh themselves.
    static func runs(_ ctx: DockerfileContext) -> [(Instruction, PowerShellText)] {
        ctx.allInstructions.compactMap { ins in
            guard ins.keyword == "RUN" else { return nil }
            // a byte search first (every RUN of a large file passes here); the lower-cased text only for PowerShell ones
            // (a RUN's arguments are the end of its text: a text without the names has arguments without them)
            guard !ins.posixShell || (ins.execForm.map { $0.contains(where: mentionsPowerShell) } ?? (mentionsPowerShell(ins.original) && mentionsPowerShell(ins.args))) else { return nil }
            return (ins, PowerShellText(ins))
        }
    }

    static let owershell: [UInt8] = Array("owershell".utf8)
    /// Whether a text names `powershell` or `pwsh`, in any case: one pass over its bytes.
    static func mentionsPowerShell(_ t: String) -> Bool {
        var t = t
        let owershell = PowerShellText.owershell
        return t.withUTF8 { b in
            let n = b.count
            var i = 0
            @inline(__always) func lower(_ k: Int) -> UInt8 { b[k] | 0x20 }
            while i + 4 <= n {
                if lower(i) == UInt8(ascii: "p") {
                    if lower(i + 1) == UInt8(ascii: "w"), lower(i + 2) == UInt8(ascii: "s"), lower(i + 3) == UInt8(ascii: "h") { return true }
                    if i + 10 <= n, lower(i + 1) == UInt8(ascii: "o") {
                        var k = 2
                        while k < 10 && lower(i + k) == owershell[k - 1] { k += 1 }
                        if k == 10 { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }

    /// Something is fetched from the network.
    var downloads: Bool {
        has("invoke-webrequest") || has("iwr") || has("invoke-restmethod") || has("irm") || contains("downloadstring") || contains("downloadfile")
            || contains("net.webclient") || has("start-bitstransfer") || has("curl.exe") || has("wget.exe")
    }
    /// A hash or signature of what was fetched is checked.
    var verifies: Bool {
        has("get-filehash") || contains("certutil -hashfile") || has("get-authenticodesignature") || contains("sha256sum")
    }
}
