import Testing
@testable import CohortEngine
@testable import CINLoading
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

/// The passes of the pattern tally, and its counts for every pattern width it plans differently.
@Suite struct TallyPassTests {
    /// A release's eleven tables with the five standard cohorts (32 patterns, so a pass's joint
    /// values may have 8192 / 32 = 256 cells). The single-valued tables by their number of values
    /// (labels without Total), ties in table order: disability 2, authority 2 (the fixture's two
    /// authorities), gender 5, age 7, ethnic-group 7, cpp-category 7, need 12, ethnicity 21 (20 codes
    /// and Unknown). Grouped in that order while the product stays <= 256, at most three a pass:
    ///   disability x authority x gender = 20 (three: full);
    ///   age x ethnic-group = 49, x cpp 7 = 343 > 256: [age, ethnic-group];
    ///   cpp x need = 84, x ethnicity 21 = 1764 > 256: [cpp, need];
    ///   [ethnicity].
    /// The multi-valued: the factor (64 bits) is a pass of its own as soon as it is met; maltreatment
    /// (4 bits) + outcomes (4 bits) = 8 bits, 32 << 8 = 8192 cells: one pass.
    @Test func releasePassesWithTheStandardCohorts() throws {
        let (_, pooled) = try AuthorityAndTrendTests.flatForms()
        let engine = CohortEngine(data: CensusLoader.load(paths: [pooled]).data)
        let layouts = engine.layouts(Dimension.allCases)
        func position(_ d: Dimension) -> Int { layouts.firstIndex { $0.d == d } ?? -1 }
        #expect(layouts.map(\.values) == [7, 21, 7, 5, 2, 4, 12, 4, 7, layouts[9].values, 2])
        let plan = CohortEngine.TallyPass.plan(layouts, patterns: 1 << engine.cohorts.count)
        let expected: [CohortEngine.TallyPass] = [
            .values([position(.disability), position(.authority), position(.gender)]),
            .values([position(.ageBand), position(.ethnicGroup)]),
            .values([position(.protectionCategory), position(.need)]),
            .values([position(.ethnicity)]),
            .valueSets([position(.factor)]),
            .valueSets([position(.maltreatment), position(.outcomes)]),
        ]
        #expect(plan == expected)
    }

    /// With 6, 7 and 8 cohorts (64 to 256 patterns: smaller joint passes, and at 8 cohorts
    /// maltreatment and outcomes in passes of their own) the pattern tally still equals the
    /// per-cohort count of 9 cohorts, table by table, filtered and not.
    @Test(arguments: [6, 7, 8])
    func patternTallyAtEveryWidth(cohorts: Int) throws {
        let (_, pooled) = try AuthorityAndTrendTests.flatForms()
        let base = CohortEngine(data: CensusLoader.load(paths: [pooled]).data)
        var few = base
        let extra = ["6B", "7B", "8B", "10A"]
        for (k, code) in extra.prefix(cohorts - base.cohorts.count).enumerated() {
            try few.addCohort(CohortDefinition(id: "X\(k)", label: code, expression: .factor(code)))
        }
        var many = few
        for k in few.cohorts.count..<(CohortEngine.maxPatternCohorts + 1) {
            try many.addCohort(CohortDefinition(id: "Y\(k)", label: "21", expression: .factor("21")))
        }
        #expect(few.cohorts.count == cohorts && many.cohorts.count > CohortEngine.maxPatternCohorts)
        let plan = CohortEngine.TallyPass.plan(few.layouts(Dimension.allCases), patterns: 1 << cohorts)
        if cohorts == 8 {
            // 256 patterns: 8192 / 256 = 32 cells, so maltreatment (16 keys) and outcomes apart.
            #expect(plan.filter { if case .valueSets = $0 { return true } else { return false } }.count == 3)
        }
        for f in [Filter.none, Filter(excludedFactors: FactorSet(codes: ["5B"])),
                  Filter(cohorts: ["B"], dimensions: [.init(dimension: .ageBand, values: [2])])] {
            let a = few.tables(Dimension.allCases, filter: f), b = many.tables(Dimension.allCases, filter: f)
            #expect(a.summary.counts == Array(b.summary.counts.prefix(cohorts)))
            for (x, y) in zip(a.tables, b.tables) {
                #expect(x.counts == Array(y.counts.prefix(cohorts)), "\(x.name), \(cohorts) cohorts, \(f.description)")
            }
        }
    }
}

