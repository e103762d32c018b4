import CohortEngine
import CINModel

/// Draws the explorer into a `Screen`: header, filters, breadcrumb, the table (frozen row labels,
/// horizontal scrolling), message line and footer; panels and prompts over the table area.
public enum Renderer {
    public struct Style: Sendable {
        public var unicode: Bool
        public init(unicode: Bool) { self.unicode = unicode }
        var horizontal: String { unicode ? "─" : "-" }
    }

    public static func render(_ state: ExplorerState, style: Style = Style(unicode: true)) -> Screen {
        var screen = Screen(width: state.screenWidth, height: state.screenHeight)
        let w = state.screenWidth, h = state.screenHeight
        guard w >= ExplorerState.minimumWidth, h >= ExplorerState.minimumHeight else {
            let lines = ["Terminal too small", "(\(w)x\(h); need \(ExplorerState.minimumWidth)x\(ExplorerState.minimumHeight))", "\(KeyMap.key(for: .quit)) quits"]
            for (i, l) in lines.enumerated() where i < h {
                screen.put(l, x: max(0, (w - DisplayWidth.of(l)) / 2), y: max(0, h / 2 - 1) + i, attributes: .bold)
            }
            return screen
        }
        drawHeader(state, &screen)
        switch state.overlay {
        case .help:
            drawPage(Renderer.wrap(state.helpLines, width: w), scroll: scrollOf(state.overlay), title: "Help", state, &screen)
        case .dataQuality:
            drawPage(state.dataQualityLines.map { String($0.dropFirst(state.pageColumn)) }, scroll: scrollOf(state.overlay),
                     title: "Data quality" + (state.pageColumn > 0 ? " (from column \(state.pageColumn + 1))" : ""), state, &screen)
        case .readings(let choice, _):
            drawPage(Renderer.wrap(state.readingLines(choice), width: w), scroll: scrollOf(state.overlay),
                     title: "Definitions side by side: \(choice.rawValue) (\(KeyMap.key(for: .compareReadings)): next choice, \(KeyMap.key(for: .exportView)): export)", state, &screen)
        case .factorPanel(let cursor):
            drawFactorPanel(state, cursor: cursor, &screen)
        case .cohortPanel(let cursor):
            drawCohortPanel(state, cursor: cursor, &screen)
        default:
            drawTable(state, style: style, &screen)
            if case .chooser(let pending, let cursor) = state.overlay { drawChooser(state, pending: pending, cursor: cursor, &screen) }
        }
        drawMessageAndFooter(state, &screen)
        return screen
    }

