import AsyncHTTPClient
import BulkheadModel
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP(S) GET through async-http-client's shared client (TLS verified, redirects followed), its body handed
/// to the synchronous readers through a bounded buffer: the download waits while the reader is behind, so
/// memory stays at a few MiB whatever the blob's size.
public struct HTTPSTransport: HTTPTransport {
    let client: HTTPClient?
    /// What to tell a user whose server turns out to speak plain HTTP.
    let plainHTTPHint: String
    /// `client`: a client of its own (a TLS engine's, with its certificates); nil is the shared one.
    public init(client: HTTPClient? = nil, plainHTTPHint: String = "for a plain-HTTP registry use --insecure-registry HOST") {
        self.client = client; self.plainHTTPHint = plainHTTPHint
    }

    public func get(_ url: String, headers: [(String, String)]) -> Result<HTTPReply, StreamError> {
        let body = BodyBuffer()
        let head = HeadBox()
        let ready = DispatchSemaphore(value: 0)
        // on a thread of its own, never the cooperative pool: the caller blocks below, and a caller that is itself
        // on the pool (a test, a library user's task) would otherwise wait for a thread it is holding
        Task.detached(executorPreference: NetworkExecutor.shared) {
            do {
                var request = HTTPClientRequest(url: url)
                for (k, v) in headers { request.headers.add(name: k, value: v) }
                request.headers.replaceOrAdd(name: "User-Agent", value: "bulkhead")
                let response = try await (client ?? sharedClient).execute(request, timeout: .minutes(30))
                head.set(.success((Int(response.status.code), response.headers.map { ($0.name.lowercased(), $0.value) })))
                ready.signal()
                for try await chunk in response.body {
                    await body.push(Array(chunk.readableBytesView))
                }
                body.finish(nil)
            } catch {
                if head.isSet { body.finish(StreamError("download from \(url) failed: \(error)")) } else {
                    head.set(.failure(StreamError("cannot reach \(url): \(HTTPSTransport.describe(error, plainHTTPHint: plainHTTPHint))")))
                    ready.signal()
                }
            }
        }
        ready.wait()
        switch head.value! {
        case .failure(let e): return .failure(e)
        case .success(let (status, hs)): return .success(HTTPReply(status: status, headers: hs, body: body))
        }
    }

    static func describe(_ error: Error, plainHTTPHint: String = "for a plain-HTTP registry use --insecure-registry HOST") -> String {
        let s = "\(error)"
        if s.contains("connectTimeout") { return "connection timed out" }
        if s.contains("Connection refused") || s.contains("connectionRefused") { return "connection refused" }
        if s.contains("WRONG_VERSION_NUMBER") { return "TLS handshake failed: the server does not speak HTTPS (\(plainHTTPHint))" }
        if s.contains("certificate") || s.contains("CERTIFICATE") { return "TLS certificate not trusted (\(s.prefix(160)))" }
        if s.contains("handshake") || s.contains("SSL") || s.contains("TLS") { return "TLS handshake failed (\(s.prefix(160)))" }
        if s.contains("UnknownHost") { return "unknown host (no DNS answer)" }
        return String(s.prefix(300))
    }
}

/// One client for the process (never shut down, never deallocated): TLS verified, redirects to blob storage
/// followed, no transparent decompression (digests are over the bytes as served), and a connection that
/// cannot be made fails at once instead of being retried for minutes.
let sharedClient: HTTPClient = {
    var c = HTTPClient.Configuration(certificateVerification: .fullVerification, redirectConfiguration: .follow(max: 10, allowCycles: false),
                                     timeout: .init(connect: .seconds(15), read: .seconds(120)), decompression: .disabled)
    c.connectionPool.retryConnectionEstablishment = false
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: c)
}()

/// The answer's head, set once by the download task.
final class HeadBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<(Int, [(String, String)]), StreamError>?
    func set(_ v: Result<(Int, [(String, String)]), StreamError>) { lock.lock(); stored = v; lock.unlock() }
    var value: Result<(Int, [(String, String)]), StreamError>? { lock.lock(); defer { lock.unlock() }; return stored }
    var isSet: Bool { value != nil }
}

/// Chunks from the download task to the reading thread; the task waits when 8 MiB are unread.
final class BodyBuffer: ByteStream, @unchecked Sendable {
    private let cond = NSCondition()
    private var chunks: [[UInt8]] = []
    private var offset = 0
    private var buffered = 0
    private var done = false
    private var failure: StreamError?
    static let limit = 8 << 20

    func push(_ bytes: [UInt8]) async {
        // the reader is behind: give the thread back and look again shortly
        while !offer(bytes) { try? await Task.sleep(nanoseconds: 1_000_000) }
    }

    /// Takes the chunk unless 8 MiB are already waiting.
    private func offer(_ bytes: [UInt8]) -> Bool {
        cond.lock()
        defer { cond.unlock() }
        guard buffered < BodyBuffer.limit else { return false }
        chunks.append(bytes); buffered += bytes.count
        cond.broadcast()
        return true
    }

    func finish(_ error: StreamError?) {
        cond.lock(); done = true; failure = error; cond.broadcast(); cond.unlock()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        cond.lock()
        defer { cond.unlock() }
        while chunks.isEmpty && !done { cond.wait() }
        if chunks.isEmpty {
            if let failure { throw failure }
            return 0
        }
        let first = chunks[0]
        let n = min(buffer.count, first.count - offset)
        first.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        buffered -= n
        if offset == first.count { chunks.removeFirst(); offset = 0 }
        return n
    }
}

/// One thread that runs the network tasks (downloads started by synchronous readers). The readers wait on
/// semaphores; if the downloads ran on Swift's cooperative pool, callers that are themselves on that pool
/// (two at once fill it on a two-core machine) would wait forever for a thread they hold.
final class NetworkExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = NetworkExecutor()
    private var jobs: [UnownedJob] = []
    private let lock = NSLock()
    private let wake = DispatchSemaphore(value: 0)

    private init() {
        let t = Thread { [unowned self] in self.loop() }
        t.name = "bulkhead-network"
        t.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let j = UnownedJob(job)
        lock.lock(); jobs.append(j); lock.unlock()
        wake.signal()
    }

    private func loop() {
        while true {
            wake.wait()
            lock.lock()
            let batch = jobs
            jobs = []
            lock.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
