import Foundation

/// The per-year indexes a trend builds, kept for the engine's data so that a second trend, or a
/// switch to one of those years, does not build them again. Shared by copies of an engine (they
/// hold the same data); keyed by the whole settings, so a different follow-up window or need rule
/// never reads another's index.
final class YearIndexCache: @unchecked Sendable {
    private var indexes: [AnalysisSettings: CohortIndex] = [:]
    /// Each kept index's cohort bits for one cohort list (`storeMemberships`): a trend's years then
    /// start counting at once (each year's bits cost a pass over its population otherwise).
    private var memberships: [AnalysisSettings: (cohorts: [CohortDefinition], bits: [UInt32])] = [:]
    private let lock = NSLock()

    /// The settings whose indexes are kept (tests).
    var keptSettings: [AnalysisSettings] {
        lock.lock(); defer { lock.unlock() }
        return Array(indexes.keys)
    }

    func index(for settings: AnalysisSettings) -> CohortIndex? {
        lock.lock(); defer { lock.unlock() }
        return indexes[settings]
    }

    /// Keeps `list`, and of what was kept before only the indexes of the same follow-up window and
    /// need rule: a national extract's years cost tens of MB, and an explorer session that tries other
    /// windows should hold one set, not one per window tried.
    func store(_ list: [CohortIndex]) {
        lock.lock(); defer { lock.unlock() }
        if let s = list.first?.settings {
            indexes = indexes.filter { $0.key.inYear(s.year) == s }
        }
        for i in list { indexes[i.settings] = i }
        memberships = memberships.filter { indexes[$0.key] != nil }
    }

    /// Works out the cohort bits of every kept index for `cohorts`, on every core, and keeps them.
    func storeMemberships(cohorts: [CohortDefinition]) {
        let kept: [CohortIndex] = { lock.lock(); defer { lock.unlock() }; return Array(indexes.values) }()
        let rules = CohortMembership(cohorts)
        let bits = ParallelWork.map(kept.count) { i in kept[i].factors.map { rules.bits($0) } }
        lock.lock(); defer { lock.unlock() }
        for (index, b) in zip(kept, bits) where indexes[index.settings] != nil { memberships[index.settings] = (cohorts, b) }
    }

    /// The kept cohort bits of `settings`' index, when they were made for `cohorts`.
    func membership(for settings: AnalysisSettings, cohorts: [CohortDefinition]) -> [UInt32]? {
        lock.lock(); defer { lock.unlock() }
        guard let m = memberships[settings], m.cohorts == cohorts else { return nil }
        return m.bits
    }
}

extension CohortEngine {
    /// The index of each of `years` under the engine's follow-up window and need rule: the current
    /// index for the current year, cached ones, and the rest built together in one pass (then cached).
    func indexes(forYears years: [Int]) -> [CohortIndex] {
        let current = settings
        func settingsOfYear(_ y: Int) -> AnalysisSettings {
            var s = current
            s.year = y
            return s
        }
        func known(_ y: Int) -> CohortIndex? {
            settingsOfYear(y) == index.settings ? index : yearIndexes.index(for: settingsOfYear(y))
        }
        let missing = years.filter { known($0) == nil }
        let built = YearIndexBuilder.build(data: data, years: missing, reading: settings, authorityColumns: authorityColumns)
        yearIndexes.store(built)
        let fresh = Dictionary(uniqueKeysWithValues: zip(missing, built))
        return years.map { y in known(y) ?? fresh[y] ?? CohortIndex(data: data, settings: settingsOfYear(y), authorityColumns: authorityColumns) }
    }
}
