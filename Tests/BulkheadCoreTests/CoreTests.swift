import Testing
@testable import BulkheadCore

@Suite("Severity words")
struct SeverityTests {
    @Test func oneParserForSeverityWordsAndThresholds() {
        #expect(Severity(name: "HIGH") == .high && Severity(name: "moderate") == .medium && Severity(name: " note ") == .info)
        #expect(Severity(name: "off") == nil && Severity(name: "severe") == nil)
        #expect(Severity.threshold("off") == .some(nil) && Severity.threshold("None") == .some(nil) && Severity.threshold("never") == .some(nil))
        #expect(Severity.threshold("medium") == .some(.medium))
        #expect(Severity.threshold("bogus") == nil)
        #expect(Severity.thresholdWords.allSatisfy { Severity.threshold($0) != nil })
    }
}

@Suite("Inline ignore syntax")
struct PragmaSyntaxTests {
    @Test func parsesEveryForm() throws {
        let a = try #require(PragmaSyntax.parse(" bulkhead ignore=DF012,DL3008;RT002 -- reason"))
        #expect(a.kind == .next && a.ids == ["DF012", "DL3008", "RT002"] && a.dialect == .bulkhead)
        #expect(PragmaSyntax.parse("bulkhead global ignore=DF050")?.kind == .file)
        #expect(PragmaSyntax.parse("bulkhead ignore-file=DF050")?.kind == .file)
        #expect(PragmaSyntax.parse("bulkhead stage ignore=DF001")?.kind == .stage)
        #expect(PragmaSyntax.parse("hadolint ignore=DL3008")?.dialect == .hadolint)
        #expect(PragmaSyntax.parse("bulkhead: ignore=DF001#x")?.ids == ["DF001"])
        #expect(PragmaSyntax.parse("just a comment") == nil && PragmaSyntax.parse("bulkhead ignore=") == nil)
    }

    @Test func scansLineOrientedText() {
        let text = """
        services:
          a:
            # bulkhead ignore=RT002 -- why

            # another comment
            privileged: true
            pid: host # bulkhead ignore=RT010,RT999
        # bulkhead global ignore=RT013
        """
        let found = PragmaSyntax.scanLines(text, path: "c.yml")
        #expect(found.count == 3)
        #expect(found.contains { $0.ids == ["RT002"] && $0.scope == .lines(6...6) && $0.line == 3 && $0.column == 5 })
        #expect(found.contains { $0.ids == ["RT010", "RT999"] && $0.scope == .lines(7...7) && $0.line == 7 })
        #expect(found.contains { $0.ids == ["RT013"] && $0.scope == .file })
        #expect(PragmaSyntax.scanLines("services: {}\n# just a comment\n", path: "x").isEmpty)
    }
}

@Suite("Byte-wise substring tests")
struct SubstringTests {
    @Test func exactAndASCIICaseFolded() {
        #expect("apt-get --allow-unauthenticated".containsBytes("unauth"))
        #expect(!"apt-get --allow-UNAUTHENTICATED".containsBytes("unauth"))
        #expect("--insecure-skip-TLS-VERIFY".containsASCIICaseInsensitive("verify"))
        #expect("sslVerify=0".containsASCIICaseInsensitive("sslverify"))
        #expect(!"veri".containsASCIICaseInsensitive("verify") && !"vérify".containsASCIICaseInsensitive("verify"))
        #expect("x".containsBytes("") && "x".containsASCIICaseInsensitive(""))
        // substrings and non-native strings take the same path
        #expect("ab VERIFY cd".dropFirst(3).containsASCIICaseInsensitive("verify"))
        #expect(!"ab VERIFY cd".dropFirst(4).containsBytes("VERIFY"))
    }

    @Test func exactSearchAgreesWithASlowOneAtEveryLengthAndPlace() {
        // the exact test is the C library's memmem (or a byte search for one byte): checked against a plain scan
        func slow(_ h: [UInt8], _ n: [UInt8]) -> Bool {
            n.isEmpty || (h.count >= n.count && (0...(h.count - n.count)).contains { i in Array(h[i..<(i + n.count)]) == n })
        }
        var rng = UInt64(20261202)
        func next(_ k: Int) -> Int { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return Int((rng >> 33) % UInt64(k)) }
        let alphabet: [UInt8] = Array("ab=/$-".utf8) + [0xC3, 0xA9]
        for _ in 0..<3000 {
            let h = (0..<next(40)).map { _ in alphabet[next(alphabet.count)] }
            let n = next(3) == 0 && !h.isEmpty ? Array(h[next(h.count)...].prefix(1 + next(5))) : (0..<next(6)).map { _ in alphabet[next(alphabet.count)] }
            let hs = String(decoding: h, as: UTF8.self), ns = String(decoding: n, as: UTF8.self)
            #expect(hs.containsBytes(ns) == slow(Array(hs.utf8), Array(ns.utf8)), "\(hs) ⊃ \(ns)")
            // String's own (not generic) and a Substring's (generic) agree, folded or not
            #expect(hs.contains(ns) == hs.containsBytes(ns) && hs[...].containsBytes(ns) == hs.containsBytes(ns))
            #expect(hs.containsASCIICaseInsensitive(ns.lowercased()) == hs[...].containsASCIICaseInsensitive(ns.lowercased()))
        }
        #expect("a=b".containsBytes("=") && !"ab".containsBytes("=") && !"".containsBytes("=") && !"a".containsBytes("ab"))
    }
}
