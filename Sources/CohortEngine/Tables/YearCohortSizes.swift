import CINModel

/// Each reporting year's unfiltered summary (cohort sizes and population) counted in one pass over
/// the children, without building the years' indexes: a trend without suppression or filter needs
/// nothing more. It equals `summary()` of each year's index: a year's population is the children with
/// a first assessment in it, and a child counts in cohort k when k's rule matches that assessment's
/// factors, which is all the summary reads.
enum YearCohortSizes {
    /// One summary per entry of `years` (distinct), in that order, for the engine's cohorts.
    static func summaries(engine: CohortEngine, years: [Int]) -> [CohortTable] {
        let data = engine.data
        let cohortCount = engine.cohorts.count
        let rules = CohortMembership(engine.cohorts)
        let ranges = ParallelWork.ranges(of: data.children.count)
        let perRange = ParallelWork.map(ranges.count) { r in
            // Per year: the population, then each cohort's size.
            var counts = [Int](repeating: 0, count: years.count * (cohortCount + 1))
            var firsts = FirstAssessmentsByYear(years: years, rules: FirstAssessment.Rules(engine.settings))
            for c in ranges[r] {
                firsts.scan(child: c, in: data)
                for i in 0..<firsts.foundCount {
                    let y = firsts.found[i]
                    guard let f = firsts.first[y] else { continue }
                    let base = y * (cohortCount + 1)
                    counts[base] += 1
                    var m = rules.bits(f.factors.rawValue)
                    while m != 0 { counts[base + 1 + m.trailingZeroBitCount] += 1; m &= m - 1 }
                }
            }
            return counts
        }
        let counts = perRange.dropFirst().reduce(perRange.first ?? []) { sum, part in zip(sum, part).map(+) }
        return years.indices.map { y in
            let base = y * (cohortCount + 1)
            return CohortTable.summary(cohorts: engine.cohorts, sizes: Array(counts[(base + 1)..<(base + 1 + cohortCount)]),
                                       population: counts[base])
        }
    }
}
