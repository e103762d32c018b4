import Testing
import CINModel
@testable import CohortEngine

/// Several releases of the same children read together (`ReleaseModel(releases:)`, `DisclosureAudit.audit(together:)`):
/// chains that one release beside the standard one cannot see, worked out by hand.
@Suite struct ReleasesReadTogetherTests {
    static let standard = CohortDefinition.standard.map { ($0.id, Optional($0.expression)) }
    static let bRule = CohortDefinition.standard[1].expression
    static func gender(_ v: Int) -> Filter { Filter(dimensions: [.init(dimension: .gender, values: [v])]) }
    static func summary(_ id: String, _ n: Int?) -> PublishedRelease.Table {
        .init(name: "summary", columns: ["children"], rowIDs: [id], cells: [[n]])
    }

    @Test func malesAndFemalesSplitEveryPartInThree() {
        // Gender values (`Gender.names`): 0 Male, 1 Female, 2 not recorded, 3 indeterminate, 4 unknown. Each of A-E's 5 parts is
        // split by the two conditions: male, female, neither (male and female together is impossible:
        // one gender per child): 15 parts. The standard release counts all 15, each filtered one 5.
        let split = ReleaseModel.splitParts(releases: [PublishedRelease(tables: [], cohorts: Self.standard),
                                                      PublishedRelease(tables: [], cohorts: Self.standard, filter: Self.gender(0)),
                                                      PublishedRelease(tables: [], cohorts: Self.standard, filter: Self.gender(1))])
        #expect(split.parts.parts.count == 15)
        #expect(split.scope.filter { $0[0] }.count == 15)
        #expect(split.scope.filter { $0[1] }.count == 5)
        #expect(split.scope.filter { $0[2] }.count == 5)
        #expect(!split.scope.contains { $0[1] && $0[2] })
    }

    @Test func maleAndFemaleReleasesTogetherGiveTheRestAway() {
        // B is 20 (standard, shown). Males of B: 12 (shown); females of B: hidden. With nothing else
        // published, the females of B are 0 to 20 - 12 = 8. A third release, of the other genders (values 2,
        // 3 and 4), shows 7: the females are then 20 - 12 - 7 = 1 exactly.
        let b = [("B", Optional(Self.bRule))]
        let s = PublishedRelease(tables: [Self.summary("B", 20)], cohorts: b)
        let male = PublishedRelease(tables: [Self.summary("B", 12)], cohorts: b, filter: Self.gender(0), hiddenMinimum: 0)
        let female = PublishedRelease(tables: [Self.summary("B", nil)], cohorts: b, filter: Self.gender(1), hiddenMinimum: 0)
        let rest = PublishedRelease(tables: [Self.summary("B", 7)], cohorts: b,
                                    filter: Filter(dimensions: [.init(dimension: .gender, values: [2, 3, 4])]), hiddenMinimum: 0)
        let pair = DisclosureAudit.audit(together: [s, male, female], protection: 5)
        #expect(pair?[2].ranges.first.map { "\($0.minimum)..\($0.maximum ?? -1)" } == "0..8")
        let all = DisclosureAudit.audit(together: [s, male, female, rest], protection: 5)
        #expect(all?[2].ranges.first.map { "\($0.minimum)..\($0.maximum ?? -1)" } == "1..1")
    }

    @Test func aTrackerPairIsTwoCohorts() {
        // F = 4B | 5B | 21 in one release and F = 21 & !(4B | 5B) in another: one id, two rules, so two cohorts.
        // The first F is B plus A's 21; the second is A's 21. With B = 20 shown, F(1) = 26 and F(2) hidden,
        // A's 21 = 26 - 20 = 6: the hidden second F is 6 exactly.
        let f1 = try? CohortExpressionParser.parse("4B | 5B | 21"), f2 = try? CohortExpressionParser.parse("21 & !(4B | 5B)")
        guard let f1, let f2 else { Issue.record("rules do not parse"); return }
        let s = PublishedRelease(tables: [.init(name: "summary", columns: ["children"], rowIDs: ["A", "B"], cells: [[100], [20]])],
                                 cohorts: Array(Self.standard.prefix(2)))
        let one = PublishedRelease(tables: [Self.summary("F", 26)], cohorts: [("F", f1)])
        let two = PublishedRelease(tables: [Self.summary("F", nil)], cohorts: [("F", f2)])
        let split = ReleaseModel.splitParts(releases: [s, one, two])
        #expect(split.cohortKeys[1]["F"] != split.cohortKeys[2]["F"])
        let result = DisclosureAudit.audit(together: [s, one, two], protection: 5)
        #expect(result?[2].ranges.first.map { "\($0.minimum)..\($0.maximum ?? -1)" } == "6..6")
        // Read with the standard release alone, the second F is anything up to A's 100.
        let alone = DisclosureAudit.audit(together: [s, two], protection: 5)
        #expect(alone?[1].ranges.first.map { "\($0.minimum)..\($0.maximum ?? -1)" } == "1..100")
    }

    @Test func aCustomCohortWithAStandardRuleIsThatCohort() {
        // G = 4B | 5B is B under another id: the same children, one cohort of the model.
        let g = try? CohortExpressionParser.parse("4B | 5B")
        let split = ReleaseModel.splitParts(releases: [PublishedRelease(tables: [], cohorts: Self.standard),
                                                      PublishedRelease(tables: [], cohorts: [("G", g)])])
        #expect(split.cohortKeys[1]["G"] == "B")
        #expect(split.parts.parts.count == 5)
    }

    @Test func authorityConditionsAreTheAuthorityTablesColumns() {
        // Regional authority table: B in Eastvale 12, Northmere c, Total 20 (so Northmere 8 to a reader).
        // Northmere's own release (--where authority=Northmere) shows B = 8 too: consistent, and its
        // Eastvale column is structurally 0 (the filter rules it out).
        let b = [("B", Optional(Self.bRule))]
        let columns = ["Eastvale (992)", "Northmere (991)", "Total"]
        let regional = PublishedRelease(tables: [.init(name: "authority", columns: columns, rowIDs: ["B"], cells: [[12, nil, 20]])], cohorts: b)
        let north = Filter(dimensions: [.init(dimension: .authority, values: [7], valueLabels: [7: "Northmere (991)"])])
        let northmere = PublishedRelease(tables: [.init(name: "authority", columns: columns, rowIDs: ["B"], cells: [[nil, 8, 8]])],
                                         cohorts: b, filter: north, hiddenMinimum: 0)
        let model = ReleaseModel(releases: [regional, northmere])
        // Northmere's Eastvale cell (release 1, column 0) is a structural zero.
        #expect(model.cells.first { $0.release == 1 && $0.column == 0 }?.structuralZero == true)
        let result = DisclosureAudit.audit(together: [regional, northmere], protection: 5)
        #expect(result?[0].ranges.first.map { "\($0.minimum)..\($0.maximum ?? -1)" } == "8..8")
        #expect(result?.allSatisfy(\.consistent) == true)
    }
}
