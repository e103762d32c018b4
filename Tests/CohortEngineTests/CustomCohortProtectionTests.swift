import Testing
import Foundation
import CINModel
@testable import CohortEngine
import CINRelease
@testable import CINLoading
@testable import CINTestSupport

/// The true part sizes and the restrictions they pin (docs/privacy.md, "Custom cohorts in bounded time").
@Suite struct PartSizesTests {
    /// A = without 4B, B = 4B, C = 4B and 1B: the rules allow three parts, A; B without C; B with C.
    static let cohorts: [(id: String, rule: CohortExpression?)] = [
        ("A", .not(.factor("4B"))), ("B", .factor("4B")), ("C", .and(.factor("4B"), .factor("1B"))),
    ]
    static var model: ReleaseModel {
        // The summary: A 3, B 6, C 2 (of a population of 9).
        ReleaseModel(PublishedRelease(tables: [.init(name: "summary", columns: ["children"], rowIDs: ["A", "B", "C"],
                                                     cells: [[3], [6], [2]])],
                                      population: .shown(9), cohorts: cohorts))
    }
    static func part(_ m: ReleaseModel, _ ids: Set<String>) -> Int? {
        let mask = m.parts.cohortIDs.enumerated().reduce(UInt64(0)) { ids.contains($1.element) ? $0 | (1 << UInt64($1.offset)) : $0 }
        return m.parts.parts.firstIndex { $0.membership == mask }
    }

    @Test func theTrueSizesPinEachPartAndThePopulation() throws {
        // 3 children in A, 4 in B without C, 2 in B and C: the parts' sizes 3, 4 and 2, the population 9.
        let m = Self.model
        let sizes = PartSizes(counts: [["A"]: 3, ["B"]: 4, ["B", "C"]: 2])
        let pins = try #require(sizes.pins(m, sizes: true))
        let a = try #require(Self.part(m, ["A"])), b = try #require(Self.part(m, ["B"])), c = try #require(Self.part(m, ["B", "C"]))
        #expect(pins[m.partSizeUnknowns[a]] == 3 && pins[m.partSizeUnknowns[b]] == 4 && pins[m.partSizeUnknowns[c]] == 2)
        #expect(pins[m.populationUnknown] == 9)
        // Without the sizes, no part is empty: nothing is pinned.
        #expect(sizes.pins(m, sizes: false)?.isEmpty == true)
    }

    @Test func anEmptyPartIsPinnedAtZero() throws {
        // No child in B and C: every unknown of that part is 0, and nothing else is pinned.
        let m = Self.model
        let pins = try #require(PartSizes(counts: [["A"]: 3, ["B"]: 6]).pins(m, sizes: false))
        let c = try #require(Self.part(m, ["B", "C"]))
        let ofC = m.partOfUnknown.indices.filter { m.partOfUnknown[$0] == c }
        #expect(!ofC.isEmpty && Set(pins.keys) == Set(ofC) && pins.values.allSatisfy { $0 == 0 })
    }

    @Test func childrenTheModelHasNoPartForLeaveItUnrestricted() {
        // A child in A and B together: the rules allow no such part, so the counts do not fit this model.
        #expect(PartSizes(counts: [["A"]: 3, ["A", "B"]: 1]).pins(Self.model, sizes: true) == nil)
    }

    @Test func theEngineCountsEachCombinationOfMemberships() throws {
        var e = CohortEngine(data: Fx.data(SyntheticExtract(children: 800, seed: 5)))
        try e.addCohort(CohortExpressionParser.parseDefinition("F=6B & !4B"))
        let sizes = e.partSizes()
        #expect(sizes.counts.values.reduce(0, +) == e.populationSize)
        // Each cohort's size is the sum of the groups that are in it.
        let summary = e.summary()
        for (r, row) in summary.rows.enumerated() {
            #expect(sizes.counts.filter { $0.key.contains(row.id) }.values.reduce(0, +) == summary.counts[r][0])
        }
    }
}

