import BulkheadCore
import BulkheadModel
import DockerfileParser

/// Every rule bulkhead has. Ids are never renumbered or reused; retired ids stay listed in `retired`.
public enum RuleCatalog {
    public static let dockerfile: [any DockerfileRule.Type] = [
        FinalStageNoUser.self, FinalUserRoot.self, SudoInRun.self, ChpasswdInRun.self, UseraddWithoutL.self, NonNumericFinalUser.self,
        BaseImageUntagged.self, BaseImageLatest.self, BaseImageUnresolved.self, BaseImageUntrustedRegistry.self,
        BaseImageInsecureRegistry.self, BaseImageDigest.self,
        SecretInArgOrEnv.self, SecretBuildArg.self, TokenInDockerfile.self, SecretFileCopied.self,
        PipeToShell.self, AddURLWithoutChecksum.self, TLSVerificationDisabled.self, SignatureVerificationDisabled.self,
        UnpinnedOSPackages.self, UnpinnedLanguagePackages.self,
        AptNoInstallRecommends.self, AptListsLeftBehind.self, ApkCache.self, RpmCache.self, PipCache.self, UpdateAlone.self,
        ExposeSSH.self, SSHServerInstalled.self, DebugToolsInstalled.self, WorldWritable.self, HealthcheckMissing.self, SetuidAdded.self,
        AddInsteadOfCopy.self, CdInRun.self, RelativeWorkdir.self, WorkdirInSystemPath.self, MaintainerDeprecated.self,
        RepeatedInstruction.self, ShellFormEntrypoint.self, CopyFromProblems.self, DuplicateStageName.self, InvalidExpose.self,
        AptInsteadOfAptGet.self, PipeWithoutPipefail.self, SensitiveVolume.self, RunInsecureEntitlement.self, MissingAssumeYes.self,
        CopyMultiSourceDest.self, CopyWholeFilesystem.self, EnvSelfReference.self, ReservedStageName.self, DistUpgrade.self,
        SymlinkShell.self, RedundantPlatform.self,
    ]

    public static let runtime: [any RuntimeRule.Type] = [
        RuntimeRootUser.self, RuntimePrivileged.self, RuntimeEngineSocket.self, RuntimeCapabilityAdded.self, RuntimeNoCapDrop.self,
        RuntimeSeccomp.self, RuntimeMAC.self, RuntimeWritableRoot.self, RuntimeNoNewPrivileges.self, RuntimeHostNamespace.self,
        RuntimeHostMount.self, RuntimeDevices.self, RuntimeNoLimits.self, RuntimePortExposure.self, RuntimeSecretEnv.self,
        RuntimeImagePinning.self, RuntimeLoggingOff.self, RuntimeSystemPaths.self, RuntimePropagation.self, RuntimeSysctls.self,
        RuntimeHealthcheckDisabled.self, RuntimeTmpfsExec.self,
        EscapePrivileged.self, EscapeEngineSocket.self, EscapeSysAdminCgroup.self, EscapeUnconfinedUserns.self, EscapeDeviceCgroup.self,
        EscapePtraceHostPID.self, EscapeKernelModule.self, EscapeShocker.self, EscapeHostMount.self, EscapeSystemPaths.self,
        EscapeHostNetwork.self, EscapeDangerousDevice.self,
    ]

    /// Runs every runtime rule over one container configuration.
    public static func check(_ config: ContainerConfig, daemon: DaemonDefaults = DaemonDefaults(), options: RuleOptions = RuleOptions()) -> [Finding] {
        let ctx = RuntimeContext(config: config, daemon: daemon, options: options)
        return runtime.flatMap { $0.init().check(ctx) }
    }

    /// Ids that were used once and must never be given to another rule.
    public static let retired: Set<String> = []

    /// Every rule's description, sorted by id (built once).
    public static let descriptions: [RuleDescription] = (dockerfile.map { $0.description } + runtime.map { $0.description }).sorted { $0.id < $1.id }

    private static let byID: [String: RuleDescription] = Dictionary(uniqueKeysWithValues: descriptions.map { ($0.id, $0) })
    /// Alias (upper-cased) → the first rule, by id, that carries it.
    private static let byAlias: [String: RuleDescription] = {
        var m: [String: RuleDescription] = [:]
        for d in descriptions { for a in d.aliases where m[a.uppercased()] == nil { m[a.uppercased()] = d } }
        return m
    }()

    /// A rule by id (any case) or by an alias from another tool (DL3002, DS-0002, CKV_DOCKER_8, …).
    public static func description(for id: String) -> RuleDescription? {
        let u = id.uppercased()
        return byID[u] ?? byAlias[u]
    }

    /// Runs every Dockerfile rule over a model.
    public static func check(_ file: DockerfileModel, options: RuleOptions = RuleOptions(), only: Set<String>? = nil) -> [Finding] {
        let ctx = DockerfileContext(file: file, options: options)
        var out: [Finding] = []
        for rule in dockerfile where only?.contains(rule.description.id) ?? true {
            out.append(contentsOf: rule.init().check(ctx))
        }
        return out
    }
}

/// Runs one rule's examples; returns a list of failures (empty when all behave).
public enum ExampleVerifier {
    public static func verify(_ rule: any DockerfileRule.Type) -> [String] {
        var failures: [String] = []
        let d = rule.description
        for ex in d.triggering + d.nonTriggering {
            let model = DockerfileParser.parse(ex.source, path: "Dockerfile")
            let opts = RuleOptions(dictionary: ex.options)
            let found = rule.init().check(DockerfileContext(file: model, options: opts)).map(\.location.line).sorted()
            let expected = ex.markedLines
            if !model.errors.isEmpty {
                failures.append("\(d.id) example at \(ex.file):\(ex.line) does not parse: \(model.errors.map(\.message))")
            }
            if found != expected {
                failures.append("\(d.id) example at line \(ex.line): expected findings on lines \(expected), got \(found)\n---\n\(ex.source)\n---")
            }
        }
        return failures
    }
}
