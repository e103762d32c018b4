import Foundation

/// Cohorts over the reporting years: `--table trend` and the explorer's trend view.
public enum TrendTable {
    public static let name = ReportTable.trend.name

    /// The reporting years a trend shows: every year from the first return's to the last's.
    public static func years(engine: CohortEngine) -> [Int] {
        AnalysisSettings.coveredYears(returnYears: engine.data.returnYears).map { Array($0) } ?? [engine.settings.year]
    }

    /// Years whose follow-up window runs past the last return (marked in the explorer).
    public static func yearsPastTheData(engine: CohortEngine) -> Set<Int> {
        Set(years(engine: engine).filter {
            !AnalysisSettings.followUpCovered(year: $0, followUpYears: engine.settings.followUpYears, returnYears: engine.data.returnYears)
        })
    }

    /// One column per year Y, headed `Y`: the cohort sizes exactly as `cinx report --year Y --table
    /// summary` publishes them, each year protected in its own scope (docs/privacy.md), so that the
    /// trend tells a reader nothing the year's own release does not.
    /// - Returns: the trend table and each year's protected release (for the audit).
    public static func release(engine: CohortEngine, threshold: Int, filter: Filter = .none,
                               protection: Int? = nil) -> (table: SuppressedTable, perYear: [(year: Int, release: ProtectedRelease)]) {
        let years = years(engine: engine)
        var perYear: [(Int, ProtectedRelease)] = []
        var counts = [[Int]](repeating: [], count: engine.cohorts.count)
        var hidden = [[Bool]](repeating: [], count: engine.cohorts.count)
        var primary = [[Bool]](repeating: [], count: engine.cohorts.count)
        for (y, r) in zip(years, releases(engine: engine, years: years, threshold: threshold, filter: filter, protection: protection)) {
            perYear.append((y, r.subset([ReportTable.summary.name])))
            let summary = r.table(ReportTable.summary.name)
            for k in engine.cohorts.indices {
                counts[k].append(summary?.table.counts[safe: k]?.first ?? 0)
                hidden[k].append(summary?.isHidden(k, 0) ?? false)
                primary[k].append(summary?.primary[safe: k]?.first ?? false)
            }
        }
        let table = CohortTable(name: name, dimension: nil, rows: engine.cohorts.map { .init(id: $0.id, label: $0.label) },
                                columns: years.map(String.init), counts: counts, population: engine.populationSize,
                                totalColumn: nil, allColumn: nil)
        return (SuppressedTable(table: table, threshold: threshold, hidden: hidden, primary: primary), perYear)
    }

    /// Each year's protected release holding at least its summary, as `cinx report --year Y` makes it.
    static func releases(engine: CohortEngine, years: [Int], threshold: Int, filter: Filter, protection: Int?) -> [ProtectedRelease] {
        // Without suppression or filter a year publishes its cohort sizes as counted: one pass over
        // the children counts every year's, with no index.
        if threshold == 0 && filter.isEmpty {
            return YearCohortSizes.summaries(engine: engine, years: years).map { summary in
                ReleaseProtection.protect(tables: [summary], cohorts: engine.cohorts, population: summary.population,
                                          threshold: 0, protection: protection)
            }
        }
        // Every year's index comes from one pass over the children (and stays cached in the engine).
        let indexes = engine.indexes(forYears: years)
        // Each year's engine and counts are made on every core at once; protection then runs year by
        // year (the solver is not re-entrant). Without suppression only the summary is published, and
        // protection leaves every table as counted, so only the summary is counted.
        let prepared = ParallelWork.map(years.count) { i -> (engine: CohortEngine, counts: YearCounts) in
            var e = engine
            e.apply(settings: indexes[i].settings)
            if threshold > 0 { return (e, .scope(ReportTables.ScopeCounts(engine: e, filter: filter))) }
            return (e, .summary(e.summary(filter: e.labelled(filter))))
        }
        return prepared.map { e, yearCounts in
            switch yearCounts {
            case .scope(let scope):
                return ReportTables.protectedScope(engine: e, threshold: threshold, filter: filter, protection: protection,
                                                   unfiltered: nil, counts: scope)
            case .summary(let summary):
                return ReleaseProtection.protect(tables: [summary], cohorts: e.cohorts, population: summary.population,
                                                 threshold: threshold, protection: protection)
            }
        }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

/// A year's counts, made in parallel before protection.
private enum YearCounts {
    /// The protected scope's tables (with suppression).
    case scope(ReportTables.ScopeCounts)
    /// The summary alone (without suppression).
    case summary(CohortTable)
}
