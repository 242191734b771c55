import BulkheadCore

/// The defense-in-depth layers of shared/spec/controls.md for one service or container.
public struct Scorecard: Sendable {
    public enum Status: String, Sendable { case held, weakened, missing, notAssessed = "not-assessed" }
    public struct Layer: Sendable {
        public var name: String
        public var controls: [Control]
        public var status: Status
        /// Rule ids of the findings behind a weakened or missing layer.
        public var rules: [String]
    }
    public var target: Target
    public var layers: [Layer]

    public static let layerTable: [(String, [Control])] = [
        ("minimal image", [.imageMinimal, .imageDistroless, .imagePermissions, .vulnPackages, .imageFreshness]),
        ("trusted, pinned supply", [.imagePinning, .imageTrust, .supplyChain, .secretsImage, .secretsRuntime]),
        ("non-root user", [.userRoot, .runtimeNoNewPrivileges]),
        ("reduced capabilities", [.runtimePrivileged, .runtimeCapabilities, .runtimeDevices]),
        ("seccomp and MAC", [.runtimeSeccomp, .runtimeMAC]),
        ("isolation from the host", [.runtimeDockerSocket, .runtimeHostMounts, .runtimeNamespaces, .runtimeReadOnly, .runtimeResources]),
        ("network isolation", [.networkExposure]),
        ("monitoring", [.loggingAudit, .runtimeImmutability, .imageHealthcheck]),
    ]

    /// Controls a run configuration (compose, docker run, inspect) can show.
    static let runtimeAssessed: Set<Control> = [.imagePinning, .secretsRuntime, .userRoot, .runtimeNoNewPrivileges, .runtimePrivileged,
                                                .runtimeCapabilities, .runtimeDevices, .runtimeSeccomp, .runtimeMAC, .runtimeDockerSocket,
                                                .runtimeHostMounts, .runtimeNamespaces, .runtimeReadOnly, .runtimeResources, .networkExposure,
                                                .loggingAudit, .imageHealthcheck]

    /// A layer is missing when a finding of high or critical severity touches it, weakened for lower
    /// ones (info does not count), held otherwise; layers this input cannot show are not assessed.
    public static func build(target: Target, findings: [Finding], controlsOf: (String) -> [Control]) -> Scorecard {
        var layers: [Layer] = []
        let tagged = findings.filter { $0.severity > .info }.map { ($0, controlsOf($0.ruleID)) }
        for (name, controls) in layerTable {
            let set = Set(controls)
            guard !set.isDisjoint(with: runtimeAssessed) else {
                layers.append(Layer(name: name, controls: controls, status: .notAssessed, rules: [])); continue
            }
            let hits = tagged.filter { !set.isDisjoint(with: $0.1) }.map(\.0)
            let status: Status = hits.contains { $0.severity >= .high } ? .missing : (hits.isEmpty ? .held : .weakened)
            layers.append(Layer(name: name, controls: controls, status: status, rules: Array(Set(hits.map(\.ruleID))).sorted()))
        }
        return Scorecard(target: target, layers: layers)
    }
}
