import Foundation

/// Custom cohorts added to the protected standard release one at a time (docs/privacy.md, "Custom
/// cohorts in bounded time"). Each step protects the release with one more custom cohort beside what the
/// steps before published (`held`: their cells keep their pattern, a reader holds them), on restrictions
/// of the model (`PartSizes`). A cohort whose step is not proven within its allowance of work, or that
/// leaves a cell unproven, is withheld whole (every cell `c`, zeros too) and takes no part in the later
/// steps; the cohorts proven before it stay published. The budget is counted in solver work
/// (`ProtectionBudget`), so the same inputs withhold the same cohorts on any machine. Withholding publishes nothing about a cohort, so a
/// reader of the result holds exactly the last proven step's release: safe by construction.
extension ReleaseProtection {
    /// - Parameters:
    ///   - tables: the scope's tables with every cohort's row (true counts); `cohorts` in their order.
    ///   - standard: the standard cohorts' release, protected on its own.
    ///   - partSizes: the children in each combination of memberships (never published).
    ///   - previous: this function's release of the same data and settings for the first of these cohorts (the
    ///     explorer's last release, before a cohort was added): its steps are taken as done. Ignored unless its
    ///     cohorts are a prefix of `cohorts` and its threshold and protection are these.
    public static func protectAddingCustomCohorts(tables: [CohortTable], cohorts: [CohortDefinition], standard: ProtectedRelease,
                                                  population: Int, partSizes: PartSizes, threshold: Int, protection: Int?,
                                                  budget: TimeInterval = ReleaseProtection.defaultBudget,
                                                  work: Int = ReleaseProtection.customCohortWork,
                                                  stepWork: Int = ReleaseProtection.customCohortStepWork,
                                                  previous: ProtectedRelease? = nil) -> ProtectedRelease {
        let standardIDs = Set(standard.tables.first?.table.rows.map(\.id) ?? [])
        var custom = cohorts.filter { !standardIDs.contains($0.id) }
        var published = standard
        var kept = standardIDs
        var withheld: [String] = []
        var byClock: [String] = []
        var spent = 0
        if let previous, previous.partSizes == partSizes, previous.threshold == threshold, previous.protection == standard.protection,
           let rows = previous.tables.first?.table.rows.map(\.id), rows.count < cohorts.count,
           rows == cohorts.prefix(rows.count).map(\.id), previous.tables.map(\.table.name) == tables.map(\.name) {
            withheld = previous.withheldCohorts
            byClock = previous.withheldByClock
            spent = previous.customCohortWork
            kept = Set(rows).subtracting(withheld)
            published = previous.keeping(rows: kept)
            published.withheldCohorts = []
            published.withheldByClock = []
            custom = Array(cohorts[rows.count...])
        }
        // The wall-clock safety stop, for the steps of this call together (a last resort: `ProtectionBudget`).
        let safety = Date().addingTimeInterval(budget)
        for cohort in custom {
            if ProtectionCancellation.isRequested { var r = published; r.cancelled = true; return r }
            // Each step may spend what is left of the work, up to a step's allowance: a fixed rule on work done,
            // so that the same cohorts give the same release however the steps are taken (all at once by
            // `report`, one at a time by the explorer) and on any machine.
            let step = ProtectionBudget(work: min(stepWork, max(0, work - spent)), safetySeconds: max(0, safety.timeIntervalSinceNow))
            let ids = kept.union([cohort.id])
            let release = protect(tables: tables.map { rows(ids, of: $0) }, cohorts: cohorts.filter { ids.contains($0.id) },
                                  population: population, held: published, threshold: threshold, protection: protection,
                                  partSizes: partSizes, work: step)
            spent += step.spent
            if release.cancelled { var r = published; r.cancelled = true; return r }
            if release.withheldCohorts.isEmpty && release.unprotectable == 0 {
                published = release
                kept = ids
            } else {
                withheld.append(cohort.id)
                if step.stoppedByClock { byClock.append(cohort.id) }
            }
        }
        // Every cohort's row in its place; a withheld cohort's every cell hidden.
        let out = tables.map { t -> SuppressedTable in
            let proven = published.table(t.name)
            var hidden: [[Bool]] = [], primary: [[Bool]] = []
            for (r, row) in t.rows.enumerated() {
                if let p = proven, let j = p.table.rows.firstIndex(where: { $0.id == row.id }) {
                    hidden.append(p.hidden[j]); primary.append(p.primary[j])
                } else {
                    hidden.append(t.counts[r].map { _ in true }); primary.append(t.counts[r].map { _ in false })
                }
            }
            return SuppressedTable(table: t, threshold: threshold, hidden: hidden, populationHidden: published.populationHidden, primary: primary)
        }
        var result = published
        result.tables = out
        result.withheldCohorts = withheld
        result.withheldByClock = byClock
        result.customCohortWork = spent
        result.partSizes = partSizes
        return result
    }

