import BulkheadCore
import BulkheadModel

struct PowerShellDownloadExecute: Rule {
    static let description = RuleDescription(
        id: "DF086", title: "PowerShell runs what it downloads without checking it", severity: .medium, controls: [.supplyChain], cis: ["4.11"],
        rationale: """
        iex (Invoke-Expression) of a downloaded string, Invoke-WebRequest … | iex, and Start-Process of an installer \
        fetched in the same step are the curl | sh of Windows images: whatever the server (or anyone on the way) \
        serves runs with the build's rights, unverified and unrecorded. -ExecutionPolicy Bypass is what lets it run.
        """,
        remediation: "Download to a file, check it with Get-FileHash against a pinned SHA-256 (or Get-AuthenticodeSignature), then run it; better, install a pinned package.",
        triggering: [
            Example("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n↓RUN iex ((New-Object System.Net.WebClient).DownloadString('https://chocolatey.org/install.ps1'))"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n↓RUN Invoke-WebRequest -UseBasicParsing https://example.com/setup.ps1 | Invoke-Expression"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\n↓RUN Invoke-WebRequest https://example.com/app.msi -OutFile app.msi; Start-Process msiexec -ArgumentList '/i app.msi /qn' -Wait"),
            Example("FROM mcr.microsoft.com/powershell:lts-debian-12\n↓RUN pwsh -Command \"irm https://example.com/i.ps1 | iex\""),
        ],
        nonTriggering: [
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Invoke-WebRequest https://example.com/app.msi -OutFile app.msi; if ((Get-FileHash app.msi -Algorithm SHA256).Hash -ne 'ABC123') { exit 1 }; Start-Process msiexec -ArgumentList '/i app.msi /qn' -Wait"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN $index = Get-Content C:\\app\\index.txt; Write-Host $index"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Invoke-WebRequest https://example.com/data.zip -OutFile data.zip; Expand-Archive data.zip C:\\data"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        PowerShellText.runs(ctx).compactMap { ins, ps in
            guard ps.downloads, !ps.verifies else { return nil }
            let executes = ps.has("iex") || ps.has("invoke-expression")
            let installs = ps.has("start-process") || ps.has("msiexec") || ps.has("msiexec.exe") || ps.contains(".exe'") && ps.contains("& ")
            guard executes || installs else { return nil }
            let bypass = ps.contains("executionpolicy bypass") || ps.contains("executionpolicy unrestricted") ? " (with the execution policy bypassed)" : ""
            return ctx.finding(Self.description, ins, executes ? "RUN executes a downloaded script with Invoke-Expression\(bypass), unverified." : "RUN starts an installer it downloaded, without checking its hash\(bypass).",
                               evidence: executes ? "iex download" : "install download")
        }
    }
}
