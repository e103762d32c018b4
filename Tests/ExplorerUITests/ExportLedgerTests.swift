import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import CINModel
import CINRelease
import CohortEngine
@testable import ExplorerUI
@testable import CINLoading
@testable import CINTestSupport

/// Explorer exports are recorded in the release ledger as `cinx report` releases are: the view's CSV,
/// a workbook and the six FOI tables (`e`, `E`), each before it is written; a ledger that cannot be
/// written stops the export with nothing written (docs/privacy.md, "Release ledger").
@Suite(.serialized) struct ExportLedgerTests {
    /// An explorer on a generated extract read from a file (the ledger keys releases by their inputs'
    /// SHA-256, so the state must name a file), recording in a ledger of its own.
    static func state() throws -> (ExplorerState, ReleaseLedger) {
        let dir = temporaryDirectory()
        let path = try #require(try ExtractWriter.write(SyntheticExtract(children: 1500, seed: 77), format: .csv, directory: dir, gzip: false).first)
        var s = ExplorerState(engine: UIFixture.engine, extractName: "fixture", files: [path], width: 120, height: 40, today: "2026-01-01")
        s.exportDirectory = dir
        let ledger = ReleaseLedger(directory: dir + "/ledger")
        s.ledger = .at(ledger)
        return (s, ledger)
    }

    @Test func everyExportIsRecorded() throws {
        var (s, ledger) = try Self.state()
        ScriptRunnerHelper.run("drill B; by age", &s)
        let view = tempPath("view.csv"), workbook = tempPath("view.xlsx"), all = tempPath("all")
        _ = try s.writeViewExport(to: view, overwrite: false)
        _ = try s.writeViewExport(to: workbook, overwrite: false)
        try s.writeAllExport(to: all)
        let entries = try ledger.entries()
        #expect(entries.count == 3)
        #expect(entries.map { $0.tables.map(\.name) }.contains(["age"]))
        #expect(entries.filter { $0.tables.map(\.name) == ReportTables.allTableNames }.count == 1)
        // The FOI tables' release.json names its entry, which holds that release.json byte for byte.
        let release = try String(contentsOfFile: all + "/release.json", encoding: .utf8)
        let manifest = try JSONDecoder().decode(ReleaseManifest.self, from: Data(release.utf8))
        let id = try #require(manifest.ledger?.entry)
        #expect(try ledger.entry(id).release == release)
        // Filtered as the view is (cohort B), and read back as a release of that filter.
        #expect(try ledger.entry(id).contents().release.filter.cohorts == ["B"])
    }

    @Test func anExportWithoutALedgerIsNotRecorded() throws {
        var (s, ledger) = try Self.state()
        s.ledger = nil
        _ = try s.writeViewExport(to: tempPath("view.csv"), overwrite: false)
        #expect(try ledger.entries().isEmpty)
    }

    @Test func aReadOnlyLedgerStopsTheExport() throws {
        var (s, ledger) = try Self.state()
        try FileManager.default.createDirectory(atPath: ledger.directory + "/entries", withIntermediateDirectories: true)
        try ReadOnlyFolder.make(ledger.directory + "/entries")
        defer { ReadOnlyFolder.undo(ledger.directory + "/entries") }
        let all = tempPath("all")
        s.export(to: all, all: true, overwrite: false)
        #expect(s.messageIsError)
        #expect(s.message?.contains("the release ledger; nothing written") == true, "\(s.message ?? "")")
        #expect(!FileManager.default.fileExists(atPath: all))
        #expect(try ledger.entries().isEmpty)
    }

