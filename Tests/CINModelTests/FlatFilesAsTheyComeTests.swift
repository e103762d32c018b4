import Foundation
import Testing
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// Flat files as other tools leave them (issue 16): pandas' `1.0` integers, dates with a time, rows
/// whose CINreferralDate was lost. Each case is loaded by the fast and the general path, which must agree.
@Suite struct FlatFilesAsTheyComeTests {
    func loadBoth(_ rows: [String]) throws -> (CensusData, LoadReport) {
        let bytes = Array(([flatHeader] + rows).joined(separator: "\n").utf8)
        var results: [(CensusData, LoadReport)] = []
        for fast in [true, false] {
            let builder = CensusBuilder()
            try FlatFileLoader.load(reader: ByteReader(source: MemoryByteSource(bytes)), file: "t.csv", into: builder, fastPaths: fast)
            results.append(builder.finish())
        }
        let (a, b) = (results[0], results[1])
        #expect(a.1.problems == b.1.problems)
        #expect(a.0.children == b.0.children && a.0.episodes == b.0.episodes && a.0.assessments == b.0.assessments
                && a.0.section47s == b.0.section47s && a.0.protectionPlans == b.0.protectionPlans && a.0.returnYears == b.0.returnYears)
        return a
    }

    /// la-agg output: GenderCurrent 1.0, ReferralNFA and ICPCnotRequired 0.0, NumberOfPreviousCPP 2.0,
    /// YEAR 2017.0 on every row. Read as 1, false, 2 and 2017; one note for the file, naming the five columns.
    @Test func integersWrittenWithADecimalPoint() throws {
        let rows = [
            "C1,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0.0,,,,,,,,,,,,,,,,,,2010-05-01,,1.0,,2021.0,WBRI,,2017.0,Demo",
            "C1,2016-06-03,S47ActualStartDate,2016-06-01,1A,N1,,,,0.0,,,2016-06-03,2016-06-17,0.0,,,,,,,,,,,,,2010-05-01,,1.0,,2021.0,WBRI,,2017.0,Demo",
            "C1,2016-07-01,CPPstartDate,2016-06-01,1A,N1,,,,0.0,,,,,,,,,,2016-07-01,,NEG,NEG,2.0,,,,2010-05-01,,1.0,,2021.0,WBRI,,2017.0,Demo",
            "C2,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0.0,,,,,,,,,,,,,,,,,,2011-05-01,,2.0,,2021.0,WBRI,,2017.0,Demo",
        ]
        let (data, report) = try loadBoth(rows)
        #expect(data.returnYears == [2017])
        #expect(data.children.map(\.gender) == [1, 2])  // stored indexes of codes 1 and 2
        #expect(data.section47s.first?.icpcNotRequired == false)
        #expect(data.protectionPlans.first?.numberOfPreviousPlans == 2)
        #expect(report.problems.map(\.rule) == [.decimalIntegers])
        #expect(report.problems.first?.detail.hasSuffix("GenderCurrent/Sex, ICPCnotRequired, NumberOfPreviousCPP, ReferralNFA, YEAR") == true)
        // Not integers: 1.5 and .0 stay unknown codes.
        #expect(DecimalInteger.strip("1.5") == nil && DecimalInteger.strip(".0") == nil && DecimalInteger.strip("1.") == nil)
        #expect(DecimalInteger.strip("2021.00") == "2021")
    }

    /// Dates with a time of midnight (a spreadsheet or pandas round trip) read as the date, silently,
    /// in either form; the same child without times loads to the same records.
    @Test func datesWithATime() throws {
        let timed = try loadBoth([
            "C1,2016-06-01 00:00:00,CINreferralDate,2016-06-01 00:00:00,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2010-05-03 00:00:00,,1,,,WBRI,,2017,Demo",
            "C1,2016-06-20,AssessmentAuthorisationDate,2016-06-01 00:00:00,1A,N1,,,,0,,,,,,2016-06-02T00:00:00,,20/06/2016 00:00,4B,,,,,,,,,2010-05-03 00:00:00,,1,,,WBRI,,2017,Demo",
        ])
        let plain = try loadBoth([
            "C1,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2010-05-03,,1,,,WBRI,,2017,Demo",
            "C1,2016-06-20,AssessmentAuthorisationDate,2016-06-01,1A,N1,,,,0,,,,,,2016-06-02,,2016-06-20,4B,,,,,,,,,2010-05-03,,1,,,WBRI,,2017,Demo",
        ])
        #expect(timed.0.children == plain.0.children && timed.0.episodes == plain.0.episodes && timed.0.assessments == plain.0.assessments)
        // The DD/MM/YYYY date is noted once per file; nothing else.
        #expect(timed.1.problems.map(\.rule) == [.dayMonthYearDate])
    }

    /// An assessment row whose CINreferralDate was lost: with one matching episode (C1) it joins it
    /// (1 episode, 1 assessment, reported as joined); with two (C2, referred 2016-06-01 and 2016-09-01,
    /// both N1 and open) it cannot tell, and is skipped (reported).
    @Test func blankReferralDateJoinsTheOneMatchingEpisode() throws {
        let (data, report) = try loadBoth([
            "C1,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2010-05-01,,1,,,WBRI,,2017,Demo",
            "C1,2016-06-20,AssessmentAuthorisationDate,,1A,N1,,,,0,,,,,,2016-06-02,,2016-06-20,4B,,,,,,,,,2010-05-01,,1,,,WBRI,,2017,Demo",
            "C2,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2011-05-01,,1,,,WBRI,,2017,Demo",
            "C2,2016-09-01,CINreferralDate,2016-09-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2011-05-01,,1,,,WBRI,,2017,Demo",
            "C2,2016-09-20,AssessmentAuthorisationDate,,1A,N1,,,,0,,,,,,2016-09-02,,2016-09-20,4B,,,,,,,,,2011-05-01,,1,,,WBRI,,2017,Demo",
        ])
        #expect(data.episodes.count == 3)
        #expect(data.assessments.count == 1 && data.assessments.first?.episode == 0)
        let missing = report.problems.filter { $0.rule == .missingReferralDate }
        #expect(missing.map(\.childID) == ["C1", "C2"])
        #expect(missing.map(\.action) == [.joined, .skipped])
        #expect(missing.map(\.line) == [3, 6])
    }
}
