import Foundation

/// The named tables of `cinx report` and of exports, with their titles and context lines.
public enum ReportTables {
    public static let definitionsVersion = "cinx-definitions-1"
    /// The FOI's tables, in the order of its questions (`--table all`).
    public static let allTableNames = ReportTable.foi.map(\.name)

    /// One table's counts (before protection); nil for the trend, which is made year by year (`TrendTable`).
    public static func table(engine: CohortEngine, _ table: ReportTable, filter: Filter = .none) -> CohortTable? {
        switch table {
        case .summary: return engine.summary(filter: filter)
        case .dimension(let d): return engine.table(d, filter: filter)
        case .trend: return nil
        }
    }

    /// Every table cinx can publish for one filter: the summary and every dimension. All outputs
    /// for a filter (report, explorer screens, exports) show parts of this one protected whole, so
    /// that holding all of them tells a reader no more than the whole, which audits clean.
    public static let scopeNames = ReportTable.scope.map(\.name)

    /// Every table of the scope for a filter, counted in one pass.
    static func scopeTables(engine: CohortEngine, filter: Filter) -> [CohortTable] {
        let all = engine.tables(Dimension.allCases, filter: filter)
        return [all.summary] + all.tables
    }

    /// The scope's counts for a filter, made before protection (the trend counts every year's on
    /// every core, then protects them one at a time): `filtered` is nil for an unfiltered scope.
    struct ScopeCounts {
        var unfiltered: [CohortTable]
        var filtered: [CohortTable]?

        init(engine: CohortEngine, filter: Filter) {
            unfiltered = ReportTables.scopeTables(engine: engine, filter: .none)
            let filter = engine.labelled(filter)
            filtered = filter.isEmpty ? nil : ReportTables.scopeTables(engine: engine, filter: filter)
        }
    }

    /// Every table of `scopeNames` protected together (docs/privacy.md): primary suppression,
    /// query-set-size control when filtered or for custom cohorts, and secondary suppression over
    /// the linked model.
    /// - Parameter unfiltered: the unfiltered scope at the same threshold, if already protected (a
    ///   filtered release is checked against it; it is computed when not given).
    /// - Parameters:
    ///   - earlier: releases of the same children a reader already holds (a ledger's), protected together with
    ///     this one (the standard release never changes for them: it is not protected with any).
    ///   - extending: the unfiltered release of the same data for the first of the engine's cohorts (the
    ///     explorer's, before a custom cohort was added): the custom cohorts it proved are kept as proven
    ///     (`ReleaseProtection.protectAddingCustomCohorts`).
    public static func protectedScope(engine: CohortEngine, threshold: Int, filter: Filter = .none,
                                      protection: Int? = nil, unfiltered: ProtectedRelease? = nil,
                                      earlier: [HeldRelease] = [], budget: TimeInterval = ReleaseProtection.defaultBudget,
                                      only names: [String]? = nil, extending previous: ProtectedRelease? = nil) -> ProtectedRelease {
        protectedScope(engine: engine, threshold: threshold, filter: filter, protection: protection, unfiltered: unfiltered, counts: nil,
                       earlier: earlier, budget: budget, only: names, extending: previous)
    }

