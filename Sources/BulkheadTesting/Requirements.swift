import Foundation
import Testing

/// Where things live for tests, and what a test does when an input it needs is missing: on a user's
/// machine it says so and skips; under CI=true it fails, so a missing input can never pass unnoticed.
public enum TestEnvironment {
    /// The repository's root (from this file's place in it).
    public static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/BulkheadTesting/Requirements.swift
        return url
    }()

    /// ../shared beside the repository (the corpus, schemas, advisory data), if present.
    public static var shared: URL? {
        let s = repository.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: s.path) ? s : nil
    }

    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false }

    /// Records that `what` is missing: a failure under CI=true, a visible skip elsewhere. Returns false so
    /// callers can write `guard available(...) else { return }`.
    @discardableResult
    public static func missing(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if isCI {
            Issue.record("\(what) is missing, and CI must provide it (.ci/run installs what the tests need)", sourceLocation: sourceLocation)
        } else {
            print("SKIPPED: \(what) is missing; this test did not run")
        }
        return false
    }

    /// A path under ../shared, or nil after recording that it is missing.
    public static func sharedPath(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        guard let s = shared?.appendingPathComponent(relative), FileManager.default.fileExists(atPath: s.path) else {
            missing("../shared/\(relative)", sourceLocation: sourceLocation)
            return nil
        }
        return s
    }

    /// True when Python's jsonschema can be imported (records the miss otherwise).
    public static func jsonschemaAvailable(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import jsonschema"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run(); p.waitUntilExit() } catch { return missing("python3 with jsonschema", sourceLocation: sourceLocation) }
        return p.terminationStatus == 0 ? true : missing("Python's jsonschema (pip install jsonschema)", sourceLocation: sourceLocation)
    }
}

/// Runs a program of this machine with `input` on its standard input (written from another thread, so a
/// large input cannot dead-lock against its output) and returns its standard output: compressors that make
/// test layers, the reference tools that tests compare with (dpkg, rpm, packaging, Gem::Version, Maven).
public func pipe(_ executable: String, _ arguments: [String], input: [UInt8]) throws -> [UInt8] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let i = Pipe(), o = Pipe()
    p.standardInput = i; p.standardOutput = o
    try p.run()
    let writer = Thread { i.fileHandleForWriting.write(Data(input)); try? i.fileHandleForWriting.close() }
    writer.start()
    let out = o.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Array(out)
}

/// All the temporary directories of one test process live under one parent, removed when the process exits,
/// so tests that keep a directory for a whole suite (or a failing test) leave nothing behind.
public enum Scratch {
    public static let root: URL = {
        let r = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: r, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return r
    }()

    /// A new, empty directory named for what it holds.
    public static func directory(_ name: String) -> URL {
        let d = root.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}
