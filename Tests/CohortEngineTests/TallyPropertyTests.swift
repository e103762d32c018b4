import Testing
@testable import CohortEngine
import CINLoading
import CINModel

/// `tables` counts a few cohorts by membership pattern and many cohorts one by one: the two give every
/// cohort's rows the same counts, with and without filters, on a pooled extract (authority values).
@Suite struct TallyPropertyTests {
    @Test func patternTallyEqualsCohortByCohortCounts() throws {
        let (_, pooled) = try AuthorityAndTrendTests.flatForms()
        let few = CohortEngine(data: CensusLoader.load(paths: [pooled]).data)
        var many = few
        for (k, code) in ["6B", "7B", "8B", "10A"].enumerated() {
            try many.addCohort(CohortDefinition(id: "X\(k)", label: code, expression: .factor(code)))
        }
        #expect(few.cohorts.count <= CohortEngine.maxPatternCohorts && many.cohorts.count > CohortEngine.maxPatternCohorts)
        let filters = [Filter.none, Filter(excludedFactors: FactorSet(codes: ["5B"])),
                       Filter(cohorts: ["B"], dimensions: [.init(dimension: .ageBand, values: [2])]),
                       Filter(dimensions: [.init(dimension: .authority, values: [1])])]
        for f in filters {
            let a = few.tables(Dimension.allCases, filter: f), b = many.tables(Dimension.allCases, filter: f)
            #expect(a.summary.population == b.summary.population)
            #expect(a.summary.counts == Array(b.summary.counts.prefix(few.cohorts.count)))
            for (x, y) in zip(a.tables, b.tables) {
                #expect(x.population == y.population)
                #expect(x.counts == Array(y.counts.prefix(few.cohorts.count)), "\(x.name), \(f.description)")
                // Each table agrees with the one-table count too.
                #expect(x == few.table(x.dimension ?? .ageBand, filter: f))
            }
        }
    }
}
