import ArgumentParser
import BulkheadModel
import Foundation
import Reporters
import SystemIO

/// The composition root: the one place the real edges (files, environment, clock) are made. Every
/// command reaches the world through this value.
let systemIO = IO.system()

@main
struct Bulkhead: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulkhead",
        abstract: "Audit Dockerfiles and how containers are run (compose files, docker run lines, docker inspect output).",
        discussion: """
        Every finding names a security control (user.root, supply-chain, …), a
        severity and the fix. `bulkhead rules` lists the rules, `bulkhead explain
        DF001` explains one; docs/rules.md is the full reference.

        EXIT CODES
          0  nothing at or above the --fail-on threshold (default: high)
          1  at least one finding at or above the threshold
          2  usage error, or an input that could not be read or parsed

        CONFIGURATION
          .bulkhead.yml is looked up from each audited file's directory upward
          (or given with --config): profile, fail-on, disable, severity
          overrides, trusted-registries, allowed-secret-names, require-digest,
          exclude, and scoped ignores with a reason and an expiry date.

        SUPPRESSION
          # bulkhead ignore=DF012,DF020 -- reason   (the next instruction)
          # bulkhead stage ignore=DF001 -- reason   (before a FROM: that stage)
          # bulkhead global ignore=DF050 -- reason  (the whole file)
          In Compose files and scripts: on the line before, or at its end.
          --baseline FILE hides findings recorded with --write-baseline FILE.

        RULE IDS
          Wherever an id is asked for, another tool's alias works too (DL3008,
          DS-0002, CKV_DOCKER_3). An id bulkhead does not know is an error in
          the configuration and a warning in a pragma. hadolint pragmas and
          BuildKit's `# check=skip=` are honoured.
        """,
        version: bulkheadVersion,
        subcommands: [DockerfileCommand.self, ComposeCommand.self, RunCommand.self, InspectCommand.self, ImageCommand.self, HostCommand.self, ScanCommand.self,
                      RulesCommand.self, ExplainCommand.self, SbomCommand.self, DatabaseCommand.self])

    /// Every subcommand is an AsyncParsableCommand; it runs on this thread (MainThreadExecutor).
    static func main() {
        do {
            var command = try parseAsRoot()
            if let async = command as? AsyncParsableCommand {
                nonisolated(unsafe) var c = async
                try MainThreadExecutor.run { try await c.run() }
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help and --version print their text; a finished audit (ExitCode 0) adds nothing
                let message = fullMessage(for: error)
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if let e = error as? ExitCode { Foundation.exit(e.rawValue) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
