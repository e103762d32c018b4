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

    /// The summary: children per cohort (one column), with the selected population for percentages.
    static func summary(cohorts: [CohortDefinition], sizes: [Int], population: Int) -> CohortTable {
        CohortTable(name: ReportTable.summary.name, dimension: nil, rows: cohorts.map { .init(id: $0.id, label: $0.label) },
                    columns: ["children"], counts: sizes.map { [$0] }, population: population, totalColumn: nil, allColumn: nil)
    }
}
