import Testing
import Foundation
import CINModel
@testable import CohortEngine
@testable import CINRelease
@testable import CINLoading
@testable import CINTestSupport

/// A follow-up window past the last return is stated wherever the year is: the footer, release.json
/// (and through it the workbook's notes and README.md).
@Suite struct FollowUpShortfallTests {
    static func engine(returns years: [Int], year: Int) -> CohortEngine {
        let a = Fx.assessment(start: "2016-06-02", auth: "2016-06-20", "4B")
        let kids = (0..<8).map { Fx.child("T\($0)", Fx.episode("2016-06-01", a)) }
        return Fx.engine(Fx.data(returns: years.map { ($0, kids) }), AnalysisSettings(year: year))
    }

    @Test func theWindowEndsInsideOrPastTheLastReturn() throws {
        #expect(FollowUpShortfall(settings: AnalysisSettings(year: 2017, followUpYears: 2), returnYears: [2017, 2018, 2019]) == nil)
        let past = try #require(FollowUpShortfall(settings: AnalysisSettings(year: 2018, followUpYears: 2), returnYears: [2017, 2018, 2019]))
        #expect(past.lastReturnYear == 2019 && past.windowEnds == "2020-03-31")
        #expect(past.sentence.hasPrefix("the 2-year follow-up of 2017-18 runs to 31 March 2020, past the last return loaded (2018-19, to 31 March 2019)"))
        #expect(FollowUpShortfall(settings: AnalysisSettings(year: 2017), returnYears: []) == nil)
    }

    @Test func theFooterAndTheManifestSayIt() {
        let short = Self.engine(returns: [2017], year: 2017)
        let covered = Self.engine(returns: [2017, 2018, 2019], year: 2017)
        #expect(ReportTables.footer(engine: short, threshold: 5).last?.hasPrefix("Warning: the 2-year follow-up of 2016-17 runs to 31 March 2019") == true)
        #expect(!ReportTables.footer(engine: covered, threshold: 5).joined().contains("Warning"))
        for (engine, expected) in [(short, true), (covered, false)] {
            let release = ReportTables.release(engine: engine, names: ["summary"], threshold: 5)
            let manifest = ReleaseManifest(engine: engine, release: release, filter: .none, audit: nil, commandLine: ["cinx"])
            #expect((manifest.followUpPastLastReturn != nil) == expected)
            #expect(manifest.json().contains("\"followUpPastLastReturn\"") == expected)
            #expect(manifest.readme(files: ["summary.csv"]).contains("**Warning:** the 2-year follow-up") == expected)
            let notes = ReleaseWorkbook.notes(Publication(release: release, filtered: false, context: [:], footer: []), manifest: manifest)
            #expect(notes.rows.contains { $0.first == .bold("WARNING") } == expected)
        }
        let past = Self.engine(returns: [2017], year: 2017).followUpShortfall
        #expect(past?.windowEnds == "2019-03-31")
    }
}
