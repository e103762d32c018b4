import Testing
import Foundation

/// The regional demo (four fictional authorities whose LAchildIDs overlap, one flat file) through
/// the real binary: every authority's children stay apart, and each authority filtered alone is its
/// column of the authority table.
@Suite struct RegionalDemoEndToEndTests {
    static let file = "demo-data/regional-flat.csv.gz"

    /// The CSV rows (cohort, values...) of a report's output, by cohort id.
    static func rows(_ output: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for line in output.split(separator: "\n") {
            let f = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if let id = f.first, ["A", "B", "C", "D", "E"].contains(id) { out[id] = Array(f.dropFirst()) }
        }
        return out
    }

    @Test func authoritiesStayApartAndEachFilteredAloneIsItsColumn() throws {
        let (rc, validate) = CinxProcess.cinx(["validate", Self.file])
        #expect(rc <= 1, "\(validate)")
        // 3,000 children each (the generator's numbering overlaps): 12,000, not 3,000.
        #expect(validate.contains("children: 12000"), "\(validate)")
        #expect(validate.contains("authorities: 4"))
        let (rc2, byAuthority) = CinxProcess.cinx(["report", Self.file, "--table", "authority", "--suppress", "0"])
        #expect(rc2 == 0, "\(byAuthority)")
        #expect(byAuthority.contains("cohort,Eastvale (992),Northmere (991),Southholm (993),Westmoor (994),Total"))
        let table = Self.rows(byAuthority)
        let (_, summary) = CinxProcess.cinx(["report", Self.file, "--table", "summary", "--suppress", "0"])
        let sizes = Self.rows(summary)
        for id in ["A", "B", "C", "D", "E"] {
            // Total = the summary; each authority's column = that authority filtered alone.
            #expect(table[id]?.last == sizes[id]?[1], "\(id)")
        }
        for (k, who) in ["992", "Northmere", "southholm", "994"].enumerated() {
            let (rc3, one) = CinxProcess.cinx(["report", Self.file, "--table", "summary", "--suppress", "0", "--where", "authority=\(who)"])
            #expect(rc3 == 0, "\(one)")
            let alone = Self.rows(one)
            for id in ["A", "B", "C", "D", "E"] { #expect(alone[id]?[1] == table[id]?[k], "\(who) \(id)") }
        }
        let (rc4, bad) = CinxProcess.cinx(["report", Self.file, "--table", "summary", "--where", "authority=Camden"])
        #expect(rc4 != 0 && bad.contains("no authority 'Camden'"), "\(bad)")
    }

    @Test func explorerRateViewAndTrendOnTheRegionalDemo() {
        let (rc, screen) = CinxProcess.cinx(["explore", Self.file, "--keys", "by authority; percent column", "--screen", "--size", "140x24"])
        #expect(rc == 0, "\(screen)")
        #expect(screen.contains("rate: % of each authority's population"))
        #expect(screen.contains("Northmere (991)"))
        let (rc2, trend) = CinxProcess.cinx(["explore", Self.file, "--keys", "by trend", "--screen", "--size", "140x24"])
        #expect(rc2 == 0 && trend.contains("Cohorts by reporting year") && trend.contains("2019!"), "\(trend)")
    }
}
