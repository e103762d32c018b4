import Foundation
import Testing
import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

/// The joint model of `code-21`'s two readings (`MembershipReadings`, docs/privacy.md, "Readings side by side"):
/// hand-built releases whose hidden cells a reader of docs/definitions.md pins by the rules of the readings,
/// where the same published cells without those rules leave them open.
@Suite struct MembershipReadingsTests {
    /// Cohorts A and B, every movement between cohorts hidden. Under `counts` A = 10, B = 6 (population 16); under
    /// `ignored` A = 7, B = 8 (population 15). The rules: nobody enters under `ignored` and B's children stay in B,
    /// so out = 16 - 15 = 1 (A's: only A's {21}-only children leave), B -> B = 6, A -> B = 8 - 6 = 2,
    /// A -> A = 10 - 1 - 2 = 7, B -> A = 0 and B -> out = 0 (ruled out, shown as 0).
    /// Without the rules the same sums (rows 10 and 6, columns 7 and 8, out = 1 at least) leave A -> B anywhere in
    /// 2...8 (enumerated below): the rules are what pin it.
    @Test func theRulesOfMembershipPinTheMovements() throws {
        let fixture = try CohortMoves()
        #expect(try fixture.range("A", "B") == (2, 2))
        #expect(try fixture.range("A", "A") == (7, 7))
        #expect(try fixture.range("A", "out") == (1, 1))
        #expect(try fixture.range("B", "B") == (6, 6))
        let ruledOut = try [fixture.cell("B", "A"), fixture.cell("B", "out")]
        #expect(ruledOut.allSatisfy { fixture.model.cells[$0].structuralZero })
        // A reader with the sums alone: AA + AB + AO = 10, BA + BB + BO = 6, AA + BA = 7, AB + BB = 8, every count >= 0.
        var unruled = Set<Int>()
        for aa in 0...10 { for ab in 0...(10 - aa) { for ba in 0...6 { for bb in 0...(6 - ba) where aa + ba == 7 && ab + bb == 8 {
            unruled.insert(ab)
        } } } }
        #expect(unruled.min() == 2 && unruled.max() == 8)
    }

    /// One cohort A of 10 stayers (the movement A -> A = 10 shown, and no child with code 21 in the factor table, so
    /// no child of A changes its first assessment), the age band at the start. Under `counts`: 10-15
    /// none, 16+ 10; under `ignored` 10-15 and 16+ hidden, the Total 10 and every other band 0 shown. A stayer's
    /// start under `ignored` is as late or later, so its band is the same or the next one up: 16+ stays 16+ and
    /// 10-15 under `ignored` is 0, 16+ is 10. Without the rule (a stayer's two bands unrelated) 16+ is 0...10.
    @Test func theStayersAgeBandMovesOnlyUp() throws {
        let bands = AgeBand.labels
        func row(_ values: [String: Int]) -> [Int?] { let v = bands.map { values[$0] ?? 0 }; return v + [v.reduce(0, +)] }
        var hiddenOther = row(["16+": 10])
        for b in ["10-15", "16+"] { if let i = bands.firstIndex(of: b) { hiddenOther[i] = nil } }
        let cohorts = PublishedRelease.knownRules(ids: ["A"])
        // Every child of A has factor 1B and none has 21.
        let codes = AssessmentFactor.list.codes
        let factors: [Int?] = [10] + codes.map { $0 == "1B" ? 10 : 0 }
        let standard = PublishedRelease(tables: [
            .init(name: "summary", columns: ["children"], rowIDs: ["A"], cells: [[10]]),
            .init(name: "age", columns: bands + ["Total"], rowIDs: ["A"], cells: [row(["16+": 10])]),
            .init(name: "factor", columns: ["All"] + codes, rowIDs: ["A"], cells: [factors]),
        ], population: .shown(10), cohorts: cohorts)
        let other = PublishedRelease(tables: [
            .init(name: "summary", columns: ["children"], rowIDs: ["A"], cells: [[10]]),
            .init(name: "age", columns: bands + ["Total"], rowIDs: ["A"], cells: [hiddenOther]),
            .init(name: "factor", columns: ["All"] + codes, rowIDs: ["A"], cells: [factors]),
        ], population: .shown(10), cohorts: cohorts, hiddenMinimum: 0)
        let moves = PublishedRelease.Table(name: "summary@code-21:counts>ignored", columns: ["A", "out"], rowIDs: ["A"], cells: [[10, 0]])
        let model = try #require(ReleaseModel(membership: MembershipReadings(standard: standard, other: other, movements: moves, ageBandMoves: true)))
        let sixteen = try #require(bands.firstIndex(of: "16+"))
        let cell = try #require(model.cells.firstIndex { $0.table == 4 && $0.row == 0 && $0.column == sixteen })
        let hidden = model.cells.map { $0.published == nil }
        func range(_ m: ReleaseModel) -> (minimum: Int, maximum: Int?) {
            DisclosureAudit.exactRange(ReleaseSolver(model: m, hidden: hidden, hiddenMinimum: 0), cell: cell, minimum: 0)
        }
        #expect(range(model) == (10, 10))
        var unruled = model
        for u in unruled.upperBounds.indices where unruled.upperBounds[u] == 0 && unruled.partOfUnknown[u] != nil
            && unruled.unknownFamily[u] == nil { unruled.upperBounds[u] = nil }
        #expect(range(unruled) == (0, 10))
    }