/// Cohort bits by lookup equal the rules evaluated, for rules naming factor bits in several bytes.
@Suite struct CohortMembershipTests {
    @Test func lookupEqualsTheRules() throws {
        let texts = ["1B | 4B", "(21 | 24A) & !3B", "22A & 1A", "!(4B | 5B) & 2B", "23A | 19C | 8B"]
        let cohorts = try texts.enumerated().map { k, t in CohortDefinition(id: "C\(k)", label: t, expression: try CohortExpressionParser.parse(t)) }
        let named = cohorts.reduce(UInt64(0)) { $0 | CohortMembership.namedFactors($1.expression) }
        // The named bits span more than one byte of the factor word.
        #expect(Set((0..<8).filter { (named >> UInt64($0 * 8)) & 0xFF != 0 }).count > 1)
        let rules = CohortMembership(cohorts)
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            // Random words, biased towards the named bits so that every combination occurs.
            let f = (rng.next() & named) | (rng.next() & rng.next() & rng.next())
            var expected: UInt32 = 0
            for (k, c) in cohorts.enumerated() where c.expression.matches(f) { expected |= 1 << UInt32(k) }
            #expect(rules.bits(f) == expected)
        }
    }
}


/// Dimension lists other than a release's: repeats (a second maltreatment or outcomes table in a
/// list once counted its values as 0, its bits being found by dimension), one dimension alone, and an
/// empty list. Each table equals the one-table count, for 1 to 8 cohorts.
@Suite struct TallyDimensionListTests {
    @Test func repeatedAndPartialListsEqualTheOneTableCounts() throws {
        let (_, pooled) = try AuthorityAndTrendTests.flatForms()
        var engine = CohortEngine(data: CensusLoader.load(paths: [pooled]).data)
        let lists: [[Dimension]] = [
            [.maltreatment, .maltreatment], [.outcomes, .outcomes], [.maltreatment, .factor, .maltreatment],
            [.outcomes, .maltreatment, .outcomes, .maltreatment], [.ageBand, .ageBand, .gender], [.factor], [.authority], [],
        ]
        let extra = ["6B", "7B", "8B", "10A", "21", "22A", "23A"]
        for cohorts in 1...CohortEngine.maxPatternCohorts {
            var e = engine
            e.replaceCohorts(Array(CohortDefinition.standard.prefix(min(cohorts, CohortDefinition.standard.count))))
            for (k, code) in extra.prefix(max(0, cohorts - e.cohorts.count)).enumerated() {
                try e.addCohort(CohortDefinition(id: "X\(k)", label: code, expression: .factor(code)))
            }
            #expect(e.cohorts.count == cohorts)
            for list in lists {
                let all = e.tables(list)
                #expect(all.tables.count == list.count)
                #expect(all.summary == e.summary())
                for (t, d) in zip(all.tables, list) {
                    #expect(t == e.table(d), "\(d.rawValue) in \(list.map(\.rawValue)), \(cohorts) cohorts")
                }
            }
        }
        // No cohorts: each table is there, with its columns and the population, and no row.
        let columns = engine.table(.maltreatment).columns
        engine.replaceCohorts([])
        let none = engine.tables([.maltreatment, .maltreatment])
        #expect(none.tables.count == 2)
        for t in none.tables {
            #expect(t.rows.isEmpty && t.counts.isEmpty)
            #expect(t.columns == columns && columns == ["All", "16A", "17A", "18A", "19A"])
            #expect(t.population == engine.populationSize && engine.populationSize > 0)
        }
    }
}
