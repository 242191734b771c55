import BulkheadCore
import BulkheadModel

struct PowerShellTLSDisabled: Rule {
    static let description = RuleDescription(
        id: "DF087", title: "PowerShell turns TLS certificate checks off", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        rationale: """
        -SkipCertificateCheck, a ServicePointManager certificate callback that returns $true, and curl.exe -k accept \
        any certificate: the download is as safe as plain HTTP, and whoever sits on the path chooses what gets into \
        the image.
        """,
        remediation: "Remove the override; add the internal CA to the image's trusted roots (Import-Certificate) if a private certificate is the reason.",
        triggering: [
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n↓RUN [System.Net.ServicePointManager]::ServerCertificateValidationCallback = {$true}; Invoke-WebRequest https://example.com/a.zip -OutFile a.zip"),
            Example("FROM mcr.microsoft.com/powershell:lts-debian-12\n↓RUN pwsh -Command \"Invoke-WebRequest https://example.com/a.zip -SkipCertificateCheck -OutFile a.zip\""),
        ],
        nonTriggering: [
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12; Invoke-WebRequest https://example.com/a.zip -OutFile a.zip"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        PowerShellText.runs(ctx).compactMap { ins, ps in
            let how: String
            if ps.has("-skipcertificatecheck") { how = "-SkipCertificateCheck" }
            else if ps.contains("servercertificatevalidationcallback"), ps.contains("$true") { how = "a certificate validation callback that accepts everything" }
            else if ps.has("curl.exe"), ps.has("-k") || ps.has("--insecure") { how = "curl.exe -k" }
            else { return nil }
            return ctx.finding(Self.description, ins, "RUN turns certificate checks off (\(how)): any server can answer for the download.", evidence: "tls off \(how)")
        }
    }
}
