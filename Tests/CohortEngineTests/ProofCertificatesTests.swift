import Testing
import CINModel
@testable import CohortEngine

/// Certificates: a point of a model kept as its change from the true counts, lifted to the model of one more
/// cohort and verified there, or rejected there (docs/privacy.md, "Certificates").
@Suite struct ProofCertificatesTests {
    /// A = without 4B, B = 4B (the standard cohorts' shape); custom F = 1B.
    static let rules: [(id: String, rule: CohortExpression?)] = [("A", .not(.factor("4B"))), ("B", .factor("4B")), ("F", .factor("1B"))]
    static let codes = AssessmentFactor.list.codes
    static func index(_ code: String) -> Int { codes.firstIndex(of: code) ?? -1 }

    /// Nine children: in A, two with 1B only (so in F) and one with 2B only; in B, three with 4B and 1B (in F)
    /// and three with 4B only.
    static var partSizes: PartSizes {
        func factors(_ list: [String: Int]) -> [String: [Int]] {
            [Dimension.factor.rawValue: codes.map { list[$0] ?? 0 }]
        }
        return PartSizes(counts: [["A", "F"]: 2, ["A"]: 1, ["B", "F"]: 3, ["B"]: 3],
                         values: [["A", "F"]: factors(["1B": 2]), ["A"]: factors(["2B": 1]),
                                  ["B", "F"]: factors(["4B": 3, "1B": 3]), ["B"]: factors(["4B": 3])])
    }

    /// The summary and the factor table of these cohorts, every count shown but the cells `hidden` names
    /// (cohort, code).
    static func release(_ ids: [String], hidden: Set<[String]>) -> PublishedRelease {
        let size = ["A": 3, "B": 6, "F": 5]
        let counts: [String: [String: Int]] = ["A": ["1B": 2, "2B": 1], "B": ["4B": 6, "1B": 3], "F": ["1B": 5, "4B": 3]]
        let columns = Dimension.factor.columns
        let rows: [[Int?]] = ids.map { id in
            columns.map { c in
                if hidden.contains([id, c]) { return nil }
                return c == "All" ? size[id] : (counts[id]?[c] ?? 0)
            }
        }
        return PublishedRelease(tables: [.init(name: ReportTable.summary.name, columns: ["children"], rowIDs: ids,
                                               cells: ids.map { [size[$0]] }),
                                         .init(name: Dimension.factor.rawValue, columns: columns, rowIDs: ids, cells: rows)],
                                population: .shown(9), cohorts: rules.filter { ids.contains($0.id) }, hiddenMinimum: 0)
    }

    static func cell(_ m: ReleaseModel, _ id: String, _ code: String) -> Int? {
        let column = Dimension.factor.columns.firstIndex(of: code)
        return m.cells.indices.first { m.cells[$0].table == 1 && m.rowIDs(table: 1)[safe: m.cells[$0].row] == id && m.cells[$0].column == column }
    }

    /// The point of the model of A and B that puts two more of A's children at 2B: A x 2B from 1 to 3 (A has
    /// 3 children; A's other columns shown, 1B 2 and the rest 0, and every child has a factor: so A x 2B is
    /// 1 to 3 for a reader, and the point is one of the reader's).
    static let point = ProofCertificates.Point(cohorts: ["A", "B"], change: [.value(["A"], Dimension.factor.rawValue, index("2B")): 2])

    @Test func aPointOfTheSmallerModelVerifiesThere() throws {
        let release = Self.release(["A", "B"], hidden: [["A", "2B"]])
        let model = ReleaseModel(release)
        let points = try #require(ModelPoints(model: model, partSizes: Self.partSizes))
        let a2B = try #require(Self.cell(model, "A", "2B"))
        #expect(points.cellTruth[a2B] == 1)
        let change = try #require(points.lift(Self.point))
        let moved = try #require(points.verify(change, hidden: model.cells.map { $0.published == nil }, minimum: { _ in 0 }))
        // A x 2B: 1 + 2 = 3, A's size; nothing shown moves.
        #expect(moved == [a2B: 2])
    }

