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

    /// One cohort A of 10 stayers (the movement A -> A = 10 shown; every child has 1B, so none has {21} alone and
    /// none changes its first assessment; every child has 21 too, so the 21 rule below lets all 10 bands move), the age
    /// band at the start. Under `counts`: 10-15 none, 16+ 10; under `ignored` 10-15 and 16+ hidden, the Total 10 and
    /// every other band 0 shown. A stayer's start under `ignored` is as late or later, so its band is the same or the
    /// next one up: 16+ stays 16+ and 10-15 under `ignored` is 0, 16+ is 10. Without the rule (a stayer's two bands
    /// unrelated) 16+ is 0...10.
    @Test func theStayersAgeBandMovesOnlyUp() throws {
        let fixture = try StayersBands(counts: ["16+": 10], hidden: ["10-15", "16+"], code21: 10)
        #expect(try fixture.range("16+", fixture.model) == (10, 10))
        var unruled = fixture.model
        for u in unruled.upperBounds.indices where unruled.upperBounds[u] == 0 && unruled.partOfUnknown[u] != nil
            && unruled.unknownFamily[u] == nil { unruled.upperBounds[u] = nil }
        #expect(try fixture.range("16+", unruled) == (0, 10))
    }

    /// A stayer's band moves only when a {21}-only assessment of its first day started first, which puts 21 among its
    /// factors under `counts` (docs/definitions.md 2 and 5): the stayers of a part whose band moves are at most its 21
    /// column. One cohort A of 10 stayers, every one with 1B (none {21} alone, none changes), the age band at the
    /// start; under `counts` 10-15 has 4 and 16+ 6; under `ignored` 10-15 and 16+ hidden, the Total 10 and every other
    /// band 0 shown. By the up-only rule alone the 4 of 10-15 may move up: 16+ under `ignored` is 6...10. With no child
    /// of 21 (its column 0) no band moves: 10-15 stays 4 and 16+ 6, pinned, as the review pinned C's and E's bands on the
    /// demo. With 21 on 3 children at most 3 move: 16+ is 6...9.
    @Test func aStayersBandMovesOnlyWithCode21() throws {
        let none = try StayersBands(counts: ["10-15": 4, "16+": 6], hidden: ["10-15", "16+"], code21: 0)
        #expect(try none.range("16+", none.model) == (6, 6))
        #expect(try none.range("10-15", none.model) == (4, 4))
        // Without the rule of 21 (its relation dropped) the up-only rule leaves 16+ at 6...10.
        var without = none.model
        without.relations.removeAll { r in r.lower == nil && r.upper == 0 && r.terms.contains { $0.column == none.code21Unknown && $0.coefficient == -1 } }
        #expect(try none.range("16+", without) == (6, 10))
        let three = try StayersBands(counts: ["10-15": 4, "16+": 6], hidden: ["10-15", "16+"], code21: 3)
        #expect(try three.range("16+", three.model) == (6, 9))
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
                                                   threshold: 5, needed: 5, earlier: 0, limit: ProtectionBudget(work: ReadingComparisonRelease.workAllowance, safetySeconds: 1_800))
        #expect(outcome.published == nil && outcome.attempted && outcome.reason?.contains("cannot") == true)
    }

    /// On a generated extract the joint model protects the side by side of code-21 in the writer's own audit: the other
    /// reading's counts and the movements true where shown, every cell of them from 1 to the threshold hidden, B's
    /// children never in A nor out (shown as 0), and the whole audits clean. (An independent attack read through it,
    /// docs/privacy.md: this audit alone is not why it would be safe, and it is not published.)
    @Test func theSideBySideIsProtectedInTheJointModel() throws {
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let outcome = MembershipSideBySide.protect(engine: engine, standard: ReportTables.protectedScope(engine: engine, threshold: 5), linked: [],
                                                   threshold: 5, needed: 5, earlier: 0, limit: ProtectionBudget(work: ReadingComparisonRelease.workAllowance, safetySeconds: 1_800))
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

/// One cohort A of 10 stayers whose age band is taken at the start (`theStayersAgeBandMovesOnlyUp`,
/// `aStayersBandMovesOnlyWithCode21`): the age band under `counts` as given, under `ignored` the same but for the
/// hidden bands, the Total 10; every child has factor 1B (none {21} alone: nobody changes its first assessment) and
/// `code21` of them 21 too, the factor table the same under `ignored` but for 21 (none); A -> A 10 shown.
struct StayersBands {
    let model: ReleaseModel
    let hidden: [Bool]
    /// The unknown of A's stayers' 21 column.
    let code21Unknown: Int

    init(counts: [String: Int], hidden bands: [String], code21: Int) throws {
        let labels = AgeBand.labels
        func row(_ values: [String: Int]) -> [Int?] { let v = labels.map { values[$0] ?? 0 }; return v + [v.reduce(0, +)] }
        var hiddenOther = row(counts)
        for b in bands { if let i = labels.firstIndex(of: b) { hiddenOther[i] = nil } }
        let cohorts = PublishedRelease.knownRules(ids: ["A"])
        let codes = AssessmentFactor.list.codes
        let factors: [Int?] = [10] + codes.map { $0 == "1B" ? 10 : $0 == "21" ? code21 : 0 }
        let otherFactors: [Int?] = [10] + codes.map { $0 == "1B" ? 10 : 0 }
        let standard = PublishedRelease(tables: [
            .init(name: "summary", columns: ["children"], rowIDs: ["A"], cells: [[10]]),
            .init(name: "age", columns: labels + ["Total"], rowIDs: ["A"], cells: [row(counts)]),
            .init(name: "factor", columns: ["All"] + codes, rowIDs: ["A"], cells: [factors]),
        ], population: .shown(10), cohorts: cohorts)
        let other = PublishedRelease(tables: [
            .init(name: "summary", columns: ["children"], rowIDs: ["A"], cells: [[10]]),
            .init(name: "age", columns: labels + ["Total"], rowIDs: ["A"], cells: [hiddenOther]),
            .init(name: "factor", columns: ["All"] + codes, rowIDs: ["A"], cells: [otherFactors]),
        ], population: .shown(10), cohorts: cohorts, hiddenMinimum: 0)
        let moves = PublishedRelease.Table(name: "summary@code-21:counts>ignored", columns: ["A", "out"], rowIDs: ["A"], cells: [[10, 0]])
        model = try #require(ReleaseModel(membership: MembershipReadings(standard: standard, other: other, movements: moves, ageBandMoves: true)))
        hidden = model.cells.map { $0.published == nil }
        let column = try #require(codes.firstIndex(of: "21"))
        code21Unknown = try #require(model.families[Dimension.factor.rawValue]?.first?[column])
    }

    /// The range of band `band` of A under `ignored` (table 4: the other reading's age table) in `model`.
    func range(_ band: String, _ model: ReleaseModel) throws -> (minimum: Int, maximum: Int?) {
        let b = try #require(AgeBand.labels.firstIndex(of: band))
        let cell = try #require(model.cells.firstIndex { $0.table == 4 && $0.row == 0 && $0.column == b })
        return DisclosureAudit.exactRange(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0), cell: cell, minimum: 0)
    }
}

