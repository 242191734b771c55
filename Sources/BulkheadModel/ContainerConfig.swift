import BulkheadCore

/// Where a value came from: file, line, column and the logical path in the document
/// (`services.web.cap_add[1]`, `HostConfig.Privileged`, `argv[3]`).

public struct Origin: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int
    public var path: String?
    public init(file: String, line: Int, column: Int = 1, path: String? = nil) {
        self.file = file; self.line = max(1, line); self.column = max(1, column); self.path = path
    }
}

/// A value with its origin.
public struct Sourced<T: Sendable>: Sendable {
    public var value: T
    public var origin: Origin
    public init(_ value: T, _ origin: Origin) { self.value = value; self.origin = origin }
}

public struct MountSpec: Sendable {
    /// bind, volume, tmpfs, npipe, cluster, image
    public var type: String
    /// Host path for binds, volume name for volumes.
    public var source: String?
    public var target: String
    public var readOnly: Bool
    public var propagation: String?
    public var origin: Origin
    public init(type: String, source: String?, target: String, readOnly: Bool, propagation: String? = nil, origin: Origin) {
        self.type = type; self.source = source; self.target = target; self.readOnly = readOnly; self.propagation = propagation; self.origin = origin
    }
}

public struct PortBinding: Sendable {
    /// Container port (or range) and protocol, as in "5432/tcp".
    public var containerPort: String
    public var proto: String
    /// "" means every interface (IPv4 and IPv6).
    public var hostIP: String
    /// Empty means an ephemeral host port.
    public var hostPort: String
    public var origin: Origin
    public init(containerPort: String, proto: String = "tcp", hostIP: String = "", hostPort: String = "", origin: Origin) {
        self.containerPort = containerPort; self.proto = proto; self.hostIP = hostIP; self.hostPort = hostPort; self.origin = origin
    }
    /// Ports of the container side, expanded from ranges (capped).
    public var containerPorts: [Int] { PortBinding.expand(containerPort) }
    public var hostPorts: [Int] { PortBinding.expand(hostPort) }
    static func expand(_ s: String) -> [Int] {
        let parts = s.split(separator: "-").compactMap { Int($0) }
        if parts.count == 2, parts[0] <= parts[1] { return Array(parts[0]...min(parts[1], parts[0] + 1024)) }
        return parts.count == 1 ? parts : []
    }
    /// Bound on all interfaces.
    public var isWildcard: Bool { ["", "0.0.0.0", "::", "[::]", "*"].contains(hostIP) }
}

public struct DeviceMapping: Sendable {
    public var pathOnHost: String
    public var pathInContainer: String
    public var permissions: String
    public var origin: Origin
    public init(pathOnHost: String, pathInContainer: String, permissions: String = "rwm", origin: Origin) {
        self.pathOnHost = pathOnHost; self.pathInContainer = pathInContainer; self.permissions = permissions; self.origin = origin
    }
}

public struct EnvVar: Sendable {
    public var name: String
    /// nil when the variable is passed through from the caller's environment (`-e NAME`).
    public var value: String?
    /// True when the value was written as a reference (`${VAR}`) rather than literally.
    public var isReference: Bool
    /// The value as written, before interpolation (for `${VAR:-literal}` defaults).
    public var raw: String?
    public var origin: Origin
    public init(name: String, value: String?, isReference: Bool = false, raw: String? = nil, origin: Origin) {
        self.name = name; self.value = value; self.isReference = isReference; self.raw = raw; self.origin = origin
    }

    /// The literal fallback of `${VAR:-literal}` / `${VAR-literal}`, if the value is written that way.
    public var literalDefault: String? {
        guard let r = raw?.trimmingSpaces, r.hasPrefix("${"), r.hasSuffix("}") else { return nil }
        let inner = r.dropFirst(2).dropLast()
        guard let dash = inner.firstIndex(of: "-") else { return nil }
        var d = inner[inner.index(after: dash)...]
        if inner[..<dash].hasSuffix(":") { d = inner[inner.index(after: dash)...] }
        var name = inner[..<dash]
        while name.hasSuffix(":") { name = name.dropLast() }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let lit = String(d)
        return lit.isEmpty || lit.contains("$") ? nil : lit
    }
}

/// A word of the container's command line (Config.Entrypoint followed by Config.Cmd).
public struct CommandWord: Sendable {
    public var value: String
    /// As written, before interpolation (`${REDIS_AUTH:-secret}`); nil when the source has no such step.
    public var raw: String?
    public var origin: Origin
    public init(_ value: String, raw: String? = nil, origin: Origin) { self.value = value; self.raw = raw; self.origin = origin }
}

/// One container's configuration, keyed by the Engine API's own fields, from any source:
/// a compose service, a `docker run` command line, `docker inspect` output.
public struct ContainerConfig: Sendable {
    public var kind: TargetKind
    public var file: String
    /// Service, container or command name.
    public var name: String
    /// The whole entity's origin (the service key, the command line, the inspect object).
    public var origin: Origin

