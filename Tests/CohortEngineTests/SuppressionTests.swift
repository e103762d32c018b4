import Testing
@testable import CohortEngine

@Suite struct SuppressionTests {
    func table(_ counts: [[Int]], total: Bool = true, ids: [String] = ["A", "B"]) -> CohortTable {
        let width = counts.first?.count ?? 0
        return CohortTable(name: "t", dimension: nil, rows: ids.map { .init(id: $0, label: "") },
                           columns: (0..<width).map { "v\($0)" }, counts: counts, population: 0,
                           totalColumn: total ? width - 1 : nil, allColumn: nil)
    }

    @Test func primaryHidesOneToFiveKeepsZero() {
        let s = Suppression.apply(table([[0, 1, 5, 6, 12]], total: false, ids: ["X"]), threshold: 5)
        #expect((0..<5).map { s.cell(0, $0) } == ["0", "c", "c", "6", "12"])
    }

    @Test func loneHiddenCellInARowTakesTheNextSmallest() {
        // Row: 3, 10, 7, 0 | Total 20. 3 is hidden alone, so 7 (the next-smallest non-zero) goes too.
        let s = Suppression.apply(table([[3, 10, 7, 0, 20]], ids: ["X"]), threshold: 5)
        #expect((0..<5).map { s.cell(0, $0) } == ["c", "10", "c", "0", "20"])
    }

    @Test func twoHiddenCellsNeedNoSecondary() {
        let s = Suppression.apply(table([[3, 2, 9, 14]], ids: ["X"]), threshold: 5)
        #expect((0..<4).map { s.cell(0, $0) } == ["c", "c", "9", "14"])
    }

    @Test func partitionColumnsAreProtected() {
        // Column 0: A=4 (hidden), B=30: B is hidden too, since A+B is the population's count.
        // Row B then has one hidden cell (30), so its next-smallest non-zero (40) goes too.
        let t = table([[4, 10, 10, 24], [30, 40, 50, 120]])
        let s = Suppression.apply(t, threshold: 5, partition: [0, 1])
        #expect((0..<4).map { s.cell(0, $0) } == ["c", "c", "10", "24"])  // row A: 4 hidden alone, so the first 10 goes
        #expect((0..<4).map { s.cell(1, $0) } == ["c", "c", "50", "120"])
        // Column 1 now has both hidden; nothing is left alone.
    }

    @Test func offMeansRawCounts() {
        let s = Suppression.apply(table([[1, 2, 3]]), threshold: 0)
        #expect(s.hidden.allSatisfy { $0.allSatisfy { !$0 } })
        #expect(s.cell(0, 0) == "1")
    }
}
