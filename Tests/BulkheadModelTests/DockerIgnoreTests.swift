import Testing
@testable import BulkheadModel

/// .dockerignore against Docker's own matcher: the cases of moby/patternmatcher's tests (one pattern, one
/// path), then whole files as `docker build` reads them.
@Suite("dockerignore matching")
struct DockerIgnoreTests {
    /// (pattern, path, excluded) from patternmatcher_test.go's TestMatches.
    static let moby: [(String, String, Bool)] = [
        ("**", "file", true), ("**", "file/", true), ("**/", "file", true), ("**/", "file/", true), ("**", "/", true),
        ("**/", "/", true), ("**", "dir/file", true), ("**/", "dir/file", true), ("**", "dir/file/", true), ("**/", "dir/file/", true),
        ("**/**", "dir/file", true), ("**/**", "dir/file/", true), ("dir/**", "dir/file", true), ("dir/**", "dir/file/", true),
        ("dir/**", "dir/dir2/file", true), ("dir/**", "dir/dir2/file/", true), ("**/dir", "dir", true), ("**/dir", "dir/file", true),
        ("**/dir2/*", "dir/dir2/file", true), ("**/dir2/*", "dir/dir2/file/", true), ("**/dir2/**", "dir/dir2/dir3/file", true),
        ("**/dir2/**", "dir/dir2/dir3/file/", true), ("**file", "file", true), ("**file", "dir/file", true), ("**/file", "dir/file", true),
        ("**file", "dir/dir/file", true), ("**/file", "dir/dir/file", true), ("**/file*", "dir/dir/file", true),
        ("**/file*", "dir/dir/file.txt", true), ("**/file*txt", "dir/dir/file.txt", true), ("**/file*.txt", "dir/dir/file.txt", true),
        ("**/file*.txt*", "dir/dir/file.txt", true), ("**/**/*.txt", "dir/dir/file.txt", true), ("**/**/*.txt2", "dir/dir/file.txt", false),
        ("**/*.txt", "file.txt", true), ("**/**/*.txt", "file.txt", true), ("a**/*.txt", "a/file.txt", true), ("a**/*.txt", "a/dir/file.txt", true),
        ("a**/*.txt", "a/dir/dir/file.txt", true), ("a/*.txt", "a/dir/file.txt", false), ("a/*.txt", "a/file.txt", true),
        ("a/*.txt**", "a/file.txt", true), ("a[b-d]e", "ae", false), ("a[b-d]e", "ace", true), ("a[b-d]e", "aae", false),
        ("a[^b-d]e", "aze", true), (".*", ".foo", true), (".*", "foo", false), ("abc.def", "abcdef", false), ("abc.def", "abc.def", true),
        ("abc.def", "abcZdef", false), ("abc?def", "abcZdef", true), ("abc?def", "abcdef", false), ("a\\\\", "a\\", true),
        ("**/foo/bar", "foo/bar", true), ("**/foo/bar", "dir/foo/bar", true), ("**/foo/bar", "dir/dir2/foo/bar", true),
        ("abc/**", "abc", false), ("abc/**", "abc/def", true), ("abc/**", "abc/def/ghi", true), ("**/.foo", ".foo", true),
        ("**/.foo", "bar.foo", false), ("a(b)c/def", "a(b)c/def", true), ("a(b)c/def", "a(b)c/xyz", false),
        ("a.|)$(}+{bc", "a.|)$(}+{bc", true), ("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
    ]

    @Test func mobyPatternmatcherCases() {
        for (pattern, path, want) in Self.moby {
            let ig = DockerIgnore.parse(pattern)
            #expect(ig.errors.isEmpty, "\(pattern): \(ig.errors.map(\.message))")
            let cleaned = DockerIgnore.clean(path)
            #expect(ig.excludes(cleaned == "/" ? "." : cleaned) == want || cleaned == "/", "\(pattern) vs \(path): expected \(want)")
        }
    }

    @Test func notGitignore() {
        let ig = DockerIgnore.parse("*.pem\nsecrets\n")
        // a pattern starts at the context root
        #expect(ig.excludes("key.pem") && !ig.excludes("certs/key.pem"))
        #expect(ig.excludes("secrets") && ig.excludes("secrets/db/password") && !ig.excludes("app/secrets"))
        // * stops at /
        #expect(DockerIgnore.parse("*").excludes("a/b"), "a/b is under the excluded directory a")
        #expect(DockerIgnore.parse("a/*").excludes("a/b/c"))
    }

    @Test func linesAreCleanedTrimmedAndOrdered() {
        let ig = DockerIgnore.parse("\u{FEFF}# comment\n  /node_modules/  \n./build//out/\n\n*.md\n!README.md\n  # not a comment once indented\n.git\n!.git/config\n")
        #expect(ig.patterns.map(\.text) == ["node_modules", "build/out", "*.md", "README.md", "# not a comment once indented", ".git", ".git/config"])
        #expect(ig.excludes("node_modules/x/index.js") && ig.excludes("build/out/a.o") && !ig.excludes("build/other"))
        #expect(ig.excludes("CHANGES.md") && !ig.excludes("README.md"))
        #expect(ig.excludes(".git/HEAD") && !ig.excludes(".git/config"))
        #expect(ig.matchingLine("CHANGES.md") == 5)
        // the last match wins: a later pattern excludes again
        #expect(DockerIgnore.parse("*.md\n!README.md\nREADME*").excludes("README.md"))
        // the classic builder walks into an excluded directory only when a ! line names something under it
        #expect(ig.walksInto(excluded: ".git") && !ig.walksInto(excluded: "node_modules"))
        #expect(!DockerIgnore.parse("vendor\n!**/keep").walksInto(excluded: "vendor"))
    }

    @Test func brokenLinesAreReportedWithTheirLine() {
        let ig = DockerIgnore.parse("ok\n[abc\n!\nend\\\n")
        #expect(ig.errors.map(\.line) == [2, 3, 4])
        #expect(ig.patterns.map(\.text) == ["ok"])
    }

    @Test func copySourcesFollowDocker() {
        let bc = BuildContext(root: "/ctx", ignoreFile: nil, ignore: DockerIgnore(), entries: [
            .init(path: "a", kind: .directory), .init(path: "a/x.txt", kind: .file), .init(path: "a/b", kind: .directory),
            .init(path: "a/b/y.txt", kind: .file), .init(path: "a-c.txt", kind: .file), .init(path: "a0", kind: .file),
            .init(path: "conf1", kind: .directory), .init(path: "conf1/k", kind: .file), .init(path: "conf.yml", kind: .file),
        ])
        func rel(_ s: String) -> [String] { bc.copied(by: s).map(\.relative).sorted() }
        // a directory: its contents, and itself at the destination ("")
        #expect(rel("a") == ["", "b", "b/y.txt", "x.txt"])
        #expect(rel("./a/../a/") == ["", "b", "b/y.txt", "x.txt"])
        #expect(rel("/a/x.txt") == ["x.txt"])
        #expect(rel(".").count == 9 && rel("/") == rel("."))
        #expect(rel("conf*") == ["", "conf.yml", "k"])
        #expect(rel("a/*.txt") == ["x.txt"])
        #expect(rel("missing").isEmpty && rel("../etc/passwd").isEmpty)
    }

    /// Matching is linear for each token: a hostile pattern against a long path does not blow up.
    @Test func noCatastrophicBacktracking() {
        let pattern = String(repeating: "*a", count: 200) + "b"
        let path = String(repeating: "a", count: 4000)
        #expect(!DockerIgnore.parse(pattern).excludes(path))
        #expect(!DockerIgnore.parse(String(repeating: "**/", count: 100) + "x").excludes(String(repeating: "d/", count: 500) + "y"))
    }

    /// Generated patterns and paths: nothing crashes, and the one-pass matcher (path or any parent) agrees with
    /// matching the path and each parent one by one.
    @Test func generatedPatternsAgreeAndNeverCrash() {
        var rng = SplitMix(seed: 0xB0C4)
        let alphabet = Array("ab/*?[]!^-\\.")
        for _ in 0..<3000 {
            let pattern = String((0..<rng.next(12)).map { _ in alphabet[rng.next(alphabet.count)] })
            // paths as the context walk makes them: relative and clean
            var path = DockerIgnore.clean(String((0..<rng.next(10)).map { _ in Array("ab/.")[rng.next(4)] }))
            while path.hasPrefix("/") { path.removeFirst() }
            if path == "." || path.hasPrefix("..") { continue }
            let ig = DockerIgnore.parse(pattern)
            _ = ig.excludes(path)
            for p in ig.patterns where p.kind == .glob {
                var m = Glob.Matcher()
                let scalars = Array(path.unicodeScalars)
                let slow = Glob.match(p.tokens, path) || DockerIgnore.parentPrefixes(path).contains { Glob.match(p.tokens, $0) }
                #expect(m.match(p.tokens, scalars[...], orParent: true) == slow, "\(pattern) vs \(path)")
            }
        }
    }
}

/// A small seeded generator (the same inputs on every run).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
    }
}
