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
}
