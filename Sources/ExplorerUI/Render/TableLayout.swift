/// Column widths of the current table and which columns fit, shared by the renderer and the
/// cursor logic so that the cursor's column is always on screen.
struct TableLayout {
    let labelWidth: Int
    let columnWidths: [Int]
    /// The size column (Total last, or All first), kept on screen while the others scroll.
    let pinned: Int?

    /// - Parameter padding: spaces between columns (wider in meeting mode, for a projector).
    /// Columns wide enough for a bar after the count: the summary's share column always, every
    /// breakdown column when bars are on (`b`).
    static let barWidth = 8
    static func showsBar(_ model: ViewModel, column c: Int, barsOn: Bool) -> Bool {
        guard model.cells.contains(where: { c < $0.count && $0[c].bar != nil }) else { return false }
        return barsOn || model.drillableColumns.isEmpty
    }

    init(model: ViewModel, screenWidth: Int, padding: Int = 2, barsOn: Bool = false) {
        var label = 12
        for (i, id) in model.rowIDs.enumerated() {
            label = max(label, DisplayWidth.of(id) + 1 + DisplayWidth.of(model.rowLabels[i]) + 1)
        }
        labelWidth = min(label, max(10, screenWidth / 3))
        let headers = model.headers
        columnWidths = model.columns.indices.map { c in
            // A long header ("Asian or Asian British") is shortened to its cells' width (the legend
            // line under the table names the column in full); +1 leaves room for the sort mark.
            var w = min(DisplayWidth.of(headers[c]) + 1, model.fullHeaders ? 24 : 12)
            for row in model.cells where c < row.count { w = max(w, DisplayWidth.of(row[c].text)) }
            let bar = TableLayout.showsBar(model, column: c, barsOn: barsOn) ? TableLayout.barWidth + 1 : 0
            return min(max(w, 3), 24) + bar + padding
        }
        if let last = model.columns.indices.last, model.columns[last] == "Total" { pinned = last }
        else if model.columns.first == "All" { pinned = 0 } else { pinned = nil }
    }

    /// The columns drawn, in order, when the scrolling part starts at `first`: as many as fit, with
    /// the pinned size column always among them.
    func visibleColumns(from first: Int, screenWidth: Int) -> [Int] {
        let scrolling = columnWidths.indices.filter { $0 != pinned }
        guard !scrolling.isEmpty else { return pinned.map { [$0] } ?? [] }
        var room = screenWidth - labelWidth - (pinned.map { columnWidths[$0] } ?? 0)
        let start = scrolling.firstIndex { $0 >= first } ?? 0
        var shown: [Int] = []
        for c in scrolling[start...] {
            if columnWidths[c] > room && !shown.isEmpty { break }
            shown.append(c)
            room -= columnWidths[c]
        }
        guard let p = pinned else { return shown }
        return p == 0 ? [p] + shown : shown + [p]
    }

    /// Whether columns lie beyond the right edge.
    func moreToTheRight(_ shown: [Int]) -> Bool {
        let scrolling = columnWidths.indices.filter { $0 != pinned }
        guard let lastShown = shown.last(where: { $0 != pinned }) else { return false }
        return scrolling.contains { $0 > lastShown }
    }

    /// The first column to show so that `cursor` is visible, moving `current` as little as possible.
    func scroll(current: Int, cursor: Int, screenWidth: Int) -> Int {
        // A table that fits whole is never left scrolled.
        if !moreToTheRight(visibleColumns(from: 0, screenWidth: screenWidth)) { return 0 }
        if cursor == pinned { return current }
        var first = min(max(0, current), max(0, columnWidths.count - 1))
        if cursor < first { return max(0, cursor) }
        while first < cursor && !visibleColumns(from: first, screenWidth: screenWidth).contains(cursor) { first += 1 }
        return first
    }
}

extension ExplorerState {
    /// Keeps the cursor on the table and the scroll positions such that it is visible.
    mutating func adjustScroll() {
        let layout = TableLayout(model: model, screenWidth: screenWidth, padding: meetingMode ? 4 : 2, barsOn: barsOn)
        let rows = tableRowsVisible
        let width = screenWidth
        var f = stack[frameIndex]
        f.scrollColumn = layout.scroll(current: f.scrollColumn, cursor: f.cursorColumn, screenWidth: width)
        if f.cursorRow < f.scrollRow { f.scrollRow = f.cursorRow }
        if f.cursorRow >= f.scrollRow + rows { f.scrollRow = f.cursorRow - rows + 1 }
        f.scrollRow = max(0, f.scrollRow)
        stack[frameIndex] = f
    }
}
