import BulkheadCore
import BulkheadModel
import Rules

/// What the engine does with one rule's findings, one at a time as the rule makes them: drop disabled rules,
/// grade (profile, configured severity), note what the fingerprint's occurrence counter needs, suppress
/// (inline ignores, scoped ignores, VEX), and keep at most `--max-per-rule` per rule — the most severe,
/// then the first — counting the rest. A rule that fires 170,000 times on a huge Dockerfile holds 1,000
/// findings per severity and 24 bytes for each of the others, never all 170,000.
///
/// With a baseline, suppression needs each finding's fingerprint, which needs every occurrence before it,
/// so findings are kept until the rule is done and then go through the same steps as a list.
final class RuleCollector: FindingCollector {
    let auditor: Auditor
    let settings: Auditor.Settings
    let ignores: InlineIgnoreSet
    let tally: Tally
    let perRule: Int
    /// Every finding that reached the occurrence count, by arrival: (hash of its key, line, column).
    var records: [(hash: Int, line: Int32, column: Int32)] = []
    /// Listed for sure (no cut, or known vulnerabilities), by arrival.
    var listed: [(seq: Int, finding: Finding)] = []
    /// Rule → one bucket per severity (most severe first) of at most `perRule` findings, and how many came.
    var buckets: [String: (kept: [[(seq: Int, finding: Finding)]], counts: [Int])] = [:]
    /// The bucket of the rule that handed over the last finding (a collector serves one rule; nearly every
    /// finding goes here, with no lookup), put in `buckets` when another rule's finding comes, and at the end.
    var current: (id: String, kept: [[(seq: Int, finding: Finding)]], counts: [Int])? = nil
    var suppressedKept: [(seq: Int, finding: Finding)] = []
    var part = Tally.Part()
    var ignoredRules = Set<String>()
    /// The baseline's case: everything, until the end.
    var pending: [Finding] = []

    init(auditor: Auditor, settings: Auditor.Settings, ignores: InlineIgnoreSet, tally: Tally) {
        self.auditor = auditor; self.settings = settings; self.ignores = ignores; self.tally = tally
        self.perRule = auditor.options.maxPerRule
    }

    override func add(_ finding: Finding) { take(finding) { nil } }

    /// The message is made only if the finding is kept: past the per-rule cut, a finding is counted from its
    /// rule, place and evidence alone.
    override func add(_ finding: Finding, message: () -> String) { take(finding, message) }

    /// `message`: the finding's message when it is kept (nil: the one it has).
    func take(_ finding: Finding, _ message: () -> String?) {
        func made(_ f: inout Finding) { if let m = message() { f.message = m } }
        if auditor.hasBaseline { var f = finding; made(&f); pending.append(f); return }
        if !settings.disabled.isEmpty && settings.disabled.contains(finding.ruleID) { return }
        var f = finding
        auditor.regrade(&f, settings)
        let seq = records.count
        records.append((occurrenceHash(f), Int32(clamping: f.location.line), Int32(clamping: f.location.column)))
        if let by = auditor.suppression(of: f, settings, ignores) {
            part.suppressed += 1
            ignoredRules.insert(f.ruleID)
            if auditor.options.keepSuppressed { made(&f); f.suppressedBy = by; suppressedKept.append((seq, f)) }
            return
        }
        guard perRule > 0, f.vulnerability == nil else { made(&f); listed.append((seq, f)); return }
        let level = Severity.allCases.count - 1 - f.severity.rawValue
        if current?.id != f.ruleID {
            if let c = current { buckets[c.id] = (c.kept, c.counts) }
            let b = buckets.removeValue(forKey: f.ruleID) ?? (Array(repeating: [], count: Severity.allCases.count), Array(repeating: 0, count: Severity.allCases.count))
            current = (f.ruleID, b.kept, b.counts)
        }
        current!.counts[level] += 1
        if current!.kept[level].count < perRule { made(&f); current!.kept[level].append((seq, f)) }
    }

