import CINModel
import Foundation

/// Runs `count` independent jobs on the caller's thread and on up to one thread per further core.
/// In place of `DispatchQueue.concurrentPerform`: libdispatch, asked for a thread it cannot start (no
/// memory for its stack, under `ulimit -v`), sleeps and retries for ever, so a trend under a memory
/// limit hung instead of ending with the out-of-memory line. Here a thread that cannot start is
/// simply not there: the caller (and any thread that did start) takes its jobs.
enum ParallelWork {
    /// Each job's result, in job order. `job` must be safe to run on several threads at once. It is
    /// escaping (not `withoutActuallyEscaping`): a thread lets go of it only after it signals that its
    /// last job is done, a moment after this call may have returned.
    static func map<T>(_ count: Int, _ job: @escaping (Int) -> T) -> [T] {
        guard count > 1 else { return count == 1 ? [job(0)] : [] }
        let queue = JobQueue<T>(count: count)
        let helpers = min(count, ProcessInfo.processInfo.activeProcessorCount) - 1
        let finished = DispatchSemaphore(value: 0)
        var started = 0
        for _ in 0..<max(0, helpers) {
            if DetachedThread.start(stackSize: 8 << 20, { queue.drain(job); finished.signal() }) { started += 1 }
        }
        queue.drain(job)
        for _ in 0..<started { finished.wait() }
        return queue.results
    }

    /// `count` items split into contiguous ranges, in order: one per core, or fewer so that none has
    /// less than `minimum` items (a small extract is not worth a thread).
    static func ranges(of count: Int, minimum: Int = 10_000) -> [Range<Int>] {
        let n = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / minimum))
        return ranges(of: count, parts: n)
    }

    /// `count` items split into `parts` contiguous ranges, in order.
    static func ranges(of count: Int, parts: Int) -> [Range<Int>] {
        let n = max(1, parts)
        return (0..<n).map { r in (count * r / n)..<(count * (r + 1) / n) }
    }

    /// Hands out job numbers 0..<count, each once, and keeps their results.
    private final class JobQueue<T>: @unchecked Sendable {
        private let count: Int
        private var next = 0
        private var slots: [T?]
        private let lock = NSLock()
        init(count: Int) { self.count = count; slots = Array(repeating: nil, count: count) }

        func drain(_ job: (Int) -> T) {
            while true {
                lock.lock()
                let i = next
                next += 1
                lock.unlock()
                guard i < count else { return }
                let result = job(i)
                lock.lock()
                slots[i] = result
                lock.unlock()
            }
        }

        /// Every job's result (after every job has run).
        var results: [T] {
            lock.lock(); defer { lock.unlock() }
            return slots.compactMap { $0 }
        }
    }
}
