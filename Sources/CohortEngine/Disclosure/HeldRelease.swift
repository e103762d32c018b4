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
    /// Not yet published (a regional pack's member, written with the others): a later release's protection
    /// may hide more of its cells (`ProtectedRelease.earlierHidden`).
    public var mayHide = false

    public init(published: PublishedRelease, truth: [Int], population: Int, name: String, mayHide: Bool = false) {
        self.published = published; self.truth = truth; self.population = population; self.name = name; self.mayHide = mayHide
    }

    /// The release with these cells hidden (`ProtectedRelease.earlierHidden`'s flags, in `truth`'s order).
    public func hiding(_ flags: [Bool]) -> HeldRelease {
        var out = self
        var i = 0
        for t in out.published.tables.indices {
            for r in out.published.tables[t].cells.indices {
                for c in out.published.tables[t].cells[r].indices {
                    if flags.indices.contains(i), flags[i] {
                        out.published.tables[t].cells[r][c] = nil
                        if out.published.tables[t].name == ReportTable.summary.name, c == 0, out.published.tables[t].percents.indices.contains(r) {
                            out.published.tables[t].percents[r] = nil
                        }
                    }
                    i += 1
                }
            }
        }
        if case .shown = out.published.population, flags.indices.contains(i), flags[i] { out.published.population = .hidden }
        return out
    }

    /// A release as protected here: its cells as published and its true counts.
    public init(_ release: ProtectedRelease, cohorts: [(id: String, rule: CohortExpression?)], filter: Filter = .none,
                population: Int, name: String) {
        let published = PublishedRelease(tables: release.tables.map { t in
            PublishedRelease.Table(
                name: t.table.name, columns: t.table.columns, rowIDs: t.table.rows.map(\.id),
                cells: t.table.counts.indices.map { r in t.table.counts[r].indices.map { c in t.isHidden(r, c) ? nil : t.table.counts[r][c] } },
                percents: t.table.name == ReportTable.summary.name ? t.table.counts.indices.map { r in
                    guard let n = t.table.counts[r].first, !t.isHidden(r, 0), !release.populationHidden else { return nil }
                    return ReleaseProtection.printedPercent(n, of: t.table.population)
                } : [])
        }, population: release.populationHidden ? .hidden : .shown(population), cohorts: cohorts, filter: filter,
           hiddenMinimum: release.hiddenMinimum)
        self.init(published: published, truth: release.tables.flatMap { $0.table.counts.flatMap { $0 } } + [population],
                  population: population, name: name)
    }
}

extension Array where Element == HeldRelease {
    /// The releases' names, each once, in order: one ledger entry may be held as several releases (an entry of
    /// other readings: its tables under this release's names and its side by side turned round), and a message
    /// names the entry once.
    public var names: [String] {
        var seen = Set<String>()
        return map(\.name).filter { seen.insert($0).inserted }
    }
}
