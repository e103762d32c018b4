/// A model's true counts as a point, and what checking another point against the model needs: for each
/// unknown the cells and relations that sum it.
struct ModelPoints {
    let model: ReleaseModel
    /// Per unknown, its true value.
    let truth: [Int]
    /// Per cell, its true count (the sum of its unknowns' true values).
    let cellTruth: [Int]
    private let relationTruth: [Double]
    private let cellsOf: [[Int]]
    private let relationsOf: [[Int]]
    /// Per unknown, its model-independent name (nil: one this model alone has, never in a kept point).
    private let keys: [ProofCertificates.Key?]
    private let unknownOf: [ProofCertificates.Key: Int]
    /// Per part, the cohorts it lies in (nil: a cohort of unknown rule).
    private let partIDs: [Set<String>?]
    let cohorts: Set<String>
    private let familiesPresent: Set<String>
    /// `liftOrder`'s answers, kept: a step lifts and searches many points whose parts ask the same few orders,
    /// and each answer filters every part by a set intersection (a tenth of the time of the demo's eight
    /// custom cohorts went there). The order depends on the model and the true counts only, never on a point.
    private let liftOrders = LiftOrders()

    private final class LiftOrders {
        struct Question: Hashable { let ids: Set<String>; let fewer: Set<String> }
        var answers: [Question: [Int]] = [:]
    }