/// Custom cohorts protected one at a time on the restrictions, with a fallback that withholds.
@Suite(.serialized) struct CustomCohortProtectionTests {
    /// The engine's custom cohorts added to its standard release (protected first, as a reader holds it).
    static func addingCustomCohorts(_ e: CohortEngine, budget: TimeInterval = ReleaseProtection.defaultBudget,
                                    work: Int = ReleaseProtection.customCohortWork,
                                    stepWork: Int = ReleaseProtection.customCohortStepWork) -> (ProtectedRelease, standard: ProtectedRelease) {
        let standardIDs = Set(CohortDefinition.standard.map(\.id))
        let tables = ReportTables.scopeTables(engine: e, filter: .none)
        let standard = ReleaseProtection.protect(tables: tables.map { ReleaseProtection.rows(standardIDs, of: $0) },
                                                 cohorts: CohortDefinition.standard, population: e.populationSize, threshold: 5)
        return (ReleaseProtection.protectAddingCustomCohorts(tables: tables, cohorts: e.cohorts, standard: standard,
                                                             population: e.populationSize, partSizes: e.partSizes(), threshold: 5,
                                                             protection: nil, budget: budget, work: work, stepWork: stepWork), standard)
    }

    static func engine(_ rules: [String], seed: UInt64 = 77, children: Int = 1500) throws -> CohortEngine {
        var e = CohortEngine(data: Fx.data(SyntheticExtract(children: children, seed: seed)))
        for r in rules { try e.addCohort(CohortExpressionParser.parseDefinition(r)) }
        return e
    }

    /// The writer's audit of the full model, without the restrictions (every search on every unknown).
    static func fullModelAudit(_ release: ProtectedRelease, cohorts: [CohortDefinition]) -> DisclosureAuditResult {
        let view = ReleaseCheck.published(release, cohorts: cohorts, filter: .none)
        return DisclosureAudit.verdict(view, protection: release.protection) { t, r, c in
            guard release.tables.indices.contains(t), view.tables.indices.contains(t), view.tables[t].rowIDs.indices.contains(r) else {
                return release.tables.first?.table.population ?? 0
            }
            let table = release.tables[t].table
            guard let row = table.rows.firstIndex(where: { $0.id == view.tables[t].rowIDs[r] }) else { return 0 }
            return table.counts[row][c]
        }
    }

    @Test func proofsFoundOnTheRestrictionsHoldOnTheFullModel() throws {
        // The protection and the writer's audit both look for proofs on restrictions; the audit of the full
        // model, which knows nothing of the part sizes, must find the release clean too.
        // The demo's size (about 4,200 children in the year).
        let e = try Self.engine(["F=6B & !4B", "G=10A"], seed: 2017, children: 40_000)
        // A generous budget: this is about the proofs, not the time (a loaded machine must not withhold).
        let six = ReportTables.protectedScope(engine: e, threshold: 5, budget: 120).subset(ReportTables.allTableNames)
        #expect(six.withheldCohorts.isEmpty && six.unprotectable == 0)
        let full = Self.fullModelAudit(six, cohorts: e.cohorts)
        #expect(full.isClean, "\(ReleaseCheck.describe(full))")
        #expect(ReleaseCheck.audit(six, cohorts: e.cohorts, filter: .none)?.isClean == true)
    }

    @Test func aCohortWithACellNoRepairCanProtectIsWithheldWhateverTheTime() throws {
        // A small extract (322 children in the year): F (7 children) and G (10) each have a hidden cell that the
        // whole scope bounds more narrowly than the protection, and that no custom cell hidden widens (the
        // standard cells that bound it keep their pattern). With all the time in the world both are withheld:
        // never published unproven.
        let e = try Self.engine(["F=6B & !4B", "G=10A"], seed: 12)
        let (r, _) = Self.addingCustomCohorts(e, budget: 1_000)
        #expect(r.withheldCohorts == ["F", "G"])
        let audit = ReleaseCheck.audit(r, cohorts: e.cohorts, filter: .none)
        #expect(audit?.isClean == true, "\(audit.map(ReleaseCheck.describe) ?? [])")
    }

