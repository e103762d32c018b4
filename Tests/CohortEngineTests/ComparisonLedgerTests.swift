import Testing
import Foundation
@testable import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINRelease
@testable import CINTestSupport

/// A side by side (`report --compare`) in the release ledger (docs/privacy.md, "Readings side by side"):
/// recorded as it is published, read back beside the standard release with its true counts worked out again,
/// and a later side by side protected beside it, so that two side by sides made apart never say different
/// things of one cell and a reader holding both can narrow nothing.
@Suite(.serialized) struct ComparisonLedgerTests {
    static let extract = SyntheticExtract(children: 1500, seed: 31)

    /// A generated extract's flat file, loaded: its path and engine.
    static let loaded: (path: String, engine: CohortEngine) = {
        let dir = temporaryDirectory()
        let path = (try? ExtractWriter.write(extract, format: .csv, directory: dir, gzip: false).first) ?? dir + "/missing.csv"
        return (path, CohortEngine(data: CensusLoader.load(paths: [path]).data, settings: AnalysisSettings(year: 2017)))
    }()

    static func comparisons(_ choices: [ReadingChoice]) -> [ReadingComparison] {
        choices.compactMap { ReadingComparison.compute(engine: loaded.engine, choice: $0, table: .dimension(.need)) }
    }

    /// Records `set` as `report --compare ... --out FILE.csv` does: the standard need table and the side by side's tables.
    static func record(_ set: ReadingComparisonRelease.Set, in ledger: ReleaseLedger) throws -> LedgerEntry {
        let engine = loaded.engine
        let standard = ReportTables.release(engine: engine, names: [ReportTable.dimension(.need).name], threshold: 5)
        var manifest = ReleaseManifest(engine: engine, release: standard, filter: .none, audit: nil,
                                       commandLine: ["cinx", "report", loaded.path, "--compare"], inputs: [loaded.path])
        let recording = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(set, standard: standard), choice: .at(ledger))
        return try #require(recording.entry)
    }

    /// The linked tables of a protected set, by name.
    static func linked(_ set: ReadingComparisonRelease.Set) -> [String: SuppressedTable] {
        var out: [String: SuppressedTable] = [:]
        for c in set.comparisons { for a in c.alternatives { for t in [a.table, a.movements].compactMap({ $0 }) { out[t.table.name] = t } } }
        return out
    }

    @Test func aSideBySideReadsBackBesideTheStandardReleaseAndALaterOneKeepsItsCells() throws {
        let engine = Self.loaded.engine
        let ledger = ReleaseLedger(directory: temporaryDirectory() + "/ledger")
        let first = ReadingComparisonRelease.protect(engine: engine, comparisons: Self.comparisons([.needEpisode]), threshold: 5)
        try #require(first.withheldReason == nil)
        let entry = try Self.record(first, in: ledger)
        // The entry holds the need table as the standard release publishes it and the side by side's two tables.
        #expect(entry.tables.map(\.name) == ["need", "need@need-episode:later", "need@need-episode:first>later"])

        // Read back: the standard table is left out (the standard release is held already), the side by side's
        // tables are held with their true counts, hidden from 0.
        let held = try EarlierReleases.held(entries: ledger.entries(inputs: entry.inputs, year: 2017), engine: engine, threshold: 5, protection: nil)
        let h = try #require(held.count == 1 ? held.first : nil)
        #expect(h.published.tables.map(\.name) == ["need@need-episode:first>later", "need@need-episode:later"])
        #expect(h.published.hiddenMinimum == 0)
        let shown = Self.linked(first)
        var truth: [Int] = []
        for t in h.published.tables {
            let s = try #require(shown[t.name])
            truth += s.table.counts.flatMap { $0 }
            #expect(t.cells == s.table.counts.indices.map { r in s.table.counts[r].indices.map { s.isHidden(r, $0) ? nil : s.table.counts[r][$0] } })
        }
        #expect(h.truth == truth)

        // A later side by side of both choices of the need table, beside it: the need-episode tables are published
        // as the first one published them, cell for cell, and the whole, the earlier one included, audits clean.
        let second = ReadingComparisonRelease.protect(engine: engine, comparisons: Self.comparisons([.needEpisode, .windowFrom]), threshold: 5,
                                                      earlier: held)
        let audit = try #require(second.audit)
        #expect(second.withheldReason == nil && audit.isClean && audit.consistent, "\(audit.failures)")
        let again = Self.linked(second)
        for (name, s) in shown {
            let t = try #require(again[name])
            #expect(t.table.counts == s.table.counts && t.hidden == s.hidden, "\(name)")
        }
        #expect(again.keys.contains("need@window-from:start"))
        // The earlier side by side's hidden cells are audited with the new one's.
        #expect(audit.ranges.contains { $0.table == "need@need-episode:later" })
    }
}
