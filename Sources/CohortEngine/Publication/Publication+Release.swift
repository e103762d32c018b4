extension Publication {
    /// What a protected release publishes: every table as it stands, each cell shown or hidden, and
    /// the summary with each cohort's share of the population, withheld (`c`) where its count or
    /// the population is hidden (a share of a hidden count, or of a hidden population, gives it away).
    public init(release: ProtectedRelease, filtered: Bool, context: [String: String], footer: [String]) {
        let tables = release.tables.compactMap(Table.init(protected:))
        let population: Cell = release.populationHidden ? .hidden : .shown(.count(release.tables.first?.table.population ?? 0))
        self.init(tables: tables, population: population, threshold: release.threshold, protection: release.protection,
                  withheldCohorts: release.withheldCohorts, shareLabel: Publication.shareLabel(filtered: filtered),
                  context: context, footer: footer)
    }
}

extension Publication.Table {
    /// One protected table as published (nil for a table name `ReportTable` does not know).
    public init?(protected s: SuppressedTable) {
        guard let kind = ReportTable(name: s.table.name) else { return nil }
        let t = s.table
        let cells = t.counts.indices.map { r in
            t.counts[r].indices.map { c in s.isHidden(r, c) ? Publication.Cell.hidden : .shown(.count(t.counts[r][c])) }
        }
        let shares: [Publication.Cell] = kind == .summary ? t.counts.indices.map { r in
            guard !s.isHidden(r, 0), !s.populationHidden, let n = t.counts[r].first else { return .hidden }
            return .shown(.percent(tenths: Publication.percentTenths(n, of: t.population) ?? 0))
        } : []
        self.init(table: kind, title: kind.title, columns: t.columns, rows: t.rows.map { Publication.Row(id: $0.id, label: $0.label) },
                  cells: cells, shares: shares, population: s.populationHidden ? .hidden : .shown(.count(t.population)),
                  labelled: kind == .summary)
    }
}

extension ReportTables {
    /// The publication of `release`, made for `filter` on the engine's settings: its tables, and the
    /// context and footer every format prints beside them.
    public static func publication(engine: CohortEngine, release: ProtectedRelease, filter: Filter, files: [String]) -> Publication {
        Publication(release: release, filtered: !filter.isEmpty,
                    context: context(engine: engine, files: files, threshold: release.threshold, filter: filter),
                    footer: footer(engine: engine, threshold: release.threshold))
    }
}
