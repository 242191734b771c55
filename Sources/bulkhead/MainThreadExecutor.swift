import Foundation

/// Runs an async command on the thread that calls `run`, through a task-executor preference (SE-0417).
/// bulkhead's commands are async so that network clients (registry, Engine API) fit, but most runs never
/// suspend; letting Swift hop to the cooperative thread pool and back costs 0.5–1 ms of start-up in every
/// process (measured with Benchmarks/pipeline.py), which a pre-commit hook pays once per file. Jobs that
/// do suspend are resumed here too, so the behaviour is that of a one-thread executor.
final class MainThreadExecutor: TaskExecutor, @unchecked Sendable {
    private var jobs: [UnownedJob] = []
    private var finished = false
    private let lock = NSLock()
    private let wake = DispatchSemaphore(value: 0)

    func enqueue(_ job: consuming ExecutorJob) {
        let j = UnownedJob(job)
        lock.lock(); jobs.append(j); lock.unlock()
        wake.signal()
    }

    private func finish() {
        lock.lock(); finished = true; lock.unlock()
        wake.signal()
    }

    /// Runs `body` to completion on this thread; rethrows what it throws.
    static func run(_ body: @escaping @Sendable () async throws -> Void) throws {
        let executor = MainThreadExecutor()
        final class Outcome: @unchecked Sendable { var error: Error? }
        let outcome = Outcome()
        Task(executorPreference: executor) {
            do { try await body() } catch { outcome.error = error }
            executor.finish()
        }
        while true {
            executor.wake.wait()
            executor.lock.lock()
            let batch = executor.jobs
            executor.jobs = []
            executor.lock.unlock()
            for job in batch { job.runSynchronously(on: executor.asUnownedTaskExecutor()) }
            // done when the body has finished and nothing it left behind is waiting to run
            executor.lock.lock()
            let idle = executor.finished && executor.jobs.isEmpty
            executor.lock.unlock()
            if idle { break }
        }
        if let e = outcome.error { throw e }
    }
}
