/// The order of records by (parent index, date), stable: what a stable comparison sort on that pair
/// gives, found by counting records per parent (parents are dense indices) and then sorting each
/// parent's few records by date. The finish's comparison sorts of episodes and assessments were 7% of
/// the instructions of loading a flat file (callgrind, docs/performance.md); counting touches each
/// record a few times instead of about log2(n) times.
enum ParentOrder {
    /// A parent with more records than this sorts them with the standard library's stable sort (no
    /// input makes the insertion sort below quadratic).
    static let insertionLimit = 32

    /// `order[k]` is the index of the record that goes k-th. Every `parent(i)` must be in
    /// `0 ..< parentCount` (record links are made by the builder, never read from input).
    static func stable(count: Int, parentCount: Int, parent: (Int) -> Int, date: (Int) -> Int32) -> [Int32] {
        var start = [Int32](repeating: 0, count: parentCount + 1)
        for i in 0..<count { start[parent(i) + 1] &+= 1 }
        for p in 0..<parentCount { start[p + 1] &+= start[p] }
        var order = [Int32](repeating: 0, count: count)
        var next = start
        for i in 0..<count {
            let p = parent(i)
            order[Int(next[p])] = Int32(truncatingIfNeeded: i)
            next[p] &+= 1
        }
        // Within a parent the records are in their original order; sorted by date, equal dates kept so.
        order.withUnsafeMutableBufferPointer { o in
            for p in 0..<parentCount {
                let lo = Int(start[p]), hi = Int(start[p + 1])
                guard hi - lo > 1 else { continue }
                if hi - lo > insertionLimit {
                    var run = Array(o[lo..<hi])
                    run.sort { date(Int($0)) < date(Int($1)) }
                    for k in 0..<run.count { o[lo + k] = run[k] }
                    continue
                }
                for k in (lo + 1)..<hi {
                    let item = o[k], d = date(Int(item))
                    var j = k
                    while j > lo && date(Int(o[j - 1])) > d {
                        o[j] = o[j - 1]
                        j -= 1
                    }
                    o[j] = item
                }
            }
        }
        return order
    }

    /// Rearranges `records` so that record `order[k]` is at k, into a new array: each read is
    /// independent of the one before, so the processor has many cache misses in flight where an
    /// in-place permutation follows a cycle one miss at a time; the price is a second copy of the
    /// records while it runs.
    static func gather<T>(_ records: inout [T], by order: [Int32]) {
        let gathered = records.withUnsafeBufferPointer { r in
            order.map { r[Int($0)] }
        }
        records = gathered
    }
}