extension MembershipReadingsTests {
    /// A difference of code-21's side by side (the count under `ignored` less the count under `counts`) is a cell of the
    /// joint model once hidden (`MembershipDifference`): an independent review pinned hidden differences whose two counts
    /// each spanned the protection. Cohorts A (20: 10 Male, 10 Female) and B (10: 3 Male, 7 Female); nobody's reading
    /// changes, so under `ignored` every count is the same. Published: under `counts` the summary, A's genders and B's
    /// Total, B's Male and Female hidden (3 is from 1 to 5; 7 with it); under `ignored` A's Male 10 and the zero columns,
    /// every other count hidden, the population too, and the movements but B's (B -> B 10, B -> A and B -> out 0).
    ///
    /// By hand: only children of A with {21} alone change (L_A, L_B, L_out by where they go); under `ignored` A's Male is
    /// A's Male stayers and the Male of L_A (the same children), under `counts` the stayers and the Male of all three, both
    /// 10: so L_B and L_out have no Male child, and B's Male under `ignored` is B's Male under `counts` plus L_B's Male =
    /// B's Male: the difference is 0 exactly. Yet every hidden count spans 5: B's Male 1...9 (with Female, 10, each at
    /// least 1) under both readings, B's Female 1...9 and 1...19 (L_B may be up to A's 10 Female), A's Female under
    /// `ignored` 0...10, A -> B and A -> out 0...10, A -> A and A's size 10...20, B's 10...20, the population 20...30. So a
    /// protection that holds the counts alone publishes this and the attacker reads the difference; holding the difference
    /// as a hidden cell, the repair hides A's Male under `ignored` (L_B's Male is then 0...10) and the difference spans 5.
    @Test func aHiddenDifferenceIsACellOfTheJointModel() throws {
        let fixture = try DifferenceFixture()
        var model = fixture.model
        var hidden = fixture.hidden
        for i in model.cells.indices where hidden[i] {
            let range = DisclosureAudit.exactRange(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, minimums: fixture.minimums), cell: i,
                                                   minimum: fixture.minimums[i])
            #expect(range.maximum.map { $0 - range.minimum >= 5 } ?? true, "cell \(i): \(range)")
        }
        let joint = model.membershipDifferencePairs(tables: 2, columns: [["children"], Dimension.gender.columns])
        let male = try #require(Dimension.gender.columns.firstIndex(of: "Male"))
        let pair = try #require(joint.pairs.first { model.cells[$0.standard].table == 1 && model.cells[$0.standard].row == 1
                                                      && model.cells[$0.standard].column == male })
        let offset = 61
        let d = model.addMembershipDifference(pair, offset: offset)
        hidden.append(true)
        let minimums = fixture.minimums + [0]
        let truth = fixture.truth + [offset + fixture.truth[pair.other] - fixture.truth[pair.standard]]
        let before = DisclosureAudit.exactRange(ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, minimums: minimums), cell: d.cell, minimum: 0)
        #expect(before.minimum == offset && before.maximum == offset, "the difference 0...0 before: \(before)")
        // The repair may hide only the other reading's published cells (the standard release is held as published).
        let eligible = model.cells.indices.map { model.cells[$0].release == 1 && !hidden[$0] && !model.cells[$0].structuralZero }
        let solver = ReleaseSolver(model: model, hidden: hidden, hiddenMinimum: 0, minimums: minimums)
        var timedOut = false
        #expect(ReleaseProtection.repair(solver, truth: truth, needed: 5, eligible: eligible, timedOut: &timedOut) == 0 && !timedOut)
        let aMaleIgnored = try #require(model.cells.indices.first { model.cells[$0].release == 1 && model.cells[$0].table == 3
                                                                     && model.cells[$0].row == 0 && model.cells[$0].column == male })
        #expect(solver.hidden[aMaleIgnored])
        let after = DisclosureAudit.exactRange(ReleaseSolver(model: model, hidden: solver.hidden, hiddenMinimum: 0, minimums: minimums), cell: d.cell, minimum: 0)
        #expect(after.maximum.map { $0 - after.minimum >= 5 } ?? true, "the difference spans 5 after: \(after)")
    }
}

