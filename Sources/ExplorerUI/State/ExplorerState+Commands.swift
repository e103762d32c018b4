import CohortEngine
import CINModel

extension ExplorerState {
    /// The rows visible in the table area at the current size.
    var tableRowsVisible: Int { max(1, screenHeight - 9) }

    /// Performs one command in the main views (overlays handle their own keys first).
    public mutating func perform(_ command: Command) {
        message = nil
        switch command {
        case .moveUp: updateFrame { $0.cursorRow -= 1 }
        case .moveDown: updateFrame { $0.cursorRow += 1 }
        case .moveLeft: updateFrame { $0.cursorColumn -= 1 }
        case .moveRight: updateFrame { $0.cursorColumn += 1 }
        case .pageUp: let n = tableRowsVisible; updateFrame { $0.cursorRow -= n }
        case .pageDown: let n = tableRowsVisible; updateFrame { $0.cursorRow += n }
        case .moveHome: updateFrame { $0.cursorRow = 0; $0.cursorColumn = 0 }
        case .moveEnd: let last = model.rowIDs.count - 1; updateFrame { $0.cursorRow = last }
        case .drill:
            if frame.isTrend { say("the trend has no drill: \(KeyMap.key(for: .setYear)) sets the reporting year, \(KeyMap.key(for: .goBack)) goes back") }
            else { drill() }
        case .trendView:
            if frame.isTrend { say("already in the trend (\(KeyMap.key(for: .goBack)) goes back)") } else {
                remember()
                stack.append(ViewFrame(kind: .trend, steps: frame.steps))
                refresh()
                let past = TrendTable.yearsPastTheData(engine: engine)
                say("cohorts by reporting year" + (past.isEmpty ? "" : "; ~: the \(engine.settings.followUpYears)-year follow-up runs past the last return"))
            }
        case .goBack: goBack()
        case .toggleCohort: toggleCohortUnderCursor()
        case .cohortPanel: overlay = .cohortPanel(cursor: 0)
        case .addCohort: overlay = .prompt(Prompt(kind: .addCohort, text: ""))
        case .factorPanel: overlay = .factorPanel(cursor: 0)
        case .cyclePercent:
            remember(); percentMode = percentMode.next; refresh()
            say("showing \(percentMode.rawValue)")
        case .toggleReveal:
            // Revealing asks once a session: the screen may be in front of people who must not see it.
            if meetingMode { say("reveal is locked in meeting mode (\(KeyMap.key(for: .meetingMode)) leaves it)", error: true) }
            else if !reveal && !revealConfirmed { overlay = .prompt(Prompt(kind: .confirmReveal, text: "")) }
            else { setReveal(!reveal) }
        case .sortColumn: cycleSort()
        case .setYear:
            var p = Prompt(kind: .year, text: String(engine.settings.year))
            if let r = AnalysisSettings.coveredYears(returnYears: engine.data.returnYears) {
                p.hint = "returns cover \(r.lowerBound - 1)-\(String(r.lowerBound).suffix(2)) to \(r.upperBound - 1)-\(String(r.upperBound).suffix(2))"
            }
            overlay = .prompt(p)
        case .setFollowUp: overlay = .prompt(Prompt(kind: .followUp, text: String(engine.settings.followUpYears)))
        case .toggleNeedEpisode:
            remember()
            var s = engine.settings
            s.needEpisode = s.needEpisode == .first ? .later : .first
            apply(settings: s)
            say("need episode: \(s.needEpisode == .first ? "first episode of need open in the window" : "first episode referred after the assessment")")
        case .compareReadings: openReadings(after: nil)
        case .setReading:
            var p = Prompt(kind: .reading, text: "")
            p.hint = ReadingChoice.allCases.map { $0.rawValue + " " + $0.reading(in: engine.settings) }.joined(separator: ", ")
            overlay = .prompt(p)
        case .setThreshold:
            if meetingMode { say("the threshold is locked in meeting mode (\(KeyMap.key(for: .meetingMode)) leaves it)", error: true) }
            else { overlay = .prompt(Prompt(kind: .threshold, text: String(threshold))) }
        case .meetingMode:
            meetingMode.toggle()
            if meetingMode {
                // Whatever was revealed or turned off goes back to the published numbers.
                reveal = false
                if threshold < Suppression.dfeThreshold { threshold = Suppression.dfeThreshold }
                refresh()
            }
            say(meetingMode ? "meeting mode: reveal and threshold locked, child IDs hidden (\(KeyMap.key(for: .meetingMode)) leaves)" : "meeting mode off")
        case .exportView: overlay = .prompt(Prompt(kind: .exportPath, text: defaultExportPath()))
        case .exportAll: overlay = .prompt(Prompt(kind: .exportAllPath, text: "\(exportDirectory)/cinx-tables-\(today)"))
        case .help: overlay = .help(scroll: 0)
        case .dataQuality: pageColumn = 0; overlay = .dataQuality(scroll: 0)
        case .undo:
            if let s = history.popLast() { restore(s); say("undone") } else { say("nothing to undo") }
        case .redraw: redrawRequested = true
        case .copyCommand: copyCommand()
        case .toggleBars:
            barsOn.toggle()
            clampCursor()
            say(barsOn ? "bars on: each cell's share of its row's total" : "bars off")
        case .commandLine:
            var p = Prompt(kind: .command, text: "")
            p.hint = "e.g. drill D; by age; percent row"
            overlay = .prompt(p)
        case .search: overlay = .prompt(Prompt(kind: .search, text: ""))
        case .searchNext:
            if lastSearch.isEmpty { say("no search yet: \(KeyMap.key(for: .search)) searches") } else { search(lastSearch, next: true) }
        case .quit: wantsQuit = true
        case .forceQuit: wantsQuit = true
        }
        clampCursor()
    }

