import Testing
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// The DfE validation rules (LoadRule.dfe…), on the hand-built return `Fixtures/dfe-rules-2017.xml`,
/// whose comments work out which child fails which rule; Tests/Interop checks the same file against
/// the DfE's own validator.
@Suite struct DfERuleTests {
    func flagged(_ report: LoadReport) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for p in report.problems { if let r = p.rule.dfeRule { out[r, default: []].insert(p.childID) } }
        return out
    }

    @Test func handBuiltReturnFlagsTheChildrenWorkedOutInItsComments() {
        let r = CensusLoader.load(paths: [fixturePath("dfe-rules-2017.xml")])
        #expect(flagged(r.report) == [
            "1103": ["R1"], "1105": ["R1"], "8831": ["R1"], "8832": ["R1"],
            "8569Q": ["R2"], "8565": ["R2", "R6"],
            "8600": ["R5"], "2889": ["R5"], "1104": ["R5"], "8696": ["R5"],
            "8620": ["R6"], "4013": ["R6"], "8930": ["R6"],
        ])
        // R6 fails 8565 once, for the plan's end only (its CIN plan ended on the closure day).
        #expect(r.report.problems.filter { $0.rule == .dfe8565 && $0.childID == "R6" }.map(\.detail)
                == ["CPPendDate 2017-04-01 is after CINclosureDate 2016-03-31 (DfE 8565)"])
        // Reported, not acted on: all six children, their six episodes and three assessments are loaded.
        #expect(r.data.children.count == 6 && r.data.episodes.count == 6 && r.data.assessments.count == 3)
        #expect(r.report.problems.allSatisfy { $0.rule.dfeRule == nil || $0.action == .kept })
    }

    @Test func everyDfEKindCarriesItsRuleNumber() {
        let numbers = LoadRule.allCases.compactMap(\.dfeRule)
        #expect(numbers == ["1103", "2889", "1104", "1105", "8565", "8600", "8620", "8696", "4013", "8930", "8831", "8832", "8569Q"])
        #expect(LoadRule.mergeConflict.dfeRule == nil)
    }

    @Test func censusPeriodAndFirstWorkingDay() {
        func d(_ s: String) -> Day { DateParser.parse(s)! }
        #expect(DfERules.censusPeriod(referenceDate: d("2017-03-31")) == d("2016-04-01")...d("2017-03-31"))
        // A reference date other than 31 March (cin-validator_fake_CIN_data.xml has 2022-07-21).
        #expect(DfERules.censusPeriod(referenceDate: d("2022-07-21")) == d("2021-07-22")...d("2022-07-21"))
        // 29 February: a year before is 28 February (pandas' DateOffset), so the year starts 1 March.
        #expect(DfERules.censusPeriod(referenceDate: d("2024-02-29")).lowerBound == d("2023-03-01"))
        // 1 April 2016 a Friday: itself; 1 April 2017 a Saturday: Monday the 3rd; 1 April 2024 Easter Monday: the 2nd.
        #expect(EnglandWorkingDays.onOrAfter(d("2016-04-01")) == d("2016-04-01"))
        #expect(EnglandWorkingDays.onOrAfter(d("2017-04-01")) == d("2017-04-03"))
        #expect(EnglandWorkingDays.onOrAfter(d("2024-04-01")) == d("2024-04-02"))
        #expect(EnglandWorkingDays.easterSunday(year: 2024) == d("2024-03-31"))
        #expect(EnglandWorkingDays.easterSunday(year: 2017) == d("2017-04-16"))
    }

    /// 8569Q in a 2017-18 return: 1 April 2017 was a Saturday, so a referral that day is before the
    /// first working day (Monday 3 April) and an NFA on it is queried; one on the 3rd is not.
    @Test func nfaBeforeTheFirstWorkingDay() {
        func child(_ id: String, _ referral: String) -> String {
            """
            <Child><ChildIdentifiers><LAchildID>\(id)</LAchildID></ChildIdentifiers>
              <CINdetails><CINreferralDate>\(referral)</CINreferralDate><ReferralNFA>1</ReferralNFA></CINdetails></Child>
            """
        }
        let r = loadText(xmlReturn(year: 2018, child("S1", "2017-04-01") + child("S2", "2017-04-03")))
        #expect(flagged(r.report) == ["8569Q": ["S1"]])
    }

    /// The same fault in a flat file: the clean path reads both groups (a finding is on valid values) and
    /// reports it where the general path does, so both report the same.
    @Test func flatFileFastAndGeneralPathsAgree() throws {
        // F1 (2017 return): assessment started 2016-05-30, referred 2016-06-01: 1103. F2: clean.
        let rows = [
            "F1,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2010-05-01,,1,,,WBRI,,2017,Demo",
            "F1,2016-05-30,AssessmentActualStartDate,2016-06-01,1A,N1,,,,0,,,,,,2016-05-30,,2016-06-10,4B,,,,,,,,,2010-05-01,,1,,,WBRI,,2017,Demo",
            "F2,2016-07-01,CINreferralDate,2016-07-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2011-05-01,,2,,,WBRI,,2017,Demo",
        ]
        let bytes = Array(([flatHeader] + rows).joined(separator: "\n").utf8)
        var results: [(CensusData, LoadReport)] = []
        for fast in [true, false] {
            let builder = CensusBuilder()
            let groups = try FlatFileLoader.load(reader: ByteReader(source: MemoryByteSource(bytes)), file: "t.csv", into: builder, fastPaths: fast)
            if fast { #expect(groups.clean == 2 && groups.general == 0) }
            results.append(builder.finish())
        }
        #expect(results[0].1.problems == results[1].1.problems)
        #expect(results[0].0.assessments == results[1].0.assessments)
        #expect(flagged(results[0].1) == ["1103": ["F1"]])
    }
}
