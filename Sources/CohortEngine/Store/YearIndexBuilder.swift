import CINModel

/// The `CohortIndex` of several reporting years, built in one pass over the children: each child's
/// assessments are read once and its first assessment found for every year at the same time, where
/// one index per year would read every child's history once per year. The children are split into
/// ranges, one per core, and each year's ranges are joined in child order, so every index equals
/// `CohortIndex(data:settings:)` for its year, entry for entry.
enum YearIndexBuilder {
    /// - Parameters:
    ///   - years: distinct reporting years.
    ///   - ranges: how many ranges of children to build in parallel (default: one per core, fewer for
    ///     a small extract).
    /// - Returns: one index per entry of `years`, in that order, each with `reading`'s settings but
    ///   its year (the window and every choice's reading).
    static func build(data: CensusData, years: [Int], reading: AnalysisSettings,
                      authorityColumns: AuthorityColumns, ranges: Int? = nil) -> [CohortIndex] {
        let settings = years.map { reading.inYear($0) }
        guard !years.isEmpty else { return [] }
        let childCount = data.children.count
        let ranges = ranges.map { ParallelWork.ranges(of: childCount, parts: $0) } ?? ParallelWork.ranges(of: childCount)
        var perRange = ParallelWork.map(ranges.count) { r in
            columns(children: ranges[r], data: data, settings: settings, authorityColumns: authorityColumns)
        }
        // Each year's ranges are split into columns of exactly its size and then let go, so the
        // join holds one year twice at most (the engine builds every year's index when it starts).
        return settings.indices.map { y in
            let joined = CohortIndexColumns.Joined(perRange.map { $0[y] })
            for r in perRange.indices { perRange[r][y] = CohortIndexColumns() }
            return CohortIndex(settings: settings[y], columns: joined)
        }
    }

    /// One range of children's entries, one set of columns per year (the same order as `settings`).
    static func columns(children: Range<Int>, data: CensusData, settings: [AnalysisSettings],
                        authorityColumns: AuthorityColumns) -> [CohortIndexColumns] {
        var out = [CohortIndexColumns](repeating: CohortIndexColumns(), count: settings.count)
        var firsts = FirstAssessmentsByYear(years: settings.map(\.year), rules: settings.first.map(FirstAssessment.Rules.init) ?? .standard)
        for c in children {
            firsts.scan(child: c, in: data)
            guard firsts.foundCount > 0 else { continue }
            let record = data.children[c]
            let values = CohortIndexColumns.ChildValues(record, authorityColumns: authorityColumns)
            for i in 0..<firsts.foundCount {
                let y = firsts.found[i]
                guard let f = firsts.first[y] else { continue }
                let age = AgeBand.at(f.ageDate(settings[y].ageAt), birth: record.birthDate, expectedBirth: record.expectedBirthDate)
                out[y].append(child: c, first: f, ageBand: age, values: values,
                              followUp: FollowUp.compute(child: c, first: f, in: data, settings: settings[y]))
            }
        }
        return out
    }
}