    @Test func withNoWorkEveryCustomCohortIsWithheldAndTheStandardRowsKeepTheirPattern() throws {
        let e = try Self.engine(["F=6B & !4B", "G=10A"])
        let (r, standard) = Self.addingCustomCohorts(e, work: 0)
        #expect(r.withheldCohorts == ["F", "G"])
        // The work budget withheld them, not the clock: nothing to flag as unrepeatable.
        #expect(r.withheldByClock.isEmpty)
        for (t, s) in zip(r.tables, standard.tables) {
            for (row, cohort) in t.table.rows.enumerated() {
                if let j = s.table.rows.firstIndex(where: { $0.id == cohort.id }) {
                    #expect(t.hidden[row] == s.hidden[j], "\(t.table.name) \(cohort.id): the standard pattern")
                } else {
                    #expect(t.hidden[row].allSatisfy { $0 }, "\(t.table.name) \(cohort.id): withheld whole")
                }
            }
        }
        // What is published (the standard rows) audits clean, withheld rows left out.
        #expect(ReleaseCheck.audit(r.subset(ReportTables.allTableNames), cohorts: e.cohorts, filter: .none)?.isClean == true)
        // README.md says so: a withheld row's `c` covers its zeros too, which "counts from 1 to 5" would misread.
        let manifest = ReleaseManifest(engine: e, release: r, filter: .none, audit: nil, commandLine: ["cinx"])
        let readme = manifest.readme(files: ["summary.csv"])
        #expect(readme.contains("Custom cohort(s) `F`, `G` are withheld"))
        #expect(readme.contains("zeros included"))
        let none = ReleaseManifest(engine: e, release: standard, filter: .none, audit: nil, commandLine: ["cinx"])
        #expect(!none.readme(files: ["summary.csv"]).contains("withheld"))
    }

    @Test func theReportsWorkAllowancesReachTheCustomCohortsSteps() throws {
        // `ReportTables.release` takes the work allowances to the steps (cinx-bench --allowances measures stricter
        // ones with it): with no work every custom cohort is withheld; with the defaults it is the release the
        // steps make when called directly.
        let e = try Self.engine(["F=6B & !4B", "G=10A"])
        let none = ReportTables.release(engine: e, names: ReportTables.allTableNames, threshold: 5, work: 0, stepWork: 0)
        #expect(none.withheldCohorts == ["F", "G"])
        let byDefault = ReportTables.release(engine: e, names: ReportTables.allTableNames, threshold: 5)
        let direct = Self.addingCustomCohorts(e).0.subset(ReportTables.allTableNames)
        #expect(byDefault.withheldCohorts == direct.withheldCohorts)
        #expect(byDefault.tables.map(\.hidden) == direct.tables.map(\.hidden))
        #expect(byDefault.tables.map(\.hidden) != none.tables.map(\.hidden))
    }

    @Test func theSameInputsWithholdTheSameCohortsOnAQuietMachineAndABusyOne() throws {
        // The budget is counted in solver work, not seconds: a machine made slow (every solve sleeps first, as
        // under load) spends the same work on the same searches and publishes the same release, byte for byte.
        // The allowance is cut until it withholds G and not F (the test then says something: with a budget in
        // seconds, the slow run withheld more). The demo's size.
        let e = try Self.engine(["F=6B & !4B", "G=10A"], seed: 2017, children: 40_000)
        let (whole, _) = Self.addingCustomCohorts(e)
        #expect(whole.withheldCohorts.isEmpty && whole.customCohortWork > 0)
        var work = whole.customCohortWork
        var quiet = whole
        while work > 0 && quiet.withheldCohorts.isEmpty {
            work = work * 9 / 10
            quiet = Self.addingCustomCohorts(e, work: work, stepWork: work).0
        }
        #expect(quiet.withheldCohorts == ["G"])
        IntegerProgram.slowdownForTests = 2_000
        defer { IntegerProgram.slowdownForTests = 0 }
        let (busy, _) = Self.addingCustomCohorts(e, work: work, stepWork: work)
        IntegerProgram.slowdownForTests = 0
        #expect(busy.withheldCohorts == quiet.withheldCohorts && busy.withheldByClock.isEmpty)
        #expect(busy.tables == quiet.tables)
        #expect(busy.customCohortWork == quiet.customCohortWork)
        // As published: the same CSV.
        for (a, b) in zip(quiet.tables, busy.tables) {
            #expect(TableFormatter.csv(a) == TableFormatter.csv(b))
        }
    }

