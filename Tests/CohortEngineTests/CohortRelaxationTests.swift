import Testing
import Foundation
import CINModel
@testable import CohortEngine
import CINRelease
@testable import CINLoading
@testable import CINTestSupport

/// The model of fewer cohorts as a relaxation of the release's model, and the searches' shortcuts
/// (docs/privacy.md, "Custom cohorts in bounded time").
@Suite struct CohortRelaxationTests {
    /// A = without 4B, B = 4B (the standard cohorts' shape), custom F = 1B and G = 2B.
    static let cohorts: [(id: String, rule: CohortExpression?)] = [
        ("A", .not(.factor("4B"))), ("B", .factor("4B")), ("F", .factor("1B")), ("G", .factor("2B")),
    ]

    /// The summary (A 3, B 6, F and G hidden) and the factor table with only A's and B's 1B and All shown:
    /// A x 1B = 2, B x 1B = 3. Everything else hidden.
    static var release: PublishedRelease {
        let columns = Dimension.factor.columns
        func row(all: Int?, oneB: Int?) -> [Int?] { columns.map { $0 == "All" ? all : ($0 == "1B" ? oneB : nil) } }
        return PublishedRelease(
            tables: [.init(name: "summary", columns: ["children"], rowIDs: ["A", "B", "F", "G"], cells: [[3], [6], [nil], [nil]]),
                     .init(name: Dimension.factor.rawValue, columns: columns, rowIDs: ["A", "B", "F", "G"],
                           cells: [row(all: 3, oneB: 2), row(all: 6, oneB: 3), row(all: nil, oneB: nil), row(all: nil, oneB: nil)])],
            population: .shown(9), cohorts: cohorts)
    }

    static func range(_ model: ReleaseModel, _ cell: Int) -> (Int, Int?) {
        let solver = ReleaseSolver(model: model, hidden: model.cells.map { $0.published == nil }, hiddenMinimum: 0)
        let r = DisclosureAudit.exactRange(solver, cell: cell, minimum: 0)
        return (r.minimum, r.maximum)
    }

    static func sizeCell(_ m: ReleaseModel, _ id: String) -> Int? {
        m.cells.indices.first { m.cells[$0].table == 0 && m.rowIDs(table: 0)[safe: m.cells[$0].row] == id }
    }

    @Test func aCellDeterminedOnTheModelOfItsOwnCohortIsDeterminedOnTheFullModel() throws {
        // F = 1B: F's size is every child with 1B, A's 2 and B's 3, so 5 exactly, on the model of A, B and F
        // (4 parts) and on the full model of A, B, F and G (8 parts) alike. G (2B) is told by nothing: 0 to 9
        // on both.
        let full = ReleaseModel(Self.release)
        let relaxed = CohortRelaxation(full: full, release: Self.release, keeping: ["A", "B", "F"])
        #expect(relaxed.isComplete)
        #expect(full.parts.parts.count == 8 && relaxed.model.parts.parts.count == 4)
        let f = try #require(Self.sizeCell(full, "F")), fHere = try #require(relaxed.cellHere[f])
        #expect(Self.range(relaxed.model, fHere) == (5, 5))
        #expect(Self.range(full, f) == (5, 5))
        // G's rows are left out of F's relaxation.
        let g = try #require(Self.sizeCell(full, "G"))
        #expect(relaxed.cellHere[g] == nil)
        let gRelaxed = CohortRelaxation(full: full, release: Self.release, keeping: ["A", "B", "G"])
        let gHere = try #require(gRelaxed.cellHere[g])
        #expect(Self.range(gRelaxed.model, gHere) == (0, 9))
        #expect(Self.range(full, g) == (0, 9))
    }

