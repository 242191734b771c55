import ArgumentParser
import BulkheadModel
import Foundation
import Reporters
import SystemIO

/// The composition root: the one place the real edges (files, environment, clock) are made. Every
/// command reaches the world through this value.
let systemIO = IO.system()

@main
struct Bulkhead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulkhead",
        abstract: "Audit Dockerfiles and how containers are run (compose files, docker run lines, docker inspect output).",
        discussion: """
        Every finding names a security control (user.root, supply-chain, secrets.image, …), a severity and \
        the fix. Run `bulkhead rules` for the catalogue and `bulkhead explain DF001` for one rule.

        EXIT CODES
          0  nothing at or above the --fail-on threshold (default: high)
          1  at least one finding at or above the threshold
          2  usage error, or an input that could not be read or parsed

        CONFIGURATION
          .bulkhead.yml is looked up from each audited file's directory upward (or given with --config):
          profile, fail-on, disable, severity overrides, trusted-registries, allowed-secret-names,
          require-digest, exclude, and scoped ignores with a reason and an expiry date.

        SUPPRESSION
          # bulkhead ignore=DF012,DF020 -- reason       (the next instruction)
          # bulkhead stage ignore=DF001 -- reason       (before a FROM: that stage)
          # bulkhead global ignore=DF050 -- reason      (the whole file)
          The same comments work in Compose files and shell scripts (on the line before, or at the end of it).
          Rule ids or other tools' aliases (DL3008, DS-0002, CKV_DOCKER_3) work everywhere ids are asked for;
          an id bulkhead does not know is a warning. hadolint pragmas and BuildKit `# check=skip=` are honoured.
          --baseline FILE hides findings recorded with --write-baseline FILE.
        """,
        version: bulkheadVersion,
        subcommands: [DockerfileCommand.self, ComposeCommand.self, RunCommand.self, InspectCommand.self, ScanCommand.self,
                      RulesCommand.self, ExplainCommand.self])

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand { try await async.run() } else { try command.run() }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if let e = error as? ExitCode { Foundation.exit(e.rawValue) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
