/// The points known for one model and one way of reading it (which cells are hidden, each hidden cell's
/// least value): candidates (lifted from earlier steps, or found by this step's searches) and, once
/// verified, what each moves. Hiding more only widens the model, so a verified point stays verified while
/// the protection hides more; one that failed is tried again when more is hidden.
final class PointBook {
    let points: ModelPoints
    private let minimum: (Int) -> Int
    private var candidates: [[Int: Int]] = []
    /// Per candidate, the cells it moves and by how much (nil: not verified under the hidden cells so far).
    private var moved: [[Int: Int]?] = []
    private var hiddenCount = -1
    /// Per cell, the least and greatest change a verified point gives it.
    private var reach: [Int: (low: Int, high: Int)] = [:]
    private(set) var verifiedCount = 0

    init(points: ModelPoints, minimum: @escaping (Int) -> Int) { self.points = points; self.minimum = minimum }

    /// Points kept from earlier steps, lifted to this model (those that cannot be lifted are left out).
    func add(_ certificates: ProofCertificates?) {
        for p in certificates?.points ?? [] {
            if let change = points.lift(p) { append(change); liftedCount += 1 } else { unliftedCount += 1 }
        }
    }
    private(set) var liftedCount = 0, unliftedCount = 0

    /// A point of another model, already lifted to this one (`SmallModelSearch`).
    func add(lifted change: [Int: Int]) { append(change) }

    /// A point a search of this model found.
    func add(values: [Int: Double]) {
        var change: [Int: Int] = [:]
        for (u, x) in values where points.truth.indices.contains(u) {
            let d = Int(x.rounded()) - points.truth[u]
            if d != 0 { change[u] = d }
        }
        append(change)
    }

    private func append(_ change: [Int: Int]) {
        guard !change.isEmpty else { return }
        candidates.append(change)
        moved.append(nil)
        hiddenCount = -1
    }

    /// Verifies the candidates not yet verified, with these cells hidden.
    private func refresh(_ hidden: [Bool]) {
        let n = hidden.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard n != hiddenCount else { return }
        hiddenCount = n
        for i in candidates.indices where moved[i] == nil {
            guard let m = points.verify(candidates[i], hidden: hidden, minimum: minimum) else { continue }
            moved[i] = m
            verifiedCount += 1
            for (c, d) in m {
                let r = reach[c] ?? (0, 0)
                reach[c] = (min(r.low, d), max(r.high, d))
            }
        }
    }

    /// Whether two verified points (the true counts one of them) put the cell `distance` apart.
    func proves(_ cell: Int, distance: Int, hidden: [Bool]) -> Bool {
        refresh(hidden)
        guard let r = reach[cell] else { return false }
        return r.high - r.low >= distance
    }

    /// A cell's widest range the verified points show, as values (nil: no verified point moves it).
    func range(_ cell: Int, hidden: [Bool]) -> ClosedRange<Int>? {
        refresh(hidden)
        guard let r = reach[cell], points.cellTruth.indices.contains(cell) else { return nil }
        return (points.cellTruth[cell] + r.low)...(points.cellTruth[cell] + r.high)
    }

    /// The verified points to keep: for each of these cells, one giving its least value and one its greatest.
    func kept(for cells: [Int], hidden: [Bool], distance: Int) -> ProofCertificates {
        refresh(hidden)
        var chosen = Set<Int>()
        // Of the points that move a cell far enough one way, the one that changes fewest counts (the likeliest
        // to lift to a later model); else the one that moves it furthest.
        func better(_ a: (i: Int, d: Int)?, _ i: Int, _ d: Int, _ far: (Int) -> Bool) -> (i: Int, d: Int) {
            guard let a else { return (i, d) }
            switch (far(a.d), far(d)) {
            case (true, true): return candidates[i].count < candidates[a.i].count ? (i, d) : a
            case (false, true): return (i, d)
            case (true, false): return a
            case (false, false): return abs(d) > abs(a.d) ? (i, d) : a
            }
        }
        for c in cells {
            var low: (i: Int, d: Int)?, high: (i: Int, d: Int)?
            for (i, m) in moved.enumerated() {
                guard let d = m?[c] else { continue }
                if d < 0 { low = better(low, i, d) { $0 <= -distance } }
                if d > 0 { high = better(high, i, d) { $0 >= distance } }
            }
            if let low { chosen.insert(low.i) }
            if let high { chosen.insert(high.i) }
        }
        var out = ProofCertificates()
        for i in chosen.sorted() {
            var change: [ProofCertificates.Key: Int] = [:]
            var named = true
            for (u, d) in candidates[i] { if let k = points.key(u) { change[k] = d } else { named = false } }
            if named { out.points.append(.init(cohorts: points.cohorts, change: change)) }
        }
        return out
    }
}
