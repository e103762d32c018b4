/// What one release puts in front of a reader: its tables as published (a count, or hidden), the
/// summary's percentages, the population if printed, and what the reader knows of how the counts
/// were made (the cohort rules and the filter). The disclosure audit reads only this.
public struct PublishedRelease: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        /// `summary`, a dimension name (`age`, …), or any other name (columns then read by shape).
        public var name: String
        public var columns: [String]
        public var rowIDs: [String]
        /// cells[row][column]: the published count, nil when shown as `c`.
        public var cells: [[Int?]]
        /// The summary's percent column as published (nil: `c` or not published).
        public var percents: [Double?]

        public init(name: String, columns: [String], rowIDs: [String], cells: [[Int?]], percents: [Double?] = []) {
            self.name = name; self.columns = columns; self.rowIDs = rowIDs; self.cells = cells; self.percents = percents
        }
    }

    /// A published value that is not a table cell.
    public enum Scalar: Sendable, Equatable {
        case notPublished
        case hidden
        case shown(Int)
    }

    public var tables: [Table]
    /// The (filtered) population as a number of its own (JSON's `population`).
    public var population: Scalar
    /// Cohorts in release order, with their rules where known.
    public var cohorts: [(id: String, rule: CohortExpression?)]
    public var filter: Filter
    /// The least value a hidden cell can have: 1 when zeros are always shown, 0 when the release
    /// may hide a zero (a filtered count whose complement is small).
    public var hiddenMinimum: Int

    public init(tables: [Table], population: Scalar = .notPublished, cohorts: [(id: String, rule: CohortExpression?)],
                filter: Filter = .none, hiddenMinimum: Int = 1) {
        self.tables = tables; self.population = population; self.cohorts = cohorts
        self.filter = filter; self.hiddenMinimum = hiddenMinimum
    }

    public static func == (l: PublishedRelease, r: PublishedRelease) -> Bool {
        l.tables == r.tables && l.population == r.population && l.filter == r.filter && l.hiddenMinimum == r.hiddenMinimum
            && l.cohorts.map(\.id) == r.cohorts.map(\.id) && l.cohorts.map(\.rule) == r.cohorts.map(\.rule)
    }

    /// The standard cohorts' rules, recognised by id (a hand-written release names A-E only).
    public static func knownRules(ids: [String], labels: [String: String] = [:]) -> [(id: String, rule: CohortExpression?)] {
        ids.map { id in
            if let std = CohortDefinition.standard.first(where: { $0.id == id }),
               labels[id] == nil || labels[id] == std.label {
                return (id, std.expression)
            }
            if let label = labels[id], let rule = try? CohortExpressionParser.parse(label) { return (id, rule) }
            return (id, nil)
        }
    }
}
