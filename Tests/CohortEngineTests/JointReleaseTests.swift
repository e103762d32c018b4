import Testing
import CINModel
@testable import CohortEngine

/// A filtered release read with the standard release (`ReleaseModel(releases:)`): how the population's
/// parts are split, worked out by hand.
@Suite struct JointReleaseTests {
    static let standard = CohortDefinition.standard.map { ($0.id, Optional($0.expression)) }

    static func release(_ filter: Filter) -> PublishedRelease {
        PublishedRelease(tables: [], cohorts: standard, filter: filter)
    }

    @Test func aValueConditionSplitsEveryPartInTwo() {
        // A-E make 5 parts. `--where age=1-4` splits each into the children aged 1-4 (counted by both
        // releases) and the rest (the standard release only): 10 parts, 5 in the filtered release.
        let f = Filter(dimensions: [.init(dimension: .ageBand, values: [2])])
        let (parts, scope, conditions) = ReleaseModel.splitParts(base: Self.release(.none), filtered: Self.release(f))
        #expect(parts.parts.count == 10)
        #expect(scope.filter { $0 == [true, true] }.count == 5)
        #expect(scope.allSatisfy { $0[0] })
        // The parts the filtered release counts meet the condition; the others fail it.
        for (s, c) in zip(scope, conditions) { #expect(c.map(\.met) == [s[1]]) }
    }

    @Test func aFactorConditionSplitsThePartsByTheFactor() {
        // `--require 16A`: every part has 16A or not (16A is in no rule): 10 parts, the 5 with 16A in the
        // filtered release, with no value condition to meet.
        let f = Filter(requiredFactors: FactorSet(codes: ["16A"]))
        let (parts, scope, conditions) = ReleaseModel.splitParts(base: Self.release(.none), filtered: Self.release(f))
        #expect(parts.parts.count == 10)
        #expect(scope.filter { $0[1] }.count == 5)
        let bit = (AssessmentFactor.bit("16A")?.rawValue ?? 0).trailingZeroBitCount
        for (p, s) in zip(parts.parts, scope) { #expect(p.forcedFactors[bit] == s[1]) }
        #expect(conditions.allSatisfy { $0.isEmpty })
    }

    @Test func aCohortConditionKeepsItsParts() {
        // `--in-cohort D`: D's parts (D without E, E) are in the filtered release; A, B without C or D
        // and C without E are not (still 5 parts: D's rule splits none of A-E's).
        let f = Filter(cohorts: ["D"])
        let (parts, scope, _) = ReleaseModel.splitParts(base: Self.release(.none), filtered: Self.release(f))
        let inside = parts.parts.indices.filter { scope[$0][1] }.map { parts.parts[$0].membership }
        #expect(Set(inside) == [0b01010, 0b11110])
        #expect(parts.parts.count == 5)
    }

    @Test func everyStandardCellIsTheFilteredCellPlusTheRest() {
        // B of 20 (standard), 12 of them male (filtered): the standard's summary is the sum over all parts,
        // the filtered one over the male parts only; a reader of both knows the non-male B are 8.
        let gender = Filter(dimensions: [.init(dimension: .gender, values: [1])])
        let b = [("B", Optional(CohortDefinition.standard[1].expression))]
        let s = PublishedRelease(tables: [.init(name: "summary", columns: ["children"], rowIDs: ["B"], cells: [[20]])], cohorts: b)
        let m = PublishedRelease(tables: [.init(name: "summary", columns: ["children"], rowIDs: ["B"], cells: [[nil]])], cohorts: b,
                                 filter: gender, hiddenMinimum: 0)
        let model = ReleaseModel(releases: [s, m])
        #expect(model.cells.count == 2)
        let standardTerms = Set(model.cells[0].terms), filteredTerms = Set(model.cells[1].terms)
        #expect(filteredTerms.isSubset(of: standardTerms) && filteredTerms.count * 2 == standardTerms.count)
        // Hidden, the males of B can be anything from 0 to 20 (nothing else is published).
        let solver = ReleaseSolver(model: model, hidden: [false, true], hiddenMinimum: 0)
        #expect(solver.extreme(ofCell: 1, maximise: true).0 == .value(20))
        #expect(solver.extreme(ofCell: 1, maximise: false).0 == .value(0))
    }
}
