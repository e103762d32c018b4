import Testing
import Foundation
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// One small fixture per data-quality rule (issue: "tests cover each rule above with a small fixture").
@Suite struct LoadRuleTests {
    @Test func missingChildIDSkipsTheChild() {
        let r = loadText(xmlReturn(xmlChild(id: "") + xmlChild(id: "C2")))
        #expect(r.data.children.map(\.id) == ["C2"])
        let p = r.report.problems.first { $0.rule == .missingChildID }
        #expect(p?.action == .skipped)
        #expect(p?.line ?? 0 > 0)
    }

    @Test func duplicateChildInOneReturnIsReportedAndMerged() {
        let r = loadText(xmlReturn(xmlChild(id: "C1") + xmlChild(id: "C1", referral: "2016-09-01", start: "2016-09-02", auth: "2016-09-10")))
        #expect(r.data.children.count == 1)
        #expect(r.data.episodes.count == 2)
        #expect(r.report.count(.duplicateChildInReturn) == 1)
    }

    @Test func unparseableAndImpossibleDates() {
        // 31 April does not exist; 1066 and 2099 are implausible; all are cleared with a problem each.
        let r = loadText(xmlReturn(xmlChild(id: "C1", birth: "2010-04-31", closure: "2099-01-01", start: "1066-10-14")))
        #expect(r.report.problems.contains { $0.rule == .unparseableDate && $0.detail.contains("PersonBirthDate") && $0.action == .cleared })
        #expect(r.report.problems.contains { $0.rule == .implausibleDate && $0.detail.contains("2099") })
        #expect(r.report.problems.contains { $0.rule == .implausibleDate && $0.detail.contains("1066") })
        #expect(r.data.children[0].birthDate == nil)
        #expect(r.data.episodes[0].closureDate == nil)
        // The assessment is kept, keyed by its authorisation date.
        #expect(r.data.assessments.count == 1 && r.data.assessments[0].startDate == nil)
    }

    @Test func closureBeforeReferralAndAuthorisationBeforeStartAreKept() {
        let r = loadText(xmlReturn(xmlChild(referral: "2016-06-01", closure: "2016-05-01", start: "2016-06-10", auth: "2016-06-05")))
        #expect(r.report.problems.first { $0.rule == .closureBeforeReferral }?.action == .kept)
        #expect(r.report.problems.first { $0.rule == .authorisationBeforeStart }?.action == .kept)
        #expect(r.data.episodes[0].closureDate == Day(year: 2016, month: 5, day: 1))
    }

    @Test func birthAfterReferenceDateIsNotedButAReferralBeforeBirthIsNormal() {
        // Born after the 2017 reference date: noted. Referral before birth (pre-birth referral): no problem.
        let r = loadText(xmlReturn(xmlChild(birth: "2017-05-01", referral: "2016-12-01", start: "2016-12-02", auth: "2016-12-20")))
        #expect(r.report.count(.birthAfterReferenceDate) == 1)
        #expect(r.report.totalProblems == 1)
    }

    @Test func unknownCodesAreClearedAndReported() {
        let r = loadText(xmlReturn(xmlChild(ethnicity: "XXXX", need: "N12", factors: ["4B", "RB"])))
        #expect(r.data.children[0].ethnicity == Ethnicity.unknown)
        #expect(r.data.episodes[0].primaryNeed == PrimaryNeed.unknown)
        #expect(r.data.assessments[0].factors.codes == ["4B"])
        #expect(r.report.count(.unknownCode) == 3)
    }

    @Test func codesOfOtherSchemaYearsAreNotedNotRejected() {
        // 18B exists from 2020-21; in a 2017 return it is kept and noted.
        let r = loadText(xmlReturn(year: 2017, xmlChild(factors: ["18B"])))
        #expect(r.data.assessments[0].factors.codes == ["18B"])
        #expect(r.report.count(.codeOutsideSchemaYear) == 1)
        let ok = loadText(xmlReturn(year: 2021, xmlChild(referral: "2020-06-01", start: "2020-06-02", auth: "2020-06-20", factors: ["18B"])))
        #expect(ok.report.count(.codeOutsideSchemaYear) == 0)
    }

