import CohortEngine

extension LedgerRecording {
    /// What a side by side (`report --compare`) publishes as the ledger holds it: the standard release's
    /// tables it prints (`standard`, as they are in every release of them) and each other reading's table
    /// and movement table it publishes, by their model names (`need@need-episode:later`,
    /// `need@need-episode:first>later`), one CSV each with a row per cohort and `c` where hidden. Read back,
    /// the side by side's tables are held beside the standard release (`EarlierReleases.held`), so that a
    /// later side by side or filtered release is protected against it (docs/privacy.md, "Readings side by side").
    /// The number of children a reading of membership or of the age band moves is not held: it is the same in
    /// every run, and no cell of the model counts those children.
    public static func tables(_ set: ReadingComparisonRelease.Set, standard: ProtectedRelease) -> [LedgerEntry.Table] {
        var out = tables(standard)
        for comparison in set.comparisons {
            for alt in comparison.alternatives {
                for t in [alt.table, alt.movements].compactMap({ $0 }) where !out.contains(where: { $0.name == t.table.name }) {
                    out.append(LedgerEntry.Table(name: t.table.name, csv: linkedCSV(t)))
                }
            }
        }
        return out
    }

    /// A side by side's table as CSV: `cohort` and its columns, then a row per cohort, `c` where hidden.
    static func linkedCSV(_ t: SuppressedTable) -> String {
        var out = (["cohort"] + t.table.columns).map(TableFormatter.field).joined(separator: ",") + "\r\n"
        for (r, row) in t.table.rows.enumerated() {
            let cells = t.table.columns.indices.map { c in t.isHidden(r, c) ? Publication.Cell.hiddenMark : String(t.table.counts[r][c]) }
            out += ([row.id] + cells).map(TableFormatter.field).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