    /// An export beside an earlier export of the extract in the ledger: the males of B, then the females of B
    /// (drills into gender). What the ledger lets out, the standard release and both exports, audits clean
    /// read together: the second export is written only when a reader of all of them narrows none of its
    /// hidden cells, and otherwise refused naming the earlier entry, with nothing written or recorded.
    @Test func anExportIsCheckedBesideTheLedgersEarlierReleases() throws {
        var (s, ledger) = try Self.state()
        ScriptRunnerHelper.run("drill A; by gender; drill Male; by age", &s)
        let male = tempPath("male")
        try s.writeAllExport(to: male)
        #expect(try ReleaseDirectory.read(male).manifest?.filter.where == ["gender=Male"])
        var (t, _) = try Self.state()
        t.ledger = .at(ledger)
        ScriptRunnerHelper.run("drill A; by gender; drill Female; by age", &t)
        let female = tempPath("female")
        t.export(to: female, all: true, overwrite: false)
        var written = [male]
        if t.messageIsError {
            #expect(t.message?.contains("in the release ledger, a reader could narrow hidden cells") == true, "\(t.message ?? "")")
            #expect(!FileManager.default.fileExists(atPath: female + "/release.json"))
            #expect(try ledger.entries().count == 1)
        } else {
            written.append(female)
            #expect(try ledger.entries().count == 2)
        }
        // Read together with the standard release, as a reader holding all of them would.
        let standard = ReleaseCheck.published(ReportTables.release(engine: s.engine, names: ReportTables.allTableNames, threshold: 5),
                                              cohorts: CohortDefinition.standard, filter: .none, populationPrinted: false)
        let releases = try [standard] + written.map { try ReleaseDirectory.read($0).release }
        let results = try #require(DisclosureAudit.audit(together: releases, protection: 5))
        let clean = results.allSatisfy { $0.isClean }
        #expect(clean, "\(results.flatMap(\.failures))")
    }

    /// The side-by-side page's export (`D`, then `e`) is recorded as `cinx report --compare` records it: the
    /// standard table it prints and the other reading's table and movements, by their model names. A second
    /// export of the same choice, as a workbook, is protected beside the first through the ledger and publishes
    /// its cells cell for cell (the first is public: a second side by side may not say otherwise of one cell);
    /// its entry has the same tables. A side by side of a drill (not the standard release) is refused, nothing recorded.
    @Test func aSideBySideExportIsRecordedAsReportRecordsIt() throws {
        var (s, ledger) = try Self.state()
        ScriptRunnerHelper.run("by need", &s)
        let csv = tempPath("need-episode.csv")
        let first = try s.writeReadingsExport(.needEpisode, to: csv, overwrite: false)
        let entries = try ledger.entries()
        try #require(entries.count == 1)
        let names = entries[0].tables.map(\.name)
        #expect(names == ["need", "need@need-episode:later", "need@need-episode:first>later"], "\(names)")
        // The entry's tables are the export's, as the ledger holds a side by side's (`c` where hidden).
        let recorded = LedgerRecording.tables(first, standard: s.exportRelease().subset(["need"]))
        #expect(entries[0].tables.map(\.csv) == recorded.map(\.csv))
        #expect(try String(contentsOfFile: csv + ".context.txt", encoding: .utf8)
            .contains("--table need --year 2017 --follow-up-years 2 --need-episode first --compare need-episode --out"))

        let workbook = tempPath("need-episode.xlsx")
        let second = try s.writeReadingsExport(.needEpisode, to: workbook, overwrite: false)
        #expect(FileManager.default.fileExists(atPath: workbook))
        let both = try ledger.entries()
        #expect(both.count == 2)
        #expect(Set(both.map { $0.tables.map(\.name) }) == [names])
        for (a, b) in zip(first.comparisons[0].alternatives, second.comparisons[0].alternatives) {
            #expect(a.table?.hidden == b.table?.hidden && a.movements?.hidden == b.movements?.hidden)
        }

        ScriptRunnerHelper.run("drill B; by need", &s)
        let drill = tempPath("drill.csv")
        #expect(throws: AtomicFileWriter.Failure.self) { _ = try s.writeReadingsExport(.needEpisode, to: drill, overwrite: false) }
        #expect(try ledger.entries().count == 2)
        #expect(!FileManager.default.fileExists(atPath: drill))
    }
}
