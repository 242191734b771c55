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

    /// A control's bit in a mask (there are fewer than 64 controls).
    static let bit: [Control: UInt64] = Dictionary(uniqueKeysWithValues: Control.allCases.enumerated().map { ($1, UInt64(1) << UInt64($0)) })
    static func mask(_ cs: [Control]) -> UInt64 { cs.reduce(0) { $0 | (bit[$1] ?? 0) } }
    static let layerMasks: [UInt64] = layerTable.map { mask($0.1) }

    /// A layer is missing when a finding of high or critical severity touches it, weakened for lower
    /// ones (info does not count), held otherwise; layers this input cannot show are not assessed.
    /// `assessed`: the controls this kind of subject can show (its `scorecardControls`).
    public static func build(target: Target, findings: [Finding], assessed: Set<Control>, controlsOf: (String) -> [Control]) -> Scorecard {
        var layers: [Layer] = []
        let assessedMask = mask(Array(assessed))
        let tagged = findings.filter { $0.severity > .info }.map { ($0, mask(controlsOf($0.ruleID)) | mask($0.alsoBreaks)) }
        for (i, (name, controls)) in layerTable.enumerated() {
            let m = layerMasks[i]
            guard m & assessedMask != 0 else {
                layers.append(Layer(name: name, controls: controls, status: .notAssessed, rules: [])); continue
            }
            let hits = tagged.filter { $0.1 & m != 0 }.map(\.0)
            let status: Status = hits.contains { $0.severity >= .high } ? .missing : (hits.isEmpty ? .held : .weakened)
            layers.append(Layer(name: name, controls: controls, status: status, rules: Array(Set(hits.map(\.ruleID))).sorted()))
        }
        return Scorecard(target: target, layers: layers)
    }
}
