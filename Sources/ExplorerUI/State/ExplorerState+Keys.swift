import CohortEngine
import Foundation
import CINModel

extension ExplorerState {
    /// Handles one key: the open overlay's key table first, else the table views' (`KeyMap`).
    public mutating func handle(_ key: Key) {
        if case .resize(let w, let h) = key {
            screenWidth = max(1, w); screenHeight = max(1, h)
            clampCursor()
            return
        }
        // Ctrl-C quits from anywhere, whatever is open.
        if KeyMap.command(for: key) == .forceQuit { wantsQuit = true; return }
        switch overlay {
        case .none:
            if let c = KeyMap.command(for: key) { perform(c) }
            else { say("\(key.name): not a key here (\(KeyMap.key(for: .help)) for help)") }
        case .chooser(let pending, let cursor):
            handleChooser(key, pending: pending, cursor: cursor)
        case .factorPanel(let cursor):
            handleFactorPanel(key, cursor: cursor)
        case .cohortPanel(let cursor):
            handleCohortPanel(key, cursor: cursor)
        case .help(let scroll):
            handleHelpPage(key, scroll: scroll)
        case .dataQuality(let scroll):
            handleDataQuality(key, scroll: scroll)
        case .readings(let choice, let scroll):
            handleReadingsPage(key, choice: choice, scroll: scroll)
        case .prompt(let p):
            handlePrompt(key, prompt: p)
        }
    }

    /// Scrolling in a text page: the new scroll, or nil when the action is not a scroll.
    func scrolled(_ action: PageAction, scroll: Int, lines: Int) -> Int? {
        let page = max(1, screenHeight - 4)
        let maxScroll = max(0, lines - page)
        switch action {
        case .lineDown: return min(maxScroll, scroll + 1)
        case .lineUp: return max(0, scroll - 1)
        case .pageDown: return min(maxScroll, scroll + page)
        case .pageUp: return max(0, scroll - page)
        case .top: return 0
        case .bottom: return maxScroll
        case .close, .scrollLeft, .scrollRight, .search, .searchNext: return nil
        }
    }

    mutating func handleHelpPage(_ key: Key, scroll: Int) {
        guard let action = PageAction.helpTable.action(for: key) else { return }
        if action == .close { overlay = .none; return }
        if let s = scrolled(action, scroll: scroll, lines: helpLines.count) { overlay = .help(scroll: s) }
    }

    mutating func handleDataQuality(_ key: Key, scroll: Int) {
        guard let action = PageAction.dataQualityTable.action(for: key) else { return }
        switch action {
        case .scrollLeft: pageColumn = max(0, pageColumn - 8)
        case .scrollRight: pageColumn = min(pageColumn + 8, 400)
        case .search: overlay = .prompt(Prompt(kind: .pageSearch(from: scroll), text: ""))
        case .searchNext: if !lastSearch.isEmpty { findInPage(lastSearch, after: scroll) }
        case .close: overlay = .none
        case .top:
            pageColumn = 0
            overlay = .dataQuality(scroll: 0)
        case .lineDown, .lineUp, .pageDown, .pageUp, .bottom:
            overlay = .dataQuality(scroll: scrolled(action, scroll: scroll, lines: dataQualityLines.count) ?? scroll)
        }
    }

    mutating func handleChooser(_ key: Key, pending: PendingDrill, cursor: Int) {
        let choices = breakdownChoices
        let n = choices.count
        switch ChooserAction.table.action(for: key) {
        case .down: overlay = .chooser(pending, cursor: min(n - 1, cursor + 1))
        case .up: overlay = .chooser(pending, cursor: max(0, cursor - 1))
        case .choose: if choices.indices.contains(cursor) { choose(choices[cursor], pending: pending) }
        case .pickByNumber:
            if let i = ChooserAction.index(of: key), i < n { choose(choices[i], pending: pending) }
        case .cancel: overlay = .none
        case nil: break
        }
    }

