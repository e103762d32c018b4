/// A table as published: which cells are hidden (`c`). Made by `ReleaseProtection` for a whole
/// release at once, so that no table gives away a cell another table hides (docs/privacy.md).
public struct SuppressedTable: Sendable, Equatable {
    public var table: CohortTable
    public var threshold: Int
    /// hidden[row][column]
    public var hidden: [[Bool]]
    /// The (filtered) population is hidden, and so every percentage of it.
    public var populationHidden: Bool
    /// primary[row][column]: hidden for its own sake (small, or a small complement); the rest of
    /// `hidden` protects other cells (secondary).
    public var primary: [[Bool]]

    public init(table: CohortTable, threshold: Int, hidden: [[Bool]], populationHidden: Bool = false, primary: [[Bool]]? = nil) {
        self.table = table; self.threshold = threshold; self.hidden = hidden; self.populationHidden = populationHidden
        self.primary = primary ?? hidden
    }

    public func isHidden(_ r: Int, _ c: Int) -> Bool {
        hidden.indices.contains(r) && hidden[r].indices.contains(c) && hidden[r][c]
    }
    /// The cell as published: the count, or `c`.
    public func cell(_ r: Int, _ c: Int) -> String {
        guard table.counts.indices.contains(r), table.counts[r].indices.contains(c) else { return "" }
        return (isHidden(r, c) ? Publication.Cell.hidden : .shown(.count(table.counts[r][c]))).text()
    }
    public var hiddenCount: Int { hidden.reduce(0) { $0 + $1.filter { $0 }.count } }
    public var primaryCount: Int { primary.reduce(0) { $0 + $1.filter { $0 }.count } }
    /// The sum of the hidden counts.
    public var hiddenTotal: Int {
        var n = 0
        for r in hidden.indices { for c in hidden[r].indices where hidden[r][c] && table.counts.indices.contains(r) && table.counts[r].indices.contains(c) { n += table.counts[r][c] } }
        return n
    }
}

public enum Suppression {
    /// The DfE's threshold: counts 1 to 5 are shown as `c`.
    public static let dfeThreshold = 5

    /// Primary suppression alone (1 to threshold hidden, 0 shown): what a naive release would
    /// publish. Not safe on its own; tests and `cinx audit`'s own tests attack it.
    public static func primaryOnly(_ table: CohortTable, threshold: Int) -> SuppressedTable {
        SuppressedTable(table: table, threshold: threshold,
                        hidden: table.counts.map { $0.map { Publication.isSmall($0, threshold: threshold) } })
    }
}
