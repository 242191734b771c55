import Audit
import BulkheadCore
import BulkheadTesting
import ImageFormats
import Rules
import Testing

/// Images described as specs and judged by control, as the hold-out cases are: each planted problem is
/// reported under its control, and a clean image has no medium-or-worse finding at all.
@Suite("Images judged by control")
struct ImageLabelledTests {
    static let passwd = "root:x:0:0:root:/root:/bin/sh\\napp:x:10001:10001::/app:/sbin/nologin"

    static let cases: [(name: String, spec: String, controls: Set<String>)] = [
        ("distroless-like, non-root", "user 65532\nhealthcheck CMD /app/health\nlayer\nfile etc/passwd 0644 0:0 root:x:0:0::/root:/sbin/nologin\\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\nfile app/server 0755 0:0 x", []),
        ("alpine-like app", "user app\nhealthcheck CMD wget -q -O- localhost:8080/health\nexpose 8080/tcp\nlayer\nfile etc/os-release 0644 0:0 ID=alpine\\nVERSION_ID=3.22.1\nfile etc/passwd 0644 0:0 \(passwd)\nfile bin/busybox 0755 0:0 x\nlink bin/sh busybox\nfile sbin/apk 0755 0:0 x\ndir tmp 1777\nlayer COPY app /app\nfile app/main.py 0644 10001:10001 import os\\nDB = os.environ['DB_URL']", []),
        ("root", "layer\nfile etc/passwd 0644 0:0 \(passwd)", ["user.root"]),
        ("secret in env", "user 10001\nenv STRIPE_KEY=sk_live_abcdefghijklmnop1234\nlayer", ["secrets.image"]),
        ("deleted key", "user 10001\nlayer\nfile root/.ssh/id_ed25519 0600 0:0 -----BEGIN OPENSSH PRIVATE KEY-----\\nAAAA\\n-----END OPENSSH PRIVATE KEY-----\nlayer RUN rm -f /root/.ssh/id_ed25519\ndelete root/.ssh/id_ed25519", ["secrets.image"]),
        ("build arg token", "user 10001\nlayer |1 GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 /bin/sh -c make", ["secrets.image"]),
        ("setuid added", "user 10001\nlayer\nfile usr/local/bin/backup 4755 0:0 x", ["image.permissions"]),
        ("world-writable", "user 10001\nlayer\ndir srv/uploads 0777", ["image.permissions"]),
        ("sshd", "user 10001\nlayer\nfile usr/sbin/sshd 0755 0:0 x", ["image.minimal"]),
        ("curl | sh", "user 10001\nlayer /bin/sh -c curl -fsSL https://get.example.com | sh", ["supply-chain"]),
        ("port 22", "user 10001\nexpose 22/tcp\nlayer", ["network.exposure"]),
        ("end of life", "user 10001\nlayer\nfile etc/os-release 0644 0:0 ID=debian\\nVERSION_ID=\"9\"", ["image.freshness"]),
        ("empty password", "user 10001\nlayer\nfile etc/shadow 0640 0:0 root::19000:0:99999:7:::", ["user.root"]),
    ]

    @Test(arguments: cases.indices) func judgedByControl(_ i: Int) throws {
        let c = Self.cases[i]
        let auditor = testAuditor(options: isolatedOptions())
        let report = auditor.audit(auditor.readers.imageArchive(BytesStream(try ImageSpec.archive(c.spec)), source: "\(c.name).tar"))
        #expect(report.errors.isEmpty, "\(c.name): \(report.errors)")
        let controls = Set(report.findings.filter { $0.severity >= .medium }.flatMap { RuleCatalog.description(for: $0.ruleID)?.controls.map(\.rawValue) ?? [] })
        for want in c.controls { #expect(controls.contains(want), "\(c.name): \(want) not reported; got \(report.findings.map { "\($0.ruleID) \($0.severity.name)" })") }
        if c.controls.isEmpty {
            let serious = report.findings.filter { $0.severity >= .medium }
            #expect(serious.isEmpty, "\(c.name): \(serious.map { "\($0.ruleID) \($0.message)" })")
        }
    }
}