    /// Lines wider than the screen broken at spaces, continued under their own indent.
    static func wrap(_ lines: [String], width: Int) -> [String] {
        var out: [String] = []
        for line in lines {
            guard DisplayWidth.of(line) > width, width > 20 else { out.append(line); continue }
            let lead = String(line.prefix { $0 == " " })
            let indent = String(repeating: " ", count: min(lead.count + 4, width / 2))
            var current = lead
            for word in line.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false) {
                let candidate = current.allSatisfy({ $0 == " " }) ? current + word : current + " " + word
                if DisplayWidth.of(candidate) > width && !current.isEmpty {
                    out.append(current)
                    current = indent + word
                } else { current = candidate }
            }
            if !current.isEmpty { out.append(current) }
        }
        return out
    }

    static func scrollOf(_ o: Overlay) -> Int {
        switch o { case .help(let s), .dataQuality(let s), .readings(_, let s): return s; default: return 0 }
    }

    static func drawHeader(_ state: ExplorerState, _ screen: inout Screen) {
        let s = state.engine.settings
        let w = screen.width
        screen.fill(y: 0, from: 0, to: w, attributes: .reverse)
        // As release.json publishes it: `c` when any kind of problem is hidden (docs/privacy.md).
        let problems = state.publishedLoad.problems
        let past = AnalysisSettings.followUpCovered(year: s.year, followUpYears: s.followUpYears, returnYears: state.engine.data.returnYears)
            ? "" : " past the last return"
        // Parts in display order with the order they are dropped in on a narrow screen: the load
        // problems and the year are kept longest.
        let parts: [(text: String, drop: Int)] = [
            ("cinx", 1), (state.extractName, 0),
            ("year \(s.year - 1)-\(String(s.year).suffix(2))", 9),
            // A follow-up window past the data is a warning: kept as long as the year.
            (past.isEmpty ? "follow-up \(s.followUpYears)y (\(s.needEpisode.rawValue))" : "follow-up \(s.followUpYears)y PAST THE LAST RETURN",
             past.isEmpty ? 3 : 9),
            ("population \(ReportTables.populationText(engine: state.engine, threshold: state.threshold))", 2),
        ] + (s.otherReadings.isEmpty ? [] : [("read: " + s.otherReadings.map { "\($0.choice.rawValue) \($0.reading)" }.joined(separator: ", "), 7)]) + [
            ("\(problems) load problem\(problems == .shown(1) ? "" : "s") (\(KeyMap.key(for: .dataQuality)))", 10),
        ] + (state.loadReport.monthOnlyBirthDates ? [("age bands approximate", 8)] : [])
        var kept = parts
        while kept.count > 1, DisplayWidth.of(" " + kept.map(\.text).joined(separator: " | ")) > w,
              let low = kept.indices.min(by: { kept[$0].drop < kept[$1].drop }) { kept.remove(at: low) }
        let head = " " + kept.map(\.text).joined(separator: " | ")
        screen.put(head, x: 0, y: 0, attributes: .reverse)
        let filter = state.effectiveFilter
        let hidden = state.engine.cohorts.map(\.id).filter { state.hiddenCohorts.contains($0) }
        let filterText = (state.meetingMode ? "MEETING MODE   " : "") + "Filters: " + filter.description
            + (hidden.isEmpty ? "" : "; cohorts hidden: " + hidden.joined(separator: " ")) + "   Selected: \(state.model.populationText)"
            + (state.threshold == 0 ? "   SUPPRESSION OFF" : "") + (state.reveal ? "   REVEALED (*)" : "")
        screen.put(filterText, x: 0, y: 1, attributes: filter.isEmpty ? [] : [.bold, .accent])
        screen.put(state.breadcrumb, x: 0, y: 2, attributes: .bold)
    }

    static func drawTable(_ state: ExplorerState, style: Style, _ screen: inout Screen) {
        let m = state.model
        let f = state.frame
        let layout = TableLayout(model: m, screenWidth: screen.width, padding: state.meetingMode ? 4 : 2, barsOn: state.barsOn)
        // Meeting mode is high contrast: nothing dim.
        let faint: Screen.Attributes = state.meetingMode ? .bold : .dim
        let top = 4
        // The title names each percentage's base.
        let multi = f.dimension?.isMultiValued == true
        var mode: String
        switch state.percentMode {
        case .counts: mode = "counts" + (multi ? " (a child counts in each column that applies)" : "")
        case .rowPercent: mode = "row % (of each cohort's " + (m.drillableColumns.isEmpty ? "size" : (multi ? "size, All; a child can count in several columns" : "Total")) + ")"
        case .columnPercent where f.dimension == .authority:
            // The rate view: which authorities differ, whatever their size.
            mode = "rate: % of each authority's " + (state.effectiveFilter.isEmpty ? "population" : "selected children") + " (A + B in its column)"
        case .columnPercent: mode = "column % (of A + B in each column: all children " + (state.effectiveFilter.isEmpty ? "" : "selected ") + "with that value)"
        case .countAndPercent: mode = "count and row % (of each cohort's " + (m.drillableColumns.isEmpty ? "size" : "Total") + ")"
        }
        if f.isTrend {
            mode = state.percentMode == .columnPercent ? "column % (of each year's " + (state.effectiveFilter.isEmpty ? "population" : "selected children") + ", A + B)"
                : "counts" + (state.percentMode == .counts ? "" : " (row % has no base here)")
            if m.columns.contains(where: { $0.hasSuffix(ViewModel.pastTheDataMark) }) { mode += "; \(ViewModel.pastTheDataMark) follow-up runs past the last return" }
        }
        var title = "\(m.title) - \(mode)"
        if let sc = f.sortColumn, m.columns.indices.contains(sc) { title += ", sorted by \(m.columns[sc]) \(f.sortDescending ? "desc" : "asc")" }
        screen.put(title, x: 0, y: 3, attributes: .underline)
        let visible = layout.visibleColumns(from: f.scrollColumn, screenWidth: screen.width)
        // Header row.
        let scrolled = f.scrollColumn > (layout.pinned == 0 ? 1 : 0)
        screen.put(DisplayWidth.fit(scrolled ? "< cohort" : "cohort", layout.labelWidth), x: 0, y: top, attributes: .bold)
        var x = layout.labelWidth
        for c in visible {
            let cw = layout.columnWidths[c]
            let attrs: Screen.Attributes = c == f.cursorColumn ? [.bold, .underline] : .bold
            // The sort column carries its direction.
            var name = m.headers[c]
            if f.sortColumn == c { name += f.sortDescending ? (style.unicode ? "▼" : "v") : (style.unicode ? "▲" : "^") }
            screen.put(DisplayWidth.fit(name, cw - 1, alignRight: true), x: x, y: top, attributes: attrs)
            x += cw
        }
        if layout.moreToTheRight(visible) { screen.put(">", x: screen.width - 1, y: top, attributes: .bold) }
        screen.put(String(repeating: style.horizontal, count: max(0, min(screen.width, x))), x: 0, y: top + 1, attributes: .dim)
        // Rows.
        let rowsOnScreen = state.tableRowsVisible
        for (i, r) in (f.scrollRow..<min(m.rowIDs.count, f.scrollRow + rowsOnScreen)).enumerated() {
            let y = top + 2 + i
            let selectedRow = r == f.cursorRow
            let label = "\(m.rowIDs[r]) \(m.rowLabels[r])"
            screen.put(DisplayWidth.fit(label, layout.labelWidth), x: 0, y: y, attributes: selectedRow ? [.bold, .underline] : [])
            var x = layout.labelWidth
            for c in visible {
                let cw = layout.columnWidths[c]
                let cell = m.cells[r][c]
                var attrs: Screen.Attributes = cell.hidden ? [.suppressed, faint] : (state.meetingMode ? .bold : [])
                if cell.hidden && state.reveal { attrs = [.suppressed, .warning] }
                // The cell under the cursor, not the whole row.
                if selectedRow && c == f.cursorColumn { attrs.insert(.reverse) }
                if TableLayout.showsBar(m, column: c, barsOn: state.barsOn) {
                    // The value, then its bar: hidden cells get none (a bar would show the count).
                    let barText = cell.bar.map { ViewModel.bar($0, width: TableLayout.barWidth, unicode: style.unicode) } ?? ""
                    let valueWidth = cw - 2 - TableLayout.barWidth
                    screen.put(DisplayWidth.fit(cell.text, valueWidth, alignRight: true), x: x, y: y, attributes: attrs)
                    screen.put(DisplayWidth.fit(barText, TableLayout.barWidth), x: x + valueWidth + 1, y: y, attributes: state.meetingMode ? .bold : .accent)
                } else {
                    screen.put(DisplayWidth.fit(cell.text, cw - 1, alignRight: true), x: x, y: y, attributes: attrs)
                }
                x += cw
            }
        }
        if m.rowIDs.isEmpty {
            screen.put("(all cohorts hidden: \(KeyMap.key(for: .cohortPanel)) opens the cohort panel)", x: 0, y: top + 2, attributes: .dim)
        }
        let noteY = top + 2 + min(m.rowIDs.count, rowsOnScreen) + 1
        if noteY < screen.height - 2 {
            let note = "c = 1-\(state.threshold == 0 ? 0 : state.threshold) or protecting one (suppression)" + (state.reveal ? "; n* = revealed raw count" : "")
            screen.put(state.threshold == 0 ? "suppression off on screen: not for publication" : note, x: 0, y: noteY, attributes: faint)
        }
        // The legend: the DfE's name of the code under the cursor.
        if noteY + 1 < screen.height - 2, m.columns.indices.contains(f.cursorColumn),
           let name = ColumnNames.name(of: m.columns[f.cursorColumn], in: f.dimension) {
            var legend = "\(m.columns[f.cursorColumn]): \(name)"
            // Top need: the code in the cell under the cursor, named too.
            if m.cells.indices.contains(f.cursorRow), m.cells[f.cursorRow].indices.contains(f.cursorColumn),
               !m.cells[f.cursorRow][f.cursorColumn].hidden, let code = ColumnNames.name(of: m.cells[f.cursorRow][f.cursorColumn].text, in: .need),
               m.columns[f.cursorColumn] == "Top need" {
                legend += "; \(m.cells[f.cursorRow][f.cursorColumn].text) = \(code)"
            }
            screen.put(legend, x: 0, y: noteY + 1, attributes: faint, maxWidth: screen.width)
        }
        // The cell under the cursor in words.
        if noteY + 2 < screen.height - 2 {
            screen.put(state.explainLine, x: 0, y: noteY + 2, attributes: state.meetingMode ? .bold : [], maxWidth: screen.width)
        }
    }

    static func drawChooser(_ state: ExplorerState, pending: PendingDrill, cursor: Int, _ screen: inout Screen) {
        let items = state.breakdownChoices
        let boxWidth = min(screen.width - 4, 52)
        let x0 = max(2, (screen.width - boxWidth) / 2)
        let y0 = 5
        // A long path keeps its end (the drill just made), shortened from the left.
        var path = (["All"] + state.crumbs(pending.steps)).joined(separator: " > ")
        let titleRoom = min(screen.width - 4, 52) - DisplayWidth.of(" Break down  by: ")
        if DisplayWidth.of(path) > titleRoom { path = "..." + String(path.suffix(max(0, titleRoom - 3))) }
        let title = " Break down " + path + " by: "
        screen.fill(y: y0, from: x0, to: x0 + boxWidth, attributes: .reverse)
        screen.put(title, x: x0, y: y0, attributes: .reverse, maxWidth: boxWidth)
        // A short screen shows a window of the choices that follows the cursor, marked when more lie beyond.
        let room = max(1, screen.height - 3 - (y0 + 1) - 1)
        let first = max(0, min(cursor - room / 2, items.count - room))
        for (row, i) in (first..<min(items.count, first + room)).enumerated() {
            let d = items[i]
            let more = (row == 0 && first > 0) ? " ^" : (row == room - 1 && first + room < items.count) ? " v" : ""
            // Keys 1-9 and 0 pick the first ten; an eleventh (authority) is reached with the cursor.
            let number = i < 9 ? "\(i + 1)." : i == 9 ? "0." : "  "
            let line = " \(number) \(d.title)\(more)"
            screen.fill(y: y0 + 1 + row, from: x0, to: x0 + boxWidth, attributes: i == cursor ? .reverse : [])
            screen.put(line, x: x0, y: y0 + 1 + row, attributes: i == cursor ? [.reverse, .bold] : [], maxWidth: boxWidth)
        }
        let hintY = y0 + 1 + min(items.count, room)
        if hintY < screen.height - 2 {
            screen.fill(y: hintY, from: x0, to: x0 + boxWidth, attributes: .dim)
            screen.put(" " + ChooserAction.table.hintLine(ChooserAction.boxHints), x: x0, y: hintY, attributes: .dim, maxWidth: boxWidth)
        }
    }

    static func drawFactorPanel(_ state: ExplorerState, cursor: Int, _ screen: inout Screen) {
        let counts = state.factorPanelCounts()
        let keys = FactorPanelAction.table
        screen.put("Factors on first assessments (\(keys.key(for: .cycle)): ignored > required > excluded; \(keys.key(for: .close)) closes); counts before these settings",
                   x: 0, y: 3, attributes: .underline, maxWidth: screen.width)
        let rows = max(1, screen.height - 7)
        let first = max(0, min(cursor - rows / 2, AssessmentFactor.list.count - rows))
        for i in 0..<rows {
            let k = first + i
            guard k < AssessmentFactor.list.count else { break }
            let state_ = state.factorState(k)
            let mark: String
            switch state_ { case .ignored: mark = "[ ]"; case .required: mark = "[+]"; case .excluded: mark = "[-]" }
            let shown = counts.indices.contains(k) ? counts[k] : "-"
            let line = "\(mark) \(DisplayWidth.fit(AssessmentFactor.list.codes[k], 4)) \(DisplayWidth.fit(shown, 7, alignRight: true))  \(AssessmentFactor.list.labels[k])"
            var attrs: Screen.Attributes = state_ == .ignored ? [] : .bold
            if k == cursor { attrs.insert(.reverse) }
            screen.put(line, x: 0, y: 4 + i, attributes: attrs)
        }
    }

    static func drawCohortPanel(_ state: ExplorerState, cursor: Int, _ screen: inout Screen) {
        let keys = CohortPanelAction.table
        screen.put("Cohorts (\(keys.key(for: .toggle)) show/hide, \(keys.key(for: .add)) add, \(keys.key(for: .delete)) delete custom, \(keys.key(for: .close)) closes)",
                   x: 0, y: 3, attributes: .underline)
        for (i, c) in state.engine.cohorts.enumerated() where 4 + i < screen.height - 2 {
            let shown = !state.hiddenCohorts.contains(c.id)
            let line = "\(shown ? "[x]" : "[ ]") \(DisplayWidth.fit(c.id, 6)) \(DisplayWidth.fit(c.label, 30))  \(c.expression)"
            screen.put(line, x: 0, y: 4 + i, attributes: i == cursor ? .reverse : [])
        }
    }

    static func drawPage(_ lines: [String], scroll: Int, title: String, _ state: ExplorerState, _ screen: inout Screen) {
        // Rows above the message line, which a search's result may use.
        let rows = screen.height - 6
        screen.put("\(title) (arrows scroll, \(PageAction.helpTable.key(for: .close)) closes)", x: 0, y: 3, attributes: .underline)
        for i in 0..<max(0, rows) {
            let k = scroll + i
            guard k < lines.count else { break }
            screen.put(lines[k], x: 0, y: 4 + i)
        }
    }

    static func drawMessageAndFooter(_ state: ExplorerState, _ screen: inout Screen) {
        let y = screen.height - 2
        if case .prompt(let p) = state.overlay {
            screen.fill(y: y, from: 0, to: screen.width, attributes: .reverse)
            let lead = p.label + (p.hint.map { "(\($0)) " } ?? "")
            let text = lead + p.text + " "
            screen.put(text, x: 0, y: y, attributes: .reverse)
            // The editing cursor: the character under it in normal video.
            let chars = Array(p.text)
            let under = p.position < chars.count ? String(chars[p.position]) : " "
            screen.put(under, x: min(screen.width - 1, DisplayWidth.of(lead) + DisplayWidth.of(String(chars.prefix(p.position)))), y: y,
                       attributes: .underline)
            if let e = p.error {
                screen.put("  " + e, x: min(screen.width - 1, DisplayWidth.of(text)), y: y, attributes: [.reverse, .warning, .bold])
            }
        } else if let m = state.message {
            screen.put(m, x: 0, y: y, attributes: state.messageIsError ? [.bold, .warning] : .accent)
        }
        let footer: String
        switch state.overlay {
        // Each overlay's footer comes from its key table.
        case .prompt: footer = PromptAction.table.footer(width: screen.width)
        case .chooser: footer = ChooserAction.table.footer(width: screen.width)
        case .factorPanel: footer = FactorPanelAction.table.footer(width: screen.width)
        case .cohortPanel: footer = CohortPanelAction.table.footer(width: screen.width)
        case .help, .readings: footer = PageAction.helpTable.footer(width: screen.width)
        case .dataQuality: footer = PageAction.dataQualityTable.footer(width: screen.width)
        case .none: footer = KeyMap.footer(width: screen.width)
        }
        screen.fill(y: screen.height - 1, from: 0, to: screen.width, attributes: .reverse)
        screen.put(footer, x: 0, y: screen.height - 1, attributes: .reverse)
    }
}
