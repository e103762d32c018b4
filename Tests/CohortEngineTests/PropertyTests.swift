import Testing
import Foundation
import CINModel
@testable import CohortEngine
import CINRelease
@testable import CINLoading
@testable import CINTestSupport

/// Invariants on generated extracts, checked against a naive recount straight from the records.
@Suite struct PropertyTests {
    static func engine(seed: UInt64, children: Int = 1500, settings: AnalysisSettings = AnalysisSettings()) -> CohortEngine {
        let extract = SyntheticExtract(children: children, seed: seed)
        return CohortEngine(data: Fx.data(extract), settings: settings)
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func cohortAlgebra(seed: UInt64) {
        let e = PropertyTests.engine(seed: seed)
        #expect(e.populationSize > 100)
        let s = e.summary().counts.map { $0[0] }
        #expect(s[0] + s[1] == e.populationSize)                   // A + B = population
        for i in 0..<e.index.count {
            let m = e.membership[i]
            let a = m & 1 != 0, b = m & 2 != 0, c = m & 4 != 0, d = m & 8 != 0, ee = m & 16 != 0
            #expect(a != b)                                         // A and B partition
            if c || d { #expect(b) }                                // C, D inside B
            #expect(ee == (c && d))                                 // E = C and D
        }
    }

    @Test(arguments: [UInt64(21), 22])
    func totalsEqualCohortSizes(seed: UInt64) {
        let e = PropertyTests.engine(seed: seed)
        let sizes = e.summary().counts.map { $0[0] }
        for d in Dimension.allCases {
            let t = e.table(d)
            for r in t.rows.indices {
                if let total = t.totalColumn {
                    #expect(t.counts[r][total] == sizes[r], "\(d) total")
                    #expect(t.counts[r].dropLast().reduce(0, +) == sizes[r], "\(d) cells sum")
                }
                if let all = t.allColumn { #expect(t.counts[r][all] == sizes[r], "\(d) all") }
            }
        }
    }

    /// The engine's table equals a direct recount from the records, under random filters.
    @Test(arguments: [UInt64(31), 32])
    func tablesMatchANaiveRecount(seed: UInt64) {
        let e = PropertyTests.engine(seed: seed, children: 800)
        var rng = SplitMix64(seed: seed)
        for _ in 0..<20 {
            let d = Dimension.allCases[rng.below(Dimension.allCases.count)]
            var f = Filter()
            if rng.chance(500) { f.requiredFactors = FactorSet(codes: [["3B", "17A", "16A"][rng.below(3)]]) }
            if rng.chance(500) { f.excludedFactors = FactorSet(codes: [["5B", "1B"][rng.below(2)]]) }
            if rng.chance(500) { f.cohorts = [["A", "B", "D"][rng.below(3)]] }
            if rng.chance(500) { f.dimensions = [.init(dimension: .ageBand, values: [rng.below(7), rng.below(7)])] }
            let t = e.table(d, filter: f)
            let valueCount = e.labels(of: d).count
            var expected = [[Int]](repeating: [Int](repeating: 0, count: e.columns(of: d).count), count: e.cohorts.count)
            for i in 0..<e.index.count {
                let factors = e.index.factors[i]
                if factors & f.requiredFactors.rawValue != f.requiredFactors.rawValue { continue }
                if factors & f.excludedFactors.rawValue != 0 { continue }
                if let c = f.cohorts.first, !(e.cohorts.first { $0.id == c }!.expression.matches(factors)) { continue }
                if let cond = f.dimensions.first, !cond.values.contains(Int(e.index.ageBand[i])) { continue }
                let values = d.isMultiValued ? (0..<valueCount).filter { e.index.valueBits(d, i) & (1 << UInt64($0)) != 0 }
                    : [Int(e.index.column(d)?[i] ?? 0)]
                for (k, cohort) in e.cohorts.enumerated() where cohort.expression.matches(factors) {
                    if d.isMultiValued { expected[k][0] += 1; for v in values { expected[k][v + 1] += 1 } }
                    else { for v in values { expected[k][v] += 1 }; expected[k][valueCount] += 1 }
                }
            }
            #expect(t.counts == expected, "\(d) \(f.description)")
        }
    }

    /// The one-pass tables of a release equal the tables counted one at a time, under any filter.
    @Test func onePassTablesEqualTheSingleTables() {
        let e = PropertyTests.engine(seed: 5, children: 900)
        let filters = [Filter.none, Filter(excludedFactors: FactorSet(codes: ["5B"]), cohorts: ["B"], dimensions: [.init(dimension: .ageBand, values: [2])]),
                       Filter(requiredFactors: FactorSet(codes: ["16A"])), Filter(dimensions: [.init(dimension: .maltreatment, values: [0, 2])])]
        for f in filters {
            let all = e.tables(Dimension.allCases, filter: f)
            #expect(all.summary == e.summary(filter: f))
            for (d, t) in zip(Dimension.allCases, all.tables) { #expect(t == e.table(d, filter: f), "\(d) \(f.description)") }
        }
    }

    /// Every release of generated extracts audits clean: no hidden cell can be narrowed below the
    /// protection, every count from 1 to 5 is hidden, and every visible cell is the true count.
    @Test(arguments: [(UInt64(41), 800), (42, 6000)])
    func everyReleaseAuditsClean(seed: UInt64, children: Int) {
        let e = PropertyTests.engine(seed: seed, children: children)
        let releases = [ReportTables.allTableNames, ["gender", "disability"], ["outcomes"], ["cpp-category", "factor"]]
        for names in releases {
            let r = ReportTables.release(engine: e, names: names, threshold: 5)
            #expect(r.unprotectable == 0)
            let audit = ReleaseCheck.audit(r, cohorts: e.cohorts, filter: .none)
            #expect(audit?.isClean == true, "\(names): \(audit.map(ReleaseCheck.describe) ?? [])")
            for (t, name) in zip(r.tables, names) {
                #expect(t.table == ReportTable(name: name).flatMap { ReportTables.table(engine: e, $0) }, "visible counts are the true ones")
                for row in t.table.rows.indices {
                    for c in t.table.columns.indices where (1...5).contains(t.table.counts[row][c]) { #expect(t.isHidden(row, c)) }
                    for c in t.table.columns.indices where t.table.counts[row][c] == 0 { #expect(!t.isHidden(row, c), "zeros are shown") }
                }
            }
        }
    }

    @Test func xmlAndCSVGiveTheSameTables() throws {
        let extract = SyntheticExtract(children: 700, seed: 99)
        let dir = NSTemporaryDirectory() + "cinx-prop-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let x = CensusLoader.load(paths: try ExtractWriter.write(extract, format: .xml, directory: dir, gzip: true))
        let c = CensusLoader.load(paths: try ExtractWriter.write(extract, format: .csv, directory: dir, gzip: true))
        let ex = CohortEngine(data: x.data), ec = CohortEngine(data: c.data)
        for name in ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"] {
            #expect(TableFormatter.csv(ReportTables.suppressed(engine: ex, name: name, threshold: 5))
                    == TableFormatter.csv(ReportTables.suppressed(engine: ec, name: name, threshold: 5)))
        }
    }
}
