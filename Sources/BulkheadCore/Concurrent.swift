import Dispatch

/// One buffer that concurrent tasks fill, each its own disjoint slots.
final class ConcurrentSlots<T>: @unchecked Sendable {
    let items: UnsafeMutableBufferPointer<T?>
    init(_ n: Int) { items = .allocate(capacity: n); items.initialize(repeating: nil) }
    deinit { items.deinitialize(); items.deallocate() }
}

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `map`, with the elements transformed side by side (`chunk` consecutive ones per task); results in order.
    /// For independent work over large inputs: files to audit, rules over one file, RUN scripts to parse.
    public func concurrentMap<T>(chunk: Int = 1, _ transform: @Sendable (Element) -> T) -> [T] {
        let n = count
        guard n > 1 else { return map(transform) }
        let slots = ConcurrentSlots<T>(n)
        let step = Swift.max(1, chunk), base = startIndex
        DispatchQueue.concurrentPerform(iterations: (n + step - 1) / step) { c in
            for k in c * step..<Swift.min(n, (c + 1) * step) { slots.items[k] = transform(self[base + k]) }
        }
        return slots.items.map { $0! }
    }
}
