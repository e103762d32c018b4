import Testing
import Foundation
import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

/// The generator is calibrated to Coventry's published answer to the cohort FOI for 2016-17
/// (docs/demo-data.md): cohort sizes relative to each other and maltreatment rates within A and B.
@Suite struct CalibrationTests {
    /// Coventry 2016-17: cohort sizes, and neglect, emotional, physical and sexual abuse in A and in B.
    static let sizes = (a: 3180.0, b: 1005.0, c: 414.0, d: 521.0, e: 278.0)
    static let maltreatmentA = [488.0, 828, 527, 252], maltreatmentB = [305.0, 447, 174, 67]

    @Test func cohortsAndMaltreatmentMatchThePublishedAnswer() {
        // 40,000 children put about 2,100 in B, so a rate in B has a standard error of about 1 point.
        let extract = SyntheticExtract(children: 40_000, seed: 2017)
        let engine = CohortEngine(data: Fx.data(extract), settings: AnalysisSettings())
        let n = engine.summary().counts.map { Double($0[0]) }
        let s = Self.sizes
        // Percentage points apart.
        func near(_ got: Double, _ want: Double, _ tolerance: Double, _ what: String) {
            #expect(abs(100 * got - 100 * want) <= tolerance, "\(what): \(100 * got) against \(100 * want)")
        }
        near(n[1] / (n[0] + n[1]), s.b / (s.a + s.b), 1.5, "B in the population")
        near(n[2] / n[1], s.c / s.b, 3, "C in B")
        near(n[3] / n[1], s.d / s.b, 3, "D in B")
        near(n[4] / n[1], s.e / s.b, 3, "E in B")
        let t = engine.table(.maltreatment)
        for (k, name) in ["neglect", "emotional", "physical", "sexual"].enumerated() {
            near(Double(t.counts[0][k + 1]) / n[0], Self.maltreatmentA[k] / s.a, 1.5, "\(name) in A")
            near(Double(t.counts[1][k + 1]) / n[1], Self.maltreatmentB[k] / s.b, 3, "\(name) in B")
        }
        // The FOI's pattern: neglect twice as common in B as in A, D about half of B.
        #expect(Double(t.counts[1][1]) / n[1] > 1.6 * Double(t.counts[0][1]) / n[0])
        #expect(n[3] > n[2])
    }
}
