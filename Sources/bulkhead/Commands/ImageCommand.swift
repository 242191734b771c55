import ArgumentParser
import Audit
import BulkheadCore
import ImageFormats
import Reporters

struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Audit container images: user, secrets (also in deleted files), setuid files, tools, age and end of life.",
        discussion: """
          A source is chosen by its prefix, or by its form when it has none:
            docker-archive:FILE  a `docker save` tarball (- is standard input)
            oci:DIR[:REF]        an OCI image layout directory
            oci-archive:FILE     an OCI image layout as a tar
            docker:REF           the local engine, found as docker finds it:
                                 DOCKER_HOST, else the current context,
                                 else /var/run/docker.sock, else the
                                 rootless $XDG_RUNTIME_DIR/docker.sock
            registry:REF         a registry over HTTPS; credentials from
                                 ~/.docker/config.json, else anonymous
            FILE or DIR          an archive or a layout that exists;
                                 any other word is a registry reference
          Layers are streamed, never extracted, and every digest is checked.
          Installed packages (dpkg, apk, Python, npm, Java, Ruby) are matched
          against the advisory database (see bulkhead db; --db FILE);
          --vex FILE honours VEX not_affected statements.
          Dockerfile rules about build steps (curl | sh, TLS checks off,
          secrets in build args) also run on the image history (history[N]).

          docker save app:1.4 -o app.tar
          bulkhead image docker-archive:app.tar
          docker save app:1.4 | bulkhead image --format json docker-archive:-
          bulkhead image --platform linux/arm64 oci:./layout
          bulkhead image docker:nginx:1.27
          bulkhead image registry.example.com/team/app:1.4
          bulkhead image --insecure-registry 127.0.0.1:5000 127.0.0.1:5000/app:1
        """)
    @Argument(help: ArgumentHelp("Image sources (see above).", valueName: "SOURCE"))
    var sources: [String]
    @Option(help: ArgumentHelp("Pick one image of an archive that holds several (a repo tag such as app:1.4, or an OCI ref name).", valueName: "TAG"))
    var tag: String?
    @Option(help: ArgumentHelp("Platform to pick from a multi-platform index (os/arch[/variant]; default: this machine's).", valueName: "PLATFORM"))
    var platform: String?
    @Option(name: .customLong("insecure-registry"), help: ArgumentHelp("Speak plain HTTP to this registry (host[:port]; repeatable), as dockerd's option of that name.", valueName: "HOST"))
    var insecureRegistries: [String] = []
    @OptionGroup var vulnerabilities: VulnerabilityOptions
    @OptionGroup var common: CommonOptions
    @OptionGroup var rules: ProfileOption

    var withProfile: CommonOptions { var c = common; c.profile = rules.profile; return c }

    func validate() throws {
        if let p = platform, p.split(separator: "/").count < 2 { throw ValidationError("--platform is os/arch, such as linux/amd64 or linux/arm64/v8") }
        if sources.filter({ $0 == "-" || $0.hasSuffix(":-") }).count > 1 { throw ValidationError("standard input can be read once") }
    }

    func run() async throws {
        let selection = ImageSelection(tag: tag, platform: platform, insecureRegistries: Set(insecureRegistries))
        try withProfile.runAudit(vulnerabilities: vulnerabilities) { auditor in
            Report.combining(sources.map { auditor.audit(auditor.readers.image($0, selection: selection)) })
        }
    }
}