    /// Enter: in the summary a row drills into that cohort; in a breakdown a cell drills into its
    /// cohort and value. Either way the breakdown chooser opens next.
    mutating func drill() {
        guard model.rowIDs.indices.contains(frame.cursorRow) else { say("no row to drill into", error: true); return }
        let cohortID = model.rowIDs[frame.cursorRow]
        var steps = frame.steps
        if !steps.contains(.cohort(cohortID)) { steps.append(.cohort(cohortID)) }
        if let d = frame.dimension, model.drillableColumns.contains(frame.cursorColumn) {
            steps.append(.value(d, frame.cursorColumn - (d.isMultiValued ? 1 : 0)))
        }
        overlay = .chooser(PendingDrill(steps: steps, focusCohort: cohortID), cursor: 0)
    }

    /// Dimensions every extract can be broken down by, in the chooser's order.
    public static let breakdowns: [Dimension] = [.ageBand, .ethnicity, .ethnicGroup, .gender, .disability, .maltreatment,
                                                 .need, .outcomes, .protectionCategory, .factor]

    /// The chooser's dimensions for this data: authority too when the extract pools several
    /// (with one, its table would only repeat the Total).
    public var breakdownChoices: [Dimension] {
        engine.authorityColumns.labels.count > 1 ? ExplorerState.breakdowns + [.authority] : ExplorerState.breakdowns
    }

    mutating func choose(_ d: Dimension, pending: PendingDrill) {
        remember()
        var f = ViewFrame(kind: .breakdown(d), steps: pending.steps, focusCohort: pending.focusCohort)
        overlay = .none
        stack.append(f)
        refresh()
        if let focus = pending.focusCohort, let r = model.rowIDs.firstIndex(of: focus) { f.cursorRow = r; updateFrame { $0.cursorRow = r } }
        // Start on the first value column.
        updateFrame { $0.cursorColumn = d.isMultiValued ? 1 : 0 }
    }

    mutating func goBack() {
        guard stack.count > 1 else { say("at the top (\(KeyMap.key(for: .quit)) quits)"); return }
        remember()
        stack.removeLast()
        refresh()
    }

