/// How many children lie in each combination of cohort memberships: the true size of each part of a
/// release's model (`CohortParts`). The writer knows them; a reader does not, and they are never
/// published. The protection and the writer's audit use them to *restrict* the model (docs/privacy.md,
/// "Custom cohorts in bounded time"):
///
/// - A restriction adds equalities to the model (a part's size at its true value, every unknown of a part
///   with no child at 0), so its integer points are integer points of the full model. A proof that a hidden
///   cell's range is wide is two integer points of the model `protection` apart (the true counts, always a
///   point, and one found by a search): found in a restriction, both are points of the full model, so the
///   proof holds for the reader too. The restriction may miss a proof the full model has; the cell then
///   counts as narrow and more is hidden, never less.
/// - The other questions, whether a cell is *narrow* or *determined*, are not answered by a restriction: a
///   reader is not bound by it. They go to the full model, or are treated as undecided (hide more).
///
/// With the sizes pinned, each dimension's counts are linked to another's only through known constants, and
/// the model falls apart into one small program per group of linked tables (as the standard release's does
/// when its published sizes pin its parts): what keeps a release with custom cohorts fast.
public struct PartSizes: Sendable, Equatable {
    /// The ids of the cohorts a group of children is in (an empty set: in none) -> how many children.
    public var counts: [Set<String>: Int]
    /// The same groups' counts in each value of each dimension (dimension name -> per value; several-valued
    /// dimensions count each value a child has): the true value of every unknown of a model, which makes the
    /// true counts a point of it (`ModelPoints`). Empty when not known (then no certificates are kept).
    public var values: [Set<String>: [String: [Int]]]

    public init(counts: [Set<String>: Int], values: [Set<String>: [String: [Int]]] = [:]) { self.counts = counts; self.values = values }

    /// What a restriction of `model` pins: with `sizes`, each part's size (and the population) at its true
    /// value; always, every unknown of a part with no child at 0. nil when the counts do not fit the
    /// model's parts (a group of children with no part, a model of several releases): the model is then
    /// not restricted.
    func pins(_ model: ReleaseModel, sizes: Bool) -> [Int: Double]? {
        guard model.populationUnknowns.count == 1 else { return nil }
        let ids = model.parts.cohortIDs
        var byMembership: [UInt64: Int] = [:]
        for (cohorts, n) in counts where n > 0 {
            var mask: UInt64 = 0
            for (k, id) in ids.enumerated() where cohorts.contains(id) { mask |= 1 << UInt64(k) }
            byMembership[mask, default: 0] += n
        }
        var size = [Int](repeating: 0, count: model.parts.parts.count)
        for (mask, n) in byMembership {
            guard let p = model.parts.parts.firstIndex(where: { $0.inPopulation && $0.membership == mask }) else { return nil }
            size[p] += n
        }
        guard model.parts.parts.indices.allSatisfy({ model.parts.parts[$0].inPopulation || size[$0] == 0 }) else { return nil }
        var pins: [Int: Double] = [:]
        let empty = Set(size.indices.filter { size[$0] == 0 })
        for (u, p) in model.partOfUnknown.enumerated() {
            if let p, empty.contains(p) { pins[u] = 0 }
        }
        if sizes {
            for (p, u) in model.partSizeUnknowns.enumerated() { pins[u] = Double(size[p]) }
            pins[model.populationUnknown] = Double(size.reduce(0, +))
        }
        return pins
    }
}
