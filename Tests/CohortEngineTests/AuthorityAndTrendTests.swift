import Testing
import Foundation
@testable import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

/// Authorities as a dimension and years as a trend (docs/definitions.md, "Authorities" and
/// "Trend"), on a generated extract pooled as two authorities with the same IDs.
@Suite struct AuthorityAndTrendTests {
    static let extract = SyntheticExtract(children: 900, seed: 21)

    static func directory() throws -> String {
        let dir = NSTemporaryDirectory() + "cinx-authority-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The extract's flat file, and the same rows stacked as Barnet and as Camden (the generator
    /// writes `Demo` in the LA column).
    static func flatForms() throws -> (single: String, pooled: String) {
        let dir = try directory()
        guard let single = try ExtractWriter.write(extract, format: .csv, directory: dir, gzip: false).first else {
            throw CocoaError(.fileNoSuchFile)
        }
        let lines = try String(contentsOfFile: single, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.first.map(String.init) ?? ""
        let rows = lines.dropFirst().map(String.init)
        #expect(rows.allSatisfy { $0.hasSuffix(",Demo") || $0.hasSuffix(",Demo\r") })
        let pooled = [header] + ["Barnet", "Camden"].flatMap { la in rows.map { $0.replacingOccurrences(of: ",Demo", with: "," + la) } }
        let path = dir + "/pooled.csv"
        try (pooled.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (single, path)
    }

    /// The extract's XML returns, and the same returns as authority 302 and 202.
    static func xmlForms() throws -> (single: [String], pooled: [String]) {
        let dir = try directory()
        let single = try ExtractWriter.write(extract, format: .xml, directory: dir, gzip: false)
        var pooled: [String] = []
        for path in single {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("<LEA>999</LEA>"))
            for code in ["302", "202"] {
                let out = path.replacingOccurrences(of: ".xml", with: "-\(code).xml")
                try text.replacingOccurrences(of: "<LEA>999</LEA>", with: "<LEA>\(code)</LEA>").write(toFile: out, atomically: true, encoding: .utf8)
                pooled.append(out)
            }
        }
        return (single, pooled)
    }

    static let staticDimensions = Dimension.allCases.filter { !$0.valuesFromData }

    func checkPooled(single: CensusLoader.Result, pooled: CensusLoader.Result) {
        let one = CohortEngine(data: single.data), two = CohortEngine(data: pooled.data)
        // The stacked file counts every child twice.
        #expect(pooled.data.children.count == 2 * single.data.children.count)
        #expect(two.populationSize == 2 * one.populationSize)
        #expect(two.authorityColumns.labels == ["Barnet (302)", "Camden (202)"])
        // Each authority filtered alone equals the single-authority run, table by table.
        for name in ["302", "camden"] {
            let k = two.authorityColumns.column(named: name)
            #expect(k != nil)
            let filter = Filter(dimensions: [two.condition(.authority, values: [k ?? -1])])
            #expect(two.summary(filter: filter).counts == one.summary().counts)
            for d in Self.staticDimensions { #expect(two.table(d, filter: filter).counts == one.table(d).counts, "\(d)") }
        }
        // The authority table: a column per authority, each the single run's cohort sizes; Total their sum.
        let t = two.table(.authority)
        #expect(t.columns == ["Barnet (302)", "Camden (202)", "Total"])
        let sizes = one.summary().counts.map { $0[0] }
        #expect(t.counts.map { $0[0] } == sizes && t.counts.map { $0[1] } == sizes)
        #expect(t.counts.map { $0[2] } == sizes.map { 2 * $0 })
    }

    @Test func flatStackedAsTwoAuthorities() throws {
        let (single, pooled) = try Self.flatForms()
        checkPooled(single: CensusLoader.load(paths: [single]), pooled: CensusLoader.load(paths: [pooled]))
    }

    @Test func xmlReturnsOfTwoAuthorities() throws {
        let (single, pooled) = try Self.xmlForms()
        checkPooled(single: CensusLoader.load(paths: single), pooled: CensusLoader.load(paths: pooled))
    }

    @Test func authorityTableIsProtectedWithTheRest() throws {
        let (_, pooled) = try Self.flatForms()
        let e = CohortEngine(data: CensusLoader.load(paths: [pooled]).data)
        let release = ReportTables.protectedScope(engine: e, threshold: 5)
        let t = try #require(release.table("authority"))
        // Each authority column equals the matching cells of the summary's protection pattern where
        // the counts are equal and small: a count of 1-5 is never shown.
        for r in t.table.counts.indices {
            for c in t.table.counts[r].indices where (1...5).contains(t.table.counts[r][c]) { #expect(t.isHidden(r, c)) }
        }
        #expect(ReportTables.scopeNames.contains("authority"))
    }

    @Test func trendColumnsEqualTheSingleYearRuns() throws {
        let (single, _) = try Self.flatForms()
        let e = CohortEngine(data: CensusLoader.load(paths: [single]).data)
        let years = TrendTable.years(engine: e)
        #expect(years == Array(2015...2020))
        for threshold in [0, 5] {
            let trend = TrendTable.release(engine: e, threshold: threshold).table
            #expect(trend.table.columns == years.map(String.init))
            for (c, y) in years.enumerated() {
                var ey = e
                ey.apply(settings: AnalysisSettings(year: y))
                let summary = ReportTables.suppressed(engine: ey, name: "summary", threshold: threshold)
                for r in e.cohorts.indices { #expect(trend.cell(r, c) == summary.cell(r, 0), "year \(y) row \(r)") }
            }
        }
        // The FOI's 2-year follow-up runs past the last return (2020) for 2019 and 2020.
        #expect(TrendTable.yearsPastTheData(engine: e) == [2019, 2020])
    }

    /// The all-years build (one pass over the children, in ranges joined in child order) gives every
    /// year the index the single-year build gives, column for column, under other follow-up and need
    /// settings too; and a year a trend built is the same index when the engine switches to it.
    @Test func allYearsIndexesEqualTheSingleYearBuild() throws {
        let (single, pooled) = try Self.flatForms()
        for path in [single, pooled] {
            let data = CensusLoader.load(paths: [path]).data
            let authorityColumns = AuthorityColumns(data: data)
            let years = Array(2014...2021)
            // cinx's readings, and every other reading of each documented choice at once.
            let others = AnalysisSettings(needEpisode: .later, code21: .ignored, firstAssessment: .start, ageAt: .authorisation,
                                          windowFrom: .start, sameDay: .earliestStart)
            for (followUp, reading) in [(2, AnalysisSettings()), (1, others), (0, AnalysisSettings())] {
                let expected = years.map { y in
                    var s = reading.inYear(y)
                    s.followUpYears = followUp
                    return CohortIndex(data: data, settings: s)
                }
                #expect(expected.contains { $0.count > 0 })
                for ranges in [1, 2, 3, 7] {
                    var template = reading
                    template.followUpYears = followUp
                    let built = YearIndexBuilder.build(data: data, years: years, reading: template,
                                                       authorityColumns: authorityColumns, ranges: ranges)
                    #expect(built.count == years.count)
                    for (b, x) in zip(built, expected) {
                        #expect(b.settings == x.settings)
                        #expect(b.child == x.child && b.factors == x.factors && b.authorisation == x.authorisation)
                        #expect(b.ageBand == x.ageBand && b.ethnicity == x.ethnicity && b.ethnicGroup == x.ethnicGroup)
                        #expect(b.gender == x.gender && b.disability == x.disability && b.authority == x.authority)
                        #expect(b.need == x.need && b.protectionCategory == x.protectionCategory && b.outcomes == x.outcomes)
                        #expect(b == x, "year \(x.settings.year), ranges \(ranges)")
                    }
                }
            }
            var e = CohortEngine(data: data)
            #expect(e.indexes(forYears: years) == years.map { CohortIndex(data: data, settings: AnalysisSettings(year: $0)) })
            e.apply(settings: AnalysisSettings(year: 2018))
            let fresh = CohortEngine(data: data, settings: AnalysisSettings(year: 2018))
            #expect(e.index == fresh.index && e.membership == fresh.membership)
            // The cache keeps one follow-up window's years: another window's trend replaces them.
            #expect(Set(e.yearIndexes.keptSettings.map(\.followUpYears)) == [2])
            e.apply(settings: AnalysisSettings(year: 2018, followUpYears: 1))
            _ = e.indexes(forYears: years)
            #expect(Set(e.yearIndexes.keptSettings.map(\.followUpYears)) == [1])
            #expect(!e.yearIndexes.keptSettings.isEmpty && e.yearIndexes.keptSettings.count <= years.count)
        }
    }

    /// An engine that indexes every year when it starts (the explorer, `report --table trend`) has the
    /// one-year engine's index and membership, keeps every covered year's index, and gives the same
    /// trend (protected, filtered or not) and the same tables after a change of year.
    @Test func everyYearEngineEqualsTheOneYearEngine() throws {
        let (single, pooled) = try Self.flatForms()
        for path in [single, pooled] {
            let data = CensusLoader.load(paths: [path]).data
            for settings in [AnalysisSettings(), AnalysisSettings(year: 2019, followUpYears: 1, needEpisode: .later)] {
                let one = CohortEngine(data: data, settings: settings)
                var every = CohortEngine(data: data, settings: settings, indexEveryYear: true)
                #expect(every.index == one.index && every.membership == one.membership)
                let covered = TrendTable.years(engine: one)
                #expect(Set(every.yearIndexes.keptSettings.map(\.year)) == Set(covered))
                #expect(one.yearIndexes.keptSettings.isEmpty)
                let filter = Filter(dimensions: [.init(dimension: .ageBand, values: [2, 3])])
                for f in [Filter.none, filter] {
                    let a = TrendTable.release(engine: every, threshold: 5, filter: f).table
                    let b = TrendTable.release(engine: one, threshold: 5, filter: f).table
                    #expect(a == b)
                }
                let year2016 = AnalysisSettings(year: 2016, followUpYears: settings.followUpYears, needEpisode: settings.needEpisode)
                let kept = try #require(every.yearIndexes.index(for: year2016))
                every.apply(settings: year2016)
                let fresh = CohortEngine(data: data, settings: every.settings)
                // The change of year took the kept index (the same columns, not a second build).
                #expect(every.index.child.withUnsafeBufferPointer { $0.baseAddress } == kept.child.withUnsafeBufferPointer { $0.baseAddress })
                #expect(every.index == fresh.index && every.tables(Dimension.allCases) == fresh.tables(Dimension.allCases))
                // The cohort bits kept with the index are the engine's own, and a cohort list changed
                // since they were made is not read from them.
                #expect(every.membership == fresh.membership)
                try every.addCohort(CohortDefinition(id: "F", label: "6B", expression: .factor("6B")))
                let year2018 = AnalysisSettings(year: 2018, followUpYears: settings.followUpYears, needEpisode: settings.needEpisode)
                every.apply(settings: year2018)
                let withF = CohortEngine(data: data, settings: year2018, cohorts: every.cohorts)
                #expect(every.cohorts.count == CohortDefinition.standard.count + 1)
                #expect(every.membership == withF.membership && every.tables(Dimension.allCases) == withF.tables(Dimension.allCases))
            }
        }
    }

    /// The trend without suppression or filter counts every year's cohort sizes in one pass, with no
    /// index: each year's summary equals that year's index's, for standard and custom cohorts.
    @Test func yearCohortSizesEqualEachYearsSummary() throws {
        let (single, pooled) = try Self.flatForms()
        for path in [single, pooled] {
            var e = CohortEngine(data: CensusLoader.load(paths: [path]).data)
            try e.addCohort(CohortDefinition(id: "F", label: "6B not 4B", expression: .and(.factor("6B"), .not(.factor("4B")))))
            let years = Array(2013...2022)
            let sizes = YearCohortSizes.summaries(engine: e, years: years)
            for (y, summary) in zip(years, sizes) {
                var ey = e
                ey.apply(settings: AnalysisSettings(year: y))
                #expect(summary == ey.summary(), "year \(y)")
            }
        }
    }

    /// Cohort bits by table lookup equal each rule evaluated on its own, for rules within the table's
    /// reach and beyond it (more named factors than it holds).
    @Test func membershipLookupEqualsTheRules() throws {
        let (single, _) = try Self.flatForms()
        var e = CohortEngine(data: CensusLoader.load(paths: [single]).data)
        let wide = (try? CohortExpressionParser.parse("1B | 2B | 3B | 4B | 5B | 6B | 7B | 8B | 9B | 10A | 11A | 12A | 13A")) ?? .factor("1B")
        func check(_ e: CohortEngine) {
            var rebuilt = e
            rebuilt.replaceCohorts(CohortDefinition.standard)
            rebuilt.replaceCohorts(e.cohorts)
            for m in [e.membership, rebuilt.membership] {
                for i in 0..<e.index.count {
                    var expected: UInt32 = 0
                    for (k, c) in e.cohorts.enumerated() where c.expression.matches(e.index.factors[i]) { expected |= 1 << UInt32(k) }
                    #expect(m[i] == expected)
                }
            }
        }
        try e.addCohort(CohortDefinition(id: "F", label: "6B not 4B", expression: .and(.factor("6B"), .not(.factor("4B")))))
        check(e)
        try e.addCohort(CohortDefinition(id: "W", label: "thirteen codes", expression: wide))
        check(e)
    }
}

@Suite struct ReportTableTests {
    @Test func namesRoundTripAndUnknownNamesAreNone() {
        for t in ReportTable.allCases { #expect(ReportTable(name: t.name) == t) }
        #expect(Set(ReportTable.allCases.map(\.name)).count == ReportTable.allCases.count)
        // An unknown name is no table (never a default one, such as age).
        #expect(ReportTable(name: "agee") == nil)
        #expect(ReportTables.allTableNames == ["summary", "age", "ethnicity", "ethnic-group", "maltreatment", "need"])
        #expect(ReportTables.scopeNames.contains("authority") && !ReportTables.scopeNames.contains("trend"))
    }
}
