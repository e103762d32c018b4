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
    /// - Parameter extending: the unfiltered release of the same data for the first of the engine's cohorts
    ///   (the explorer's, before a custom cohort was added): the custom cohorts it proved are kept as proven
    ///   (`ReleaseProtection.protectAddingCustomCohorts`).
    public static func protectedScope(engine: CohortEngine, threshold: Int, filter: Filter = .none,
                                      protection: Int? = nil, unfiltered: ProtectedRelease? = nil,
                                      extending previous: ProtectedRelease? = nil) -> ProtectedRelease {
        protectedScope(engine: engine, threshold: threshold, filter: filter, protection: protection, unfiltered: unfiltered, counts: nil,
                       extending: previous)
    }

    /// As above, with the scope's counts made already (nil: count them here).
    static func protectedScope(engine: CohortEngine, threshold: Int, filter: Filter, protection: Int?,
                               unfiltered: ProtectedRelease?, counts: ScopeCounts?, extending previous: ProtectedRelease? = nil) -> ProtectedRelease {
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
            if let held, threshold > 0 {
                return ReleaseProtection.protectAddingCustomCohorts(tables: tables, cohorts: engine.cohorts, standard: held,
                                                                    population: engine.populationSize, partSizes: engine.partSizes(),
                                                                    threshold: threshold, protection: protection, previous: previous)
            }
            return ReleaseProtection.protect(tables: tables, cohorts: engine.cohorts, population: engine.populationSize,
                                             held: held, threshold: threshold, protection: protection)
        }
        let base = unfiltered ?? protectedScope(engine: engine, threshold: threshold, filter: .none, protection: protection,
                                                unfiltered: nil, counts: counts)
        let tables = counts?.filtered ?? scopeTables(engine: engine, filter: filter)
        let population = tables.first?.population ?? engine.selectedCount(filter)
        if !base.withheldCohorts.isEmpty && threshold > 0 {
            return ReleaseProtection.protectBesideWithheld(tables: tables, cohorts: engine.cohorts, filter: filter, base: base,
                                                           population: population, unfilteredPopulation: engine.populationSize,
                                                           threshold: threshold, protection: protection)
        }
        return ReleaseProtection.protect(tables: tables, cohorts: engine.cohorts, filter: filter, unfiltered: base.tables.map(\.table),
                                         population: population, unfilteredPopulation: engine.populationSize,
                                         unfilteredRelease: base, threshold: threshold, protection: protection)
    }

    /// The tables `names`, as they stand in the protected scope.
    public static func release(engine: CohortEngine, names: [String], threshold: Int, filter: Filter = .none,
                               protection: Int? = nil) -> ProtectedRelease {
        protectedScope(engine: engine, threshold: threshold, filter: filter, protection: protection).subset(names)
    }

    /// One table as it stands in the protected scope.
    public static func suppressed(engine: CohortEngine, name: String, threshold: Int, filter: Filter = .none) -> SuppressedTable {
        let r = release(engine: engine, names: [name], threshold: threshold, filter: filter)
        return r.tables[0]
    }

    /// The unfiltered population as headers print it: hidden like any count when it is small.
    public static func populationText(engine: CohortEngine, threshold: Int) -> String {
        let n = engine.populationSize
        return threshold > 0 && n >= 1 && n <= threshold ? "c" : String(n)
    }

    public static func title(_ name: String) -> String {
        ReportTable(name: name)?.title ?? name
    }

    public static func context(engine: CohortEngine, files: [String], threshold: Int, filter: Filter = .none) -> [String: String] {
        let s = engine.settings
        return [
            "extract": files.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: " "),
            "year": "\(s.year - 1)-\(String(s.year).suffix(2)) (1 April \(s.year - 1) to 31 March \(s.year))",
            "followUpYears": String(s.followUpYears),
            "needEpisode": s.needEpisode.rawValue,
            "filters": filter.description,
            "suppression": threshold > 0 ? "counts 1-\(threshold) shown as c, with secondary suppression" : "OFF: unsuppressed counts (not for publication)",
            "definitions": definitionsVersion,
            "population": populationText(engine: engine, threshold: threshold),
        ]
    }

    public static func footer(engine: CohortEngine, threshold: Int) -> [String] {
        let s = engine.settings
        return [
            "Population: children with an assessment with factor data authorised 1 April \(s.year - 1) to 31 March \(s.year) (\(populationText(engine: engine, threshold: threshold))); cohorts on the first such assessment's factors.",
            "Age band at the assessment start; ethnicity as last returned; maltreatment 16A, 17A, 18A/B/C, 19A/B/C; need on the \(s.needEpisode == .first ? "first episode of need open" : "first episode of need referred after the assessment") in the \(s.followUpYears)-year window.",
            threshold > 0 ? "c: a count from 1 to \(threshold), or hidden to protect one (secondary suppression)." : "Suppression off: not for publication.",
            "Definitions: docs/definitions.md (\(definitionsVersion)).",
        ] + (engine.followUpShortfall.map { ["Warning: \($0.sentence)."] } ?? [])
    }
}
