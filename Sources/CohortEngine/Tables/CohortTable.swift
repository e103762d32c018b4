/// A cohorts x values table of counts (before disclosure control).
public struct CohortTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var id: String
        public var label: String
    }
    /// `summary`, or a dimension's name (`age`, `ethnicity`, ...).
    public var name: String
    public var dimension: Dimension?
    public var rows: [Row]
    public var columns: [String]
    /// counts[row][column], columns including Total/All.
    public var counts: [[Int]]
    /// Children selected by the filter (the population when unfiltered).
    public var population: Int
    /// Index of the `Total` column (single-valued dimensions) if any.
    public var totalColumn: Int?
    /// Index of the `All` column (multi-valued dimensions) if any.
    public var allColumn: Int?
}