    /// As above, with the scope's counts made already (nil: count them here).
    static func protectedScope(engine: CohortEngine, threshold: Int, filter: Filter, protection: Int?,
                               unfiltered: ProtectedRelease?, counts: ScopeCounts?, earlier: [HeldRelease] = [],
                               budget: TimeInterval = ReleaseProtection.defaultBudget, only names: [String]? = nil,
                               extending previous: ProtectedRelease? = nil,
                               work: Int = ReleaseProtection.customCohortWork,
                               stepWork: Int = ReleaseProtection.customCohortStepWork) -> ProtectedRelease {
        // Query-set-size control finds an authority condition's cells by their labels.
        let filter = engine.labelled(filter)
        if filter.isEmpty {
            if let unfiltered { return unfiltered }
            let tables = counts?.unfiltered ?? scopeTables(engine: engine, filter: .none)
            // Custom cohorts are added to the standard release, whose pattern they must keep: a reader
            // holds the release without them too (the standard rows alone are protected first).
            let standard = engine.cohorts.filter { c in CohortDefinition.standard.contains(c) }
            var held: ProtectedRelease?
            if standard.count < engine.cohorts.count {
                let ids = Set(standard.map(\.id))
                let base = tables.map { t in
                    var b = t
                    let keep = t.rows.indices.filter { ids.contains(t.rows[$0].id) }
                    b.rows = keep.map { t.rows[$0] }
                    b.counts = keep.map { t.counts[$0] }
                    return b
                }
                held = ReleaseProtection.protect(tables: base, cohorts: standard, population: engine.populationSize,
                                                 threshold: threshold, protection: protection)
            }
            // Beside earlier releases, custom cohorts are protected with them in one model (`jointRepair`).
            if let held, threshold > 0, earlier.isEmpty {
                return ReleaseProtection.protectAddingCustomCohorts(tables: tables, cohorts: engine.cohorts, standard: held,
                                                                    population: engine.populationSize, partSizes: engine.partSizes(),
                                                                    threshold: threshold, protection: protection, budget: budget,
                                                                    work: work, stepWork: stepWork, previous: previous)
            }
            return ReleaseProtection.protect(tables: tables, cohorts: engine.cohorts, population: engine.populationSize,
                                             held: held, threshold: threshold, protection: protection, earlier: held == nil ? [] : earlier,
                                             budget: budget)
        }
        let base = unfiltered ?? protectedScope(engine: engine, threshold: threshold, filter: .none, protection: protection,
                                                unfiltered: nil, counts: counts)
        // A filtered release of some tables only (a regional pack's authorities) is protected as those tables.
        let tables = (counts?.filtered ?? scopeTables(engine: engine, filter: filter)).filter { t in names.map { $0.contains(t.name) } ?? true }
        let population = tables.first?.population ?? engine.selectedCount(filter)
        if !base.withheldCohorts.isEmpty && threshold > 0 {
            var release = ReleaseProtection.protectBesideWithheld(tables: tables, cohorts: engine.cohorts, filter: filter, base: base,
                                                                  population: population, unfilteredPopulation: engine.populationSize,
                                                                  threshold: threshold, protection: protection)
            // Not modelled with earlier releases beside withheld cohorts: refused rather than published unproven.
            if !earlier.isEmpty { release.notProvenBeside = earlier.names }
            return release
        }
        return ReleaseProtection.protect(tables: tables, cohorts: engine.cohorts, filter: filter, unfiltered: base.tables.map(\.table),
                                         population: population, unfilteredPopulation: engine.populationSize,
                                         unfilteredRelease: base, threshold: threshold, protection: protection, earlier: earlier,
                                         budget: budget)
    }

    /// The tables `names`, as they stand in the protected scope.
    /// - Parameters:
    ///   - work: the work all custom cohorts' steps may spend together, `stepWork` one step at most (the defaults are
    ///     what cinx publishes with; others only to measure what a stricter allowance would withhold: cinx-bench).
    public static func release(engine: CohortEngine, names: [String], threshold: Int, filter: Filter = .none,
                               protection: Int? = nil, earlier: [HeldRelease] = [],
                               budget: TimeInterval = ReleaseProtection.defaultBudget,
                               work: Int = ReleaseProtection.customCohortWork,
                               stepWork: Int = ReleaseProtection.customCohortStepWork) -> ProtectedRelease {
        protectedScope(engine: engine, threshold: threshold, filter: filter, protection: protection, unfiltered: nil, counts: nil,
                       earlier: earlier, budget: budget, work: work, stepWork: stepWork).subset(names)
    }

    /// A release a reader holds, read back (from a ledger or a directory), with the true counts of its
    /// cells worked out again from this extract: its cohorts' rules and its filter applied here.
    public struct HeldReleaseMismatch: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public static func held(engine: CohortEngine, _ published: PublishedRelease, name: String) throws(HeldReleaseMismatch) -> HeldRelease {
        var e = engine
        var cohorts: [CohortDefinition] = []
        for c in published.cohorts {
            guard let rule = c.rule else { throw HeldReleaseMismatch(reason: "\(name): cohort \(c.id)'s rule is not known") }
            cohorts.append(CohortDefinition.standard.first { $0.id == c.id && $0.expression == rule }
                           ?? CohortDefinition(id: c.id, label: c.id, expression: rule))
        }
        e.replaceCohorts(cohorts)
        // Values from the data are known by their labels in a release read back: this extract's indices for them.
        var read = published.filter
        for i in read.dimensions.indices where read.dimensions[i].dimension.valuesFromData {
            let c = read.dimensions[i]
            let labels = e.labels(of: c.dimension)
            var values = Set<Int>()
            for v in c.values {
                guard let label = c.label(v), let here = labels.firstIndex(of: label) else {
                    throw HeldReleaseMismatch(reason: "\(name): its filter names \(c.dimension.rawValue) \(c.label(v) ?? "?"), which this extract does not have")
                }
                values.insert(here)
            }
            read.dimensions[i].values = values
        }
        let filter = e.labelled(read)
        var publishedHere = published
        publishedHere.filter = filter
        let scope = scopeTables(engine: e, filter: filter)
        var truth: [Int] = []
        for t in published.tables {
            // A side by side's table (docs/privacy.md, "Readings side by side") is of the unfiltered standard cohorts.
            let linked = filter.isEmpty && !scope.contains { $0.name == t.name } ? ReadingComparison.linkedTable(engine: e, name: t.name) : nil
            guard let table = scope.first(where: { $0.name == t.name }) ?? linked else { throw HeldReleaseMismatch(reason: "\(name): no table \(t.name) here") }
            for (r, id) in t.rowIDs.enumerated() {
                guard let row = table.rows.firstIndex(where: { $0.id == id }) else { throw HeldReleaseMismatch(reason: "\(name): no cohort \(id) here") }
                for (c, column) in t.columns.enumerated() {
                    guard let col = table.columns.firstIndex(of: column), table.counts[row].indices.contains(col) else {
                        throw HeldReleaseMismatch(reason: "\(name): \(t.name) has no column \(column) here")
                    }
                    let n = table.counts[row][col]
                    let shown = t.cells.indices.contains(r) && t.cells[r].indices.contains(c) ? t.cells[r][c] : nil
                    if let shown, shown != n {
                        throw HeldReleaseMismatch(reason: "\(name): its \(t.name) \(id) \(column) is not this extract's (another extract, or edited)")
                    }
                    truth.append(n)
                }
            }
        }
        let population = scope.first?.population ?? e.selectedCount(filter)
        if case .notPublished = published.population {} else { truth.append(population) }
        return HeldRelease(published: publishedHere, truth: truth, population: population, name: name)
    }

