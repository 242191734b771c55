import BulkheadCore
import BulkheadModel

struct SignatureVerificationDisabled: Rule {
    static let description = RuleDescription(
        id: "DF033", title: "Package signature checks turned off", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        aliases: ["CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10", "CKV2_DOCKER_11", "CIS-DI-0011"],
        rationale: """
        Package managers verify repository and package signatures so that a mirror, a proxy or a network attacker \
        cannot slip in modified packages. Turning that off (apk --allow-untrusted, apt --allow-unauthenticated, \
        --force-yes, [trusted=yes] sources, yum/dnf --nogpgcheck or gpgcheck=0, zypper --no-gpg-checks, rpm \
        --nosignature/--nodigest) installs whatever arrives.
        """,
        remediation: "Import the repository's signing key (signed-by= keyring for apt, rpm --import for rpm) and keep verification on.",
        triggering: [
            Example("FROM alpine:3.20\n↓RUN apk add --allow-untrusted /tmp/pkg.apk"),
            Example("FROM debian:12\n↓RUN apt-get install -y --allow-unauthenticated foo"),
            Example("FROM debian:12\n↓RUN apt-get install -y --force-yes foo"),
            Example("FROM fedora:40\n↓RUN dnf install -y --nogpgcheck foo"),
            Example("FROM centos:7\n↓RUN rpm -ivh --nosignature /tmp/foo.rpm"),
            Example("FROM debian:12\n↓RUN echo \"deb [trusted=yes] http://repo.example.com/ stable main\" > /etc/apt/sources.list.d/x.list"),
            Example("FROM opensuse/leap:15.6\n↓RUN zypper --no-gpg-checks install -y foo"),
        ],
        nonTriggering: [
            Example("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0"),
            Example("FROM fedora:40\nRUN rpm --import https://repo.example.com/key.asc && dnf install -y foo"),
            Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends foo"),
        ])

    static let aptFlags = ["--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"]

    static func disabling(_ c: ShellCommand) -> String? {
        let pm = PackageManager.of(c)
        if pm == .apk, c.has("--allow-untrusted"), !["index", "verify", "fetch"].contains(PackageManager.apk.subcommand(c) ?? "") { return "apk --allow-untrusted" }
        // (one walk over the arguments for the three flags, then which one: nearly every apt command has none)
        if pm == .apt || pm == .aptCLI || c.name == "apt-get" || c.name == "aptitude", c.has(Self.aptFlags) {
            if c.has("--allow-unauthenticated") { return "\(c.name) --allow-unauthenticated" }
            if c.has("--force-yes") { return "\(c.name) --force-yes" }
            if c.has("--allow-insecure-repositories") { return "\(c.name) --allow-insecure-repositories" }
        }
        if pm == .yum || pm == .dnf || pm == .microdnf || pm == .tdnf || c.name == "yum-config-manager" || c.name == "dnf" {
            if c.has("--nogpgcheck", "--no-gpgcheck") { return "\(c.name) --nogpgcheck" }
        }
        if pm == .zypper, c.has("--no-gpg-checks", "--gpg-auto-import-keys") && c.has("--no-gpg-checks") { return "zypper --no-gpg-checks" }
        if c.name == "rpm", c.has("--nosignature", "--nodigest", "--nofiledigest", "--noverify") { return "rpm signature check off" }
        // every spelling below is a key=value setting; most words have no '=' and cost nothing
        for w in c.args where w.text.utf8.contains(UInt8(ascii: "=")) {
            let a = w.text
            let l = a.lowercased().filter { $0 != " " }
            // a file:// repository the same RUN just built (as the official postgres/nginx images do) is local
            if (l.contains("[trusted=yes]") || l.contains("trusted=yes]")) && !l.contains("file:/") && !l.contains("copy:/") { return "apt source [trusted=yes]" }
            if l.contains("allowunauthenticated") && (l.contains("true") || l.contains("1")) { return "APT::Get::AllowUnauthenticated" }
            if l.contains("allowinsecurerepositories") && (l.contains("true") || l.contains("1")) { return "Acquire::AllowInsecureRepositories" }
            if (l.contains("gpgcheck=0") || l.contains("gpgcheck=false") || l.contains("gpgcheck=no")) && !l.contains("repo_gpgcheck=0") { return "gpgcheck=0" }
        }
        return nil
    }

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.commandFindings(Self.description, classify: Self.disabling) { "Package signature verification is turned off (\($0))." }
    }
}
