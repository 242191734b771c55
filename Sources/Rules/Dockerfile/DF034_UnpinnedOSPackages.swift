import BulkheadCore
import BulkheadModel

struct UnpinnedOSPackages: Rule {
    static let description = RuleDescription(
        id: "DF034", title: "OS packages installed without pinned versions", severity: .low, controls: [.supplyChain],
        aliases: ["DL3008", "DL3018", "DL3033", "DL3037", "DL3041"],
        rationale: """
        Unpinned installs take whatever the repository serves on the day of the build, so two builds of the same \
        commit differ and a compromised or broken package version arrives unreviewed. Pinning trades that for the \
        chore of updating pins; many teams pin by base-image digest instead, which is why this is low.
        """,
        remediation: "Pin versions (apt-get install curl=7.88.1-10+deb12u8, apk add curl=8.9.1-r0, dnf install curl-8.6.0) and let a bot update them, or pin the base image by digest and rebuild deliberately.",
        triggering: [
            Example("FROM debian:12\n↓RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates"),
            Example("FROM alpine:3.20\n↓RUN apk add --no-cache bash"),
            Example("FROM fedora:40\n↓RUN dnf install -y httpd && dnf clean all"),
        ],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8"),
            Example("FROM alpine:3.20\nRUN apk add --no-cache bash=5.2.26-r0 'curl>8.0'"),
            Example("FROM debian:12\nRUN apt-get install -y ./vendor/tool_1.0_amd64.deb"),
            Example("FROM debian:12\nRUN apt-get install -y $PACKAGES"),
            Example("FROM fedora:40\nRUN dnf install -y httpd-2.4.62"),
        ], restrictedSeverity: .medium)

    static func pinned(_ w: ShellWord, _ pm: PackageManager) -> Bool {
        let t = w.text
        if w.dynamic || t.contains("$") { return true }
        if t.contains("/") || t.hasSuffix(".deb") || t.hasSuffix(".rpm") || t.hasSuffix(".apk") { return true }
        switch pm {
        case .apt, .aptCLI: return t.contains("=") || t.hasSuffix("-") || t.contains("/")
        case .apk: return t.contains("=") || t.contains(">") || t.contains("<") || t.contains("~")
        case .zypper: return t.contains("=") || t.contains(">") || t.contains("<")
        case .yum, .dnf, .microdnf, .tdnf:
            if t.hasPrefix("@") { return true }  // groups and modules
            // name-version: a dash followed by a digit
            var prev: Character = " "
            for ch in t { if prev == "-" && ch.isNumber { return true }; prev = ch }
            return t.contains("=") || t.contains(":") 
        default: return true
        }
    }

    func check(_ ctx: DockerfileContext, into sink: FindingSink) {
        let installs = ctx.packageInstalls, commands = ctx.runCommands
        for install in installs {
            let pm = install.manager
            guard pm.isOS else { continue }
            // the evidence (the command's name and its loose packages) is written as the packages are looked at
            let c = install.command
            var evidence = c.name, loose = 0
            for w in install.eachPackage where !Self.pinned(w, pm) { evidence += " "; evidence += w.text; loose += 1 }
            guard loose > 0 else { continue }
            let ins = commands.instruction(at: install.place)
            // the message, with its list of at most six, is made only for the findings that are listed
            sink.add(ctx.finding(Self.description, ins, command: c, "", evidence: evidence)) {
                let names = install.packages.filter { !Self.pinned($0, pm) }.map { $0.text }
                return "\(c.name) installs \(names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")) without a pinned version."
            }
        }
    }
}