    /// The table with only the rows of these cohorts, in its order.
    static func rows(_ ids: Set<String>, of t: CohortTable) -> CohortTable {
        var out = t
        let keep = t.rows.indices.filter { ids.contains(t.rows[$0].id) }
        out.rows = keep.map { t.rows[$0] }
        out.counts = keep.map { t.counts[$0] }
        return out
    }
}

extension ReleaseProtection {
    /// A filtered release beside a standard release that withholds custom cohorts. A withheld cohort publishes
    /// nothing, so it takes no part in either release: the filtered release is protected without its rows
    /// (read with the standard release without them), which are then added back with every cell hidden. A
    /// filter that names a withheld cohort (a drill into it) is a release about that cohort: every cell of it
    /// is hidden, the population too.
    public static func protectBesideWithheld(tables: [CohortTable], cohorts: [CohortDefinition], filter: Filter, base: ProtectedRelease,
                                             population: Int, unfilteredPopulation: Int, threshold: Int,
                                             protection: Int?) -> ProtectedRelease {
        let withheld = Set(base.withheldCohorts)
        func hiddenWhole(_ t: CohortTable) -> SuppressedTable {
            SuppressedTable(table: t, threshold: threshold, hidden: t.counts.map { $0.map { _ in true } }, populationHidden: true,
                            primary: t.counts.map { $0.map { _ in false } })
        }
        if filter.cohorts.contains(where: withheld.contains) {
            return ProtectedRelease(tables: tables.map(hiddenWhole), populationHidden: true, threshold: threshold,
                                    protection: max(1, protection ?? threshold), hiddenMinimum: 0, unprotectable: 0,
                                    withheldCohorts: cohorts.map(\.id))
        }
        let kept = Set(cohorts.map(\.id)).subtracting(withheld)
        let keptBase = base.keeping(rows: kept)
        let r = protect(tables: tables.map { rows(kept, of: $0) }, cohorts: cohorts.filter { kept.contains($0.id) }, filter: filter,
                        unfiltered: keptBase.tables.map(\.table), population: population, unfilteredPopulation: unfilteredPopulation,
                        unfilteredRelease: keptBase, threshold: threshold, protection: protection)
        var out = r
        out.tables = tables.map { t in
            guard let p = r.table(t.name) else { return hiddenWhole(t) }
            var hidden: [[Bool]] = [], primary: [[Bool]] = []
            for (i, row) in t.rows.enumerated() {
                if let j = p.table.rows.firstIndex(where: { $0.id == row.id }) { hidden.append(p.hidden[j]); primary.append(p.primary[j]) }
                else { hidden.append(t.counts[i].map { _ in true }); primary.append(t.counts[i].map { _ in false }) }
            }
            return SuppressedTable(table: t, threshold: threshold, hidden: hidden, populationHidden: r.populationHidden, primary: primary)
        }
        out.withheldCohorts = base.withheldCohorts
        return out
    }
}

extension ProtectedRelease {
    /// The release with only the rows of these cohorts (each table's hidden and primary marks with them).
    func keeping(rows ids: Set<String>) -> ProtectedRelease {
        var r = self
        r.tables = tables.map { t in
            let keep = t.table.rows.indices.filter { ids.contains(t.table.rows[$0].id) }
            var out = t
            out.table = ReleaseProtection.rows(ids, of: t.table)
            out.hidden = keep.map { t.hidden.indices.contains($0) ? t.hidden[$0] : [] }
            out.primary = keep.map { t.primary.indices.contains($0) ? t.primary[$0] : [] }
            return out
        }
        return r
    }
}
