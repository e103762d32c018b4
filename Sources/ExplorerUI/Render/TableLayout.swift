/// Column widths of the current table and which columns fit, shared by the renderer and the
/// cursor logic so that the cursor's column is always on screen.
struct TableLayout {
    let labelWidth: Int
    let columnWidths: [Int]

    init(model: ViewModel, screenWidth: Int) {
        var label = 12
        for (i, id) in model.rowIDs.enumerated() {
            label = max(label, DisplayWidth.of(id) + 1 + DisplayWidth.of(model.rowLabels[i]) + 1)
        }
        labelWidth = min(label, max(10, screenWidth / 3))
        columnWidths = model.columns.indices.map { c in
            var w = DisplayWidth.of(model.columns[c]) + 1   // room for the sort mark
            for row in model.cells where c < row.count { w = max(w, DisplayWidth.of(row[c].text)) }
            return min(max(w, 3), 24) + 2
        }
    }

    /// Columns that fit starting from `first`.
    func visibleColumns(from first: Int, screenWidth: Int) -> Range<Int> {
        var x = labelWidth
        var end = first
        while end < columnWidths.count, x + columnWidths[end] <= screenWidth { x += columnWidths[end]; end += 1 }
        return first..<max(end, min(first + 1, columnWidths.count))
    }

    /// The first column to show so that `cursor` is visible, moving `current` as little as possible.
    func scroll(current: Int, cursor: Int, screenWidth: Int) -> Int {
        var first = min(max(0, current), max(0, columnWidths.count - 1))
        if cursor < first { return max(0, cursor) }
        while first < cursor && !visibleColumns(from: first, screenWidth: screenWidth).contains(cursor) { first += 1 }
        return first
    }
}

extension ExplorerState {
    /// Keeps the cursor on the table and the scroll positions such that it is visible.
    mutating func adjustScroll() {
        let layout = TableLayout(model: model, screenWidth: screenWidth)
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
