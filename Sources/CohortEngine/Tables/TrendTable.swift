import Foundation

/// Cohorts over the reporting years: `--table trend` and the explorer's trend view.
public enum TrendTable {
    public static let name = "trend"

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
        // Each year's index (the first assessment and follow-up of every child) is the cost: built on
        // every core at once; protection then runs year by year (the solver is not re-entrant).
        let engines = YearEngines(count: years.count)
        DispatchQueue.concurrentPerform(iterations: years.count) { i in
            var e = engine
            var s = e.settings
            s.year = years[i]
            e.apply(settings: s)
            engines.set(i, e)
        }
        for (i, y) in years.enumerated() {
            let e = engines.get(i) ?? engine
            let r = ReportTables.protectedScope(engine: e, threshold: threshold, filter: filter, protection: protection)
            perYear.append((y, r.subset(["summary"])))
            let summary = r.table("summary")
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
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

/// The per-year engines a trend builds in parallel, each slot written by one iteration.
private final class YearEngines: @unchecked Sendable {
    private var slots: [CohortEngine?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ e: CohortEngine) { lock.lock(); slots[i] = e; lock.unlock() }
    func get(_ i: Int) -> CohortEngine? { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
