import Testing
import Foundation
@testable import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINRelease
@testable import CINTestSupport

/// Ledger entries made under other readings than the new release's (docs/privacy.md, "Releases of other
/// readings"): a side by side made under the other reading of a choice of the follow-up is held turned round,
/// linked to the same children; an entry the model cannot hold (another reading of membership, or another reading's
/// table without its movements) refuses the release, naming it, unless acknowledged (`--allow-other-readings`: left out).
@Suite(.serialized) struct OtherReadingsLedgerTests {
    static var loaded: (path: String, engine: CohortEngine) { ComparisonLedgerTests.loaded }

    /// The engine of the extract under another reading of one choice.
    static func engine(_ choice: ReadingChoice, _ reading: String) throws -> CohortEngine {
        var e = loaded.engine
        e.apply(settings: try #require(choice.setting(reading, in: e.settings)))
        return e
    }

    /// Records the whole standard release of `engine` (its readings in release.json), as `report --table all --out` does.
    static func recordStandard(_ engine: CohortEngine, in ledger: ReleaseLedger) throws -> LedgerEntry {
        let release = ReportTables.release(engine: engine, names: ReportTables.allTableNames, threshold: 5)
        var manifest = ReleaseManifest(engine: engine, release: release, filter: .none, audit: nil,
                                       commandLine: ["cinx", "report", loaded.path], inputs: [loaded.path])
        let recording = try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(release), choice: .at(ledger))
        return try #require(recording.entry)
    }

    static func held(_ ledger: ReleaseLedger, _ entry: LedgerEntry, otherReadings: EarlierReleases.OtherReadings = .refuse) throws -> [HeldRelease] {
        try EarlierReleases.held(entries: ledger.entries(inputs: entry.inputs, year: 2017), engine: loaded.engine, threshold: 5, protection: nil,
                                 otherReadings: otherReadings)
    }

    /// The true counts of one table of a held release (`truth` lists its tables in order, row by row).
    static func truth(of name: String, in h: HeldRelease) -> [Int] {
        var offset = 0
        for t in h.published.tables {
            let n = t.rowIDs.count * t.columns.count
            if t.name == name { return Array(h.truth[offset..<offset + n]) }
            offset += n
        }
        return []
    }

    /// A side by side made under `--need-episode later` (its need table, `need@need-episode:first` and the movements
    /// `later>first`) is, under cinx's readings, `need@need-episode:later`, `need` and the movements `first>later`:
    /// the movement table is turned round (its column `a>b` is this release's `b>a`), its counts those of this
    /// release's movement table, and the side by side's tables are held apart, hidden from 0.
    @Test func aSideBySideOfTheOtherNeedEpisodeIsTurnedRound() throws {
        let ledger = ReleaseLedger(directory: temporaryDirectory() + "/ledger")
        let laterEngine = try Self.engine(.needEpisode, "later")
        let comparison = try #require(ReadingComparison.compute(engine: laterEngine, choice: .needEpisode, table: .dimension(.need)))
        let set = ReadingComparisonRelease.protect(engine: laterEngine, comparisons: [comparison], threshold: 5)
        try #require(set.withheldReason == nil)
        let standard = ReportTables.release(engine: laterEngine, names: ["need"], threshold: 5)
        var manifest = ReleaseManifest(engine: laterEngine, release: standard, filter: .none, audit: nil,
                                       commandLine: ["cinx", "report", Self.loaded.path, "--compare"], inputs: [Self.loaded.path])
        let entry = try #require(try LedgerRecording.record(&manifest, tables: LedgerRecording.tables(set, standard: standard), choice: .at(ledger)).entry)
        #expect(entry.tables.map(\.name) == ["need", "need@need-episode:first", "need@need-episode:later>first"])

        let held = try Self.held(ledger, entry)
        #expect(held.map { $0.published.tables.map(\.name).sorted() } == [["need@need-episode:later"], ["need", "need@need-episode:first>later"]])
        #expect(held.map(\.published.hiddenMinimum) == [1, 0])
        let side = held[1]
        let moves = try #require(ReadingComparison.linkedTable(engine: Self.loaded.engine, name: "need@need-episode:first>later"))
        #expect(Self.truth(of: "need@need-episode:first>later", in: side) == moves.counts.flatMap { $0 })
        let turned = try #require(side.published.tables.first { $0.name == "need@need-episode:first>later" })
        #expect(turned.columns == moves.columns)
        // A cell the entry showed, `later>first` N1>N5 say, is this table's N5>N1, with the same count.
        let published = try #require(set.comparisons[0].alternatives[0].movements)
        for (r, row) in turned.cells.enumerated() {
            for (c, cell) in row.enumerated() {
                guard let cell else { continue }
                let pair = moves.columns[c].split(separator: ">").map(String.init)
                let name = pair.count == 2 ? pair[1] + ">" + pair[0] : moves.columns[c]
                let theirs = try #require(published.table.columns.firstIndex(of: name))
                #expect(!published.isHidden(r, theirs) && published.table.counts[r][theirs] == cell && moves.counts[r][c] == cell)
            }
        }
        #expect(Self.truth(of: "need", in: side) == ReportTables.release(engine: Self.loaded.engine, names: ["need"], threshold: 5).tables[0].table.counts.flatMap { $0 })
    }

    /// Another reading of membership (`--code-21 ignored`) has tables the model cannot hold beside this release's; so
    /// has a release made under another reading of a choice whose moves obey rules (`--age-at authorisation`: one band
    /// up at most; `--need-episode later`: None under first is None under later) without its movements, which alone
    /// carry the rules into the model (`ReleaseModel.linkReadings`): held as the other reading's table, unrelated to
    /// this release's but by the cohort sizes, it would be weaker than a reader who knows the rules. The entry refuses
    /// the release, naming itself, its readings and `--allow-other-readings`; acknowledged, those tables are left out
    /// (all of them for code 21; the age table only for the age band; the need table only for the need episode) and
    /// named for the warning. (A side by side of those choices carries its movements and is held: above.)
    @Test func anEntryOfAnotherReadingOfMembershipOrTheAgeBandRefusesUnlessAcknowledged() throws {
        for (choice, reading, kept) in [(ReadingChoice.code21, "ignored", [String]()),
                                        (.ageAt, "authorisation", ReportTables.allTableNames.filter { $0 != "age" }),
                                        (.needEpisode, "later", ReportTables.allTableNames.filter { $0 != "need" })] {
            let ledger = ReleaseLedger(directory: temporaryDirectory() + "/ledger")
            let entry = try Self.recordStandard(try Self.engine(choice, reading), in: ledger)
            #expect(throws: EarlierReleases.Failure.self) { _ = try Self.held(ledger, entry) }
            do { _ = try Self.held(ledger, entry) } catch let e as EarlierReleases.Failure {
                #expect(e.reason.contains("ledger entry \(entry.id)") && e.reason.contains("\(choice.option) \(reading)")
                        && e.reason.contains("--allow-other-readings"), "\(e.reason)")
            }
            let held = try Self.held(ledger, entry, otherReadings: .leaveOut)
            #expect(held.flatMap { $0.published.tables.map(\.name) }.sorted() == kept.sorted(), "\(choice)")
            let leftOut = EarlierReleases.leftOut(entries: try ledger.entries(), engine: Self.loaded.engine)
            #expect(leftOut.map(\.id) == [entry.id])
            #expect(Set(leftOut.flatMap(\.tables)) == Set(ReportTables.allTableNames).subtracting(kept))
        }
    }
}
