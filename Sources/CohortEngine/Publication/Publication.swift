/// What cinx publishes for one filter and settings, made once and rendered by every reader: the
/// report's CSV, Markdown, JSON and workbook, a release directory's files, the explorer's exports,
/// and the disclosure audit's reading of what was printed. Each cell is shown or hidden, never a
/// string: how a hidden cell is spelled is decided in one place (`Cell.text`). A publication holds no
/// hidden count, so nothing rendered from it can print one.
public struct Publication: Sendable, Equatable {
    /// What a shown cell holds.
    public enum Value: Sendable, Equatable {
        case count(Int)
        /// A percentage in tenths of a percent (`Publication.percentTenths`): 63 is 6.3%.
        case percent(tenths: Int)
        /// A count with its percentage beside it.
        case countAndPercent(Int, tenths: Int)
        /// A word in a cell: a code (the summary's most common need), or `-` where there is none.
        case text(String)
    }

    public enum Cell: Sendable, Equatable {
        case shown(Value)
        case hidden

        /// The one spelling of a hidden cell (the DfE's).
        public static let hiddenMark = "c"

        /// The cell as text: `c` when hidden; a percentage with one decimal, followed by `%` when
        /// `percentSign` (the screen and a view's CSV) or bare (the report's `percent` column).
        public func text(percentSign: Bool = true) -> String {
            switch self {
            case .hidden: return Cell.hiddenMark
            case .shown(.count(let n)): return String(n)
            case .shown(.percent(let t)): return Publication.percentText(tenths: t) + (percentSign ? "%" : "")
            case .shown(.countAndPercent(let n, let t)): return "\(n) (\(Publication.percentText(tenths: t))%)"
            case .shown(.text(let s)): return s
            }
        }

        public var isHidden: Bool { self == .hidden }

        /// The count a shown count cell publishes (nil when hidden, or when the cell is not a count).
        public var count: Int? {
            switch self {
            case .shown(.count(let n)), .shown(.countAndPercent(let n, _)): return n
            default: return nil
            }
        }

        /// The percentage a shown cell publishes, as a number with one decimal.
        public var percent: Double? {
            switch self {
            case .shown(.percent(let t)), .shown(.countAndPercent(_, let t)): return Double(t) / 10
            default: return nil
            }
        }

        /// A count as published at `threshold` by primary suppression alone: `c` from 1 to the threshold.
        public init(count n: Int, threshold: Int) { self = Publication.isSmall(n, threshold: threshold) ? .hidden : .shown(.count(n)) }
    }

    /// A row, labelled as what it is (inside a drill, "C and D (= E)" rather than C's own label).
    public struct Row: Sendable, Equatable {
        public var id: String
        public var label: String
        public init(id: String, label: String) { self.id = id; self.label = label }
    }

    public struct Table: Sendable, Equatable {
        public var table: ReportTable
        public var title: String
        public var columns: [String]
        public var rows: [Row]
        /// cells[row][column]
        public var cells: [[Cell]]
        /// Each row's share of the population (the report's summary: its `percent` column); empty elsewhere.
        public var shares: [Cell]
        /// The (selected) population the table counts.
        public var population: Cell
        /// Files hold each row's label beside its cohort (the summary's do; a breakdown's rows are cohorts by id).
        public var labelled: Bool

        public init(table: ReportTable, title: String, columns: [String], rows: [Row], cells: [[Cell]], shares: [Cell] = [],
                    population: Cell, labelled: Bool) {
            self.table = table; self.title = title; self.columns = columns; self.rows = rows; self.cells = cells
            self.shares = shares; self.population = population; self.labelled = labelled
        }

        public var name: String { table.name }

        public func cell(_ r: Int, _ c: Int) -> Cell {
            guard cells.indices.contains(r), cells[r].indices.contains(c) else { return .hidden }
            return cells[r][c]
        }
    }

    public var tables: [Table]
    /// The (selected) population.
    public var population: Cell
    /// Counts 1...threshold are hidden; 0: nothing is (not for publication).
    public var threshold: Int
    /// Every hidden cell's range spans at least protection + 1 values.
    public var protection: Int
    /// Custom cohorts whose rows publish nothing (every cell hidden, zeros too).
    public var withheldCohorts: [String]
    /// What the percentages of the population are of, as headers name it.
    public var shareLabel: String
    /// The publication's settings in words (year, filters, suppression, ...), by key.
    public var context: [String: String]
    /// Lines under a Markdown table: the population, the definitions, what `c` means.
    public var footer: [String]
    /// What a view export adds about the view it is (its path, values, cohorts shown); empty for a release.
    public var viewNotes: [(label: String, text: String)] = []

    public init(tables: [Table], population: Cell, threshold: Int, protection: Int, withheldCohorts: [String] = [],
                shareLabel: String, context: [String: String], footer: [String]) {
        self.tables = tables; self.population = population; self.threshold = threshold; self.protection = protection
        self.withheldCohorts = withheldCohorts; self.shareLabel = shareLabel; self.context = context; self.footer = footer
    }

    public static func == (a: Publication, b: Publication) -> Bool {
        a.tables == b.tables && a.population == b.population && a.threshold == b.threshold && a.protection == b.protection
            && a.withheldCohorts == b.withheldCohorts && a.shareLabel == b.shareLabel && a.context == b.context && a.footer == b.footer
            && a.viewNotes.map(\.label) == b.viewNotes.map(\.label) && a.viewNotes.map(\.text) == b.viewNotes.map(\.text)
    }

    public func table(_ t: ReportTable) -> Table? { tables.first { $0.table == t } }

    /// The share headers name: of the whole population, or of the children a filter selects.
    public static func shareLabel(filtered: Bool) -> String { filtered ? "% of selected" : "% of population" }
}
