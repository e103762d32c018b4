import Foundation
import CINModel

/// Hands batches from the thread that produces them to a second thread that consumes them, in order,
/// with at most a few batches waiting (memory stays flat). The flat-file loader parses on one core
/// while the builder validates and merges on the other.
final class BatchPipeline<Batch>: @unchecked Sendable {
    private let consume: (Batch) -> Void
    private let condition = NSCondition()
    private var queue: [Batch] = []
    /// Consumed batches, for the producer to fill again instead of allocating new ones (only when
    /// `keepsSpares`; otherwise a consumed batch is released at once).
    private var spare: [Batch] = []
    private let keepsSpares: Bool
    private var closed = false
    /// Batches pushed and not yet consumed.
    private var pending = 0
    private var finished = false
    private let maxQueued: Int
    /// The consumer thread could not be started (no memory for its stack): batches are consumed on
    /// the producer's thread as they are pushed. Foundation's `Thread.start()` fails silently, and a
    /// producer waiting on a consumer that never ran would wait for ever.
    private var inline = false
    /// Time the producer spent waiting for the consumer to catch up, and the consumer waiting for
    /// batches (nanoseconds; `CINX_TIMING` prints them: which side is the critical path).
    private(set) var producerWaited: UInt64 = 0
    private(set) var consumerWaited: UInt64 = 0

    init(maxQueued: Int = 4, keepsSpares: Bool = false, consume: @escaping (Batch) -> Void) {
        self.consume = consume
        self.maxQueued = maxQueued
        self.keepsSpares = keepsSpares
        inline = !DetachedThread.start(stackSize: 1 << 22) { [self] in run() }
    }

    /// Queues a batch; waits while the consumer is `maxQueued` batches behind.
    func push(_ batch: Batch) {
        if inline {
            consume(batch)
            if keepsSpares { spare.append(batch) }
            return
        }
        condition.lock()
        if queue.count >= maxQueued {
            let start = DispatchTime.now().uptimeNanoseconds
            while queue.count >= maxQueued { condition.wait() }
            producerWaited += DispatchTime.now().uptimeNanoseconds - start
        }
        queue.append(batch)
        pending += 1
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            if queue.isEmpty && !closed {
                let start = DispatchTime.now().uptimeNanoseconds
                while queue.isEmpty && !closed { condition.wait() }
                consumerWaited += DispatchTime.now().uptimeNanoseconds - start
            }
            if queue.isEmpty && closed {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            consume(batch)
            condition.lock()
            if keepsSpares { spare.append(batch) }
            pending -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Batches pushed that the consumer has not started (0 when it waits for the next).
    var queued: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    /// A batch the consumer has finished with, if any (the producer empties it before reuse).
    func takeSpare() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        return spare.popLast()
    }

    /// Waits until every batch pushed so far has been consumed (the pipeline stays open).
    func waitUntilIdle() {
        condition.lock()
        while pending > 0 { condition.wait() }
        condition.unlock()
    }

    /// Waits until every queued batch has been consumed; call once, at the end.
    func drain() {
        if inline { return }
        condition.lock()
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}