    /// The schema years of each factor code, by its bit, as the rule's table states them (18A and 19A
    /// to 2019-20 and again from 2024-25's schema, 18B/C and 19B/C from 2020-21, 24A from 2021-22),
    /// for every code and every year from 2010 to 2030.
    @Test func factorSchemaYearsByBit() throws {
        func expected(_ code: String, _ year: Int) -> Bool {
            switch code {
            case "18A", "19A": return year <= 2020 || year >= 2025
            case "18B", "18C", "19B", "19C": return year >= 2021
            case "24A": return year >= 2022
            default: return true
            }
        }
        for code in AssessmentFactor.list.codes {
            let bit = try #require(AssessmentFactor.bit(code))
            for year in 2010...2030 {
                #expect(ValueRules.factorInSchema(bit, year: year) == expected(code, year), "\(code) in \(year)")
            }
        }
    }

    @Test func factor21WithOthersAndDuplicateFactors() {
        let r = loadText(xmlReturn(xmlChild(factors: ["21", "4B", "4B"])))
        #expect(r.report.count(.factor21WithOthers) == 1)
        #expect(r.report.count(.duplicateFactor) == 1)
        #expect(r.data.assessments[0].factors.codes == ["4B", "21"])
    }

    @Test func emptyFactorsContainer() {
        let r = loadText(xmlReturn(xmlChild(factors: [])))
        #expect(r.report.count(.emptyFactors) == 1)
        #expect(r.data.assessments[0].hasFactorData == false)
    }

    @Test func bothBirthDatesAreKept() {
        let r = loadText(xmlReturn(xmlChild(extraIdentifiers: "<ExpectedPersonBirthDate>2010-05-03</ExpectedPersonBirthDate>")))
        #expect(r.report.count(.birthAndExpectedBirth) == 1)
        #expect(r.data.children[0].birthDate != nil && r.data.children[0].expectedBirthDate != nil)
    }