    // Config.*
    public var user: Sourced<String>?
    public var env: [EnvVar] = []
    public var image: Sourced<String>?
    /// Compose `build:`: the build context directory and the Dockerfile, as paths resolved against the Compose
    /// file (remote contexts left out). `scan` takes a Dockerfile's context from here.
    public var build: (context: String, dockerfile: String)?
    public var exposedPorts: [String] = []
    /// Config.Healthcheck.Test; ["NONE"] disables it.
    public var healthcheckTest: Sourced<[String]>?
    /// Config.Entrypoint then Config.Cmd, word by word.
    public var command: [CommandWord] = []
    /// What the image itself configures, when it was at hand (`--images`): what applies where the container
    /// sets nothing itself.
    public var imageDefaults: ImageDefaults?

    // HostConfig.*
    public var privileged: Sourced<Bool>?
    public var capAdd: [Sourced<String>] = []
    public var capDrop: [Sourced<String>] = []
    public var securityOpt: [Sourced<String>] = []
    public var readonlyRootfs: Sourced<Bool>?
    public var mounts: [MountSpec] = []
    public var portBindings: [PortBinding] = []
    public var publishAllPorts: Sourced<Bool>?
    public var networkMode: Sourced<String>?
    public var pidMode: Sourced<String>?
    public var ipcMode: Sourced<String>?
    public var utsMode: Sourced<String>?
    public var usernsMode: Sourced<String>?
    public var cgroupnsMode: Sourced<String>?
    public var devices: [DeviceMapping] = []
    public var deviceCgroupRules: [Sourced<String>] = []
    public var memory: Sourced<Int64>?
    public var pidsLimit: Sourced<Int64>?
    public var nanoCpus: Sourced<Int64>?
    public var cpuShares: Sourced<Int64>?
    public var ulimits: [Sourced<String>] = []
    public var sysctls: [Sourced<(String, String)>] = []
    public var logDriver: Sourced<String>?
    public var restartPolicy: Sourced<String>?
    public var tmpfs: [Sourced<(String, String)>] = []
    /// nil = engine default masking; empty = unmasked (systempaths=unconfined).
    public var maskedPaths: Sourced<[String]>?
    public var readonlyPaths: Sourced<[String]>?
    public var initProcess: Sourced<Bool>?
    public var runtime: Sourced<String>?
    /// Compose `use_api_socket: true` (mounts the engine socket and credentials).
    public var useAPISocket: Sourced<Bool>?
    /// inspect's effective AppArmor profile (top-level AppArmorProfile).
    public var appArmorProfile: Sourced<String>?
    /// Contents of custom seccomp profiles that could be read (by the security_opt value they came from).
    public var seccompProfiles: [String: String] = [:]
    /// What changed in the container's filesystem since it was created from its image
    /// (`/containers/{id}/changes`); nil when not known (only a live host, or its snapshot, says).
    public var changes: [ContainerChange]?
    /// HostConfig.CgroupParent (compose `cgroup_parent`), where set.
    public var cgroupParent: Sourced<String>?
    /// The image's id as the engine resolved it (inspect's top-level `Image`, `sha256:…`), where known.
    public var imageID: String?
    /// The container's state (`running`, `created`, `exited`), where known.
    public var state: String?

    public init(kind: TargetKind, file: String, name: String, origin: Origin) {
        self.kind = kind; self.file = file; self.name = name; self.origin = origin
    }

    public var target: Target { Target(kind: kind, path: file, name: name) }

    /// `key=value` or legacy `key:value` security options, parsed.
    public func securityOptions(_ key: String) -> [Sourced<String>] {
        securityOpt.compactMap { s in
            let v = s.value
            for sep in ["=", ":"] where v.hasPrefix(key + sep) {
                return Sourced(String(v.dropFirst(key.count + 1)), s.origin)
            }
            if v == key { return Sourced("true", s.origin) }
            return nil
        }
    }
}

/// One path of a container's filesystem that differs from its image: kind 0 modified, 1 added, 2 deleted.
public struct ContainerChange: Sendable {
    public var path: String
    public var kind: Int
    public var origin: Origin
    public init(path: String, kind: Int, origin: Origin) { self.path = path; self.kind = kind; self.origin = origin }
    public var verb: String { kind == 1 ? "added" : kind == 2 ? "deleted" : "modified" }
}

/// Daemon-wide defaults that change a container's effective settings (daemon.json / `/info`).
public struct DaemonDefaults: Sendable {
    public var noNewPrivileges = false
    public var usernsRemap: String? = nil
    public var seccompProfile: String? = nil
    public var logDriver: String? = nil
    public var defaultCgroupnsMode: String? = nil
    public var cgroupVersion: Int? = nil
    public var appArmor = true
    /// This host's engine sockets where they really are (a host audit knows; `-H unix:///srv/docker.sock`):
    /// a mount of one, or of a directory that holds one, hands over the engine.
    public var engineSockets: [String] = []
    public var source: String? = nil
    public init() {}
}

/// The parts of an image's configuration that a container inherits unless it overrides them.
public struct ImageDefaults: Sendable, Equatable {
    /// Where the facts come from (`docker-archive:app.tar`, `the local engine`).
    public var source: String
    public var user: String?
    public var healthcheck: [String]?
    public var exposedPorts: [String]
    public init(source: String, user: String?, healthcheck: [String]?, exposedPorts: [String]) {
        self.source = source; self.user = user; self.healthcheck = healthcheck; self.exposedPorts = exposedPorts
    }
    /// True when the image runs as root (no user, root or uid 0).
    public var runsAsRoot: Bool {
        let n = (user ?? "").split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return n.isEmpty || n == "root" || n == "0"
    }
}
