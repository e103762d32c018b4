import Testing
import Foundation

/// `cinx report`'s year cannot mislead: a default is said, a year without children is refused, and a
/// follow-up past the last return is warned (docs/definitions.md, 1).
@Suite struct ReportYearEndToEndTests {
    static let flat = "demo-data/cin-flat.csv.gz"

    @Test func aYearWithNoPopulationIsRefusedNamingTheYearsCovered() {
        for year in ["2030", "2010"] {
            let (rc, out) = CinxProcess.cinx(["report", Self.flat, "--year", year, "--table", "summary"])
            #expect(rc == 2, "\(out)")
            #expect(out.contains("cinx: reporting year") && out.contains("(--year \(year)) is not in the returns loaded, which cover 2014-15 to 2019-20 (--year 2015 to 2020)"), "\(out)")
            #expect(!out.contains("cohort,label"), "no table is printed")
        }
    }

    @Test func withoutYearTheFOIYearWhenCoveredAndSaid() {
        let (rc, out) = CinxProcess.cinx(["report", Self.flat, "--table", "summary"])
        #expect(rc == 0, "\(out)")
        #expect(out.contains("note: reporting year 2016-17 (--year 2017), the FOI's year"), "\(out)")
        #expect(out.contains("B,4B or 5B,990,23.8"))
        // Given, it is not said.
        let (_, given) = CinxProcess.cinx(["report", Self.flat, "--table", "summary", "--year", "2017"])
        #expect(!given.contains("note: reporting year"))
    }

    @Test func withoutYearOnReturnsThatEndEarlyTheLatestYearTheyCover() {
        // Returns 2015-2019: 2016-17 is covered with its 2-year window; with a 3-year window only 2015-16 is.
        let files = ["demo-data/cin-2015.xml.gz", "demo-data/cin-2016.xml.gz", "demo-data/cin-2017.xml.gz",
                     "demo-data/cin-2018.xml.gz", "demo-data/cin-2019.xml.gz"]
        let (rc, out) = CinxProcess.cinx(["report"] + files + ["--table", "summary", "--follow-up-years", "3"])
        #expect(rc == 0, "\(out)")
        #expect(out.contains("note: reporting year 2015-16 (--year 2016), the latest year whose 3-year follow-up the returns cover"), "\(out)")
        #expect(!out.contains("warning: the"))
    }

    @Test func aFollowUpPastTheLastReturnIsWarnedEverywhere() throws {
        let (rc, out) = CinxProcess.cinx(["report", Self.flat, "--year", "2020", "--table", "need", "--format", "markdown"])
        #expect(rc == 0, "\(out)")
        #expect(out.contains("warning: the 2-year follow-up of 2019-20 runs to 31 March 2022, past the last return loaded (2019-20, to 31 March 2020)"), "\(out)")
        #expect(out.contains("_Warning: the 2-year follow-up of 2019-20"), "the Markdown footer")
        let dir = NSTemporaryDirectory() + "cinx-year-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (wrc, wout) = CinxProcess.cinx(["report", Self.flat, "--year", "2020", "--table", "all", "--out", dir])
        try #require(wrc == 0, "\(wout)")
        let manifest = try String(contentsOfFile: dir + "/release.json", encoding: .utf8)
        #expect(manifest.contains("\"followUpPastLastReturn\"") && manifest.contains("\"windowEnds\" : \"2022-03-31\""))
        let (_, covered) = CinxProcess.cinx(["report", Self.flat, "--year", "2017", "--table", "need", "--format", "markdown"])
        #expect(!covered.contains("arning"))
    }
}