    /// One table as it stands in the protected scope.
    public static func suppressed(engine: CohortEngine, name: String, threshold: Int, filter: Filter = .none) -> SuppressedTable {
        let r = release(engine: engine, names: [name], threshold: threshold, filter: filter)
        return r.tables[0]
    }

    /// The unfiltered population as headers print it: hidden like any count when it is small.
    public static func populationText(engine: CohortEngine, threshold: Int) -> String {
        Publication.Cell(count: engine.populationSize, threshold: threshold).text()
    }

    public static func title(_ name: String) -> String {
        ReportTable(name: name)?.title ?? name
    }

    public static func context(engine: CohortEngine, files: [String], threshold: Int, filter: Filter = .none) -> [String: String] {
        let s = engine.settings
        var context = [
            "extract": files.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: " "),
            "year": "\(s.year - 1)-\(String(s.year).suffix(2)) (1 April \(s.year - 1) to 31 March \(s.year))",
            "followUpYears": String(s.followUpYears),
            "needEpisode": s.needEpisode.rawValue,
            "filters": filter.description,
            "suppression": threshold > 0 ? "counts 1-\(threshold) shown as c, with secondary suppression" : "OFF: unsuppressed counts (not for publication)",
            "definitions": definitionsVersion,
            "population": populationText(engine: engine, threshold: threshold),
        ]
        // Present only under a reading that is not cinx's, so the standard release is unchanged.
        if let other = s.otherReadingsText { context["readings"] = other }
        return context
    }

    public static func footer(engine: CohortEngine, threshold: Int) -> [String] {
        let s = engine.settings
        return [
            "Population: children with an assessment with factor data authorised 1 April \(s.year - 1) to 31 March \(s.year) (\(populationText(engine: engine, threshold: threshold))); cohorts on the first such assessment's factors.",
            "Age band at the assessment start; ethnicity as last returned; maltreatment 16A, 17A, 18A/B/C, 19A/B/C; need on the \(s.needEpisode == .first ? "first episode of need open" : "first episode of need referred after the assessment") in the \(s.followUpYears)-year window.",
            threshold > 0 ? "c: a count from 1 to \(threshold), or hidden to protect one (secondary suppression)." : "Suppression off: not for publication.",
            "Definitions: docs/definitions.md (\(definitionsVersion))."
                + (s.otherReadingsText.map { " Read other than cinx's default: \($0)." } ?? ""),
        ] + (engine.followUpShortfall.map { ["Warning: \($0.sentence)."] } ?? [])
    }
}

extension ReportTables {
    /// The scope of a filter with every cell and the population hidden: what is shown of a release that
    /// could not be proven safe beside the releases a reader may hold with it (nothing).
    public static func withheldScope(engine: CohortEngine, threshold: Int, filter: Filter) -> ProtectedRelease {
        let tables = scopeTables(engine: engine, filter: filter).map { t in
            SuppressedTable(table: t, threshold: threshold, hidden: t.counts.map { $0.map { _ in true } }, populationHidden: true)
        }
        return ProtectedRelease(tables: tables, populationHidden: true, threshold: threshold, protection: threshold,
                                hiddenMinimum: 0, unprotectable: 0)
    }
}
