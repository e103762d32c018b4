import Testing
import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// Each load rule is written once (`ValueRules`, `DfERules`) and both of a flat file's paths consult
/// it: here every rule is broken by a one-child file, then switched off, and both paths must change
/// together. The validating path's report loses the finding. The clean path shows it in its own way:
/// for a rule that sends a group to the validating path, the group now stays on the clean path (a
/// private copy of the rule there would still send it away); for a DfE rule, which the clean path
/// reports itself, its report loses the finding with no group leaving the clean path.
@Suite struct RulesOnceTests {
    /// A child of the 2017 return that breaks no rule (the test checks it); each case changes it.
    static func child(_ change: (inout RawChild) -> Void) -> RawChild {
        var c = RawChild(line: 1)
        c.id = "C1"; c.birthDate = "2010-05-01"; c.gender = "1"; c.ethnicity = "WBRI"
        var e = RawEpisode(line: 1)
        e.referralDate = "2016-06-01"; e.referralSource = "1A"; e.primaryNeed = "N1"; e.referralNFA = "false"
        var a = RawAssessment(line: 1)
        a.startDate = "2016-06-02"; a.authorisationDate = "2016-06-20"; a.factors = ["4B"]
        e.assessments = [a]
        c.episodes = [e]
        change(&c)
        return c
    }

    static func s47(start: String, icpc: String = "") -> RawSection47 {
        var s = RawSection47(line: 1)
        s.startDate = start; s.dateOfInitialCPC = icpc; s.icpcNotRequired = "false"
        return s
    }

    static func plan(start: String, end: String = "") -> RawProtectionPlan {
        var p = RawProtectionPlan(line: 1)
        p.startDate = start; p.endDate = end; p.initialCategory = "NEG"; p.latestCategory = "NEG"
        return p
    }

    /// One child that breaks each rule.
    static let breaking: [LoadRule: RawChild] = [
        .birthAndExpectedBirth: child { $0.expectedBirthDate = "2010-06-01" },
        .birthAfterReferenceDate: child { $0.birthDate = "2017-05-01" },
        .closureBeforeReferral: child { $0.episodes[0].closureDate = "2016-05-20"; $0.episodes[0].reasonForClosure = "RC8" },
        .authorisationBeforeStart: child { $0.episodes[0].assessments[0].authorisationDate = "2016-06-01" },
        .duplicateFactor: child { $0.episodes[0].assessments[0].factors = ["4B", "4B"] },
        .codeOutsideSchemaYear: child { $0.episodes[0].assessments[0].factors = ["24A"] },
        .factor21WithOthers: child { $0.episodes[0].assessments[0].factors = ["21", "4B"] },
        .dfe1103: child { $0.episodes[0].assessments[0].startDate = "2016-05-20" },
        .dfe2889: child { $0.episodes[0].section47s = [s47(start: "2016-05-20")] },
        .dfe1104: child { $0.episodes[0].section47s = [s47(start: "2016-06-05", icpc: "2016-05-20")] },
        .dfe1105: child { $0.episodes[0].protectionPlans = [plan(start: "2016-05-20")] },
        .dfe8565: child { $0.episodes[0].closureDate = "2016-06-10"; $0.episodes[0].reasonForClosure = "RC8" },
        .dfe8600: child {
            $0.episodes[0].referralDate = "2017-05-01"
            $0.episodes[0].assessments[0].startDate = "2017-05-02"; $0.episodes[0].assessments[0].authorisationDate = ""
        },
        .dfe8620: child { $0.episodes[0].closureDate = "2017-05-01"; $0.episodes[0].reasonForClosure = "RC8" },
        .dfe8696: child { $0.episodes[0].assessments[0].authorisationDate = "2017-05-01" },
        .dfe4013: child {
            var p = RawCINPlan(line: 1)
            p.startDate = "2016-06-05"; p.endDate = "2017-05-01"
            $0.episodes[0].cinPlans = [p]
        },
        .dfe8930: child { $0.episodes[0].protectionPlans = [plan(start: "2016-06-05", end: "2017-05-01")] },
        .dfe8831: child { $0.episodes[0].referralNFA = "true" },
        .dfe8832: child { $0.episodes[0].referralNFA = "true"; $0.episodes[0].protectionPlans = [plan(start: "2016-06-05")] },
        .dfe8569Q: child {
            $0.episodes[0].referralDate = "2016-03-01"; $0.episodes[0].referralNFA = "true"; $0.episodes[0].assessments = []
        },
    ]

    /// A return header (Year, ReferenceDate) that breaks each header rule: XML returns only, as a flat file has no header.
    static let breakingHeaders: [LoadRule: (year: String, referenceDate: String)] = [
        .yearNotReferenceDateYear: ("2023", "2024-03-31"),
        .referenceDateNot31March: ("2017", "2017-03-30"),
    ]

    /// The unchanged child in a return whose header gives this Year and ReferenceDate.
    static func xmlFile(year: String, referenceDate: String) -> [UInt8] {
        let header = XMLReturnWriter.header(year: 2017)
            .replacingOccurrences(of: "<Year>2017</Year>", with: "<Year>\(year)</Year>")
            .replacingOccurrences(of: "<ReferenceDate>2017-03-31</ReferenceDate>", with: "<ReferenceDate>\(referenceDate)</ReferenceDate>")
        return Array((header + XMLReturnWriter.child(child { _ in }, year: 2017) + XMLReturnWriter.footer).utf8)
    }

