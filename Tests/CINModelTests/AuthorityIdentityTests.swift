import Testing
import Foundation
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// A child is (authority, LAchildID): the authority comes from the flat file's `LA` column or the
/// XML header's `Header/Source/LEA`; returns of different authorities never merge.
@Suite struct AuthorityIdentityTests {
    /// An XML return whose header names an authority.
    func authorityReturn(lea: String, year: Int = 2017, _ children: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Message>
          <Header><CollectionDetails><Collection>CIN</Collection><Year>\(year)</Year><ReferenceDate>\(year)-03-31</ReferenceDate></CollectionDetails>
            <Source><SourceLevel>L</SourceLevel><LEA>\(lea)</LEA><SoftwareCode>x</SoftwareCode></Source></Header>
          <Children>
        \(children)
          </Children>
        </Message>
        """
    }

    /// One flat referral + assessment for child `id` of authority `la` (36 columns, as liiatools).
    func flatRows(id: String, la: String, birth: String = "2010-05-01", year: Int = 2017) -> [String] {
        [
            "\(id),2016-06-01,CINreferralDate,2016-06-01,1A,N1,,,,0,,,,,,,,,,,,,,,,,,\(birth),,1,,,WBRI,,\(year),\(la)",
            "\(id),2016-06-20,AssessmentAuthorisationDate,2016-06-01,1A,N1,,,,0,,,,,,2016-06-02,,2016-06-20,4B,,,,,,,,,\(birth),,1,,,WBRI,,\(year),\(la)",
        ]
    }

    func write(_ files: [String: String]) throws -> [String] {
        let dir = temporaryDirectory()
        return try files.sorted(by: { $0.key < $1.key }).map { name, text in
            let path = dir + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test func sameIDInTwoFlatAuthoritiesIsTwoChildren() {
        // Child 1 in Barnet and child 1 in Camden: two children (before authorities, one).
        let rows = flatRows(id: "1", la: "Barnet") + flatRows(id: "1", la: "Camden")
        let r = loadText(([flatHeader] + rows).joined(separator: "\n") + "\n", name: "pooled.csv")
        #expect(r.data.children.count == 2)
        #expect(r.data.episodes.count == 2 && r.data.assessments.count == 2)
        #expect(Set((0..<2).map { r.data.authority(ofChild: $0).label }) == ["Barnet (302)", "Camden (202)"])
        #expect(r.report.totalProblems == 0)
    }

    @Test func sameIDInTwoXMLAuthoritiesIsTwoChildrenAndOneAuthorityMerges() throws {
        // 302 in 2016 and 2017 (one child, merged); 202 in 2017 (another child with the same ID).
        let paths = try write([
            "a.xml": authorityReturn(lea: "302", year: 2016, xmlChild(id: "7")),
            "b.xml": authorityReturn(lea: "302", year: 2017, xmlChild(id: "7")),
            "c.xml": authorityReturn(lea: "202", year: 2017, xmlChild(id: "7")),
        ])
        let r = CensusLoader.load(paths: paths)
        #expect(r.data.children.count == 2)
        #expect(r.data.episodes.count == 2)
        // No merge problem (the fixture's dates may break DfE rules, which are reported as kept).
        #expect(r.report.problems.allSatisfy { $0.rule.dfeRule != nil })
        #expect(LoadSummary(r.data).childrenByAuthority == ["Barnet (302)": 1, "Camden (202)": 1])
    }

    @Test func aConflictInsideOneAuthorityIsStillReportedAndNamesTheAuthority() throws {
        // Child 7 of 302 changes birth date between returns: a conflict; 202's child 7 is not involved.
        let paths = try write([
            "a.xml": authorityReturn(lea: "302", year: 2016, xmlChild(id: "7", birth: "2010-05-01")),
            "b.xml": authorityReturn(lea: "302", year: 2017, xmlChild(id: "7", birth: "2010-05-02")),
            "c.xml": authorityReturn(lea: "202", year: 2017, xmlChild(id: "7", birth: "2011-01-01")),
        ])
        let r = CensusLoader.load(paths: paths)
        let conflicts = r.report.problems.filter { $0.rule == .mergeConflict }
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.authority == "Barnet (302)")
        #expect(conflicts.first?.formatted.contains("child 7 of Barnet (302)") == true)
    }

    @Test func aFlatNameAndAnXMLCodeOfOneAuthorityMerge() throws {
        // liiatools writes "Barnet"; the XML header says 302: one authority, one child.
        let paths = try write([
            "a.xml": authorityReturn(lea: "302", year: 2016, xmlChild(id: "7")),
            "b.csv": ([flatHeader] + flatRows(id: "7", la: "Barnet")).joined(separator: "\n") + "\n",
        ])
        let r = CensusLoader.load(paths: paths)
        #expect(r.data.children.count == 1)
        #expect(r.data.authorities.count == 2)  // the unnamed one and Barnet
    }

    @Test func oneAuthorityKeepsProblemsAsBefore() {
        // A single authority: problems do not name it (output unchanged from before authorities).
        let rows = flatRows(id: "1", la: "Barnet", birth: "2010-13-01")
        let r = loadText(([flatHeader] + rows).joined(separator: "\n") + "\n", name: "one.csv")
        #expect(r.report.totalProblems > 0)
        #expect(r.report.problems.allSatisfy { $0.authority.isEmpty })
        #expect(LoadSummary(r.data).childrenByAuthority == nil)
    }

    @Test func filesWithoutAnAuthorityAreOneUnnamedAuthority() {
        let r = loadText(CINTestSupport.xmlReturn(year: 2017, xmlChild(id: "1") + xmlChild(id: "2")))
        #expect(r.data.children.count == 2)
        #expect(r.data.children.allSatisfy { $0.authority == 0 })
        #expect(r.data.authority(ofChild: 0) == .unnamed)
    }

    @Test func codesAndNamesResolve() {
        #expect(LocalAuthorityCodes.resolve("302") == Authority(code: "302", name: "Barnet"))
        #expect(LocalAuthorityCodes.resolve(" 302.0 ") == Authority(code: "302", name: "Barnet"))  // pandas
        #expect(LocalAuthorityCodes.resolve("Barking & Dagenham").code == "301")
        #expect(LocalAuthorityCodes.resolve("london borough of barnet").code == "302")
        #expect(LocalAuthorityCodes.resolve("BARNET").code == "302")
        #expect(LocalAuthorityCodes.resolve("Northbridge") == Authority(code: nil, name: "Northbridge"))
        #expect(LocalAuthorityCodes.resolve("975").label == "975")  // an unknown code, as written
        #expect(LocalAuthorityCodes.resolve("").isUnnamed)
        #expect(LocalAuthorityCodes.resolve("Northbridge").key == LocalAuthorityCodes.resolve("NORTHBRIDGE").key)
        // The table: 152 DfE codes from mySociety's file plus the successors added by hand.
        #expect(LocalAuthorityCodes.table.count == 158)
        // Every generated row parses to a three-digit code, a name, its other names and an end date.
        let rows = LocalAuthorityCodes.rows.split(separator: "\n")
        #expect(rows.count == 158)
        for row in rows { #expect(row.split(separator: "|", omittingEmptySubsequences: false).count == 4, "\(row)") }
        for entry in LocalAuthorityCodes.table {
            #expect(entry.code.count == 3 && entry.code.allSatisfy { ("0"..."9").contains($0) } && !entry.name.isEmpty)
        }
        #expect(LocalAuthorityCodes.resolve("London Borough of Camden").code == "202")  // an other name
        #expect(LocalAuthorityCodes.resolve("Hammersmith & Fulham").code == "205")
        #expect(LocalAuthorityCodes.name(ofCode: "839") == "Bournemouth, Christchurch and Poole")
    }
}

@Suite struct GeneratedAuthorityCodeTests {
    @Test func generatedCodesAreNotDfECodesAndResolveToTheirNames() {
        let real = Set(LocalAuthorityCodes.table.map(\.code))
        for a in GeneratedAuthority.pool(GeneratedAuthority.maximumPool) + [.demo] {
            #expect(!real.contains(a.code), "\(a.code) is a DfE code")
            // The XML's code and the flat file's name are one authority.
            #expect(LocalAuthorityCodes.resolve(a.code).key == LocalAuthorityCodes.resolve(a.name).key)
        }
    }
}