    mutating func toggleCohortUnderCursor() {
        guard model.rowIDs.indices.contains(frame.cursorRow) else { return }
        toggleCohort(model.rowIDs[frame.cursorRow])
    }

    public mutating func toggleCohort(_ id: String) {
        guard engine.cohorts.contains(where: { $0.id == id }) else { say("no cohort \(id)", error: true); return }
        remember()
        if hiddenCohorts.contains(id) { hiddenCohorts.remove(id) } else {
            guard visibleCohorts.count > 1 else { say("at least one cohort stays visible", error: true); return }
            hiddenCohorts.insert(id)
        }
        refresh()
        say(hiddenCohorts.contains(id) ? "cohort \(id) hidden (\(KeyMap.key(for: .cohortPanel)) shows the cohort panel)" : "cohort \(id) shown")
    }

    public mutating func setFactor(_ code: String, _ state: FactorState) {
        guard let bit = AssessmentFactor.bit(code) else { say("no factor \(code)", error: true); return }
        remember()
        requiredFactors.remove(bit)
        excludedFactors.remove(bit)
        if state == .required { requiredFactors.insert(bit) }
        if state == .excluded { excludedFactors.insert(bit) }
        refresh()
    }

    /// Moves the cursor to the next row (id or label) or column (code or its DfE name) that contains
    /// `text`, after the cursor, wrapping round.
    mutating func search(_ text: String, next: Bool) {
        lastSearch = text
        let needle = text.lowercased()
        let rows = model.rowIDs.indices.map { (model.rowIDs[$0] + " " + model.rowLabels[$0]).lowercased() }
        let columns = model.columns.map { ($0 + " " + (ColumnNames.name(of: $0, in: frame.dimension) ?? "")).lowercased() }
        // Places in reading order: rows first, then columns.
        var places: [(row: Int?, column: Int?)] = rows.indices.filter { rows[$0].contains(needle) }.map { ($0, nil) }
        places += columns.indices.filter { columns[$0].contains(needle) }.map { (nil, $0) }
        guard !places.isEmpty else { say("no row or column matches '\(text)'", error: true); return }
        let current = places.firstIndex { p in
            if let r = p.row { return next ? r > frame.cursorRow : r >= frame.cursorRow }
            if let c = p.column { return next ? c > frame.cursorColumn : c >= frame.cursorColumn }
            return false
        } ?? 0
        let hit = places[current]
        updateFrame { f in
            if let r = hit.row { f.cursorRow = r }
            if let c = hit.column { f.cursorColumn = c }
        }
        let what = hit.row.map { "row \(model.rowIDs[$0])" } ?? hit.column.map { "column \(model.columns[$0])" } ?? ""
        say("/\(text): \(what) (\(current + 1) of \(places.count); \(KeyMap.key(for: .searchNext)) for the next)")
    }

    mutating func setReveal(_ on: Bool) {
        remember()
        reveal = on
        refresh()
        say(reveal ? "hidden counts revealed ON SCREEN ONLY (each marked *); exports stay suppressed" : "hidden counts shown as c again")
    }

    mutating func cycleSort() {
        remember()
        let col = frame.cursorColumn
        let onRow = model.rowIDs.indices.contains(frame.cursorRow) ? model.rowIDs[frame.cursorRow] : nil
        updateFrame { f in
            if f.sortColumn != col { f.sortColumn = col; f.sortDescending = true }
            else if f.sortDescending { f.sortDescending = false }
            else { f.sortColumn = nil }
        }
        refresh()
        // The cursor stays on its cohort, wherever the sort puts it.
        if let id = onRow, let r = model.rowIDs.firstIndex(of: id) { updateFrame { $0.cursorRow = r } }
        if let c = frame.sortColumn, model.columns.indices.contains(c) {
            say("sorted by \(model.columns[c]) \(frame.sortDescending ? "descending" : "ascending")")
        } else { say("unsorted") }
    }

    func defaultExportPath() -> String {
        "\(exportDirectory)/cinx-\(viewTable.name)-\(today).csv"
    }
}