    static func flatFile(_ c: RawChild) -> [UInt8] { Array((FlatFileWriter.header + FlatFileWriter.rows(c, year: 2017)).utf8) }

    static let dfeRules = LoadRule.allCases.filter { $0.dfeRule != nil }

    @Test func everyRuleHasACase() {
        #expect(Set(Self.breaking.keys) == Set(ValueRules.all + Self.dfeRules))
        #expect(ValueRules.all.count == Set(ValueRules.all).count)
        #expect(Set(Self.breakingHeaders.keys) == Set(ValueRules.headerRules))
        #expect(ValueRules.headerRules.count == Set(ValueRules.headerRules).count)
    }

    /// Each header rule is reported against the file and its header's line, and not when switched off;
    /// a header that agrees with itself breaks none.
    @Test(arguments: ValueRules.headerRules)
    func aHeaderRuleIsReportedWithFileAndLineAndSwitchesOff(rule: LoadRule) throws {
        let (year, referenceDate) = try #require(Self.breakingHeaders[rule])
        let bytes = Self.xmlFile(year: year, referenceDate: referenceDate)
        for disabled in [false, true] {
            let builder = CensusBuilder()
            if disabled { builder.rules.disabled = [rule] }
            try XMLReturnLoader.load(reader: ByteReader(source: MemoryByteSource(bytes)), file: "t.xml", into: builder)
            let problems = builder.finish().1.problems.filter { $0.rule == rule }
            #expect(problems.count == (disabled ? 0 : 1), "\(rule)")
            if let p = problems.first {
                #expect(p.file == "t.xml" && p.line == 7, "\(p.formatted)")   // the header's ReferenceDate
                #expect(p.detail.contains(referenceDate))
            }
        }
        let clean = CensusBuilder()
        try XMLReturnLoader.load(reader: ByteReader(source: MemoryByteSource(Self.xmlFile(year: "2017", referenceDate: "2017-03-31"))),
                                 file: "t.xml", into: clean)
        #expect(!clean.finish().1.problems.contains { ValueRules.headerRules.contains($0.rule) })
    }

    @Test func theUnchangedChildBreaksNoRule() {
        let base = FlatPaths.load(Self.flatFile(Self.child { _ in }), fast: true, chunk: 1 << 20)
        #expect(base.report.problems.isEmpty, "\(base.report.problems.map(\.formatted))")
        #expect(base.clean == 1 && base.general == 0)
    }

    /// The rule's breaking file through both paths agrees with the rule on and off; then its loads:
    /// the clean path on and off, the validating path on and off.
    static func loads(breaking rule: LoadRule) throws -> (on: FlatPaths.Outcome, off: FlatPaths.Outcome,
                                                          general: FlatPaths.Outcome, generalOff: FlatPaths.Outcome) {
        let bytes = flatFile(try #require(breaking[rule]))
        FlatPaths.expectSame(bytes, chunk: 1 << 20, "\(rule) on")
        FlatPaths.expectSame(bytes, chunk: 1 << 20, disabling: [rule], "\(rule) off")
        return (FlatPaths.load(bytes, fast: true, chunk: 1 << 20),
                FlatPaths.load(bytes, fast: true, chunk: 1 << 20, disabling: [rule]),
                FlatPaths.load(bytes, fast: false, chunk: 1 << 20),
                FlatPaths.load(bytes, fast: false, chunk: 1 << 20, disabling: [rule]))
    }

    @Test(arguments: ValueRules.all)
    func aValueRuleSwitchedOffChangesBothPaths(rule: LoadRule) throws {
        let (on, off, general, generalOff) = try Self.loads(breaking: rule)
        // The validating path reports the rule, and does not when it is off.
        #expect(general.report.has(rule) && !generalOff.report.has(rule))
        // The clean path declines the group while the rule is on, and takes it when it is off.
        #expect(on.general == 1 && on.clean == 0, "\(rule): the clean path took a group that breaks it")
        #expect(off.general == 0 && off.clean == 1, "\(rule): the clean path did not consult it")
    }

    @Test(arguments: dfeRules)
    func aDfERuleSwitchedOffChangesBothPaths(rule: LoadRule) throws {
        let (on, off, general, generalOff) = try Self.loads(breaking: rule)
        #expect(general.report.has(rule) && !generalOff.report.has(rule))
        // The clean path read the group itself both times and reported the finding only when on.
        #expect(on.clean == 1 && off.clean == 1)
        #expect(on.report.has(rule) && !off.report.has(rule))
    }

    /// XML returns take the validating path only: the same switch reaches them.
    @Test func anXMLReturnUsesTheSameRules() throws {
        let c = try #require(Self.breaking[.closureBeforeReferral])
        let xml = Array((XMLReturnWriter.header(year: 2017) + XMLReturnWriter.child(c, year: 2017) + XMLReturnWriter.footer).utf8)
        for disabled in [false, true] {
            let builder = CensusBuilder()
            if disabled { builder.rules.disabled = [.closureBeforeReferral] }
            try XMLReturnLoader.load(reader: ByteReader(source: MemoryByteSource(xml)), file: "t.xml", into: builder)
            #expect(builder.finish().1.has(.closureBeforeReferral) == !disabled)
        }
    }
}