    mutating func handleFactorPanel(_ key: Key, cursor: Int) {
        let n = AssessmentFactor.list.count
        let code = AssessmentFactor.list.codes[cursor]
        switch FactorPanelAction.table.action(for: key) {
        case .down: overlay = .factorPanel(cursor: min(n - 1, cursor + 1))
        case .up: overlay = .factorPanel(cursor: max(0, cursor - 1))
        case .pageDown: overlay = .factorPanel(cursor: min(n - 1, cursor + max(1, screenHeight - 8)))
        case .pageUp: overlay = .factorPanel(cursor: max(0, cursor - max(1, screenHeight - 8)))
        case .first: overlay = .factorPanel(cursor: 0)
        case .last: overlay = .factorPanel(cursor: n - 1)
        case .cycle:
            switch factorState(cursor) {
            case .ignored: setFactor(code, .required)
            case .required: setFactor(code, .excluded)
            case .excluded: setFactor(code, .ignored)
            }
        case .require: setFactor(code, .required)
        case .exclude: setFactor(code, .excluded)
        case .ignore: setFactor(code, .ignored)
        case .close: overlay = .none
        case nil: break
        }
    }

    mutating func handleCohortPanel(_ key: Key, cursor: Int) {
        let n = engine.cohorts.count
        switch CohortPanelAction.table.action(for: key) {
        case .down: overlay = .cohortPanel(cursor: min(n - 1, cursor + 1))
        case .up: overlay = .cohortPanel(cursor: max(0, cursor - 1))
        case .toggle:
            if engine.cohorts.indices.contains(cursor) { toggleCohort(engine.cohorts[cursor].id) }
            overlay = .cohortPanel(cursor: cursor)
        case .add: overlay = .prompt(Prompt(kind: .addCohort, text: ""))
        case .first: overlay = .cohortPanel(cursor: 0)
        case .last: overlay = .cohortPanel(cursor: max(0, n - 1))
        case .undo:
            perform(.undo)
            overlay = .cohortPanel(cursor: min(cursor, max(0, engine.cohorts.count - 1)))
        case .delete:
            guard engine.cohorts.indices.contains(cursor) else { return }
            let id = engine.cohorts[cursor].id
            if CohortDefinition.standard.contains(where: { $0.id == id }) {
                say("A-E are the FOI's cohorts and stay (hide them with \(CohortPanelAction.table.key(for: .toggle)))", error: true)
            }
            else { overlay = .prompt(Prompt(kind: .confirmDelete(id: id), text: "")); return }
            overlay = .cohortPanel(cursor: min(cursor, engine.cohorts.count - 1))
        case .close: overlay = .none
        case nil: break
        }
    }

    mutating func handlePrompt(_ key: Key, prompt: Prompt) {
        var p = prompt
        let action = PromptAction.table.action(for: key)
        switch action {
        case .cancel:
            overlay = .none
            say("cancelled")
        case .quit:
            wantsQuit = true
        case .deleteBackward, .deleteForward, .cursorLeft, .cursorRight, .toStart, .toEnd, .deleteToStart, .deleteToEnd,
             .deleteWord, .historyBack, .historyForward:
            if let action { edit(&p, action) }
            p.error = nil
            overlay = .prompt(p)
        case .submit:
            if !p.text.trimmingSpaces.isEmpty {
                var h = promptHistory[p.historyKey] ?? []
                if h.last != p.text { h.append(p.text) }
                promptHistory[p.historyKey] = Array(h.suffix(50))
            }
            submit(p)
        case nil:
            guard case .char(let c) = key else { return }
            let answer = ConfirmAnswer.table.action(for: key)
            if case .confirmOverwrite(let path, let all) = p.kind {
                if answer == .yes { overlay = .none; export(to: path, all: all, overwrite: true) }
                else if answer == .no { overlay = .none; say("not exported") }
                return
            }
            if case .confirmReadingsOverwrite(let path, let choice) = p.kind {
                if answer == .yes { exportReadings(choice, to: path, overwrite: true) }
                else if answer == .no { overlay = .readings(choice, scroll: 0); say("not exported") }
                return
            }
            if case .confirmDelete(let id) = p.kind {
                let at = engine.cohorts.firstIndex { $0.id == id } ?? 0
                if answer == .yes {
                    remember(); removeCohort(id); say("cohort \(id) deleted (\(KeyMap.key(for: .undo)) undoes)")
                } else { say("cohort \(id) kept") }
                overlay = .cohortPanel(cursor: max(0, min(at, engine.cohorts.count - 1)))
                return
            }
            if case .confirmReveal = p.kind {
                overlay = .none
                if answer == .yes { revealConfirmed = true; setReveal(true) } else { say("counts stay hidden") }
                return
            }
            if case .confirmQuit = p.kind {
                if answer == .yes { wantsQuit = true } else { overlay = .none }
                return
            }
            if KeyMap.command(for: key) == .quit && p.text.isEmpty && p.historyKey == "path" {
                // The quit key in an empty export prompt asks before quitting.
                overlay = .prompt(Prompt(kind: .confirmQuit, text: ""))
                return
            }
            guard p.text.count < 512 else { return }
            let at = p.position
            p.text.insert(c, at: p.text.index(p.text.startIndex, offsetBy: at))
            p.cursor = at + 1
            p.error = nil
            overlay = .prompt(p)
        }
    }

