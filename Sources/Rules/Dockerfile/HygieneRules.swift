import BulkheadCore
import BulkheadModel

struct AddInsteadOfCopy: Rule {
    static let description = RuleDescription(
        id: "DF060", title: "ADD used where COPY would do", severity: .low, controls: [.buildHygiene], cis: ["4.9"],
        aliases: ["DL3020", "DS-0005", "CKV_DOCKER_4", "CIS-DI-0009"],
        rationale: """
        ADD silently unpacks local archives and fetches URLs; for plain files it does the same as COPY but hides \
        those side effects from reviewers. Archives and git/URL sources are ADD's real job and are not reported here \
        (URLs without a checksum are DF031's).
        """,
        remediation: "Use COPY for local files and directories.",
        triggering: [Example("FROM debian:12\n↓ADD app.py /app/"), Example("FROM debian:12\n↓ADD --chown=app:app src/ /src/")],
        nonTriggering: [
            Example("FROM debian:12\nADD rootfs.tar.xz /"),
            Example("FROM debian:12\nADD https://example.com/x.tgz /tmp/"),
            Example("FROM debian:12\nCOPY app.py /app/"),
            Example("FROM debian:12\nADD git@github.com:acme/app.git /src"),
        ])

    static let archiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma", ".tlz", ".gz", ".bz2", ".xz", ".zst"]

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.allInstructions.compactMap { ins in
            guard ins.keyword == "ADD", ins.heredocs.isEmpty else { return nil }
            let srcs = ins.words.dropLast()
            guard !srcs.isEmpty else { return nil }
            let special = srcs.contains { s in
                let l = s.lowercased()
                return l.contains("://") || l.hasPrefix("git@") || l.contains("$") || Self.archiveSuffixes.contains { l.hasSuffix($0) } || l.contains("*")
            }
            return special ? nil : ctx.finding(Self.description, ins, "ADD copies plain files (\(srcs.joined(separator: " "))); COPY says so without ADD's unpacking and download behaviour.", evidence: "ADD \(srcs.joined(separator: " "))")
        }
    }
}