    /// `Auditor.occurrenceHash`, with the part that rule, path and target name make worked out once while they
    /// stay the same (a collector serves one rule, so nearly always).
    var hashPrefix: (ruleID: String, path: String, name: String?, hasher: OccurrenceHasher)? = nil
    func occurrenceHash(_ f: Finding) -> Int {
        if let p = hashPrefix, p.ruleID == f.ruleID, p.path == f.target.path, p.name == f.target.name {
            var h = p.hasher
            Auditor.combineEvidence(f.evidence, into: &h)
            return h.finalize()
        }
        let h = Auditor.occurrencePrefix(f)
        hashPrefix = (f.ruleID, f.target.path, f.target.name, h)
        var whole = h
        Auditor.combineEvidence(f.evidence, into: &whole)
        return whole.finalize()
    }

    override func finish() -> [Finding] {
        if auditor.hasBaseline { return finishList() }
        if let c = current { buckets[c.id] = (c.kept, c.counts); current = nil }
        // the cut: per rule, the most severe first, then in the order the rule made them
        for id in buckets.keys.sorted() {
            let b = buckets[id]!
            let total = b.counts.reduce(0, +)
            var room = perRule
            var first: Finding? = nil
            for level in b.kept.indices {
                for k in b.kept[level].prefix(room) {
                    if first == nil { first = k.finding }
                    listed.append(k)
                }
                room -= min(room, b.kept[level].count)
            }
            if total > perRule, let f = first {
                part.omitted += total - perRule
                part.warnings.append(InputError(path: f.target.path, message: "\(id) was found \(total) times\(f.target.name.map { " in \($0)" } ?? ""); \(perRule) are listed (the most severe first), \(total - perRule) more are not (--max-per-rule 0 lists them all)"))
            }
        }
        buckets = [:]
        listed.sort { $0.seq < $1.seq }
        numberOccurrences()
        var out = listed.map(\.finding)
        Auditor.hashFingerprints(&out)
        var hidden = suppressedKept.map(\.finding)
        Auditor.hashFingerprints(&hidden)
        part.suppressedFindings = hidden
        tally.add(part, ignoredRules)
        return out
    }

    /// The occurrence number of each finding that is kept: how many findings with the same key came before
    /// it by line and column (then by arrival), counted over every finding, listed or not.
    func numberOccurrences() {
        var wanted: [Int: (suppressed: Bool, index: Int)] = [:]
        for (i, k) in listed.enumerated() { wanted[k.seq] = (false, i) }
        for (i, k) in suppressedKept.enumerated() { wanted[k.seq] = (true, i) }
        guard !wanted.isEmpty else { return }
        // only keys a kept finding has are counted (a rule firing 170,000 times has a few thousand of those)
        var counts: [Int: Int] = [:]
        for w in wanted.keys { counts[records[w].hash] = 0 }
        var order = records.indices.filter { counts[records[$0].hash] != nil }
        order.sort { (records[$0].line, records[$0].column, $0) < (records[$1].line, records[$1].column, $1) }
        for seq in order {
            let h = records[seq].hash
            let n = counts[h, default: 0]
            counts[h] = n + 1
            if let w = wanted[seq] {
                if w.suppressed { suppressedKept[w.index].finding.fingerprint = "\u{1E}\(n)" } else { listed[w.index].finding.fingerprint = "\u{1E}\(n)" }
            }
        }
        records = []
    }

    /// With a baseline: the whole list, graded, counted, suppressed, cut and hashed.
    func finishList() -> [Finding] {
        var f = pending
        pending = []
        auditor.grade(&f, settings)
        var p = Tally.Part()
        let ignored = auditor.suppress(&f, settings, ignores, into: &p)
        if perRule > 0 { Auditor.limit(&f, perRule: perRule, into: &p) }
        Auditor.hashFingerprints(&f)
        tally.add(p, ignored)
        return f
    }
}
