import CINRelease
import CohortEngine
import CINModel

/// The numbers of the current view, as the screen and exports show them: rows, columns, and each
/// cell's count, whether it is suppressed, and its text in the current percent mode. Built from
/// the engine's tables; nothing here counts children.
public struct ViewModel: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        public var count: Int
        public var hidden: Bool
        /// As shown: a count, a percentage, `c`, or (revealed) the raw count marked `*`.
        public var text: String
        /// As exported: never revealed.
        public var exportText: String

        /// A cell showing `value` (a count or percentage); when suppressed, `c`, or on screen with reveal
        /// on, `revealed` (the raw count unless given) marked `*`. Exports always get `c`.
        static func suppressible(_ count: Int, hidden: Bool, value: String, reveal: Bool, revealed: String? = nil) -> Cell {
            guard hidden else { return Cell(count: count, hidden: false, text: value, exportText: value) }
            return Cell(count: count, hidden: true, text: reveal ? (revealed ?? String(count)) + "*" : "c", exportText: "c")
        }
    }
    public var title: String
    public var rowIDs: [String]
    public var rowLabels: [String]
    public var columns: [String]
    public var cells: [[Cell]]
    public var population: Int
    /// Columns a drill can use as a value (not Total/All/percent).
    public var drillableColumns: Set<Int>

    static func percentText(_ n: Int, of d: Int) -> String {
        guard d > 0 else { return "-" }
        let tenths = (n * 1000 + d / 2) / d
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// Rows of cohorts A and B, which together are the population (the base of column percentages).
    static func populationRows(_ t: CohortTable) -> [Int] {
        guard let a = t.rows.firstIndex(where: { $0.id == "A" }), let b = t.rows.firstIndex(where: { $0.id == "B" }) else { return [] }
        return [a, b]
    }

    /// Builds the model of `frame` for the visible cohorts.
    public static func build(engine: CohortEngine, frame: ViewFrame, filter: Filter, visible: [String],
                             threshold: Int, percent: PercentMode, reveal: Bool) -> ViewModel {
        switch frame.kind {
        case .summary:
            return summary(engine: engine, filter: filter, visible: visible, threshold: threshold, percent: percent, reveal: reveal)
        case .breakdown(let d):
            let s = ReportTables.suppressed(engine: engine, name: d.rawValue, threshold: threshold, filter: filter)
            return fromTable(s, title: "Cohort by \(d.title)", visible: visible, percent: percent, reveal: reveal,
                             drillable: Set(d.values.indices.map { $0 + (d.isMultiValued ? 1 : 0) }))
        }
    }

    static func fromTable(_ s: SuppressedTable, title: String, visible: [String], percent: PercentMode, reveal: Bool,
                          drillable: Set<Int>) -> ViewModel {
        let t = s.table
        let partition = ViewModel.populationRows(t)
        let rowsShown = visible.compactMap { id in t.rows.firstIndex { $0.id == id } }
        let denominatorColumn = t.totalColumn ?? t.allColumn
        var cells: [[Cell]] = []
        for r in rowsShown {
            var row: [Cell] = []
            for c in t.columns.indices {
                let n = t.counts[r][c]
                let shown: String
                switch percent {
                case .counts: shown = String(n)
                case .rowPercent: shown = percentText(n, of: denominatorColumn.map { t.counts[r][$0] } ?? 0)
                case .columnPercent:
                    let d = partition.count == 2 ? t.counts[partition[0]][c] + t.counts[partition[1]][c] : 0
                    shown = percentText(n, of: d)
                }
                row.append(.suppressible(n, hidden: s.isHidden(r, c), value: shown, reveal: reveal))
            }
            cells.append(row)
        }
        return ViewModel(title: title, rowIDs: rowsShown.map { t.rows[$0].id }, rowLabels: rowsShown.map { t.rows[$0].label },
                         columns: t.columns, cells: cells, population: t.population, drillableColumns: drillable)
    }

    static func summary(engine: CohortEngine, filter: Filter, visible: [String], threshold: Int, percent: PercentMode,
                        reveal: Bool) -> ViewModel {
        let sizes = ReportTables.suppressed(engine: engine, name: "summary", threshold: threshold, filter: filter)
        let mal = ReportTables.suppressed(engine: engine, name: "maltreatment", threshold: threshold, filter: filter)
        let need = engine.table(.need, filter: filter)
        let population = sizes.table.population
        var cells: [[Cell]] = []
        var ids: [String] = [], labels: [String] = []
        for id in visible {
            guard let r = sizes.table.rows.firstIndex(where: { $0.id == id }) else { continue }
            ids.append(id); labels.append(sizes.table.rows[r].label)
            let n = sizes.table.counts[r][0]
            let hiddenSize = sizes.isHidden(r, 0)
            func cell(_ count: Int, hidden: Bool, percentOf d: Int) -> Cell {
                .suppressible(count, hidden: hidden, value: percent == .counts ? String(count) : ViewModel.percentText(count, of: d), reveal: reveal)
            }
            var row = [cell(n, hidden: hiddenSize, percentOf: population)]
            let pct = ViewModel.percentText(n, of: population)
            row.append(.suppressible(n, hidden: hiddenSize, value: pct, reveal: reveal, revealed: pct))
            for c in 1...4 {
                row.append(cell(mal.table.counts[r][c], hidden: mal.isHidden(r, c), percentOf: n))
            }
            // Most common primary need code (N0-N9) in follow-up.
            let needCounts = need.counts[r].prefix(10)
            if let best = needCounts.indices.max(by: { needCounts[$0] < needCounts[$1] || (needCounts[$0] == needCounts[$1] && $0 > $1) }),
               needCounts[best] > 0 {
                let code = PrimaryNeed.list.codes[best]
                row.append(Cell(count: needCounts[best], hidden: false, text: code, exportText: code))
            } else {
                row.append(Cell(count: 0, hidden: false, text: "-", exportText: "-"))
            }
            cells.append(row)
        }
        return ViewModel(title: "Cohort summary", rowIDs: ids, rowLabels: labels,
                         columns: ["Children", "% of pop.", "16A", "17A", "18A", "19A", "Top need"],
                         cells: cells, population: population, drillableColumns: [])
    }

    /// CSV of the view as exported (suppressed, never revealed). Breakdowns use the columns of
    /// `cinx report`'s CSV; the summary adds its label and extra columns.
    public func csv() -> String {
        let withLabel = drillableColumns.isEmpty
        var out = ((withLabel ? ["cohort", "label"] : ["cohort"]) + columns).map(TableFormatter.field).joined(separator: ",") + "\r\n"
        for (r, id) in rowIDs.enumerated() {
            out += ((withLabel ? [id, rowLabels[r]] : [id]) + cells[r].map(\.exportText)).map(TableFormatter.field).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