/// The releases of `aHiddenDifferenceIsACellOfTheJointModel`, with every cell's true count.
struct DifferenceFixture {
    let model: ReleaseModel
    let hidden: [Bool]
    let truth: [Int]
    let minimums: [Int]

    init() throws {
        let columns = Dimension.gender.columns
        func row(_ male: Int, _ female: Int) -> [Int?] { columns.map { $0 == "Male" ? male : $0 == "Female" ? female : $0 == "Total" ? male + female : 0 } }
        func hide(_ r: [Int?], _ names: [String]) -> [Int?] { r.indices.map { names.contains(columns[$0]) ? nil : r[$0] } }
        let cohorts = PublishedRelease.knownRules(ids: ["A", "B"])
        func releases(shown: Bool) -> (PublishedRelease, PublishedRelease, PublishedRelease.Table) {
            let standard = PublishedRelease(tables: [
                .init(name: "summary", columns: ["children"], rowIDs: ["A", "B"], cells: [[20], [10]]),
                .init(name: "gender", columns: columns, rowIDs: ["A", "B"], cells: [row(10, 10), shown ? row(3, 7) : hide(row(3, 7), ["Male", "Female"])]),
            ], population: .shown(30), cohorts: cohorts)
            let other = PublishedRelease(tables: [
                .init(name: "summary", columns: ["children"], rowIDs: ["A", "B"], cells: shown ? [[20], [10]] : [[nil], [nil]]),
                .init(name: "gender", columns: columns, rowIDs: ["A", "B"],
                      cells: shown ? [row(10, 10), row(3, 7)] : [hide(row(10, 10), ["Female", "Total"]), hide(row(3, 7), ["Male", "Female", "Total"])]),
            ], population: shown ? .shown(30) : .hidden, cohorts: cohorts, hiddenMinimum: 0)
            let moves = PublishedRelease.Table(name: "summary@code-21:counts>ignored", columns: ["A", "B", MembershipReadings.outColumn],
                                               rowIDs: ["A", "B"], cells: [shown ? [20, 0, 0] : [nil, nil, nil], [0, 10, 0]])
            return (standard, other, moves)
        }
        let (standard, other, moves) = releases(shown: false)
        model = try #require(ReleaseModel(membership: MembershipReadings(standard: standard, other: other, movements: moves, ageBandMoves: false)))
        let (s, o, m) = releases(shown: true)
        let whole = try #require(ReleaseModel(membership: MembershipReadings(standard: s, other: o, movements: m, ageBandMoves: false)))
        try #require(whole.cells.count == model.cells.count)
        truth = whole.cells.map { $0.published ?? 0 }
        hidden = model.cells.map { $0.published == nil }
        // The standard release's hidden cells are at least 1 (it shows its zeros), the other reading's at least 0.
        minimums = model.cells.map { $0.release == 0 && $0.published == nil ? 1 : 0 }
    }
}
