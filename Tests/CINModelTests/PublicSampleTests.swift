import Testing
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// Every public sample loads, or is reported; none crashes.
@Suite struct PublicSampleTests {
    @Test func liiatoolsSampleLoadsEveryModule() {
        let r = CensusLoader.load(paths: [fixturePath("liiatools_cin-2022.xml")])
        #expect(r.formats.first?.format == .xml)
        #expect(r.data.children.count == 1)
        #expect(r.data.episodes.count == 1)
        #expect(r.data.assessments.count == 1)
        #expect(r.data.section47s.count == 1)
        #expect(r.data.protectionPlans.count == 1)
        #expect(r.data.cinPlans.count == 1)
        let a = r.data.assessments[0]
        #expect(a.factors.codes == ["2A", "2B"])
        #expect(a.authorisationDate == Day(year: 1971, month: 7, day: 18))
        let c = r.data.children[0]
        #expect(c.ethnicity == 0)  // WBRI
        #expect(c.disabilities != 0 && c.hasDisability)
        // The sample gives both birth dates: kept and reported.
        #expect(c.birthDate == Day(year: 1966, month: 3, day: 24))
        #expect(c.expectedBirthDate == Day(year: 1966, month: 3, day: 22))
        #expect(r.report.has(.birthAndExpectedBirth))
        #expect(r.data.episodes[0].primaryNeed == 4)
        #expect(r.data.protectionPlans[0].initialCategory == 2)  // PHY
    }

    @Test func crlfSampleGivesTheSameModel() {
        let a = CensusLoader.load(paths: [fixturePath("liiatools_cin-2022.xml")])
        let b = CensusLoader.load(paths: [fixturePath("liiatools-pipeline_BAR_cin_2022.xml")])
        #expect(a.data.children == b.data.children)
        #expect(a.data.assessments == b.data.assessments)
        // The pipeline copy differs in three dates only: the episode's DateOfInitialCPC among them.
        #expect(a.data.episodes[0].referralDate == b.data.episodes[0].referralDate)
    }

    @Test func flatFileFromTheSameReturnMatchesTheXML() {
        let x = CensusLoader.load(paths: [fixturePath("liiatools_cin-2022.xml")])
        let f = CensusLoader.load(paths: [fixturePath("liiatools-0.2.0_flatfile_from_cin-2022.csv")])
        #expect(f.formats.first?.format == .flatCSV)
        #expect(f.data.children.count == 1)
        #expect(f.data.children[0].id == "DfEX0000001_BAR")  // liiatools appends the LA code
        #expect(f.data.episodes.count == 1 && f.data.assessments.count == 1)
        #expect(f.data.assessments[0].factors == x.data.assessments[0].factors)
        #expect(f.data.assessments[0].authorisationDate == x.data.assessments[0].authorisationDate)
        #expect(f.data.section47s.count == 1 && f.data.protectionPlans.count == 1 && f.data.cinPlans.count == 1)
        // liiatools puts the section 47's own ICPC date on the S47 row: it must not overwrite the episode's.
        #expect(f.data.episodes[0].dateOfInitialCPC == x.data.episodes[0].dateOfInitialCPC)
        #expect(f.data.section47s[0].dateOfInitialCPC == x.data.section47s[0].dateOfInitialCPC)
    }

    @Test func fakeDataXMLAndFlatFileAgree() {
        let x = CensusLoader.load(paths: [fixturePath("cin-validator_fake_CIN_data.xml")])
        let f = CensusLoader.load(paths: [fixturePath("liiatools-0.2.0_flatfile_from_fake_CIN_data.csv")])
        // README: 332 children, 402 CINdetails.
        #expect(x.data.children.count == 332)
        #expect(x.data.episodes.count == 402)
        #expect(f.data.children.count == 332)
        #expect(f.data.episodes.count == 402)
        // ReferralNFA is always true in this sample.
        #expect(x.data.episodes.allSatisfy { $0.referralNFA })
        // liiatools dropped one closure date silently (README): the XML has 252, the flat file 251.
        #expect(x.data.episodes.filter { $0.closureDate != nil }.count == 252)
        #expect(f.data.episodes.filter { $0.closureDate != nil }.count == 251)
    }

    @Test func validatorSamplesReportTheirFaults() {
        // 2024 format: <Sex>M</Sex>, factor RB, an empty factors container, authorised before start.
        let r = CensusLoader.load(paths: [fixturePath("cin-validator_CIN_Census_2024.xml")])
        #expect(r.data.children.count == 2)
        #expect(r.data.children[0].gender == 1)  // M read as male
        #expect(r.report.has(.unknownCode))
        #expect(r.report.problems.contains { $0.rule == .unknownCode && $0.detail.contains("'RB'") })
        #expect(r.report.has(.emptyFactors))
        #expect(r.report.has(.authorisationBeforeStart))
        #expect(r.report.has(.strayText))
        // ExpectedPersonBirthDate 1066: cleared as implausible.
        let old = CensusLoader.load(paths: [fixturePath("cin-validator_CIN_Census_2021.xml")])
        #expect(old.report.problems.contains { $0.rule == .implausibleDate && $0.detail.contains("1066") })
        #expect(old.data.children[0].expectedBirthDate == nil)
    }

    @Test(arguments: [
        "cin-validator_CIN2rows.xml", "cin-validator_CIN_Census_2021.xml",
        "cin-validator_CIN_Census_2021_no_assessment_factors.xml", "cin-validator_CIN_Census_2024.xml",
        "cin-validator_CIN_Census_2026.xml", "cin-validator_CIN_header_issues_100.xml",
        "cin-validator_fake_CIN_data.xml", "liiatools-pipeline_BAR_cin_2022.xml", "liiatools_cin-2022.xml",
        "liiatools-0.2.0_flatfile_from_cin-2022.csv", "liiatools-0.2.0_flatfile_from_fake_CIN_data.csv",
    ])
    func everySampleLoads(name: String) {
        let r = CensusLoader.load(paths: [fixturePath(name)])
        #expect(r.report.failedFiles.isEmpty)
        #expect(r.data.children.count >= 1)
    }

    @Test func the2026PreProceedingsBlockIsNotAnUnknownElement() {
        let r = CensusLoader.load(paths: [fixturePath("cin-validator_CIN_Census_2026.xml")])
        #expect(!r.report.has(.unknownElement))
    }
}