    @Test func theRelaxationsRangesContainTheFullModelsOnAGeneratedRelease() throws {
        // A protected release of an 800-child extract with three custom cohorts: every hidden cell of a custom
        // row (and of the standard rows, on the model of the standard cohorts alone) ranges at least as widely on
        // the model of its own cohort and the standard ones as on the full model (a relaxation: never narrower).
        var e = CohortEngine(data: Fx.data(SyntheticExtract(children: 800, seed: 41)))
        for r in ["F=6B & !4B", "G=10A", "H=21"] { try e.addCohort(CohortExpressionParser.parseDefinition(r)) }
        let r = ReportTables.protectedScope(engine: e, threshold: 5).subset([ReportTable.summary.name, Dimension.ageBand.rawValue])
        let view = ReleaseCheck.published(r, cohorts: e.cohorts, filter: .none)
        let full = ReleaseModel(view)
        let standard = Set(CohortDefinition.standard.map(\.id))
        var compared = 0
        for id in ["F", "G", "H"] where !r.withheldCohorts.contains(id) {
            let relaxed = CohortRelaxation(full: full, release: view, keeping: standard.union([id]))
            #expect(relaxed.isComplete)
            for (j, i) in relaxed.fullCell.enumerated() where full.cells[i].published == nil && !full.cells[i].structuralZero {
                let (lo, hi) = Self.range(full, i), (rlo, rhi) = Self.range(relaxed.model, j)
                #expect(rlo <= lo, "cell \(i): \(rlo) > \(lo)")
                if let hi { #expect(rhi.map { $0 >= hi } ?? true, "cell \(i): \(String(describing: rhi)) < \(hi)") }
                compared += 1
            }
        }
        #expect(compared > 0)
    }

    /// A and B partition a population of 12 (6 each), both hidden: A + B = 12, each at least 1.
    static var pair: ReleaseModel {
        ReleaseModel(PublishedRelease(tables: [.init(name: "summary", columns: ["children"], rowIDs: ["A", "B"], cells: [[nil], [nil]])],
                                      population: .shown(12), cohorts: [("A", .not(.factor("4B"))), ("B", .factor("4B"))]))
    }

    @Test func aPointFoundForOneCellProvesTheCellsItMoves() throws {
        // The search that takes A from 6 to 11 finds the point A = 11, B = 1: B moved 5 from its count, so that
        // point and the true counts prove B's range too, without a search of its own.
        let m = Self.pair
        let a = try #require(Self.sizeCell(m, "A")), b = try #require(Self.sizeCell(m, "B"))
        let truth = m.cells.indices.map { $0 == a || $0 == b ? 6 : 12 }
        let solver = ReleaseSolver(model: m, hidden: m.cells.map { $0.published == nil }, hiddenMinimum: 1)
        #expect(ReleaseProtection.rangeCheck(solver, cell: a, truth: 6, needed: 5).passes)
        let moved = solver.movedAtLastPoint([a, b], truth: truth, distance: 5)
        #expect(moved.map(\.cell).sorted() == [a, b].sorted())
        #expect(moved.first { $0.cell == b }?.value == 1)
        // A search that finds nothing leaves no point to read.
        #expect(solver.reaches(cell: a, target: 12, maximise: true) == false)
        #expect(solver.movedAtLastPoint([a, b], truth: truth, distance: 1).isEmpty)
    }

    @Test func theMaximumFoundFromBelowIsTheIntegerMaximum() throws {
        // A ranges over 1...11 (B at least 1). Asked for a width of 10, A cannot reach 16, so the maximum is
        // found from below (7, 8, ... 11, capped by the relaxation's 11) and 11 - 10 = 1 reached: proven 1...11,
        // the range the branch-and-cut's optimum gave. A width of 11 is more than A has: not proven.
        let m = Self.pair
        let a = try #require(Self.sizeCell(m, "A"))
        let solver = ReleaseSolver(model: m, hidden: m.cells.map { $0.published == nil }, hiddenMinimum: 1)
        let wide = ReleaseProtection.rangeCheck(solver, cell: a, truth: 6, needed: 10)
        #expect(wide.passes && wide.proven == 1...11)
        #expect(!ReleaseProtection.rangeCheck(solver, cell: a, truth: 6, needed: 11).passes)
    }
}