    /// Line editing as in a shell: cursor keys, Home/End, Ctrl-A/E/U/K/W, Up/Down through history.
    func edit(_ p: inout Prompt, _ action: PromptAction) {
        let chars = Array(p.text)
        let at = p.position
        switch action {
        case .deleteBackward:
            guard at > 0 else { return }
            p.text = String(chars[..<(at - 1)] + chars[at...]); p.cursor = at - 1
        case .deleteForward:
            guard at < chars.count else { return }
            p.text = String(chars[..<at] + chars[(at + 1)...]); p.cursor = at
        case .cursorLeft: p.cursor = max(0, at - 1)
        case .cursorRight: p.cursor = min(chars.count, at + 1)
        case .toStart: p.cursor = 0
        case .toEnd: p.cursor = chars.count
        case .deleteToStart: p.text = String(chars[at...]); p.cursor = 0
        case .deleteToEnd: p.text = String(chars[..<at]); p.cursor = at
        case .deleteWord:
            // The word before the cursor, and the spaces after it.
            var start = at
            while start > 0 && chars[start - 1] == " " { start -= 1 }
            while start > 0 && chars[start - 1] != " " && chars[start - 1] != "/" { start -= 1 }
            p.text = String(chars[..<start] + chars[at...]); p.cursor = start
        case .historyBack, .historyForward:
            let h = promptHistory[p.historyKey] ?? []
            guard !h.isEmpty else { return }
            var i = p.historyIndex ?? h.count
            i = action == .historyBack ? max(0, i - 1) : i + 1
            if i >= h.count { p.historyIndex = nil; p.text = ""; p.cursor = nil; return }
            p.historyIndex = i
            p.text = h[i]
            p.cursor = nil
        case .submit, .cancel, .quit: break
        }
    }