    /// The children of the code-21 fixture (`ReadingComparisonTests.code21Children`) by cohort under `counts` and under
    /// `ignored`: K1 ({21} alone) leaves the population, K2 ({21} first, then 4B) moves from A to B, K3 ({21, 6B})
    /// stays in A, K4 (4B) stays in B. So A -> A 1, A -> B 1, A -> out 1, B -> B 1; every other cell 0, and every
    /// child moves as the model's rules say.
    @Test func theMovementsBetweenCohortsOfTheCode21Fixture() throws {
        let data = Fx.data(returns: [(2017, ReadingComparisonTests.code21Children)])
        let engine = Fx.engine(data)
        let settings = try #require(ReadingChoice.code21.setting("ignored", in: engine.settings))
        var other = engine
        other.apply(settings: settings)
        let moves = MembershipMovements.compute(engine, other)
        #expect(moves.obeysRules)
        #expect(moves.table.columns == ["A", "B", "C", "D", "E", "out"])
        #expect(moves.table.nonZero("A") == ["A": 1, "B": 1, "out": 1])
        #expect(moves.table.nonZero("B") == ["B": 1])
        for id in ["C", "D", "E"] { #expect(moves.table.nonZero(id).isEmpty) }
    }

    /// A child keeping its first day whose {21}-only assessment of that day started first: its age band is taken at
    /// that start under `counts` and at the other assessment's under `ignored`. K5 is born 2015-03-01; its {21}
    /// assessment started 2015-01-01 (Unborn), its 6B one 2016-06-21 (aged 1: 1-4), both authorised 2016-07-01:
    /// two bands up, which the model's rule (one band at most) rules out, so the joint model withholds the side by side.
    @Test func aStayerTwoBandsUpWithholdsTheSideBySide() throws {
        let k5 = Fx.child("K5", birth: "2015-03-01", Fx.episode("2014-12-20", Fx.assessment(start: "2015-01-01", auth: "2016-07-01", "21"),
                                                                Fx.assessment(start: "2016-06-21", auth: "2016-07-01", "6B")))
        let engine = Fx.engine(Fx.data(returns: [(2017, ReadingComparisonTests.code21Children + [k5])]))
        var other = engine
        other.apply(settings: try #require(ReadingChoice.code21.setting("ignored", in: engine.settings)))
        #expect(!MembershipMovements.compute(engine, other).obeysRules)
        let outcome = MembershipSideBySide.protect(engine: engine, standard: ReportTables.protectedScope(engine: engine, threshold: 5), linked: [],
                                                   threshold: 5, needed: 5, earlier: 0, deadline: Date().addingTimeInterval(300))
        #expect(outcome.published == nil && outcome.attempted && outcome.reason?.contains("cannot") == true)
    }

    /// On a generated extract the joint model protects the side by side of code-21 in the writer's own audit: the other
    /// reading's counts and the movements true where shown, every cell of them from 1 to the threshold hidden, B's
    /// children never in A nor out (shown as 0), and the whole audits clean. (An independent attack read through it,
    /// docs/privacy.md: this audit alone is not why it would be safe, and it is not published.)
    @Test func theSideBySideIsProtectedInTheJointModel() throws {
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let outcome = MembershipSideBySide.protect(engine: engine, standard: ReportTables.protectedScope(engine: engine, threshold: 5), linked: [],
                                                   threshold: 5, needed: 5, earlier: 0, deadline: Date().addingTimeInterval(900))
        let audit = try #require(outcome.audit)
        #expect(audit.isClean && audit.consistent, "\(audit.failures)")
        let side = try #require(outcome.published)
        var other = engine
        other.apply(settings: try #require(ReadingChoice.code21.setting("ignored", in: engine.settings)))
        for table in [ReportTable.summary, .dimension(.ageBand), .dimension(.need)] {
            let t = try #require(side.tables[ReadingComparison.alternativeName(table.name, .code21, "ignored")])
            let truth = try #require(ReadingComparison.compute(engine: engine, choice: .code21, table: table)?.alternatives.first?.table)
            #expect(t.table.counts == truth.counts)
            for r in t.table.rows.indices { for col in t.table.columns.indices where (1...5).contains(t.table.counts[r][col]) {
                #expect(t.isHidden(r, col))
            } }
        }
        let moves = side.movements
        let b = try #require(moves.table.rows.firstIndex { $0.id == "B" })
        for column in ["A", MembershipMovements.outColumn] {
            let col = try #require(moves.table.columns.firstIndex(of: column))
            #expect(!moves.isHidden(b, col) && moves.table.counts[b][col] == 0)
        }
    }
}

/// Cohorts A and B of `theRulesOfMembershipPinTheMovements`: the summary under each reading shown, the movement
/// table hidden.
struct CohortMoves {
    let model: ReleaseModel
    let columns = ["A", "B", MembershipReadings.outColumn]
    let hidden: [Bool]

    init() throws {
        let cohorts = PublishedRelease.knownRules(ids: ["A", "B"])
        let standard = PublishedRelease(tables: [.init(name: "summary", columns: ["children"], rowIDs: ["A", "B"], cells: [[10], [6]])],
                                        population: .shown(16), cohorts: cohorts)
        let other = PublishedRelease(tables: [.init(name: "summary", columns: ["children"], rowIDs: ["A", "B"], cells: [[7], [8]])],
                                     population: .shown(15), cohorts: cohorts, hiddenMinimum: 0)
        let moves = PublishedRelease.Table(name: "summary@code-21:counts>ignored", columns: columns, rowIDs: ["A", "B"],
                                           cells: [[nil, nil, nil], [nil, nil, nil]])
        model = try #require(ReleaseModel(membership: MembershipReadings(standard: standard, other: other, movements: moves, ageBandMoves: false)))
        hidden = model.cells.map { $0.published == nil }
    }

    /// The movement cell of children in `from` under `counts` and `to` under `ignored` (table 2).
    func cell(_ from: String, _ to: String) throws -> Int {
        let r = try #require(["A", "B"].firstIndex(of: from)), c = try #require(columns.firstIndex(of: to))
        return try #require(model.cells.firstIndex { $0.table == 2 && $0.row == r && $0.column == c })
    }

    func range(_ from: String, _ to: String) throws -> (minimum: Int, maximum: Int?) {
        let i = try cell(from, to)
        return DisclosureAudit.exactRange(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0), cell: i, minimum: 0)
    }
}
