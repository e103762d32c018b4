/// A release a reader already holds, with the true counts behind it (the writer has the data): a new
/// release is protected together with every such release of the same children (docs/privacy.md,
/// "Releases read together").
public struct HeldRelease: Sendable {
    /// As the reader holds it: its shown counts, `c`s, cohort rules and filter.
    public var published: PublishedRelease
    /// The true counts of `published`'s cells: tables in order, row by row; then the population when it
    /// is published (`ReleaseModel`'s order of one release's cells).
    public var truth: [Int]
    /// The true (filtered) population.
    public var population: Int
    /// Where the reader found it (a ledger entry's id, `standard` for the standard release): named when
    /// a new release cannot be made safe beside it.
    public var name: String

    public init(published: PublishedRelease, truth: [Int], population: Int, name: String) {
        self.published = published; self.truth = truth; self.population = population; self.name = name
    }

    /// A release as protected here: its cells as published and its true counts.
    public init(_ release: ProtectedRelease, cohorts: [(id: String, rule: CohortExpression?)], filter: Filter = .none,
                population: Int, name: String) {
        let published = PublishedRelease(tables: release.tables.map { t in
            PublishedRelease.Table(
                name: t.table.name, columns: t.table.columns, rowIDs: t.table.rows.map(\.id),
                cells: t.table.counts.indices.map { r in t.table.counts[r].indices.map { c in t.isHidden(r, c) ? nil : t.table.counts[r][c] } },
                percents: t.table.name == "summary" ? t.table.counts.indices.map { r in
                    guard let n = t.table.counts[r].first, !t.isHidden(r, 0), !release.populationHidden else { return nil }
                    return ReleaseProtection.printedPercent(n, of: t.table.population)
                } : [])
        }, population: release.populationHidden ? .hidden : .shown(population), cohorts: cohorts, filter: filter,
           hiddenMinimum: release.hiddenMinimum)
        self.init(published: published, truth: release.tables.flatMap { $0.table.counts.flatMap { $0 } } + [population],
                  population: population, name: name)
    }
}
