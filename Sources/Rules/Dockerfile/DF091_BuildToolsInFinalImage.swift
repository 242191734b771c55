import BulkheadCore
import BulkheadModel

struct BuildToolsInFinalImage: Rule {
    static let description = RuleDescription(
        id: "DF091", title: "Compilers or build tools installed in the final image", severity: .low, controls: [.imageMinimal], cis: ["4.3"],
        rationale: """
        Compilers, make, git and -dev header packages are needed to build, not to run; left in the final image they \
        add hundreds of megabytes, vulnerability reports, and the means to build exploits on the spot. Installing \
        them for one step and removing them in the same RUN (apk add --virtual .build-deps … && apk del .build-deps, \
        apt-get purge) is fine; a removal in a later RUN is not, the layer still holds them.
        """,
        remediation: "Build in a separate stage and copy the result; or install, build and remove the tools in one RUN (apk --virtual + apk del, apt-get purge --auto-remove).",
        triggering: [
            Example("FROM rockylinux:9\n↓RUN yum install -y gcc-11.4.1 make-4.3 && yum clean all\nUSER 1000"),
            Example("FROM debian:12-slim\n↓RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*"),
            Example("FROM alpine:3.20\n↓RUN apk add --no-cache gcc musl-dev git"),
        ],
        nonTriggering: [
            Example("FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install uwsgi && apk del .build-deps"),
            Example("FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && make && apt-get purge -y --auto-remove gcc libc6-dev"),
            Example("FROM debian:12 AS build\nRUN apt-get install -y build-essential\nFROM debian:12-slim\nCOPY --from=build /app /app"),
            Example("FROM debian:12-slim\nRUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get update; apt-get install -y gcc make; make install; apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove"),
            Example("FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends libpq5 ca-certificates"),
        ])

    static let tools: Set<String> = ["build-essential", "gcc", "g++", "clang", "make", "cmake", "autoconf", "automake", "libtool", "git",
                                     "golang", "golang-go", "rustc", "cargo", "maven", "gradle", "gcc-c++", "musl-dev", "linux-headers",
                                     "alpine-sdk", "build-base", "devtoolset", "ninja-build", "meson"]

    static let toolInitials = Initials(tools.union(["gcc-"]))

    static func isTool(_ name: String) -> Bool {
        // -dev and -devel by their last byte first, the list only for names with one of its first letters
        // (asked of every package of every install)
        let u = name.utf8
        if let last = u.last, last == UInt8(ascii: "v") || last == UInt8(ascii: "l"), name.hasSuffix("-dev") || name.hasSuffix("-devel") { return true }
        guard toolInitials.has(name) else { return false }
        return tools.contains(name) || name.hasPrefix("gcc-") && name.dropFirst(4).allSatisfy(\.isNumber)
    }

    /// An rpm package named with its version (`yum install gcc-11.4.1 make-4.3-7.el9`): the name before the
    /// first `-` that a digit follows.
    static func rpmName(_ spec: String) -> String {
        var prev: Character? = nil
        for i in spec.indices {
            if prev == "-", spec[i].isNumber { return String(spec[..<spec.index(before: i)]) }
            prev = spec[i]
        }
        return spec
    }

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        // the commands that install named packages, a RUN at a time (a RUN without one is not looked at)
        // (the lists held once here, not fetched from the context at each step of the walk)
        let installs = ctx.packageInstalls, commands = ctx.runCommands, runs = ctx.shellRuns, finalStages = ctx.finalImageStages
        var k = 0
        while k < installs.count {
            // the RUN's installs, by place and manager alone (no command is fetched for a RUN that is passed by)
            let run = commands.run(at: installs.place(at: k))
            var end = k + 1
            while end < installs.count && commands.run(at: installs.place(at: end)) == run { end += 1 }
            let range = k..<end
            k = end
            guard range.contains(where: { installs.manager(at: $0).isOS }) else { continue }
            let (ins, s) = runs[run]
            guard DockerfileContext.inFinalImage(ins, finalStages) else { continue }
            let group = installs[range]
            // the build tools each command installs (most RUNs install none, and the rest of the RUN is not looked at)
            var candidates: [(install: PackageInstall, names: [String])] = []
            for install in group where install.manager.isOS {
                let pm = install.manager
                let rpm = pm == .yum || pm == .dnf || pm == .microdnf || pm == .tdnf || pm == .zypper
                var names: [String] = []
                for w in install.eachPackage {
                    let n = rpm ? Self.rpmName(ToolPackages.base(w.text)) : ToolPackages.base(w.text)
                    if Self.isTool(n) { names.append(n) }
                }
                if !names.isEmpty { candidates.append((install, names)) }
            }
            guard !candidates.isEmpty else { continue }
            // what the same RUN removes again: packages by name, and apk --virtual groups deleted with apk del
            var removed = Set<String>()
            for c in s.commands {
                guard let pm = PackageManager.of(c), pm.isOS, let sub = pm.subcommand(c) else { continue }
                switch sub {
                case "purge", "remove", "del", "erase", "autoremove", "rm":
                    for w in c.args where !w.text.hasPrefix("-") && w.text != sub { removed.insert(ToolPackages.base(w.text)) }
                default: break
                }
            }
            // docker-library's pattern: mark everything auto (apt-mark auto '.*'), re-mark what was manual before,
            // then purge --auto-remove: whatever this RUN installed goes again
            let markedAuto = s.commands.contains { $0.name == "apt-mark" && $0.args.first?.text == "auto" }
            if markedAuto && s.commands.contains(where: { c in (c.name == "apt-get" || c.name == "apt") && (c.has("--auto-remove") || c.args.contains { $0.text == "autoremove" }) }) { continue }
            for (install, found) in candidates {
                let pm = install.manager
                let c = install.command
                if pm == .apk, let i = c.args.firstIndex(where: { $0.text == "--virtual" || $0.text == "-t" }), i + 1 < c.args.count,
                   removed.contains(ToolPackages.base(c.args[i + 1].text)) { continue }
                let names = found.filter { !removed.contains($0) }
                guard !names.isEmpty else { continue }
                out.append(ctx.finding(Self.description, ins, command: c, "\(c.name) installs \(names.prefix(6).joined(separator: ", "))\(names.count > 6 ? ", …" : "") into the final image; they are for building, not running.",
                                       evidence: "build tools \(names.joined(separator: ","))"))
            }
        }
        return out
    }
}