    /// nil when the true value of some unknown is not known (no `PartSizes.values`, a table of another shape,
    /// several releases read together) or the true counts do not meet the model (then nothing is certified).
    init?(model: ReleaseModel, partSizes: PartSizes) {
        guard !partSizes.values.isEmpty, model.populationUnknowns.count == 1 else { return nil }
        self.model = model
        let ids = model.parts.cohortIDs
        cohorts = Set(ids)
        let parts = model.parts.parts
        partIDs = parts.map { p in
            p.inPopulation ? Set(ids.indices.filter { p.membership & (1 << UInt64($0)) != 0 }.map { ids[$0] }) : nil
        }
        var partOf: [Set<String>: Int] = [:]
        for (p, s) in partIDs.enumerated() { if let s { partOf[s] = p } }
        var size = [Int](repeating: 0, count: parts.count)
        var values = [[String: [Int]]](repeating: [:], count: parts.count)
        for (group, n) in partSizes.counts where n > 0 {
            guard let p = partOf[group.intersection(cohorts)] else { return nil }
            size[p] += n
            for (family, counts) in partSizes.values[group] ?? [:] {
                var sum = values[p][family] ?? [Int](repeating: 0, count: counts.count)
                for v in counts.indices where sum.indices.contains(v) { sum[v] += counts[v] }
                values[p][family] = sum
            }
        }
        let sizeUnknown = Dictionary(model.partSizeUnknowns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var truth = [Int](repeating: 0, count: model.unknownCount)
        var keys = [ProofCertificates.Key?](repeating: nil, count: model.unknownCount)
        var families = Set<String>()
        for u in 0..<model.unknownCount {
            if let p = sizeUnknown[u] {
                truth[u] = size[p]
                keys[u] = partIDs[p].map { .size($0) }
            } else if u == model.populationUnknown {
                truth[u] = model.parts.populationParts.reduce(0) { $0 + size[$1] }
                keys[u] = .population
            } else if let (family, v) = model.unknownFamily[u], let p = model.partOfUnknown[u] {
                let name = family.hasPrefix("table:") ? String(family.dropFirst("table:".count)) : family
                guard Dimension(rawValue: name) != nil, let counts = values[p][name] ?? (size[p] == 0 ? [] : nil) else { return nil }
                truth[u] = counts.indices.contains(v) ? counts[v] : 0
                keys[u] = partIDs[p].map { .value($0, family, v) }
                families.insert(family)
            } else if let c = model.freeUnknownCell[u], model.cells.indices.contains(c), let n = model.cells[c].published {
                truth[u] = n
                let cell = model.cells[c]
                keys[u] = .free(model.tableNames[safe: cell.table] ?? "", model.rowIDs(table: cell.table)[safe: cell.row] ?? "", cell.column)
            } else {
                return nil
            }
        }
        var cellsOf = [[Int]](repeating: [], count: model.unknownCount)
        var cellTruth: [Int] = []
        for (c, cell) in model.cells.enumerated() {
            var sum = 0
            for u in cell.terms { sum += truth[u]; cellsOf[u].append(c) }
            cellTruth.append(sum)
            // The true counts must be what is published.
            if let n = cell.published, n != sum { return nil }
        }
        var relationsOf = [[Int]](repeating: [], count: model.unknownCount)
        var relationTruth: [Double] = []
        for (r, relation) in model.relations.enumerated() {
            var sum = 0.0
            for t in relation.terms { sum += Double(truth[t.column]) * t.coefficient; relationsOf[t.column].append(r) }
            relationTruth.append(sum)
            if let l = relation.lower, sum < l - 1e-6 { return nil }
            if let h = relation.upper, sum > h + 1e-6 { return nil }
        }
        SolverWork.charge(terms: model.termCount)
        for u in 0..<model.unknownCount {
            if truth[u] < 0 { return nil }
            if let h = model.upperBounds[u], Double(truth[u]) > h + 1e-6 { return nil }
        }
        self.truth = truth
        self.cellTruth = cellTruth
        self.relationTruth = relationTruth
        self.cellsOf = cellsOf
        self.relationsOf = relationsOf
        self.keys = keys
        var unknownOf: [ProofCertificates.Key: Int] = [:]
        for (u, k) in keys.enumerated() { if let k { unknownOf[k] = u } }
        self.unknownOf = unknownOf
        familiesPresent = families
    }

    /// An unknown's model-independent name.
    func key(_ u: Int) -> ProofCertificates.Key? { keys.indices.contains(u) ? keys[u] : nil }

    /// The point as changes of this model's unknowns. A point of the model of fewer cohorts is lifted: each of
    /// its parts is the union of this model's parts that agree on its cohorts, and its whole change goes to
    /// one of them, the first that keeps every count of that part at least 0 and within its bounds and meets
    /// the part's own relations (those in the fewest of the added cohorts first, so that their cells do not
    /// move; then the largest). Changes of families this model does not have are left out (its tables are a
    /// part of the point's). nil when a part's change fits none of them, or the point is of other cohorts.
    func lift(_ point: ProofCertificates.Point) -> [Int: Int]? {
        guard point.cohorts.isSubset(of: cohorts) else { return nil }
        var out: [Int: Int] = [:]
        var byPart: [Set<String>: [(key: ProofCertificates.Key, change: Int)]] = [:]
        for (key, d) in point.change {
            switch key {
            case .population:
                guard let u = unknownOf[key] else { return nil }
                out[u] = d
            case .free:
                if let u = unknownOf[key] { out[u] = d }
            case .size(let s): byPart[s, default: []].append((key, d))
            case .value(let s, let family, _):
                if familiesPresent.contains(family) { byPart[s, default: []].append((key, d)) }
            }
        }
        // Charged whole before any part may fail (in the dictionary's order, which varies from run to run).
        SolverWork.charge(terms: byPart.count * partIDs.count)
        for (s, changes) in byPart {
            var placed = false
            for q in liftOrder(s, of: point.cohorts) {
                guard let local = place(changes, in: q) else { continue }
                for (u, d) in local { out[u, default: 0] += d }
                placed = true
                break
            }
            if !placed { return nil }
        }
        return out.filter { $0.value != 0 }
    }

    /// The part a lift puts the change of a part of the model of `fewer` cohorts lying in `ids` (the first
    /// `lift` tries): in the fewest cohorts, then the largest.
    func preferredPart(_ ids: Set<String>, of fewer: Set<String>) -> Int? { liftOrder(ids, of: fewer).first }

    /// This model's parts that make up the part of the model of `fewer` cohorts lying in `ids`, in the order a
    /// lift tries them: in the fewest cohorts first (the added cohorts' cells then do not move), then the largest.
    private func liftOrder(_ ids: Set<String>, of fewer: Set<String>) -> [Int] {
        let question = LiftOrders.Question(ids: ids, fewer: fewer)
        if let known = liftOrders.answers[question] { return known }
        let order = partIDs.indices.filter { partIDs[$0].map { $0.intersection(fewer) == ids } ?? false }
            .sorted { a, b in
                let na = partIDs[a]?.count ?? 0, nb = partIDs[b]?.count ?? 0
                if na != nb { return na < nb }
                return truth[model.partSizeUnknowns[a]] > truth[model.partSizeUnknowns[b]]
            }
        liftOrders.answers[question] = order
        return order
    }

    /// The unknown of part `q` that `key` (of a part of a model of fewer cohorts) lifts to.
    func unknown(_ key: ProofCertificates.Key, inPart q: Int) -> Int? {
        guard let ids = partIDs[safe: q] ?? nil else { return nil }
        switch key {
        case .size: return unknownOf[.size(ids)]
        case .value(_, let family, let v): return unknownOf[.value(ids, family, v)]
        default: return unknownOf[key]
        }
    }

    /// The changes of one part put in part `q`, when its counts stay within their bounds and its own
    /// relations (those of its unknowns alone) hold.
    private func place(_ changes: [(key: ProofCertificates.Key, change: Int)], in q: Int) -> [Int: Int]? {
        guard let ids = partIDs[q] else { return nil }
        var local: [Int: Int] = [:]
        for (key, d) in changes {
            let mapped: ProofCertificates.Key
            switch key {
            case .size: mapped = .size(ids)
            case .value(_, let family, let v): mapped = .value(ids, family, v)
            default: return nil
            }
            guard let u = unknownOf[mapped] else { return nil }
            local[u] = d
        }
        for (u, d) in local {
            let x = truth[u] + d
            if x < 0 { return nil }
            if let h = model.upperBounds[u], Double(x) > h + 1e-6 { return nil }
        }
        let size = model.partSizeUnknowns[q]
        var asked = Set<Int>()
        for u in local.keys { asked.formUnion(relationsOf[u]) }
        for r in asked {
            let relation = model.relations[r]
            guard relation.whilePublished.isEmpty,
                  relation.terms.allSatisfy({ $0.column == size || model.partOfUnknown[$0.column] == q }) else { continue }
            guard holds(r, after: local) else { return nil }
        }
        return local
    }

    /// Whether relation `r` holds at the true counts changed by `change` (the true counts meet it: `init`).
    private func holds(_ r: Int, after change: [Int: Int]) -> Bool {
        let relation = model.relations[r]
        var sum = relationTruth[r]
        for t in relation.terms { if let d = change[t.column] { sum += Double(d) * t.coefficient } }
        if let l = relation.lower, sum < l - 1e-6 { return false }
        if let h = relation.upper, sum > h + 1e-6 { return false }
        return true
    }

    /// Whether the true counts changed by `change` are a point of the model with these cells hidden: every
    /// count at least 0 and within its bounds, every published cell at its count, every hidden cell at least
    /// its minimum, every relation that binds (a percentage while its cells are published) met. Only the
    /// cells and relations of the changed unknowns are read: the true counts meet all of them (`init`).
    /// Returns each changed cell's change, or nil when the point does not verify.
    func verify(_ change: [Int: Int], hidden: [Bool], minimum: (Int) -> Int) -> [Int: Int]? {
        var cells = Set<Int>(), relations = Set<Int>()
        for (u, d) in change {
            guard truth.indices.contains(u) else { return nil }
            let x = truth[u] + d
            if x < 0 { return nil }
            if let h = model.upperBounds[u], Double(x) > h + 1e-6 { return nil }
            cells.formUnion(cellsOf[u])
            relations.formUnion(relationsOf[u])
        }
        var moved: [Int: Int] = [:]
        // Charged whole before a cell may fail (in the set's order, which varies from run to run).
        SolverWork.charge(terms: cells.reduce(0) { $0 + model.cells[$1].terms.count })
        for c in cells {
            var d = 0
            for u in model.cells[c].terms { d += change[u] ?? 0 }
            let isHidden = hidden.indices.contains(c) ? hidden[c] : true
            if isHidden || model.cells[c].published == nil {
                if cellTruth[c] + d < minimum(c) { return nil }
            } else if d != 0 {
                return nil
            }
            if d != 0 { moved[c] = d }
        }
        for r in relations {
            let relation = model.relations[r]
            guard relation.whilePublished.allSatisfy({ !(hidden.indices.contains($0) ? hidden[$0] : true) }) else { continue }
            guard holds(r, after: change) else { return nil }
        }
        return moved
    }
}
