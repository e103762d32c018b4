import CINRelease
import CohortEngine
import CINModel

/// The numbers of the current view, as the screen and exports show them: rows, columns, and each
/// cell's count, whether it is suppressed, and its text in the current percent mode. Built from
/// the engine's tables; nothing here counts children.
public struct ViewModel: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        public var count: Int
        /// As published: the value shown, or hidden. Exports render this, never a revealed count.
        public var published: Publication.Cell
        /// On screen with reveal on, what a hidden cell holds (its count or percentage), shown marked `*`.
        public var revealed: String?
        /// The cell's share for a bar (0...1): of the population in the summary's share column, of the
        /// row's total in a breakdown. nil where the count or its base is hidden (a bar would show it).
        public var bar: Double? = nil

        public var hidden: Bool { published.isHidden }
        /// As shown: the published text, or (revealed) the hidden value marked `*`.
        public var text: String { revealed.map { $0 + "*" } ?? published.text() }
        /// As exported: never revealed.
        public var exportText: String { published.text() }

        /// The value the cell shows, for sorting: its percentage in a percent column, else its count.
        var sortValue: Double {
            if case .shown(.percent(let t)) = published { return Double(t) / 10 }
            return Double(count)
        }

        /// A cell showing `value` (a count or percentage); when suppressed, hidden, and on screen with
        /// reveal on, `revealed` (the raw count unless given) marked `*`.
        static func suppressible(_ count: Int, hidden: Bool, value: Publication.Value, reveal: Bool, revealed: String? = nil) -> Cell {
            guard hidden else { return Cell(count: count, published: .shown(value)) }
            return Cell(count: count, published: .hidden, revealed: reveal ? (revealed ?? String(count)) : nil)
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
    /// The selected population is hidden (small, or a small complement): headers show `c`.
    public var populationHidden = false
    /// The table the view shows (what its export is named and keyed by).
    public var table: ReportTable = .summary
    /// Headers shown whole rather than cut to their cells' width: names with no code and no legend
    /// line to spell them out (authorities), and the trend's years.
    public var fullHeaders = false

    /// Column headers as the screen shows them: a maltreatment code with its DfE name where it fits
    /// ("16A Neglect"); the layout shortens what does not. `columns` stays the codes (exports, search).
    public var headers: [String] {
        // The summary keeps the bare codes so that every column fits at 120 columns.
        columns.map { c in
            guard !drillableColumns.isEmpty, let i = Maltreatment.labels.firstIndex(of: c) else { return c }
            return "\(c) \(Maltreatment.names[i])"
        }
    }

    /// The selected population as headers print it.
    public var populationText: String { (populationHidden ? Publication.Cell.hidden : .shown(.count(population))).text() }

    /// A percentage as the screen shows it (`Publication.percentTenths`), `-` without a base.
    static func percentValue(_ n: Int, of d: Int) -> Publication.Value {
        Publication.percentTenths(n, of: d).map { .percent(tenths: $0) } ?? .text("-")
    }

    static func percentText(_ n: Int, of d: Int) -> String { Publication.Cell.shown(percentValue(n, of: d)).text() }

    /// Rows of the cohorts that make up the population (the base of column percentages).
    static func populationRows(_ t: CohortTable) -> [Int] { Publication.populationRows(t.rows.map(\.id)) ?? [] }

    /// Builds the model of `frame` for the visible cohorts from the protected release of the view's
    /// filter (every screen of one filter shows parts of the same protected whole).
    static func build(release: ProtectedRelease, frame: ViewFrame, rows: [DrillRows.Row], percent: PercentMode,
                      reveal: Bool, filtered: Bool = false) -> ViewModel {
        switch frame.kind {
        case .summary:
            return summary(release: release, rows: rows, percent: percent, reveal: reveal, filtered: filtered)
        case .breakdown(let d):
            guard let s = release.table(d.rawValue) else {
                return ViewModel(title: "", rowIDs: [], rowLabels: [], columns: [], cells: [], population: 0, drillableColumns: [])
            }
            var m = fromTable(s, title: "Cohort by \(d.title)", rows: rows, percent: percent, reveal: reveal,
                              drillable: Set(s.table.columns.indices.filter { d.isMultiValued ? $0 > 0 : $0 < s.table.columns.count - 1 }))
            m.populationHidden = release.populationHidden
            m.fullHeaders = d == .authority
            m.table = .dimension(d)
            return m
        case .trend:
            // Built from the trend's own release (`trend`), not a year's scope.
            return ViewModel(title: "", rowIDs: [], rowLabels: [], columns: [], cells: [], population: 0, drillableColumns: [])
        }
    }

    /// Marks a trend year whose follow-up window runs past the last return (`~` already marks a
    /// shortened header).
    public static let pastTheDataMark = "!"

    /// The trend view: a row per cohort, a column per reporting year (`2019!` when that year's
    /// follow-up window runs past the last return), each cell that year's protected cohort size.
    /// Column % is of that year's population (A + B); row % has no base (a cohort's years do not
    /// add up to anything) and shows counts. Each cell carries a bar against the row's largest year.
    static func trend(_ s: SuppressedTable, yearsPast: Set<Int>, rows: [DrillRows.Row], percent: PercentMode, reveal: Bool) -> ViewModel {
        var m = fromTable(s, title: "Cohorts by reporting year", rows: rows, percent: percent == .columnPercent ? .columnPercent : .counts,
                          reveal: reveal, drillable: [])
        m.columns = s.table.columns.map { yearsPast.contains(Int($0) ?? 0) ? $0 + pastTheDataMark : $0 }
        m.fullHeaders = true
        m.table = .trend
        for r in m.cells.indices {
            guard m.rowIDs.indices.contains(r), case let id = m.rowIDs[r], let tr = s.table.rows.firstIndex(where: { $0.id == id }) else { continue }
            // A bar follows what its cell prints: the percentage in column %, else the count.
            func value(_ c: Int) -> Double {
                if case .shown(.percent(let t)) = m.cells[r][c].published { return Double(t) }
                return Double(s.table.counts[tr][c])
            }
            let shown = m.cells[r].indices.filter { !m.cells[r][$0].hidden && s.table.counts[tr].indices.contains($0) }
            guard let top = shown.map(value).max(), top > 0 else { continue }
            for c in shown { m.cells[r][c].bar = value(c) / top }
        }
        return m
    }

    /// A cell in a percent mode: the percentage of `base` (nil: no base, the count is kept), or in the
    /// count-and-percent mode both. A percentage gives its base away, so it is withheld (`c`) when the
    /// count or the base is hidden; the count alone stays when only the base is.
    static func percentCell(_ n: Int, hidden: Bool, base: Int?, baseHidden: Bool, mode: PercentMode, reveal: Bool) -> Cell {
        guard mode != .counts, let base else { return .suppressible(n, hidden: hidden, value: .count(n), reveal: reveal) }
        let pct = percentValue(n, of: base)
        let both: Publication.Value
        if case .percent(let t) = pct { both = .countAndPercent(n, tenths: t) }
        else { both = .text("\(n) (\(Publication.Cell.shown(pct).text()))") }
        switch mode {
        case .countAndPercent:
            if hidden { return .suppressible(n, hidden: true, value: both, reveal: reveal, revealed: Publication.Cell.shown(both).text()) }
            return .suppressible(n, hidden: false, value: baseHidden ? .count(n) : both, reveal: reveal)
        default:
            return .suppressible(n, hidden: hidden || baseHidden, value: pct, reveal: reveal, revealed: Publication.Cell.shown(pct).text())
        }
    }

    static func fromTable(_ s: SuppressedTable, title: String, rows: [DrillRows.Row], percent: PercentMode, reveal: Bool,
                          drillable: Set<Int>) -> ViewModel {
        let t = s.table
        let partition = ViewModel.populationRows(t)
        let plan = rows.filter { r in t.rows.contains { $0.id == r.id } }
        let rowsShown = plan.compactMap { r in t.rows.firstIndex { $0.id == r.id } }
        let sizeColumn = t.totalColumn ?? t.allColumn
        var cells: [[Cell]] = []
        for r in rowsShown {
            var row: [Cell] = []
            for c in t.columns.indices {
                let n = t.counts[r][c]
                let hidden = s.isHidden(r, c)
                if c == sizeColumn {
                    // The Total (All) column keeps its count in every mode: it is the base of the row.
                    row.append(.suppressible(n, hidden: hidden, value: .count(n), reveal: reveal))
                    continue
                }
                switch percent {
                case .counts:
                    row.append(.suppressible(n, hidden: hidden, value: .count(n), reveal: reveal))
                case .rowPercent, .countAndPercent:
                    let d = sizeColumn.map { t.counts[r][$0] }
                    row.append(percentCell(n, hidden: hidden, base: d, baseHidden: sizeColumn.map { s.isHidden(r, $0) } ?? true,
                                           mode: percent, reveal: reveal))
                case .columnPercent:
                    let d = partition.count == 2 ? t.counts[partition[0]][c] + t.counts[partition[1]][c] : nil
                    row.append(percentCell(n, hidden: hidden, base: d, baseHidden: partition.count != 2 || partition.contains { s.isHidden($0, c) },
                                           mode: percent, reveal: reveal))
                }
            }
            if let sc = sizeColumn, !s.isHidden(r, sc), t.counts[r][sc] > 0 {
                for c in row.indices where c != sc && !row[c].hidden { row[c].bar = Double(t.counts[r][c]) / Double(t.counts[r][sc]) }
            }
            cells.append(row)
        }
        return ViewModel(title: title, rowIDs: plan.map(\.id), rowLabels: plan.map(\.label),
                         columns: t.columns, cells: cells, population: t.population, drillableColumns: drillable,
                         populationHidden: s.populationHidden)
    }

    /// The summary: each cohort's size, its share of the selection, the maltreatment columns and the
    /// most common need. Row % is of the cohort's size; column % of the column's total over A and B
    /// (the selection); the size column keeps its count except in column %, where it is the share.
    static func summary(release: ProtectedRelease, rows plan: [DrillRows.Row], percent: PercentMode, reveal: Bool,
                        filtered: Bool = false) -> ViewModel {
        guard let sizes = release.table(ReportTable.summary.name), let mal = release.table(Dimension.maltreatment.rawValue),
              let need = release.table(Dimension.need.rawValue) else {
            return ViewModel(title: "Cohort summary", rowIDs: [], rowLabels: [], columns: [], cells: [], population: 0, drillableColumns: [])
        }
        let population = sizes.table.population
        let populationHidden = release.populationHidden
        let ab = ViewModel.populationRows(mal.table)
        var cells: [[Cell]] = []
        var ids: [String] = [], labels: [String] = []
        for planned in plan {
            let id = planned.id
            guard let r = sizes.table.rows.firstIndex(where: { $0.id == id }),
                  let mr = mal.table.rows.firstIndex(where: { $0.id == id }),
                  let nr = need.table.rows.firstIndex(where: { $0.id == id }) else { continue }
            ids.append(id); labels.append(planned.label)
            let n = sizes.table.counts[r][0]
            let hiddenSize = sizes.isHidden(r, 0)
            let pct = ViewModel.percentValue(n, of: population)
            // The size keeps its count in every mode (its share is the next column).
            var row: [Cell] = [.suppressible(n, hidden: hiddenSize, value: .count(n), reveal: reveal)]
            var share = Cell.suppressible(n, hidden: hiddenSize || populationHidden, value: pct, reveal: reveal,
                                          revealed: Publication.Cell.shown(pct).text())
            if !share.hidden && population > 0 { share.bar = Double(n) / Double(population) }
            row.append(share)
            for c in 1...4 {
                let count = mal.table.counts[mr][c]
                let hidden = mal.isHidden(mr, c)
                switch percent {
                case .counts:
                    row.append(.suppressible(count, hidden: hidden, value: .count(count), reveal: reveal))
                case .rowPercent, .countAndPercent:
                    row.append(percentCell(count, hidden: hidden, base: n, baseHidden: hiddenSize, mode: percent, reveal: reveal))
                case .columnPercent:
                    let base = ab.count == 2 ? ab.reduce(0) { $0 + mal.table.counts[$1][c] } : nil
                    row.append(percentCell(count, hidden: hidden, base: base, baseHidden: ab.count != 2 || ab.contains { mal.isHidden($0, c) },
                                           mode: percent, reveal: reveal))
                }
            }
            // Most common primary need code (N0-N9) in follow-up: withheld when the cohort's size or
            // that need's count is hidden (it would rank hidden counts).
            let needCounts = need.table.counts[nr].prefix(10)
            if let best = needCounts.indices.max(by: { needCounts[$0] < needCounts[$1] || (needCounts[$0] == needCounts[$1] && $0 > $1) }),
               needCounts[best] > 0 {
                let code = PrimaryNeed.list.codes[best]
                row.append(.suppressible(needCounts[best], hidden: hiddenSize || need.isHidden(nr, best), value: .text(code), reveal: reveal,
                                         revealed: code))
            } else {
                row.append(.suppressible(0, hidden: hiddenSize, value: .text("-"), reveal: reveal, revealed: "-"))
            }
            cells.append(row)
        }
        // The share column is named by its base: the whole population, or the children selected.
        let share = filtered ? Publication.shareLabel(filtered: true) : "% of pop."
        return ViewModel(title: "Cohort summary", rowIDs: ids, rowLabels: labels,
                         columns: ["Children", share, "16A", "17A", "18A", "19A", "Top need"],
                         cells: cells, population: population, drillableColumns: [], populationHidden: populationHidden)
    }

    /// A bar of `width` columns for a share (0...1): Unicode eighth blocks, or `#` in ASCII.
    public static func bar(_ share: Double, width: Int, unicode: Bool) -> String {
        let eighths = Int((max(0, min(1, share)) * Double(width * 8)).rounded())
        if !unicode { return String(repeating: "#", count: (eighths + 4) / 8) }
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }

    /// Rows in the order of `column`, counts compared where both are shown; hidden cells compare
    /// equal to each other and come after every shown one in either direction, so an order never
    /// ranks a hidden count. Ties keep cohort order.
    public func sorted(by column: Int, descending: Bool) -> ViewModel {
        guard columns.indices.contains(column) else { return self }
        let order = rowIDs.indices.sorted { a, b in
            let x = cells[a][column], y = cells[b][column]
            switch (x.hidden, y.hidden) {
            case (true, true): return a < b
            case (true, false): return false
            case (false, true): return true
            case (false, false):
                // What the cell shows: a percentage orders by itself, not by the count behind it.
                let u = x.sortValue, v = y.sortValue
                if u == v { return a < b }
                return descending ? u > v : u < v
            }
        }
        var m = self
        m.rowIDs = order.map { rowIDs[$0] }
        m.rowLabels = order.map { rowLabels[$0] }
        m.cells = order.map { cells[$0] }
        return m
    }

    /// The view as published: its rows labelled as on screen, its columns and order, each cell as
    /// exported (never revealed). Breakdowns name rows by cohort as `cinx report`'s CSV does; the
    /// summary and the trend add each row's label.
    public var published: Publication.Table {
        Publication.Table(table: table, title: title, columns: columns,
                          rows: rowIDs.indices.map { Publication.Row(id: rowIDs[$0], label: rowLabels.indices.contains($0) ? rowLabels[$0] : "") },
                          cells: cells.map { $0.map(\.published) }, population: populationHidden ? .hidden : .shown(.count(population)),
                          labelled: drillableColumns.isEmpty)
    }

    /// CSV of the view as exported.
    public func csv() -> String { TableFormatter.csv(published) }
}