    mutating func submit(_ p: Prompt) {
        let text = p.text.trimmingSpaces
        func fail(_ message: String) { var q = p; q.error = message; overlay = .prompt(q) }
        switch p.kind {
        case .addCohort:
            do {
                let def = try CohortExpressionParser.parseDefinition(text)
                remember()
                try addCohort(def)
                overlay = .none
                // A custom cohort whose protection was not proven within its budget of work shows every cell as `c`: say why.
                let withheld = threshold > 0 && protectedRelease(threshold: threshold, filter: Filter.none).withheldCohorts.contains(def.id)
                say("cohort \(def.id) added: \(def.expression)"
                    + (withheld ? "; withheld (every cell c): its protection was not proven within its budget" : ""))
            } catch let e as CohortExpressionError {
                fail(e.shortDescription)
            } catch {
                fail("\(error)")
            }
        case .year:
            let range = AnalysisSettings.coveredYears(returnYears: engine.data.returnYears) ?? AnalysisSettings.validYears
            // 2017, or 2016-17 as the header writes it.
            let parts = text.split(separator: "-").map(String.init)
            let asGiven: Int? = parts.count == 2 ? Int(parts[0]).map { $0 + 1 } : Int(text)
            guard let y = asGiven, range.contains(y) else {
                fail("a year from \(range.lowerBound - 1)-\(String(range.lowerBound).suffix(2)) to \(range.upperBound - 1)-\(String(range.upperBound).suffix(2)) (or \(range.lowerBound)-\(range.upperBound))")
                return
            }
            changeSettings { $0.year = y }
            say("reporting year \(y - 1)-\(String(y).suffix(2)): population \(ReportTables.populationText(engine: engine, threshold: threshold))")
        case .followUp:
            let valid = AnalysisSettings.validFollowUpYears
            guard let n = Int(text), valid.contains(n) else { fail("\(valid.lowerBound) to \(valid.upperBound) years"); return }
            changeSettings { $0.followUpYears = n }
            say("follow-up window \(n) year(s)")
        case .reading:
            // CHOICE READING; a choice alone takes its next reading.
            let words = text.split(separator: " ").map(String.init)
            guard let first = words.first, let choice = ReadingChoice(rawValue: first.lowercased()), words.count <= 2 else {
                fail("one of " + ReadingChoice.allCases.map(\.rawValue).joined(separator: ", ") + ", then its reading")
                return
            }
            let current = choice.reading(in: engine.settings)
            let wanted = words.count == 2 ? words[1].lowercased()
                : choice.readings[((choice.readings.firstIndex(of: current) ?? 0) + 1) % choice.readings.count]
            guard let s = choice.setting(wanted, in: engine.settings) else {
                fail("\(choice.rawValue): " + choice.readings.joined(separator: " or "))
                return
            }
            changeSettings { $0 = s }
            say("\(choice.describe(wanted))" + (wanted == choice.defaultReading ? " (cinx's reading)" : " (not cinx's default reading)"))
        case .threshold:
            guard let n = Int(text), (0...100).contains(n) else { fail("0 (off) to 100"); return }
            remember()
            threshold = n
            overlay = .none
            refresh()
            say(n == 0 ? "suppression OFF on screen (exports still suppress at \(Suppression.dfeThreshold))" : "counts 1-\(n) shown as c")
        case .exportPath, .exportAllPath:
            guard !text.isEmpty else { fail("give a path"); return }
            overlay = .none
            var path = ExplorerState.expandTilde(text)
            // A view's file without an extension gets .csv (or is the workbook the user named).
            if p.kind == .exportPath && (path as NSString).pathExtension.isEmpty { path += ".csv" }
            // .xlsx: a workbook of the view (or of the six tables) with its notes sheet.
            export(to: path, all: p.kind == .exportAllPath, overwrite: false)
        case .exportReadingsPath(let choice):
            guard !text.isEmpty else { fail("give a path"); return }
            var path = ExplorerState.expandTilde(text)
            if (path as NSString).pathExtension.isEmpty { path += ".csv" }
            exportReadings(choice, to: path, overwrite: false)
        case .command:
            overlay = .none
            // A statement that fails keeps the line open, with the error, to be mended.
            do { try ScriptRunner.run(text, on: &self) } catch { if case .none = overlay { fail("\(error)") } }
        case .search:
            overlay = .none
            if !text.isEmpty { search(text, next: false) }
        case .pageSearch(let from):
            overlay = .dataQuality(scroll: from)
            if !text.isEmpty { findInPage(text, after: from - 1) }
        case .confirmOverwrite, .confirmReadingsOverwrite, .confirmQuit, .confirmReveal, .confirmDelete:
            break
        }
    }

    /// Scrolls the data-quality page to the next line after `after` that contains `text`.
    mutating func findInPage(_ text: String, after: Int) {
        lastSearch = text
        let lines = dataQualityLines
        let needle = text.lowercased()
        let start = min(max(0, after + 1), lines.count)
        let order = Array(start..<lines.count) + Array(0..<start)
        guard let hit = order.first(where: { lines[$0].lowercased().contains(needle) }) else {
            say("no line matches '\(text)'", error: true)
            return
        }
        overlay = .dataQuality(scroll: hit)
        say("/\(text): line \(hit + 1) of \(lines.count) (\(PageAction.dataQualityTable.key(for: .searchNext)) for the next)")
    }

    /// A prompt's answer applied to the settings: undoable, the prompt closed, the engine re-run.
    mutating func changeSettings(_ change: (inout AnalysisSettings) -> Void) {
        remember()
        var s = engine.settings
        change(&s)
        overlay = .none
        apply(settings: s)
    }
}
