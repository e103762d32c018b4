import Foundation

/// What a loader hands to `CensusBuilder`. The flat-file loader feeds it either directly or through
/// `PipelinedBuilderFeed`, which runs the builder on a second thread while the loader parses, so a
/// large file uses both cores. Either way the builder sees the same calls in the same order, so the
/// model and the report are identical.
protocol BuilderFeed: AnyObject {
    func add(_ raw: RawChild, from origin: CensusBuilder.Origin)
    func problem(_ origin: CensusBuilder.Origin, line: Int, child: String, _ rule: LoadRule, _ action: LoadAction, _ detail: String)
    func fileProblem(file: String, line: Int, _ rule: LoadRule, _ action: LoadAction, _ detail: String)
    func noteFailedFile(_ path: String)
    func endOfFile(_ file: String)
}

extension CensusBuilder: BuilderFeed {}

/// Runs the builder's work on a consumer thread, in batches, in order.
final class PipelinedBuilderFeed: BuilderFeed, @unchecked Sendable {
    private enum Item {
        case add(RawChild, CensusBuilder.Origin)
        case problem(CensusBuilder.Origin, Int, String, LoadRule, LoadAction, String)
        case fileProblem(String, Int, LoadRule, LoadAction, String)
        case failed(String)
        case endOfFile(String)
    }

    private let builder: CensusBuilder
    private let condition = NSCondition()
    private var queue: [[Item]] = []
    private var batch: [Item] = []
    private var closed = false
    private var finished = false
    private static let batchSize = 512
    private static let maxQueued = 8

    init(builder: CensusBuilder) {
        self.builder = builder
        batch.reserveCapacity(Self.batchSize)
        let thread = Thread { [self] in consume() }
        thread.stackSize = 1 << 22
        thread.start()
    }

    private func push(_ item: Item) {
        batch.append(item)
        if batch.count >= Self.batchSize { flushBatch() }
    }

    private func flushBatch() {
        guard !batch.isEmpty else { return }
        condition.lock()
        while queue.count >= Self.maxQueued { condition.wait() }
        queue.append(batch)
        condition.broadcast()
        condition.unlock()
        batch = []
        batch.reserveCapacity(Self.batchSize)
    }

    private func consume() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty && closed {
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let items = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            for item in items {
                switch item {
                case .add(let c, let o): builder.add(c, from: o)
                case .problem(let o, let l, let c, let r, let a, let d): builder.problem(o, line: l, child: c, r, a, d)
                case .fileProblem(let f, let l, let r, let a, let d): builder.fileProblem(file: f, line: l, r, a, d)
                case .failed(let f): builder.noteFailedFile(f)
                case .endOfFile(let f): builder.endOfFile(f)
                }
            }
        }
    }

    /// Waits until the builder has done everything queued; call once, at the end of the file.
    func drain() {
        flushBatch()
        condition.lock()
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    func add(_ raw: RawChild, from origin: CensusBuilder.Origin) { push(.add(raw, origin)) }
    func problem(_ origin: CensusBuilder.Origin, line: Int, child: String, _ rule: LoadRule, _ action: LoadAction, _ detail: String) {
        push(.problem(origin, line, child, rule, action, detail))
    }
    func fileProblem(file: String, line: Int, _ rule: LoadRule, _ action: LoadAction, _ detail: String) {
        push(.fileProblem(file, line, rule, action, detail))
    }
    func noteFailedFile(_ path: String) { push(.failed(path)) }
    func endOfFile(_ file: String) { push(.endOfFile(file)) }
}
