import Testing
import Foundation
import CINModel
import CohortEngine
import CINRelease
@testable import CINLoading
@testable import CINTestSupport

/// The load's counts as everything beside a release prints them (`ReleaseManifest.Loaded`): a kind
/// of problem from 1 to N is `c`, and the total is `c` with it, or the total less the kinds shown
/// would give the hidden kind away (the demo printed 320 beside 317 shown: 3).
@Suite struct PublishedLoadTests {
    /// A load report with `counts[rule]` problems of each kind.
    static func report(_ counts: [(LoadRule, Int)]) -> LoadReport {
        var r = LoadReport()
        for (rule, n) in counts {
            for i in 0..<n {
                r.add(LoadProblem(file: "f.xml", line: i + 1, childID: "C\(i)", rule: rule, action: .cleared, detail: "x"))
            }
        }
        return r
    }

    /// Four children, one episode and one assessment each: enough to be shown at N = 3, not at 5.
    static let data = loadText(xmlReturn((1...4).map { xmlChild(id: "C\($0)") }.joined())).data

    @Test func aHiddenKindHidesTheTotal() {
        let r = Self.report([(.unknownCode, 173), (.birthAndExpectedBirth, 3), (.mergeConflict, 13)])
        let loaded = ReleaseManifest.Loaded(r, data: Self.data, threshold: 5)
        #expect(loaded.problems(.birthAndExpectedBirth) == .hidden)
        #expect(loaded.problems(.unknownCode) == .shown(173))
        #expect(loaded.problems(.mergeConflict) == .shown(13))
        #expect(loaded.problems == .hidden)
        #expect(loaded.hidesProblems)
        // The line on stderr: the total is `c`, so nothing to subtract the kinds from.
        let line = loaded.line(files: 6)
        #expect(line.hasSuffix("; c data-quality problem(s)"), "\(line)")
        #expect(!line.contains("189") && !line.contains("186"), "\(line)")
    }

    @Test func withEveryKindShownTheTotalIsShown() {
        let r = Self.report([(.unknownCode, 173), (.mergeConflict, 13), (.duplicateFactor, 6)])
        let loaded = ReleaseManifest.Loaded(r, data: Self.data, threshold: 5)
        #expect(loaded.problems == .shown(192))
        #expect(!loaded.hidesProblems)
        #expect(loaded.problems(.factor21WithOthers) == .shown(0))   // a kind that never occurred
        #expect(loaded.problemsByKind.count == 3)
        #expect(loaded.line(files: 1) == "loaded 1 file(s): c children, c episodes, c assessments; 192 data-quality problem(s)")
    }

    /// The threshold is the release's: N = 3 shows 4 children and a kind of 4; 0 (not for publication) shows all.
    @Test func theThresholdIsTheReleases() {
        let r = Self.report([(.unknownCode, 4), (.mergeConflict, 2)])
        let at3 = ReleaseManifest.Loaded(r, data: Self.data, threshold: 3)
        #expect(at3.children == .shown(4))
        #expect(at3.problems(.unknownCode) == .shown(4))
        #expect(at3.problems(.mergeConflict) == .hidden && at3.problems == .hidden)
        let off = ReleaseManifest.Loaded(r, data: Self.data, threshold: 0)
        #expect(off.problems == .shown(6) && off.problems(.mergeConflict) == .shown(2))
        // A total of 0 is shown: nothing is hidden.
        let none = ReleaseManifest.Loaded(LoadReport(), data: Self.data, threshold: 5)
        #expect(none.problems == .shown(0) && !none.hidesProblems)
    }

    /// `release.json` and the workbook's notes take the same rule: no total beside a hidden kind.
    @Test func theManifestAndTheWorkbookNotesUseTheRule() throws {
        let r = Self.report([(.unknownCode, 173), (.birthAndExpectedBirth, 3)])
        let engine = Fx.engine(Self.data)
        let release = ReportTables.release(engine: engine, names: ["summary"], threshold: 5)
        let manifest = ReleaseManifest(engine: engine, release: release, filter: .none, audit: nil,
                                       commandLine: ["cinx", "test"], loadReport: r)
        #expect(manifest.loaded == ReleaseManifest.Loaded(r, data: Self.data, threshold: 5))
        let workbook = ReleaseWorkbook.workbook(Publication(release: release, filtered: false, context: [:], footer: []), manifest: manifest)
        let notes = try #require(workbook.sheets.last)
        let text = notes.rows.flatMap { $0 }.map { cell -> String in
            switch cell {
            case .text(let s), .bold(let s): return s
            case .integer(let n): return String(n)
            default: return ""
            }
        }
        #expect(text.contains { $0.hasSuffix("; c data-quality problem(s)") }, "\(text)")
        #expect(!text.contains("176") && !text.contains { $0.contains("176 data-quality") })
        // The kind in words (the recipient has no list of cinx's rule names), its count `c` set right.
        let kind = try #require(notes.rows.first { $0.first == .text(LoadRule.birthAndExpectedBirth.title) })
        #expect(kind.dropFirst().first == .rightText("c"))
    }

    /// The notes stand alone: the recipient gets file names without the directories they lay in on
    /// the machine that wrote them, a DfE rule in words with its number, and no pointer to cinx's docs.
    @Test func theNotesStandAlone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("returns.csv").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: input))
        let r = Self.report([(.dfe8569Q, 7)])
        let engine = Fx.engine(Self.data)
        let release = ReportTables.release(engine: engine, names: ["summary"], threshold: 5)
        let manifest = ReleaseManifest(engine: engine, release: release, filter: .none, audit: nil,
                                       commandLine: ["cinx", "report", input, "--format", "xlsx", "--out", dir.path + "/answer.xlsx"],
                                       inputs: [input], loadReport: r)
        let workbook = ReleaseWorkbook.workbook(Publication(release: release, filtered: false, context: [:], footer: []), manifest: manifest)
        let text = workbook.sheets.flatMap(\.rows).flatMap { $0 }.compactMap { cell -> String? in
            switch cell { case .text(let s), .bold(let s), .rightText(let s): return s; default: return nil }
        }
        #expect(text.contains("returns.csv"))
        #expect(text.contains("cinx report returns.csv --format xlsx --out answer.xlsx"), "\(text)")
        #expect(!text.contains { $0.contains(dir.path) })
        #expect(!text.contains { $0.contains("docs/") }, "\(text.filter { $0.contains("docs/") })")
        #expect(text.contains("A no-further-action referral before the census year (DfE rule 8569Q)"))
        #expect(!text.contains { $0.contains("dfe-8569Q") })
        #expect(workbook.properties?.creator == "cinx \(ReleaseManifest.cinxVersion)")
    }
}