    @Test func malformedXMLStopsThatFileOnlyAndNamesTheLine() throws {
        let dir = temporaryDirectory()
        let bad = dir + "/bad.xml", good = dir + "/good.xml"
        // Line 8 holds the bad end tag (the header is lines 1-4, the first child starts on line 5).
        let text = xmlReturn(xmlChild(id: "C1") + "\n<Child><ChildIdentifiers><LAchildID>C9</LAchildID></Oops>")
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        try xmlReturn(xmlChild(id: "C2")).write(toFile: good, atomically: true, encoding: .utf8)
        let r = CensusLoader.load(paths: [bad, good])
        let p = try #require(r.report.problems.first { $0.rule == .malformedXML })
        #expect(p.file == bad)
        #expect(p.detail.contains("</Oops>"))
        let badLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("</Oops>") }.map { $0 + 1 }
        #expect(p.line == badLine)
        // C1 was complete before the error; C2 comes from the other file.
        #expect(Set(r.data.children.map(\.id)) == ["C1", "C2"])
    }

    @Test func notACINReturn() {
        let r = loadText("<?xml version=\"1.0\"?><Catalogue><Book/></Catalogue>")
        #expect(r.report.has(.notACINReturn))
        #expect(r.data.children.isEmpty)
        #expect(r.report.failedFiles == ["test.xml"])
    }

    @Test func unknownElementsAreIgnoredWithOneNote() {
        let r = loadText(xmlReturn(xmlChild(extraIdentifiers: "<ShoeSize>4</ShoeSize>") + xmlChild(id: "C2", extraIdentifiers: "<ShoeSize>5</ShoeSize>")))
        #expect(r.report.count(.unknownElement) == 1)
        #expect(r.data.children.count == 2)
    }

    @Test func elementOrderDoesNotMatterAndBOMAndCRLFAreTolerated() {
        // Header after Children, fields in reverse order, CRLF line ends, a BOM.
        let text = "\u{FEFF}<Message>\r\n<Children><Child><CINdetails><Assessments><FactorsIdentifiedAtAssessment><AssessmentFactors>5B</AssessmentFactors></FactorsIdentifiedAtAssessment><AssessmentAuthorisationDate>2016-07-01</AssessmentAuthorisationDate><AssessmentActualStartDate>2016-06-20</AssessmentActualStartDate></Assessments><CINreferralDate>2016-06-19</CINreferralDate></CINdetails>\r\n<ChildCharacteristics><Ethnicity>BAFR</Ethnicity></ChildCharacteristics><ChildIdentifiers><PersonBirthDate>2012-01-01</PersonBirthDate><LAchildID>Z1</LAchildID></ChildIdentifiers></Child></Children>\r\n<Header><CollectionDetails><ReferenceDate>2017-03-31</ReferenceDate><Year>2017</Year></CollectionDetails></Header></Message>\r\n"
        let r = loadText(text)
        #expect(r.report.totalProblems == 0)
        #expect(r.data.children.first?.id == "Z1")
        #expect(r.data.children.first?.ethnicity == UInt8(Ethnicity.list.index(of: "BAFR") ?? 99))
        #expect(r.data.assessments.first?.factors.codes == ["5B"])
        #expect(r.data.returnYears == [2017])
    }

    @Test func entitiesCDATAAndCommentsAndNamespacePrefixes() {
        let text = xmlReturn("<!-- a comment --><cin:Child xmlns:cin=\"urn:x\"><ChildIdentifiers><LAchildID>A&amp;B</LAchildID></ChildIdentifiers><ChildCharacteristics><Ethnicity><![CDATA[WBRI]]></Ethnicity></ChildCharacteristics><CINdetails><CINreferralDate>2016-06-01</CINreferralDate></CINdetails></cin:Child>")
        let r = loadText(text)
        #expect(r.data.children.first?.id == "A&B")
        #expect(r.data.children.first?.ethnicity == 0)
    }

    @Test func billionLaughsIsNotExpanded() {
        let text = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <Message><Children><Child><ChildIdentifiers><LAchildID>&lol2;</LAchildID></ChildIdentifiers></Child></Children></Message>
        """
        let r = loadText(text)
        #expect(r.report.problems.contains { $0.rule == .malformedXML && $0.detail.contains("not expanded") })
        #expect(r.data.children.isEmpty)
    }

    @Test func mergeConflictLaterReturnWins() {
        // The 2017 return says WBRI, the 2018 return corrects it to WOTH and adds the closure date.
        // Loading the later file first must give the same answer.
        let y2017 = xmlReturn(year: 2017, xmlChild(ethnicity: "WBRI"))
        let y2018 = xmlReturn(year: 2018, xmlChild(ethnicity: "WOTH", closure: "2017-06-30"))
        for order in [[y2017, y2018], [y2018, y2017]] {
            let builder = CensusBuilder()
            for (i, text) in order.enumerated() {
                let reader = ByteReader(source: MemoryByteSource(text))
                try? XMLReturnLoader.load(reader: reader, file: "f\(i).xml", into: builder)
            }
            let (data, report) = builder.finish()
            #expect(data.children.count == 1 && data.episodes.count == 1 && data.assessments.count == 1)
            #expect(data.children[0].ethnicity == UInt8(Ethnicity.list.index(of: "WOTH") ?? 99))
            #expect(data.episodes[0].closureDate == Day(year: 2017, month: 6, day: 30))
            #expect(report.count(.mergeConflict) == 1)  // ethnicity; a blank closure is not a conflict
            #expect(data.children[0].sourceYear == 2018)
        }
    }

    @Test func flatFileRebuildsOneAssessmentFromItsTwoRows() {
        let rows = [
            "C1,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2010-05-01,,1,,,WBRI,,2017,X",
            "C1,2016-06-02,AssessmentActualStartDate,2016-06-01,1A,N1,,,,0,,,,,,2016-06-02,,2016-06-20,\"4B,3B\",,,,,,,,,2010-05-01,,1,,,WBRI,,2017,X",
            "C1,2016-06-20,AssessmentAuthorisationDate,2016-06-01,1A,N1,,,,0,,,,,,2016-06-02,,2016-06-20,\"4B,3B\",,,,,,,,,2010-05-01,,1,,,WBRI,,2017,X",
        ]
        let r = loadText(([flatHeader] + rows).joined(separator: "\r\n") + "\r\n", name: "flat.csv")
        #expect(r.report.totalProblems == 0)
        #expect(r.data.episodes.count == 1)
        #expect(r.data.assessments.count == 1)
        #expect(r.data.assessments[0].factors.codes == ["3B", "4B"])
    }

    @Test func flatFileColumnsInAnyOrderWithOnlyTheRequiredOnes() {
        let text = "Type,CINreferralDate,LAchildID\nCINreferralDate,2016-06-01,C7\n"
        let r = loadText(text, name: "x.csv")
        #expect(r.data.children.map(\.id) == ["C7"])
        #expect(r.data.episodes.count == 1)
        #expect(r.report.has(.missingYear))
    }

    @Test func flatFileMissingRequiredColumn() {
        let r = loadText("LAchildID,Date\nC1,2016-01-01\n", name: "x.csv")
        #expect(r.report.problems.contains { $0.rule == .missingColumn && $0.detail.contains("'Type'") })
        #expect(r.data.children.isEmpty)
    }

    @Test func wrongColumnCountAndUnclosedQuote() {
        let good = "C1,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2010-05-01,,1,,,WBRI,,2017,X"
        let short = "C2,2016-06-01,CINreferralDate,2016-06-01"
        let unclosed = "C3,2016-06-01,CINreferralDate,\"2016-06-01"
        let r = loadText([flatHeader, good, short, unclosed].joined(separator: "\n"), name: "x.csv")
        #expect(r.data.children.map(\.id) == ["C1"])
        #expect(r.report.problems.contains { $0.rule == .wrongColumnCount && $0.line == 3 && $0.action == .skipped })
        #expect(r.report.problems.contains { $0.rule == .wrongColumnCount && $0.line == 4 && $0.detail.contains("never closed") })
    }

    @Test func dayMonthYearDatesAreReadAndReportedOncePerFile() {
        let rows = [
            "C1,01/06/2016,CINreferralDate,01/06/2016,1A,N1,,,,0,,,,,,,,,,,,,,,,,,01/05/2010,,1,,,WBRI,,2017,X",
            "C2,01/07/2016,CINreferralDate,01/07/2016,1A,N1,,,,0,,,,,,,,,,,,,,,,,,01/05/2011,,1,,,WBRI,,2017,X",
        ]
        let r = loadText(([flatHeader] + rows).joined(separator: "\n"), name: "x.csv")
        #expect(r.data.episodes.map(\.referralDate) == [Day(year: 2016, month: 6, day: 1), Day(year: 2016, month: 7, day: 1)].compactMap { $0 })
        #expect(r.report.count(.dayMonthYearDate) == 1)
        #expect(r.report.problems.first { $0.rule == .dayMonthYearDate }?.detail.hasPrefix("4 date(s)") == true)
    }

    @Test func unknownRowType() {
        let r = loadText(flatHeader + "\nC1,2016-06-01,Birthday,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2010-05-01,,1,,,WBRI,,2017,X\n", name: "x.csv")
        #expect(r.report.has(.unknownRowType))
        #expect(r.data.children.isEmpty)
    }

    @Test func formatIsDetectedFromContentNotName() throws {
        let dir = temporaryDirectory()
        let csvNamedXML = dir + "/data.xml"
        try (flatHeader + "\nC1,2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,2010-05-01,,1,,,WBRI,,2017,X\n")
            .write(toFile: csvNamedXML, atomically: true, encoding: .utf8)
        let r = CensusLoader.load(paths: [csvNamedXML])
        #expect(r.formats.first?.format == .flatCSV)
        #expect(r.data.children.count == 1)
    }

    @Test func unreadableInputsAreOneLineErrors() throws {
        let dir = temporaryDirectory()
        let binary = dir + "/blob.bin"
        try Data([0x00, 0x01, 0x02, 0xff]).write(to: URL(fileURLWithPath: binary))
        let truncatedGzip = dir + "/t.xml.gz"
        try Data([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0xcd]).write(to: URL(fileURLWithPath: truncatedGzip))
        for (path, fragment) in [(dir + "/missing.xml", "No such file"), (dir, "is a directory"), (binary, "binary"), (truncatedGzip, "gzip")] {
            let r = CensusLoader.load(paths: [path])
            let p = r.report.problems.first { $0.rule == .unreadableFile }
            #expect(p?.detail.contains(fragment) == true, "\(path): \(p?.detail ?? "no problem")")
            #expect(r.report.failedFiles == [path])
        }
    }
}

@Suite struct MergeKeyTests {
    /// An assessment with no start date is keyed by its authorisation date; one authorised before 1970
    /// (a negative day number) once overflowed the key arithmetic.
    @Test func assessmentWithoutStartBefore1970() {
        let r = loadText(xmlReturn(xmlChild(birth: "1960-01-01", referral: "1965-06-01", start: "", auth: "1965-07-01", factors: ["4B"])
                                   + xmlChild(id: "C2", referral: "2016-06-01", start: "", auth: "2016-07-01", factors: ["3B"])))
        #expect(r.data.assessments.count == 2)
        #expect(r.data.assessments.map(\.authorisationDate) == [Day(year: 1965, month: 7, day: 1), Day(year: 2016, month: 7, day: 1)])
        // The same assessment in two returns merges into one.
        let twice = CensusBuilder()
        for y in [2017, 2018] {
            try? XMLReturnLoader.load(reader: ByteReader(source: MemoryByteSource(xmlReturn(year: y, xmlChild(start: "", auth: "1965-07-01", factors: ["4B"])))),
                                      file: "r\(y).xml", into: twice)
        }
        #expect(twice.finish().0.assessments.count == 1)
    }

    @Test func intKeyTableGrowsAndFindsEveryKey() {
        var t = IntKeyTable(capacity: 4)
        var rng = SplitMix64(seed: 5)
        var reference: [UInt64: Int32] = [:]
        for i in 0..<50_000 {
            let k = IntKeyTable.key(Int32(rng.below(3000)), Int32(rng.below(60_000)) - 30_000)
            t.insert(k, Int32(i))
            reference[k] = Int32(i)
        }
        #expect(t.count == reference.count)
        for (k, v) in reference { #expect(t[k] == v) }
        #expect(t[IntKeyTable.key(99_999, 0)] == nil)
    }

    /// Every rule has words a reader without cinx's documentation understands, distinct from the
    /// others; the DfE's rules carry their number.
    @Test func everyRuleHasATitle() {
        let titles = LoadRule.allCases.map(\.title)
        #expect(Set(titles).count == titles.count)
        for rule in LoadRule.allCases {
            #expect(!rule.title.contains(rule.rawValue) && rule.title.first?.isUppercase == true, "\(rule)")
            if let n = rule.dfeRule { #expect(rule.title.hasSuffix("(DfE rule \(n))"), "\(rule.title)") }
        }
        #expect(LoadRule.dfe8569Q.title == "A no-further-action referral before the census year (DfE rule 8569Q)")
    }
}