struct CdInRun: Rule {
    static let description = RuleDescription(
        id: "DF061", title: "cd in RUN instead of WORKDIR", severity: .info, controls: [.buildHygiene],
        aliases: ["DL3003", "DS-0013"],
        rationale: """
        A RUN that starts by changing directory hides the working directory from the next instructions and from \
        readers; WORKDIR states it once and creates it if needed. A cd inside a subshell or later in a chain to build \
        something in a temporary directory is normal shell and is not reported.
        """,
        remediation: "Use WORKDIR /path before the RUN.",
        triggering: [Example("FROM debian:12\n↓RUN cd /app && make")],
        nonTriggering: [
            Example("FROM debian:12\nWORKDIR /app\nRUN make"),
            Example("FROM debian:12\nRUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz && (cd /tmp && tar xzf x.tgz)"),
            Example("FROM debian:12\nRUN git clone https://example.com/x.git /tmp/x && cd /tmp/x && make install && cd / && rm -rf /tmp/x"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.shellRuns.compactMap { ins, s in
            guard let first = s.commands.first, first.name == "cd", first.depth == 0, !first.inSubstitution, s.commands.count > 1 else { return nil }
            return ctx.finding(Self.description, ins, command: first, "RUN starts with cd \(first.argStrings.first ?? ""); use WORKDIR instead.", evidence: "cd")
        }
    }
}

struct RelativeWorkdir: Rule {
    static let description = RuleDescription(
        id: "DF062", title: "WORKDIR is a relative path", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3000", "DS-0009", "CKV_DOCKER_10", "WorkdirRelativePath"],
        rationale: "A relative WORKDIR depends on the previous WORKDIR, including one set by the base image you do not control, so the files land somewhere else when the base changes.",
        remediation: "Use an absolute path: WORKDIR /app.",
        triggering: [Example("FROM debian:12\n↓WORKDIR app")],
        nonTriggering: [
            Example("FROM debian:12\nWORKDIR /app"),
            Example("FROM debian:12\nENV APP=/srv/app\nWORKDIR $APP"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app"),
            Example("FROM debian:12\nWORKDIR /app\nWORKDIR src"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        var hasAbsolute = Set<Int>()
        for ins in ctx.file.instructions where ins.keyword == "WORKDIR" {
            let p = ins.words.first ?? ""
            let stage = ins.stageIndex ?? -1
            let absolute = p.hasPrefix("/") || p.hasPrefix("$") || p.hasPrefix("\\") || (p.count >= 2 && p.dropFirst().first == ":")
            if absolute { hasAbsolute.insert(stage); continue }
            if hasAbsolute.contains(stage) || p.isEmpty { continue }
            out.append(ctx.finding(Self.description, ins, "WORKDIR \(p) is relative to whatever the base image set.", evidence: "WORKDIR \(p)"))
        }
        return out
    }
}

struct WorkdirInSystemPath: Rule {
    static let description = RuleDescription(
        id: "DF063", title: "WORKDIR in a kernel or system directory", severity: .medium, controls: [.buildHygiene, .runtimeHostMounts],
        aliases: ["DS-0030"],
        rationale: "/proc, /sys, /dev, /boot and /lost+found are kernel-provided or special at runtime: files written there during the build vanish or shadow kernel interfaces, and tools run there behave unexpectedly.",
        remediation: "Use a dedicated application directory such as /app or /srv/app.",
        triggering: [Example("FROM debian:12\n↓WORKDIR /proc/app"), Example("FROM debian:12\n↓WORKDIR /dev")],
        nonTriggering: [Example("FROM debian:12\nWORKDIR /srv/proc"), Example("FROM debian:12\nWORKDIR /devel")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "WORKDIR", let p = ins.words.first else { return nil }
            let hit = ["/proc", "/sys", "/dev", "/boot", "/lost+found", "/initrd"].first { p == $0 || p.hasPrefix($0 + "/") }
            return hit.map { ctx.finding(Self.description, ins, "WORKDIR \(p) is inside \($0), which the kernel or runtime owns.", evidence: "WORKDIR \(p)") }
        }
    }
}

struct MaintainerDeprecated: Rule {
    static let description = RuleDescription(
        id: "DF064", title: "MAINTAINER is deprecated", severity: .info, controls: [.buildHygiene],
        aliases: ["DL4000", "DS-0022", "CKV_DOCKER_6", "MaintainerDeprecated"],
        rationale: "MAINTAINER has been deprecated since Docker 1.13; labels are the supported way to record authorship and are visible to tooling (OCI annotations).",
        remediation: "LABEL org.opencontainers.image.authors=\"team@example.com\"",
        triggering: [Example("FROM debian:12\n↓MAINTAINER Jane <jane@example.com>")],
        nonTriggering: [Example("FROM debian:12\nLABEL org.opencontainers.image.authors=\"jane@example.com\"")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.filter { $0.keyword == "MAINTAINER" }.map {
            ctx.finding(Self.description, $0, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors.", evidence: "MAINTAINER")
        }
    }
}

struct RepeatedInstruction: Rule {
    static let description = RuleDescription(
        id: "DF065", title: "Several CMD, ENTRYPOINT or HEALTHCHECK in one stage", severity: .low, controls: [.buildHygiene],
        aliases: ["DL4003", "DL4004", "DL3012", "DS-0007", "DS-0016", "DS-0023", "MultipleInstructionsDisallowed"],
        rationale: "Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect; earlier ones are dead code that misleads reviewers about what the container runs.",
        remediation: "Keep one of each per stage and delete the others.",
        triggering: [Example("FROM debian:12\nCMD [\"a\"]\n↓CMD [\"b\"]"), Example("FROM debian:12\nENTRYPOINT [\"a\"]\n↓ENTRYPOINT [\"b\"]")],
        nonTriggering: [
            Example("FROM debian:12 AS a\nCMD [\"a\"]\nFROM debian:12\nCMD [\"b\"]"),
            Example("FROM debian:12\nENTRYPOINT [\"app\"]\nCMD [\"--help\"]"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for s in ctx.file.stages {
            var seen: [String: Int] = [:]
            for ins in ctx.file.instructions(in: s) where ["CMD", "ENTRYPOINT", "HEALTHCHECK"].contains(ins.keyword) {
                if let first = seen[ins.keyword] {
                    out.append(ctx.finding(Self.description, ins, "A second \(ins.keyword) in stage '\(s.displayName)' overrides the one on line \(first).", evidence: "\(ins.keyword) repeated"))
                } else { seen[ins.keyword] = ins.line }
            }
        }
        return out
    }
}

struct ShellFormEntrypoint: Rule {
    static let description = RuleDescription(
        id: "DF066", title: "CMD or ENTRYPOINT in shell form", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3025", "JSONArgsRecommended"],
        rationale: """
        In shell form the container's PID 1 is /bin/sh, which does not forward SIGTERM: docker stop waits its \
        timeout and then kills the process, so it never shuts down cleanly. Shell form also requires a shell in the \
        image, which distroless images do not have.
        """,
        remediation: "Use the JSON form: CMD [\"gunicorn\", \"app:app\"]. If you need shell features, use a script with exec \"$@\".",
        triggering: [
            Example("FROM python:3.12\n↓CMD gunicorn app:app"),
            Example("FROM python:3.12\n↓ENTRYPOINT python -m app"),
            Example("FROM python:3.12\nENTRYPOINT [\"app\"]\n↓CMD --help"),
        ],
        nonTriggering: [
            Example("FROM python:3.12\nCMD [\"gunicorn\", \"app:app\"]"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD powershell -File run.ps1"),
            Example("FROM python:3.12\nENTRYPOINT [\"app\"]\nCMD [\"--help\"]"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "CMD" || ins.keyword == "ENTRYPOINT", ins.execForm == nil, ins.posixShell,
                  !ins.args.trimmingSpaces.isEmpty, let stage = ctx.stage(of: ins), !stage.windows else { return nil }
            // With an exec-form ENTRYPOINT, a shell-form CMD becomes its arguments: app /bin/sh -c "…"
            if ins.keyword == "CMD", ctx.file.lineage(of: stage).contains(where: { s in ctx.file.instructions(in: s).contains { $0.keyword == "ENTRYPOINT" && $0.execForm != nil } }) {
                return ctx.finding(Self.description, ins, "CMD in shell form is handed to the exec-form ENTRYPOINT as the arguments '/bin/sh -c \(ins.args.trimmingSpaces)'; write it in JSON form.", evidence: "CMD shell form after ENTRYPOINT")
            }
            return ctx.finding(Self.description, ins, "\(ins.keyword) in shell form runs under /bin/sh -c, which does not pass signals to the process.", evidence: "\(ins.keyword) shell form")
        }
    }
}

struct CopyFromProblems: Rule {
    static let description = RuleDescription(
        id: "DF067", title: "COPY --from names an unknown stage or its own stage", severity: .medium, controls: [.buildHygiene, .imagePinning],
        aliases: ["DL3022", "DL3023", "DS-0006"],
        rationale: """
        COPY --from=<name> that matches no earlier stage is treated as an image reference and pulled from a registry, \
        usually docker.io/library/<name>:latest: a typo silently copies files out of someone else's image. Naming the \
        stage itself is a circular reference that fails the build.
        """,
        remediation: "Define the stage before the COPY (FROM … AS <name>), or write a full, pinned image reference (--from=docker.io/library/nginx:1.27).",
        triggering: [
            Example("FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\n↓COPY --from=biuld /app /app"),
            Example("FROM alpine:3.20 AS final\n↓COPY --from=final /a /b"),
            Example("FROM alpine:3.20\n↓COPY --from=3 /a /b"),
        ],
        nonTriggering: [
            Example("FROM golang:1.23 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app"),
            Example("FROM golang:1.23\nFROM alpine:3.20\nCOPY --from=0 /app /app"),
            Example("FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/"),
            Example("FROM alpine:3.20\nCOPY --from=ghcr.io/acme/tools:1.0 /bin/tool /bin/"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for ins in ctx.file.instructions where ins.keyword == "COPY" {
            guard let from = ins.flag("from")?.value, !from.isEmpty, !from.contains("$"), let si = ins.stageIndex else { continue }
            let me = ctx.file.stages[si]
            if let n = Int(from) {
                if n >= si { out.append(ctx.finding(Self.description, ins, "COPY --from=\(n) names stage \(n), which is not defined before this one.", evidence: "--from=\(from)")) }
                continue
            }
            let lower = from.lowercased()
            if me.name == lower {
                out.append(ctx.finding(Self.description, ins, "COPY --from=\(from) names the stage it is in.", evidence: "--from=\(from) self")); continue
            }
            if ctx.file.stages.prefix(si).contains(where: { $0.name == lower }) { continue }
            if lower.contains(":") || lower.contains("/") || lower.contains("@") || lower.contains(".") { continue }
            if ctx.file.stages.contains(where: { $0.name == lower }) {
                out.append(ctx.finding(Self.description, ins, "COPY --from=\(from) names a stage that is only defined later; Docker pulls an image called '\(from)' instead.", evidence: "--from=\(from)"))
            } else {
                out.append(ctx.finding(Self.description, ins, severity: .low, "COPY --from=\(from) matches no stage: unless the build passes --build-context \(from)=…, Docker pulls the image '\(from):latest' from a registry.", evidence: "--from=\(from)"))
            }
        }
        return out
    }
}

struct DuplicateStageName: Rule {
    static let description = RuleDescription(
        id: "DF069", title: "Duplicate stage name", severity: .medium, controls: [.buildHygiene],
        aliases: ["DL3024", "DS-0012", "CKV_DOCKER_11", "DuplicateStageName"],
        rationale: "Two stages with the same name make COPY --from and FROM <stage> ambiguous; Docker refuses the file or silently picks one.",
        remediation: "Give every stage a unique name.",
        triggering: [Example("FROM debian:12 AS build\nFROM debian:12 AS test\n↓FROM debian:12 AS build")],
        nonTriggering: [Example("FROM debian:12 AS build\nFROM debian:12 AS final")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var seen = Set<String>()
        return ctx.file.stages.compactMap { s in
            guard let n = s.name else { return nil }
            if seen.insert(n).inserted { return nil }
            return ctx.fromFinding(Self.description, s, "Stage name '\(n)' is used twice.")
        }
    }
}

struct InvalidExpose: Rule {
    static let description = RuleDescription(
        id: "DF070", title: "EXPOSE with an invalid port", severity: .low, controls: [.buildHygiene, .networkExposure],
        aliases: ["DL3011", "DS-0008", "ExposeInvalidFormat", "ExposeProtoCasing"],
        rationale: "EXPOSE takes container ports 0–65535 with an optional /tcp, /udp or /sctp. A host mapping (80:80) or an out-of-range port documents something that will never happen, and host publishing belongs to the run configuration.",
        remediation: "EXPOSE 8080/tcp; publish host ports with docker run -p or compose ports.",
        triggering: [Example("FROM debian:12\n↓EXPOSE 80000"), Example("FROM debian:12\n↓EXPOSE 8080:80"), Example("FROM debian:12\n↓EXPOSE 53/icmp")],
        nonTriggering: [Example("FROM debian:12\nEXPOSE 80 443/tcp 53/udp 8000-8010"), Example("FROM debian:12\nEXPOSE $PORT")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for ins in ctx.file.instructions where ins.keyword == "EXPOSE" {
            for w in ins.words where !w.contains("$") {
                let parts = w.split(separator: "/", maxSplits: 1)
                let proto = parts.count > 1 ? String(parts[1]).lowercased() : "tcp"
                let range = parts.first.map { $0.split(separator: "-", omittingEmptySubsequences: false) } ?? []
                let ok = ["tcp", "udp", "sctp"].contains(proto) && !range.isEmpty && range.count <= 2
                    && range.allSatisfy { Int($0).map { (0...65535).contains($0) } ?? false }
                if !ok { out.append(ctx.finding(Self.description, ins, "EXPOSE \(w) is not a valid container port.", evidence: "EXPOSE \(w)")) }
            }
        }
        return out
    }
}

struct AptInsteadOfAptGet: Rule {
    static let description = RuleDescription(
        id: "DF071", title: "apt used instead of apt-get", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3027", "CKV_DOCKER_9"],
        rationale: "apt is meant for people: its output and behaviour may change between releases and it warns that it has no stable CLI. Scripts should use apt-get and apt-cache.",
        remediation: "Use apt-get install / apt-get update.",
        triggering: [Example("FROM debian:12\n↓RUN apt install -y --no-install-recommends curl")],
        nonTriggering: [Example("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl"), Example("FROM debian:12\nRUN echo apt is fine > /x")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands.compactMap { ins, c in
            c.name == "apt" ? ctx.finding(Self.description, ins, command: c, "RUN uses apt, whose command line is not stable for scripts; use apt-get.", evidence: "apt") : nil
        }
    }
}

struct PipeWithoutPipefail: Rule {
    static let description = RuleDescription(
        id: "DF072", title: "Pipe without pipefail", severity: .low, controls: [.buildHygiene],
        aliases: ["DL4006"],
        rationale: """
        A POSIX shell reports only the last command of a pipeline, so in curl … | tar x a failed download still \
        'succeeds' and the build continues with a broken or empty layer. Only RUNs under a POSIX shell are checked, \
        and set -o pipefail in the RUN or SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] counts.
        """,
        remediation: "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before the RUN (or set -o pipefail && … in it; ash and bash support it).",
        triggering: [Example("FROM debian:12\n↓RUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt")],
        nonTriggering: [
            Example("FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt"),
            Example("FROM alpine:3.20\nRUN set -eo pipefail && wget -qO- https://example.com/x.tgz | tar -xz"),
            Example("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Content a | Out-File b"),
            Example("FROM debian:12\nRUN echo a | tee /b"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        var out: [Finding] = []
        for (ins, s) in ctx.shellRuns {
            guard let stage = ctx.stage(of: ins), !stage.windows else { continue }
            if stage.shell.contains("pipefail") || stage.shell.joined(separator: " ").contains("-o pipefail") { continue }
            if ins.execForm != nil { continue }
            let setsPipefail = s.commands.contains { c in c.name == "set" && c.argStrings.contains("pipefail") }
            if setsPipefail { continue }
            // a pipe whose left side can fail: skip trivial producers such as echo/printf/cat of a literal
            guard let p = s.commands.first(where: { c in
                c.pipelinePosition > 0 && !s.commands.contains { $0.pipeline == c.pipeline && $0.pipelinePosition == 0 && ["echo", "printf", "yes", "true"].contains($0.name) }
            }) else { continue }
            out.append(ctx.finding(Self.description, ins, command: p, "RUN has a pipe into \(p.name) but no pipefail, so a failure on the left of the pipe is ignored.", evidence: "pipe without pipefail"))
        }
        return out
    }
}

struct SensitiveVolume: Rule {
    static let description = RuleDescription(
        id: "DF073", title: "VOLUME over a kernel path or the engine socket", severity: .medium, controls: [.runtimeHostMounts],
        aliases: ["DKL-DI-0002"],
        rationale: """
        VOLUME /proc, /sys or /dev declares a volume over kernel interfaces, and VOLUME /var/run/docker.sock invites \
        operators to mount the engine socket, which hands over the host. Such images usually expect to be run with \
        host paths bound in.
        """,
        remediation: "Remove the VOLUME; declare volumes only for application data directories.",
        triggering: [Example("FROM debian:12\n↓VOLUME /var/run/docker.sock"), Example("FROM debian:12\n↓VOLUME [\"/data\", \"/sys\"]")],
        nonTriggering: [Example("FROM debian:12\nVOLUME /data"), Example("FROM debian:12\nVOLUME [\"/var/lib/app\"]")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "VOLUME" else { return nil }
            let bad = ins.words.filter { v in
                ["/proc", "/sys", "/dev", "/"].contains(v) || v.hasPrefix("/proc/") || v.hasPrefix("/sys/") || v.hasSuffix("docker.sock") || v.hasSuffix("containerd.sock") || v.hasSuffix("podman.sock")
            }
            return bad.isEmpty ? nil : ctx.finding(Self.description, ins, "VOLUME \(bad.joined(separator: " ")) covers a kernel path or an engine socket.", evidence: "VOLUME \(bad.joined(separator: " "))")
        }
    }
}

struct RunInsecureEntitlement: Rule {
    static let description = RuleDescription(
        id: "DF074", title: "RUN with --security=insecure or --network=host", severity: .medium, controls: [.runtimePrivileged, .runtimeNamespaces],
        rationale: """
        RUN --security=insecure runs the step as a privileged container (all capabilities, no seccomp or AppArmor) \
        and --network=host gives it the build host's network, including services bound to localhost. Both need an \
        entitlement on the builder, and a compromised dependency in that step gets the same access.
        """,
        remediation: "Remove the flag; if a step really needs it, isolate that build on a dedicated builder.",
        triggering: [Example("FROM debian:12\n↓RUN --security=insecure mount -t tmpfs none /mnt"), Example("FROM debian:12\n↓RUN --network=host curl -fsS http://127.0.0.1:8080/")],
        nonTriggering: [Example("FROM debian:12\nRUN --network=none make test"), Example("FROM debian:12\nRUN --security=sandbox true")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.allInstructions.compactMap { ins in
            guard ins.keyword == "RUN" else { return nil }
            if ins.flag("security")?.value == "insecure" { return ctx.finding(Self.description, ins, "RUN --security=insecure runs this step as a privileged container.", evidence: "--security=insecure") }
            if ins.flag("network")?.value == "host" { return ctx.finding(Self.description, ins, severity: .low, "RUN --network=host gives this step the build host's network.", evidence: "--network=host") }
            return nil
        }
    }
}

struct MissingAssumeYes: Rule {
    static let description = RuleDescription(
        id: "DF076", title: "Package install without a non-interactive -y", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3014", "DL3030", "DL3034", "DL3038", "DS-0021"],
        rationale: "Without -y the package manager asks for confirmation; with no terminal the build aborts or, with some configurations, hangs until it times out.",
        remediation: "apt-get install -y, yum/dnf install -y, zypper --non-interactive install.",
        triggering: [Example("FROM debian:12\n↓RUN apt-get install --no-install-recommends curl"), Example("FROM fedora:40\n↓RUN dnf install httpd && dnf clean all")],
        nonTriggering: [
            Example("FROM debian:12\nRUN apt-get install -qy --no-install-recommends curl"),
            Example("FROM debian:12\nRUN apt-get --assume-yes install curl"),
            Example("FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl"),
            Example("FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive apt-get -yq install curl"),
        ])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands.compactMap { ins, c in
            guard let pm = PackageManager.of(c), [.apt, .yum, .dnf, .zypper, .tdnf].contains(pm), pm.isInstall(c) else { return nil }
            if c.has("-y", "--yes", "--assume-yes", "-n", "--non-interactive", "--noconfirm", "--force-yes") { return nil }
            if c.argStrings.contains(where: { $0.hasPrefix("-q") && $0.contains("y") || $0.contains("Assume-Yes") }) { return nil }
            return ctx.finding(Self.description, ins, command: c, "\(c.name) install without -y waits for a confirmation that never comes.", evidence: "\(c.name) install no -y")
        }
    }
}

struct CopyMultiSourceDest: Rule {
    static let description = RuleDescription(
        id: "DF077", title: "COPY of several sources to a destination without a trailing /", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3021", "DS-0011"],
        rationale: "With more than one source the destination must be a directory written with a trailing slash; otherwise Docker rejects the build.",
        remediation: "End the destination with /: COPY a.txt b.txt /app/",
        triggering: [Example("FROM debian:12\n↓COPY a.txt b.txt /app")],
        nonTriggering: [Example("FROM debian:12\nCOPY a.txt b.txt /app/"), Example("FROM debian:12\nCOPY a.txt /app"), Example("FROM debian:12\nWORKDIR /app\nCOPY a b .")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "COPY" || ins.keyword == "ADD", ins.heredocs.isEmpty else { return nil }
            let w = ins.words
            guard w.count > 2, let d = w.last, !d.hasSuffix("/"), !d.hasSuffix("\\"), d != ".", d != "..", !d.contains("$") else { return nil }
            return ctx.finding(Self.description, ins, "\(ins.keyword) has \(w.count - 1) sources but the destination \(d) does not end with /.", evidence: "dest \(d)")
        }
    }
}

struct CopyWholeFilesystem: Rule {
    static let description = RuleDescription(
        id: "DF078", title: "Whole filesystem copied from another stage", severity: .low, controls: [.imageMinimal],
        aliases: ["DL3067"],
        rationale: "COPY --from=stage / / brings every file of the build stage, compilers and caches included, into the image, undoing the point of a multi-stage build.",
        remediation: "Copy only the artifacts the final stage needs: COPY --from=build /out/app /app",
        triggering: [Example("FROM debian:12 AS build\nRUN make\nFROM scratch\n↓COPY --from=build / /")],
        nonTriggering: [Example("FROM debian:12 AS build\nRUN make\nFROM scratch\nCOPY --from=build /out/app /app")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "COPY", ctx.inFinalImage(ins), let from = ins.flag("from")?.value, ins.words.dropLast().contains("/") else { return nil }
            // Only stages of this file built on a real base: a scratch stage holds just what was put in it,
            // and an external image copied whole is a deliberate tool image (e.g. tonistiigi/xx).
            guard let src = ctx.file.stages.first(where: { $0.name == from.lowercased() }) ?? Int(from).flatMap({ $0 < ctx.file.stages.count ? ctx.file.stages[$0] : nil }) else { return nil }
            let root = ctx.file.lineage(of: src).last ?? src
            if root.isScratch { return nil }
            return ctx.finding(Self.description, ins, "COPY --from=\(ins.flag("from")?.value ?? "") / copies the whole filesystem of that stage.", evidence: "COPY --from /")
        }
    }
}

struct EnvSelfReference: Rule {
    static let description = RuleDescription(
        id: "DF079", title: "ENV refers to a variable set in the same instruction", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3044"],
        rationale: "Within one ENV instruction, references see the values from before the instruction, so ENV A=1 B=$A sets B to the old A (often empty).",
        remediation: "Split into two ENV instructions.",
        triggering: [Example("FROM debian:12\n↓ENV APP_HOME=/app APP_BIN=$APP_HOME/bin")],
        nonTriggering: [Example("FROM debian:12\nENV APP_HOME=/app\nENV APP_BIN=$APP_HOME/bin"), Example("FROM debian:12\nENV PATH=/app/bin:$PATH")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "ENV" else { return nil }
            var defined: [String] = []
            for w in ShellWords.split(ins.rawArgs) {
                let kv = w.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2 else { return nil }
                let v = String(kv[1])
                for d in defined where v.contains("$" + d) && !v.contains("$" + d + "_") || v.contains("${" + d + "}") || v.contains("${" + d + ":") {
                    return ctx.finding(Self.description, ins, "ENV \(kv[0]) refers to $\(d), which is set in the same ENV and is not visible yet.", evidence: "ENV \(kv[0]) $\(d)")
                }
                defined.append(String(kv[0]))
            }
            return nil
        }
    }
}

struct ReservedStageName: Rule {
    static let description = RuleDescription(
        id: "DF080", title: "Stage named after a reserved word", severity: .low, controls: [.buildHygiene],
        aliases: ["DL3063", "ReservedStageName"],
        rationale: "'scratch' and 'context' have special meaning in FROM and --from; a stage with such a name is confusing or unreachable.",
        remediation: "Rename the stage.",
        triggering: [Example("↓FROM debian:12 AS scratch")],
        nonTriggering: [Example("FROM debian:12 AS base")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.stages.compactMap { s in
            guard let n = s.name, n == "scratch" || n == "context" else { return nil }
            return ctx.fromFinding(Self.description, s, "Stage name '\(n)' is reserved.")
        }
    }
}

struct DistUpgrade: Rule {
    static let description = RuleDescription(
        id: "DF081", title: "dist-upgrade in a Dockerfile", severity: .info, controls: [.buildHygiene],
        aliases: ["DL3035", "DS-0024", "DKL-DI-0003"],
        rationale: "dist-upgrade may move the image to a new distribution release, changing far more than security fixes; a newer base image tag is the controlled way to get there.",
        remediation: "Use a newer base image; apt-get upgrade (or nothing, with a fresh base) for security fixes.",
        triggering: [Example("FROM debian:12\n↓RUN apt-get update && apt-get dist-upgrade -y")],
        nonTriggering: [Example("FROM debian:12\nRUN apt-get update && apt-get upgrade -y")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands.compactMap { ins, c in
            guard let pm = PackageManager.of(c), pm.isOS, let sub = pm.subcommand(c), ["dist-upgrade", "full-upgrade", "dup"].contains(sub) else { return nil }
            return ctx.finding(Self.description, ins, command: c, "\(c.name) \(sub) can move the image to another release.", evidence: "\(c.name) \(sub)")
        }
    }
}

struct SymlinkShell: Rule {
    static let description = RuleDescription(
        id: "DF084", title: "Default shell replaced by a symlink", severity: .low, controls: [.buildHygiene],
        aliases: ["DL4005"],
        rationale: "Replacing /bin/sh with a symlink changes the shell of every script in the image, including the distribution's own maintainer scripts. SHELL changes it for the Dockerfile only.",
        remediation: "SHELL [\"/bin/bash\", \"-c\"]",
        triggering: [Example("FROM debian:12\n↓RUN ln -sf /bin/bash /bin/sh")],
        nonTriggering: [Example("FROM debian:12\nRUN ln -s /usr/bin/python3 /usr/bin/python")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.runCommands.compactMap { ins, c in
            guard c.name == "ln", c.positionals().last?.text == "/bin/sh" else { return nil }
            return ctx.finding(Self.description, ins, command: c, "RUN replaces /bin/sh with a symlink; use SHELL instead.", evidence: "ln /bin/sh")
        }
    }
}

struct RedundantPlatform: Rule {
    static let description = RuleDescription(
        id: "DF085", title: "FROM --platform with a constant or the default", severity: .info, controls: [.buildHygiene],
        aliases: ["DL3029", "DL3065", "FromPlatformFlagConstDisallowed", "RedundantTargetPlatform"],
        rationale: "A constant --platform forces emulation on other architectures and breaks multi-platform builds; --platform=$TARGETPLATFORM is the default and only adds noise. $BUILDPLATFORM for cross-compiling stages is the useful form.",
        remediation: "Remove --platform, or use --platform=$BUILDPLATFORM in build stages that cross-compile.",
        triggering: [Example("↓FROM --platform=linux/amd64 debian:12"), Example("↓FROM --platform=$TARGETPLATFORM debian:12")],
        nonTriggering: [Example("FROM --platform=$BUILDPLATFORM golang:1.23 AS build"), Example("FROM debian:12")])

    func check(_ ctx: DockerfileContext) -> [Finding] {
        ctx.file.instructions.compactMap { ins in
            guard ins.keyword == "FROM", let raw = ins.flags.first(where: { $0.name == "platform" })?.value else { return nil }
            let rawFlag = ins.original.range(of: "--platform=").map { String(ins.original[$0.upperBound...].prefix { $0 != " " && $0 != "\t" }) } ?? raw
            if rawFlag.contains("TARGETPLATFORM") { return ctx.finding(Self.description, ins, "--platform=$TARGETPLATFORM is the default.", evidence: "platform target") }
            if !rawFlag.contains("$") { return ctx.finding(Self.description, ins, "FROM --platform=\(rawFlag) pins the platform to a constant.", evidence: "platform \(rawFlag)") }
            return nil
        }
    }
}
