import Testing
import Foundation
import CINModel
@testable import CohortEngine
import CINRelease
@testable import CINLoading
@testable import CINTestSupport

@Suite struct TableFormatterTests {
    let engine: CohortEngine = {
        let a = Fx.assessment(start: "2016-06-02", auth: "2016-06-20", "4B", "16A")
        var kids: [RawChild] = []
        for i in 0..<7 { kids.append(Fx.child("T\(i)", ethnicity: i < 6 ? "WBRI" : "AIND", Fx.episode("2016-06-01", a))) }
        kids.append(Fx.child("U1", Fx.episode("2016-06-01", Fx.assessment(start: "2016-06-02", auth: "2016-06-20", "21"))))
        return Fx.engine(Fx.data(returns: [(2017, kids)]))
    }()

    @Test func csvContract() {
        // B = 7 children (6 WBRI, 1 AIND); A = 1 (WBRI). AIND 1 is hidden; the row's next-smallest non-zero
        // (WBRI 6) goes with it. A's WBRI 1 and A's Total 1 are hidden; A and B partition the population, so
        // in the Total column B's 7 is hidden too (else 8 - 7 would give A away).
        let csv = TableFormatter.csv(ReportTables.suppressed(engine: engine, name: "ethnicity", threshold: 5))
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "cohort,WBRI,WIRI,WIRT,WOTH,WROM,MWBC,MWBA,MWAS,MOTH,AIND,APKN,ABAN,AOTH,BCRB,BAFR,BOTH,CHNE,OOTH,REFU,NOBT,Unknown,Total")
        #expect(lines[1] == "A,c,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,c")
        #expect(lines[2] == "B,c,0,0,0,0,0,0,0,0,c,0,0,0,0,0,0,0,0,0,0,0,c")
        #expect(lines.count == 7 && lines[6] == "")   // A..E then the final CRLF
        let summary = TableFormatter.csv(ReportTables.suppressed(engine: engine, name: "summary", threshold: 0))
        #expect(summary.hasPrefix("cohort,label,children,percent\r\nA,without 4B or 5B,1,12.5\r\nB,4B or 5B,7,87.5\r\n"))
    }

    @Test func markdownHasLabelsAndDefinitionsFooter() throws {
        let t = ReportTables.suppressed(engine: engine, name: "maltreatment", threshold: 5)
        let table = try #require(Publication.Table(protected: t))
        let md = TableFormatter.markdown(table, shareLabel: Publication.shareLabel(filtered: false),
                                         footer: ReportTables.footer(engine: engine, threshold: 5))
        #expect(md.contains("### Cohort by maltreatment"))
        // All: A = 1 (hidden). The population (8) is printed, so B's All (7) would give A = 8 - 7 away:
        // hidden. B's 16A (7) too: every child counted in it is in B, so B >= 7 and A <= 1 would pin A.
        #expect(md.contains("| A: without 4B or 5B | c | 0 | 0 | 0 | 0 |"))
        #expect(md.contains("| B: 4B or 5B | c | c | 0 | 0 | 0 |"))
        #expect(md.contains("Definitions: docs/definitions.md"))
        #expect(md.contains("c: a count from 1 to 5"))
    }

    @Test func jsonCarriesContextAndHiddenCells() throws {
        let release = ReportTables.release(engine: engine, names: ["summary", "age"], threshold: 5)
        let json = TableFormatter.json(ReportTables.publication(engine: engine, release: release, filter: .none, files: ["x.xml"]))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let context = try #require(doc["context"] as? [String: String])
        #expect(context["population"] == "8")
        #expect(context["suppression"]?.contains("1-5") == true)
        let list = try #require(doc["tables"] as? [[String: Any]])
        #expect(list.map { $0["table"] as? String } == ["summary", "age"])
        let rows = try #require(list[0]["rows"] as? [[String: Any]])
        #expect((rows[0]["values"] as? [String: Any])?["children"] as? String == "c")   // A = 1
        #expect((rows[1]["values"] as? [String: Any])?["children"] as? String == "c")   // B, by the A/B partition
        let age = try #require(list[1]["rows"] as? [[String: Any]])
        #expect((age[2]["values"] as? [String: Any])?["Total"] as? Int == 0)            // C is empty: 0 stays 0
    }

    /// Under a filter the share column is named by its base, in every format that names it.
    @Test func aFilteredSummaryNamesItsShareBySelection() throws {
        let f = Filter(requiredFactors: FactorSet(codes: ["16A"]))
        let release = ReportTables.release(engine: engine, names: ["summary"], threshold: 0, filter: f)
        let p = ReportTables.publication(engine: engine, release: release, filter: f, files: ["x.xml"])
        #expect(p.shareLabel == "% of selected")
        #expect(TableFormatter.markdown(p).contains("| Cohort | Children | % of selected |"))
        // The CSV's column keeps its name (the contract): `percent`, of the 7 children with 16A (all B): 100.0.
        #expect(TableFormatter.csv(try #require(p.tables.first)).hasPrefix("cohort,label,children,percent\r\nA,without 4B or 5B,0,0.0\r\nB,4B or 5B,7,100.0\r\n"))
        let workbook = ReleaseWorkbook.workbook(p, manifest: ReleaseManifest(engine: engine, release: release, filter: f, audit: nil, commandLine: ["cinx"]))
        #expect(workbook.sheets.first?.rows.contains { $0.contains(.bold("% of selected")) } == true)
    }
}