    @Test func theWallClockSafetyStopWithholdsAndSaysSo() throws {
        // All the work in the world but no time: the safety stop withholds both, and the release says the clock
        // (not the work) did it, in release.json too.
        let e = try Self.engine(["F=6B & !4B", "G=10A"])
        let (r, _) = Self.addingCustomCohorts(e, budget: 0, work: 100_000_000, stepWork: 100_000_000)
        #expect(r.withheldCohorts == ["F", "G"] && r.withheldByClock == ["F", "G"])
        let manifest = ReleaseManifest(engine: e, release: r, filter: .none, audit: nil, commandLine: ["cinx"])
        #expect(manifest.suppression.withheldAtWallClockStop == ["F", "G"])
        let (proven, _) = Self.addingCustomCohorts(e)
        let normal = ReleaseManifest(engine: e, release: proven, filter: .none, audit: nil, commandLine: ["cinx"])
        #expect(normal.suppression.withheldAtWallClockStop == nil)
    }

    @Test func aCohortAddedGoesOnFromTheReleaseBeforeIt() throws {
        // The explorer's path: F's release, then G added to it, is the release of F and G made from the start.
        let one = try Self.engine(["F=6B & !4B"])
        let two = try Self.engine(["F=6B & !4B", "G=10A"])
        let before = ReportTables.protectedScope(engine: one, threshold: 5)
        let extended = ReportTables.protectedScope(engine: two, threshold: 5, extending: before)
        let fresh = ReportTables.protectedScope(engine: two, threshold: 5)
        #expect(extended.tables.map(\.hidden) == fresh.tables.map(\.hidden))
        #expect(extended.withheldCohorts == fresh.withheldCohorts)
        // The work spent before is counted on: the budget left is the one a release of both at once has.
        #expect(extended.customCohortWork == fresh.customCohortWork)
        // A release of other cohorts is not a start: it is ignored.
        let other = ReportTables.protectedScope(engine: try Self.engine(["G=10A"]), threshold: 5)
        #expect(ReportTables.protectedScope(engine: two, threshold: 5, extending: other).tables.map(\.hidden) == fresh.tables.map(\.hidden))
    }

    @Test(arguments: ["F=5B", "F=5B & 2B"])
    func theWholeScopeOfACustomCohortAuditsClean(rule: String) throws {
        // Every step proves every hidden cell of the whole scope (the standard release's too) or withholds the
        // cohort: the scope the explorer shows audits clean, not only the six tables `report` writes.
        let e = try Self.engine([rule])
        let scope = ReportTables.protectedScope(engine: e, threshold: 5)
        let audit = ReleaseCheck.audit(scope, cohorts: e.cohorts, filter: .none)
        #expect(audit?.isClean == true, "\(audit.map(ReleaseCheck.describe) ?? [])")
    }

    @Test(arguments: [(UInt64(41), 800), (42, 6000)])
    func everyReleaseWithCustomCohortsAuditsClean(seed: UInt64, children: Int) throws {
        let e = try Self.engine(["F=6B & !4B", "G=10A", "H=21"], seed: seed, children: children)
        let r = ReportTables.release(engine: e, names: ReportTables.allTableNames, threshold: 5)
        #expect(r.unprotectable == 0)
        let audit = ReleaseCheck.audit(r, cohorts: e.cohorts, filter: .none)
        #expect(audit?.isClean == true, "\(audit.map(ReleaseCheck.describe) ?? [])")
        let withheld = Set(r.withheldCohorts)
        for t in r.tables {
            for (row, cohort) in t.table.rows.enumerated() where !withheld.contains(cohort.id) {
                for c in t.table.columns.indices where (1...5).contains(t.table.counts[row][c]) { #expect(t.isHidden(row, c)) }
            }
        }
    }
}