    @Test func aLiftedPointVerifiesWhereTheCellsItMovesAreHidden() throws {
        // With F = 1B the part A splits into "A, not F" (1 child: 2B, 1B ruled out) and "A and F" (2 children,
        // 1B each). The change (+2 at 2B) does not fit "A, not F": 1 + 2 = 3 children at 2B in a part of 1.
        // It goes to "A and F": 0 + 2 = 2 children at 2B out of 2, so F x 2B moves from 0 to 2 with A x 2B
        // from 1 to 3. F x 2B hidden too: the lifted point verifies, and proves both cells' ranges of 2 (A x 2B
        // 1..3, F x 2B 0..2) without a search.
        let release = Self.release(["A", "B", "F"], hidden: [["A", "2B"], ["F", "2B"]])
        let model = ReleaseModel(release)
        let points = try #require(ModelPoints(model: model, partSizes: Self.partSizes))
        let a2B = try #require(Self.cell(model, "A", "2B")), f2B = try #require(Self.cell(model, "F", "2B"))
        let change = try #require(points.lift(Self.point))
        let moved = try #require(points.verify(change, hidden: model.cells.map { $0.published == nil }, minimum: { _ in 0 }))
        #expect(moved == [a2B: 2, f2B: 2])
        let book = PointBook(points: points, minimum: { _ in 0 })
        book.add(ProofCertificates(points: [Self.point]))
        let hidden = model.cells.map { $0.published == nil }
        #expect(book.range(a2B, hidden: hidden) == 1...3)
        #expect(book.proves(f2B, distance: 2, hidden: hidden))
        // The writer's audit with the certificate: clean, each hidden cell 2 wide.
        let verdict = DisclosureAudit.verdict(release, protection: 2, partSizes: Self.partSizes,
                                              certificates: ProofCertificates(points: [Self.point])) { t, r, c in
            Self.truth(release, t, r, c)
        }
        #expect(verdict.isClean && verdict.ranges.count == 2)
    }

    @Test func aLiftedPointThatMovesAShownCellIsRejectedAndTheAuditSearches() throws {
        // F x 2B shown (0): the change still fits only "A and F", where it would make F x 2B 2, so the lifted point
        // is rejected. A reader knows that no child of F has 2B, so A's only child with 2B is the one of "A, not F"
        // (every child has a factor, and that one's others are all 0): A x 2B is exactly 1. The audit, with the
        // certificate that does not verify, searches and finds it so: not clean.
        let release = Self.release(["A", "B", "F"], hidden: [["A", "2B"]])
        let model = ReleaseModel(release)
        let points = try #require(ModelPoints(model: model, partSizes: Self.partSizes))
        let a2B = try #require(Self.cell(model, "A", "2B"))
        let change = try #require(points.lift(Self.point))
        #expect(points.verify(change, hidden: model.cells.map { $0.published == nil }, minimum: { _ in 0 }) == nil)
        let book = PointBook(points: points, minimum: { _ in 0 })
        book.add(ProofCertificates(points: [Self.point]))
        #expect(book.range(a2B, hidden: model.cells.map { $0.published == nil }) == nil)
        let verdict = DisclosureAudit.verdict(release, protection: 2, partSizes: Self.partSizes,
                                              certificates: ProofCertificates(points: [Self.point])) { t, r, c in
            Self.truth(release, t, r, c)
        }
        #expect(!verdict.isClean)
        #expect(verdict.exact.map(\.column) == ["2B"])
    }

    /// The true count of a cell of `release` (hidden cells: A x 2B 1, F x 2B 0).
    static func truth(_ release: PublishedRelease, _ t: Int, _ r: Int, _ c: Int) -> Int {
        guard release.tables.indices.contains(t) else { return 9 }
        let table = release.tables[t]
        if let n = table.cells[safe: r]?[safe: c] ?? nil { return n }
        return table.rowIDs[safe: r] == "A" ? 1 : 0
    }
}
