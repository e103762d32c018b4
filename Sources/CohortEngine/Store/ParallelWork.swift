import CINModel
import Foundation

/// Runs `count` independent jobs on the caller's thread and on up to one thread per further core.
/// In place of `DispatchQueue.concurrentPerform`: libdispatch, asked for a thread it cannot start (no
/// memory for its stack, under `ulimit -v`), sleeps and retries for ever, so a trend under a memory
/// limit hung instead of ending with the out-of-memory line. Here a thread that cannot start is
/// simply not there: the caller (and any thread that did start) takes its jobs.
enum ParallelWork {
    /// Returns when every job has run. `job` must be safe to run on several threads at once. It is
    /// escaping (not `withoutActuallyEscaping`): a thread lets go of it only after it signals that its
    /// last job is done, a moment after this call may have returned.
    static func run(_ count: Int, _ job: @escaping (Int) -> Void) {
        guard count > 1 else { if count == 1 { job(0) }; return }
        let queue = JobQueue(count: count)
        let helpers = min(count, ProcessInfo.processInfo.activeProcessorCount) - 1
        let finished = DispatchSemaphore(value: 0)
        var started = 0
        for _ in 0..<max(0, helpers) {
            if DetachedThread.start(stackSize: 8 << 20, { queue.drain(job); finished.signal() }) { started += 1 }
        }
        queue.drain(job)
        for _ in 0..<started { finished.wait() }
    }

    /// Hands out job numbers 0..<count, each once.
    private final class JobQueue: @unchecked Sendable {
        private let count: Int
        private var next = 0
        private let lock = NSLock()
        init(count: Int) { self.count = count }

        func drain(_ job: (Int) -> Void) {
            while true {
                lock.lock()
                let i = next
                next += 1
                lock.unlock()
                guard i < count else { return }
                job(i)
            }
        }
    }
}
