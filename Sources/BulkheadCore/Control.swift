/// The security concerns of docs/controls.md. Ids are stable: never rename or reuse one.
public enum Control: String, CaseIterable, Sendable, Codable, Comparable {
    case userRoot = "user.root"
    case runtimePrivileged = "runtime.privileged"
    case runtimeDockerSocket = "runtime.docker-socket"
    case runtimeCapabilities = "runtime.capabilities"
    case runtimeSeccomp = "runtime.seccomp"
    case runtimeMAC = "runtime.mac"
    case runtimeReadOnly = "runtime.read-only"
    case runtimeNoNewPrivileges = "runtime.no-new-privileges"
    case runtimeNamespaces = "runtime.namespaces"
    case runtimeHostMounts = "runtime.host-mounts"
    case runtimeDevices = "runtime.devices"
    case runtimeResources = "runtime.resources"
    case networkExposure = "network.exposure"
    case secretsImage = "secrets.image"
    case secretsRuntime = "secrets.runtime"
    case imagePinning = "image.pinning"
    case imageTrust = "image.trust"
    case imageMinimal = "image.minimal"
    case imageDistroless = "image.distroless"
    case imagePermissions = "image.permissions"
    case imageHealthcheck = "image.healthcheck"
    case imageFreshness = "image.freshness"
    case vulnPackages = "vuln.packages"
    case supplyChain = "supply-chain"
    case buildHygiene = "build.hygiene"
    case hostDaemon = "host.daemon"
    case hostRootless = "host.rootless"
    case hostFiles = "host.files"
    case hostKernel = "host.kernel"
    case runtimeImmutability = "runtime.immutability"
    case loggingAudit = "logging.audit"

    public static func < (a: Control, b: Control) -> Bool { a.rawValue < b.rawValue }

    /// The defense-in-depth layer of controls.md this control belongs to.
    public var layer: String {
        switch self {
        case .imageMinimal, .imageDistroless, .imagePermissions, .vulnPackages, .imageFreshness: "minimal image"
        case .imagePinning, .imageTrust, .supplyChain, .secretsImage: "trusted, pinned supply"
        case .userRoot, .runtimeNoNewPrivileges: "non-root user"
        case .runtimePrivileged, .runtimeCapabilities, .runtimeDevices: "reduced capabilities"
        case .runtimeSeccomp, .runtimeMAC: "seccomp and MAC"
        case .runtimeDockerSocket, .runtimeHostMounts, .runtimeNamespaces, .runtimeReadOnly, .runtimeResources: "isolation from the host"
        case .networkExposure: "network isolation"
        case .loggingAudit, .runtimeImmutability, .imageHealthcheck: "monitoring"
        case .secretsRuntime: "trusted, pinned supply"
        case .buildHygiene: "minimal image"
        case .hostDaemon, .hostRootless, .hostFiles, .hostKernel: "host"
        }
    }
}
