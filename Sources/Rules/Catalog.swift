import BulkheadCore
import BulkheadModel

/// Every rule bulkhead has, whatever its subject. Ids are never renumbered or reused; retired ids stay
/// listed in `retired`. A test (CatalogTests) fails when a `struct …: Rule` exists in Sources/Rules that
/// this list does not name, so a rule cannot be forgotten; each subject's rule list is derived from this one.
public enum RuleCatalog {
    public static let all: [any AnyRule.Type] = [
        // Dockerfiles (DockerfileContext)
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
        SymlinkShell.self, RedundantPlatform.self, PowerShellDownloadExecute.self, PowerShellTLSDisabled.self, SyntaxFrontend.self, SecretWrittenToLayer.self, ToolchainBaseImage.self, BuildToolsInFinalImage.self, TwoDownloadTools.self, RelativeCopyWithoutWorkdir.self, YarnCache.self, ContextLeaksCredential.self, ContextHostBuildOutput.self,
        // Run configurations (RuntimeContext): runtime rules, then escape paths
        RuntimeRootUser.self, RuntimePrivileged.self, RuntimeEngineSocket.self, RuntimeCapabilityAdded.self, RuntimeNoCapDrop.self,
        RuntimeSeccomp.self, RuntimeMAC.self, RuntimeWritableRoot.self, RuntimeNoNewPrivileges.self, RuntimeHostNamespace.self,
        RuntimeHostMount.self, RuntimeDevices.self, RuntimeNoLimits.self, RuntimePortExposure.self, RuntimeSecretEnv.self,
        RuntimeImagePinning.self, RuntimeLoggingOff.self, RuntimeSystemPaths.self, RuntimePropagation.self, RuntimeSysctls.self,
        RuntimeHealthcheckDisabled.self, RuntimeTmpfsExec.self, RuntimeSecretArgument.self, RuntimeDrift.self,
        EscapePrivileged.self, EscapeEngineSocket.self, EscapeSysAdminCgroup.self, EscapeUnconfinedUserns.self, EscapeDeviceCgroup.self,
        EscapePtraceHostPID.self, EscapeKernelModule.self, EscapeShocker.self, EscapeHostMount.self, EscapeSystemPaths.self,
        EscapeHostNetwork.self, EscapeDangerousDevice.self,
        // Images (ImageContext)
        ImageRootUser.self, ImageEnvSecret.self, ImageSecretFile.self, ImageContentSecret.self, ImageSetuid.self,
        ImageWorldWritable.self, ImageNotMinimal.self, ImageSSHServer.self, ImageHealthcheck.self, ImageExposedPorts.self,
        ImageSensitiveVolume.self, ImageStale.self, ImageEndOfLife.self, ImageAccounts.self, ImageStrayFiles.self, ImageLatestTag.self, ImagePackageCaches.self, ImageKnownVulnerability.self,
        // Docker hosts (HostContext): the daemon, its files, the host, the kernel and runtimes
        DaemonTCPWithoutTLS.self, DaemonRootWithoutUserns.self, DaemonICC.self, DaemonInsecureRegistry.self, DaemonLiveRestoreOff.self,
        DaemonNoAuthorization.self, DaemonLocalLogging.self, DaemonNewPrivileges.self, DaemonUserlandProxy.self, DaemonExperimental.self,
        DaemonIptablesOff.self, DaemonDebugLogging.self, DaemonDeprecatedStorage.self, DaemonSeccompOff.self, DeclaredDiffersFromRunning.self,
        EngineSocketPermissions.self, DockerFilePermissions.self, DataRootSharedPartition.self, AuditRulesMissing.self, DockerGroupMembers.self,
        KernelKnownEscape.self, RuntimeKnownEscape.self, EngineVersion.self, StackPackageVulnerable.self,
    ]

    /// The rules over one kind of subject, in catalog order, as typed checks (each rule says whether the
    /// kind is its own; no dynamic casts, which would scan the conformance tables at start-up).
    public static func checks<S: RuleSubject>(over subject: S.Type) -> [RuleCheck<S>] {
        all.compactMap { $0.check(over: S.self) }
    }

    /// The kinds of rule by id prefix: the folder under Sources/Rules and what the docs call them.
    public static let families: [(prefix: String, folder: String, name: String)] = [
        ("DF", "Dockerfile", "Dockerfile rules"), ("RT", "Runtime", "runtime rules"), ("ES", "Escape", "escape paths"), ("IM", "Image", "image rules"), ("HO", "Host", "host rules"),
    ]

    /// Where a rule is written: `Sources/Rules/<family folder>/<ID>_<TypeName>.swift` (CatalogTests holds every
    /// rule to this, so the path is right and a newcomer finds a rule from its id in one step).
    public static let sourceFiles: [String: String] = Dictionary(uniqueKeysWithValues: all.map { rule in
        let id = rule.description.id
        let folder = families.first { id.hasPrefix($0.prefix) }?.folder ?? "Other"
        return (id, "Sources/Rules/\(folder)/\(id)_\(String(describing: rule)).swift")
    })

    /// Ids that were used once and must never be given to another rule.
    public static let retired: Set<String> = []

    /// Every rule's description, sorted by id (built once).
    public static let descriptions: [RuleDescription] = all.map { $0.description }.sorted { $0.id < $1.id }

    private static let byID: [String: RuleDescription] = Dictionary(uniqueKeysWithValues: descriptions.map { ($0.id, $0) })
    /// Alias (upper-cased) → every rule, by id, that carries it.
    private static let byAlias: [String: [String]] = {
        var m: [String: [String]] = [:]
        for d in descriptions { for a in Set(d.aliases.map { $0.uppercased() }) { m[a, default: []].append(d.id) } }
        return m
    }()

    /// A rule by id (any case) or by an alias from another tool (DL3002, DS-0002, CKV_DOCKER_8, …); for an
    /// alias several rules carry, the first by id.
    public static func description(for id: String) -> RuleDescription? {
        let u = id.uppercased()
        return byID[u] ?? byAlias[u]?.first.flatMap { byID[$0] }
    }

    /// The canonical ids a word names: a rule id (any case), or every rule that carries it as an alias
    /// (DS-0002 names DF001 and DF002). Empty when the word names no rule. Configuration, inline ignores and
    /// the command line all resolve through this, once, when they are read.
    public static func canonicalIDs(_ word: String) -> [String] {
        let u = word.trimmingSpaces.uppercased()
        if byID[u] != nil { return [u] }
        return byAlias[u] ?? []
    }
}
