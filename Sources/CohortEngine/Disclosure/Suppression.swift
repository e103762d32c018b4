/// DfE-style disclosure control (docs/privacy.md). Primary: every count from 1 to `threshold` is
/// hidden (shown as `c`); 0 stays 0. Secondary: in a row with a Total, a lone hidden cell takes the
/// next-smallest non-zero cell with it, so it cannot be recovered by subtraction; in each column
/// the rows of a partition (cohorts A and B, which together are the population) are treated the
/// same way. Overlapping cohorts (C, D, E inside B) are not protected against differencing.
public struct SuppressedTable: Sendable, Equatable {
    public var table: CohortTable
    public var threshold: Int
    /// hidden[row][column]
    public var hidden: [[Bool]]

    public func isHidden(_ r: Int, _ c: Int) -> Bool {
        hidden.indices.contains(r) && hidden[r].indices.contains(c) && hidden[r][c]
    }
    /// The cell as published: the count, or `c`.
    public func cell(_ r: Int, _ c: Int) -> String {
        guard table.counts.indices.contains(r), table.counts[r].indices.contains(c) else { return "" }
        return isHidden(r, c) ? "c" : String(table.counts[r][c])
    }
}

public enum Suppression {
    public static let dfeThreshold = 5

    /// - Parameter partition: row indices that partition the population (A and B), if present.
    public static func apply(_ table: CohortTable, threshold: Int, partition: [Int] = []) -> SuppressedTable {
        let counts = table.counts
        var hidden = counts.map { $0.map { threshold > 0 && $0 >= 1 && $0 <= threshold } }
        guard threshold > 0 else { return SuppressedTable(table: table, threshold: 0, hidden: hidden) }
        var changed = true
        var rounds = 0
        while changed && rounds < 100 {
            changed = false
            rounds += 1
            if let total = table.totalColumn {
                for r in counts.indices {
                    let cells = counts[r].indices.filter { $0 != total }
                    if hideSecond(among: cells.map { (r, $0) }, counts: counts, hidden: &hidden) { changed = true }
                }
            }
            if partition.count >= 2 {
                let width = counts.first?.count ?? 0
                for c in 0..<width {
                    if hideSecond(among: partition.map { ($0, c) }, counts: counts, hidden: &hidden) { changed = true }
                }
            }
        }
        return SuppressedTable(table: table, threshold: threshold, hidden: hidden)
    }

    /// When exactly one of `cells` is hidden, hides the smallest visible non-zero one too.
    private static func hideSecond(among cells: [(Int, Int)], counts: [[Int]], hidden: inout [[Bool]]) -> Bool {
        let hiddenCells = cells.filter { hidden[$0.0][$0.1] }
        guard hiddenCells.count == 1 else { return false }
        let candidates = cells.filter { !hidden[$0.0][$0.1] && counts[$0.0][$0.1] > 0 }
        guard let next = candidates.min(by: { counts[$0.0][$0.1] < counts[$1.0][$1.1] }) else { return false }
        hidden[next.0][next.1] = true
        return true
    }

    /// Rows of cohorts A and B when both are listed (they partition the population).
    public static func partitionRows(_ table: CohortTable) -> [Int] {
        guard let a = table.rows.firstIndex(where: { $0.id == "A" }), let b = table.rows.firstIndex(where: { $0.id == "B" }),
              table.rows[a].label == CohortDefinition.standard[0].label, table.rows[b].label == CohortDefinition.standard[1].label
        else { return [] }
        return [a, b]
    }
}
