import Testing
import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

@Suite struct FilterTests {
    /// Five children: ages and factors chosen so each filter's answer is countable by hand.
    let engine: CohortEngine = {
        func kid(_ id: String, birth: String, _ f: String...) -> RawChild {
            var a = Fx.assessment(start: "2016-06-01", auth: "2016-06-20"); a.factors = f
            return Fx.child(id, birth: birth, Fx.episode("2016-05-01", a))
        }
        return Fx.engine(Fx.data(kid("F1", birth: "2014-01-01", "4B", "3B"),   // 1-4, B, D
                                 kid("F2", birth: "2014-01-01", "5B"),         // 1-4, B
                                 kid("F3", birth: "2008-01-01", "4B", "1B"),   // 5-9, B, C
                                 kid("F4", birth: "2014-01-01", "3B"),         // 1-4, A
                                 kid("F5", birth: "2008-01-01", "21")))        // 5-9, A
    }()

    @Test func factorRequiredAndExcluded() {
        // 5B excluded: F2 goes; B = F1, F3.
        var f = Filter(excludedFactors: FactorSet(codes: ["5B"]))
        #expect(engine.summary(filter: f).row("B") == ["children": 2])
        #expect(engine.summary(filter: f).population == 4)
        // 3B required: F1, F4.
        f = Filter(requiredFactors: FactorSet(codes: ["3B"]))
        #expect(engine.summary(filter: f).counts.map { $0[0] } == [1, 1, 0, 1, 0])
    }

    @Test func drillCohortThenAgeThenBreakdown() {
        // Cohort B, age 1-4 (value 2): F1, F2; by maltreatment none, by ethnicity both WBRI.
        let f = Filter(cohorts: ["B"], dimensions: [.init(dimension: .ageBand, values: [2])])
        #expect(engine.selectedCount(f) == 2)
        let eth = engine.table(.ethnicity, filter: f)
        #expect(eth.nonZero("B") == ["WBRI": 2, "Total": 2])
        #expect(eth.nonZero("A").isEmpty)   // A rows are empty inside cohort B
        #expect(eth.nonZero("D") == ["WBRI": 1, "Total": 1])
    }

    @Test func multiValuedDimensionFilter() {
        // Factor dimension value 3B: F1, F4.
        let idx = AssessmentFactor.list.index(of: "3B") ?? 0
        let f = Filter(dimensions: [.init(dimension: .factor, values: [idx])])
        #expect(engine.selectedCount(f) == 2)
    }

    @Test func unknownCohortSelectsNothing() {
        #expect(engine.selectedCount(Filter(cohorts: ["Z"])) == 0)
    }

    /// The factor panel's counts: the factor table's columns over A and B, which make up the population.
    @Test func factorCounts() throws {
        let t = engine.table(.factor)
        let ab = try #require(Publication.populationRows(t.rows.map(\.id)))
        func n(_ c: String) -> Int {
            guard let k = t.columns.firstIndex(of: c) else { return -1 }
            return ab.reduce(0) { $0 + t.counts[$1][k] }
        }
        #expect(n("4B") == 2 && n("3B") == 2 && n("5B") == 1 && n("1B") == 1 && n("21") == 1 && n("2B") == 0)
    }
}
