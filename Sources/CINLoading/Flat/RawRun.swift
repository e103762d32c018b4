/// A growable run of plain values (a batch's bytes, field bounds and per-row facts) in raw storage:
/// appending is one capacity check and one copy. `Array.append(contentsOf:)` cost about 70
/// instructions a call beyond the copy, twice per row, and each `Array.append` a uniqueness check
/// (callgrind, docs/performance.md). The owner deallocates it.
struct RawRun<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ source: UnsafePointer<Element>?, count n: Int) {
        guard let source, n > 0 else { return }
        if count + n > capacity { grow(to: count + n) }
        (base + count).initialize(from: source, count: n)
        count += n
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "row index out of the batch")
        return base[i]
    }

    private mutating func grow(to needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let moved = UnsafeMutablePointer<Element>.allocate(capacity: bigger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = bigger
    }

    /// The values so far; valid until the next append or `deallocate`.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}
