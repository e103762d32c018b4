import Foundation
import Testing
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// Merging returns where one of them lost or had not yet got a value (issue 16, item 3).
@Suite struct MergeAcrossReturnsTests {
    func load(_ files: [(String, String)]) -> CensusLoader.Result {
        let dir = temporaryDirectory()
        var paths: [String] = []
        for (name, text) in files {
            let p = dir + "/" + name
            FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
            paths.append(p)
        }
        return CensusLoader.load(paths: paths)
    }

    /// 2017 gives the assessment started 2016-06-02 and authorised 2016-06-20; 2018 repeats it with
    /// the start blank. One assessment, not two, in either file order; the start kept.
    @Test func assessmentMatchesByAuthorisationWhenAStartIsBlank() {
        let full = xmlReturn(year: 2017, xmlChild(start: "2016-06-02", auth: "2016-06-20"))
        let blank = xmlReturn(year: 2018, xmlChild(start: "", auth: "2016-06-20"))
        for order in [[("a.xml", full), ("b.xml", blank)], [("a.xml", blank), ("b.xml", full)]] {
            let r = load(order)
            #expect(r.data.assessments.count == 1)
            #expect(r.data.assessments.first?.startDate == DateParser.parse("2016-06-02"))
            // Nothing but DfE 8696 (the 2018 return holds an assessment authorised in 2016-17).
            #expect(r.report.problems.map(\.rule) == [.dfe8696])
        }
        // Within one return two such assessments stay two (a return lists distinct assessments).
        let both = xmlReturn(year: 2017, xmlChild(start: "2016-06-02", auth: "2016-06-20",
            extraEpisode: "<Assessments><AssessmentAuthorisationDate>2016-06-20</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>"))
        #expect(loadText(both).data.assessments.count == 2)
    }

    func child(_ gender: String) -> String {
        """
        <Child><ChildIdentifiers><LAchildID>G1</LAchildID><ExpectedPersonBirthDate>2016-05-01</ExpectedPersonBirthDate><GenderCurrent>\(gender)</GenderCurrent></ChildIdentifiers>
          <CINdetails><CINreferralDate>2016-03-01</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails></Child>
        """
    }

    /// Gender 0 (unborn) in 2016, 2 in 2017: a birth, no conflict, 2 kept (either file order). 1 then 2
    /// is still a conflict; 2 then 0 (the later return says 0) is one too.
    @Test func genderZeroThenKnownIsABirth() {
        for order in [[("a.xml", xmlReturn(year: 2016, child("0"))), ("b.xml", xmlReturn(year: 2017, child("2")))],
                      [("a.xml", xmlReturn(year: 2017, child("2"))), ("b.xml", xmlReturn(year: 2016, child("0")))]] {
            let r = load(order)
            #expect(r.report.count(.mergeConflict) == 0)
            #expect(r.data.children.first?.gender == 2)
        }
        #expect(load([("a.xml", xmlReturn(year: 2016, child("1"))), ("b.xml", xmlReturn(year: 2017, child("2")))]).report.count(.mergeConflict) == 1)
        #expect(load([("a.xml", xmlReturn(year: 2016, child("2"))), ("b.xml", xmlReturn(year: 2017, child("0")))]).report.count(.mergeConflict) == 1)
        #expect(Gender.birth(earlier: 3, later: 4) == 4 && Gender.birth(earlier: 3, later: 0) == nil)
    }

    /// Two children without an LAchildID in one return, with the same number of episodes: two problems,
    /// each at its child's line (before, one).
    @Test func everyBlankIDChildIsItsOwnProblem() {
        let r = loadText(xmlReturn(xmlChild(id: "") + "\n" + xmlChild(id: " ") + "\n" + xmlChild(id: "C3")))
        let blank = r.report.problems.filter { $0.rule == .missingChildID }
        #expect(blank.count == 2)
        #expect(Set(blank.map(\.line)).count == 2)
        #expect(r.data.children.map(\.id) == ["C3"])
    }
}
