import CohortEngine
import Foundation
import CINModel

extension ExplorerState {
    /// Handles one key: overlays and prompts first, then the key table.
    public mutating func handle(_ key: Key) {
        if case .resize(let w, let h) = key {
            screenWidth = max(1, w); screenHeight = max(1, h)
            clampCursor()
            return
        }
        if key == .ctrl("c") { wantsQuit = true; return }
        switch overlay {
        case .none:
            if let c = KeyMap.command(for: key) { perform(c) }
            else { say("\(key.name): not a key here (? for help)") }
        case .chooser(let pending, let cursor):
            handleChooser(key, pending: pending, cursor: cursor)
        case .factorPanel(let cursor):
            handleFactorPanel(key, cursor: cursor)
        case .cohortPanel(let cursor):
            handleCohortPanel(key, cursor: cursor)
        case .help(let scroll):
            overlay = scrolled(key, scroll: scroll, lines: helpLines.count).map { .help(scroll: $0) } ?? .none
        case .dataQuality(let scroll):
            switch key {
            case .left, .char("h"): pageColumn = max(0, pageColumn - 8)
            case .home, .char("g"): pageColumn = 0; overlay = .dataQuality(scroll: 0)
            case .right, .char("l"): pageColumn = min(pageColumn + 8, 400)
            case .char("/"): overlay = .prompt(Prompt(kind: .pageSearch(from: scroll), text: ""))
            case .char("n"): if !lastSearch.isEmpty { findInPage(lastSearch, after: scroll) }
            default: overlay = scrolled(key, scroll: scroll, lines: dataQualityLines.count).map { .dataQuality(scroll: $0) } ?? .none
            }
        case .prompt(let p):
            handlePrompt(key, prompt: p)
        }
    }

    /// Scrolling in a text page; nil closes it.
    func scrolled(_ key: Key, scroll: Int, lines: Int) -> Int? {
        let page = max(1, screenHeight - 4)
        let maxScroll = max(0, lines - page)
        switch key {
        case .down, .char("j"): return min(maxScroll, scroll + 1)
        case .up, .char("k"): return max(0, scroll - 1)
        case .pageDown, .char(" "): return min(maxScroll, scroll + page)
        case .pageUp: return max(0, scroll - page)
        case .home, .char("g"): return 0
        case .end, .char("G"): return maxScroll
        case .char("q"), .escape, .backspace, .enter, .char("?"), .char("d"): return nil
        default: return scroll
        }
    }

    mutating func handleChooser(_ key: Key, pending: PendingDrill, cursor: Int) {
        let n = ExplorerState.breakdowns.count
        switch key {
        case .down, .char("j"): overlay = .chooser(pending, cursor: min(n - 1, cursor + 1))
        case .up, .char("k"): overlay = .chooser(pending, cursor: max(0, cursor - 1))
        case .enter, .right, .char("l"): choose(ExplorerState.breakdowns[cursor], pending: pending)
        case .escape, .backspace, .left, .char("q"): overlay = .none
        case .char(let c):
            // The digit or the first letter of a breakdown picks it directly.
            if let digit = c.wholeNumberValue, let i = Optional(digit == 0 ? 9 : digit - 1), i < n { choose(ExplorerState.breakdowns[i], pending: pending) }
        default: break
        }
    }

    mutating func handleFactorPanel(_ key: Key, cursor: Int) {
        let n = AssessmentFactor.list.count
        let code = AssessmentFactor.list.codes[cursor]
        switch key {
        case .down, .char("j"): overlay = .factorPanel(cursor: min(n - 1, cursor + 1))
        case .up, .char("k"): overlay = .factorPanel(cursor: max(0, cursor - 1))
        case .pageDown: overlay = .factorPanel(cursor: min(n - 1, cursor + max(1, screenHeight - 8)))
        case .pageUp: overlay = .factorPanel(cursor: max(0, cursor - max(1, screenHeight - 8)))
        case .home: overlay = .factorPanel(cursor: 0)
        case .end: overlay = .factorPanel(cursor: n - 1)
        case .char(" "), .enter:
            switch factorState(cursor) {
            case .ignored: setFactor(code, .required)
            case .required: setFactor(code, .excluded)
            case .excluded: setFactor(code, .ignored)
            }
        case .char("+"), .char("r"): setFactor(code, .required)
        case .char("-"), .char("x"): setFactor(code, .excluded)
        case .char("0"), .char("i"): setFactor(code, .ignored)
        case .escape, .backspace, .char("q"), .char("f"): overlay = .none
        default: break
        }
    }

    mutating func handleCohortPanel(_ key: Key, cursor: Int) {
        let n = engine.cohorts.count
        switch key {
        case .down, .char("j"): overlay = .cohortPanel(cursor: min(n - 1, cursor + 1))
        case .up, .char("k"): overlay = .cohortPanel(cursor: max(0, cursor - 1))
        case .char(" "), .enter:
            if engine.cohorts.indices.contains(cursor) { toggleCohort(engine.cohorts[cursor].id) }
            overlay = .cohortPanel(cursor: cursor)
        case .char("+"): overlay = .prompt(Prompt(kind: .addCohort, text: ""))
        case .home, .char("g"): overlay = .cohortPanel(cursor: 0)
        case .end, .char("G"): overlay = .cohortPanel(cursor: max(0, n - 1))
        case .char("u"):
            perform(.undo)
            overlay = .cohortPanel(cursor: min(cursor, max(0, engine.cohorts.count - 1)))
        case .char("x"), .delete:
            guard engine.cohorts.indices.contains(cursor) else { return }
            let id = engine.cohorts[cursor].id
            if CohortDefinition.standard.contains(where: { $0.id == id }) { say("A-E are the FOI's cohorts and stay (hide them with Space)", error: true) }
            else { overlay = .prompt(Prompt(kind: .confirmDelete(id: id), text: "")); return }
            overlay = .cohortPanel(cursor: min(cursor, engine.cohorts.count - 1))
        case .escape, .backspace, .char("q"), .char("c"): overlay = .none
        default: break
        }
    }

    mutating func handlePrompt(_ key: Key, prompt: Prompt) {
        var p = prompt
        switch key {
        case .escape:
            overlay = .none
            say("cancelled")
        case .backspace, .delete, .left, .right, .home, .end, .up, .down, .ctrl("a"), .ctrl("e"), .ctrl("u"), .ctrl("k"), .ctrl("w"):
            edit(&p, key)
            p.error = nil
            overlay = .prompt(p)
        case .char(let c):
            if case .confirmOverwrite(let path, let all) = p.kind {
                if c == "y" || c == "Y" { overlay = .none; export(to: path, all: all, overwrite: true) }
                else if c == "n" || c == "N" { overlay = .none; say("not exported") }
                return
            }
            if case .confirmDelete(let id) = p.kind {
                let at = engine.cohorts.firstIndex { $0.id == id } ?? 0
                if c == "y" || c == "Y" { remember(); removeCohort(id); say("cohort \(id) deleted (u undoes)") } else { say("cohort \(id) kept") }
                overlay = .cohortPanel(cursor: max(0, min(at, engine.cohorts.count - 1)))
                return
            }
            if case .confirmReveal = p.kind {
                overlay = .none
                if c == "y" || c == "Y" { revealConfirmed = true; setReveal(true) } else { say("counts stay hidden") }
                return
            }
            if case .confirmQuit = p.kind {
                if c == "y" || c == "Y" { wantsQuit = true } else { overlay = .none }
                return
            }
            if c == "q" && p.text.isEmpty && (p.kind == .exportPath || p.kind == .exportAllPath) {
                // q in an empty export prompt asks before quitting.
                overlay = .prompt(Prompt(kind: .confirmQuit, text: ""))
                return
            }
            guard p.text.count < 512 else { return }
            let at = p.position
            p.text.insert(c, at: p.text.index(p.text.startIndex, offsetBy: at))
            p.cursor = at + 1
            p.error = nil
            overlay = .prompt(p)
        case .enter:
            if !p.text.trimmingSpaces.isEmpty {
                var h = promptHistory[p.historyKey] ?? []
                if h.last != p.text { h.append(p.text) }
                promptHistory[p.historyKey] = Array(h.suffix(50))
            }
            submit(p)
        default:
            break
        }
    }

    /// Line editing as in a shell: cursor keys, Home/End, Ctrl-A/E/U/K/W, Up/Down through history.
    func edit(_ p: inout Prompt, _ key: Key) {
        let chars = Array(p.text)
        let at = p.position
        switch key {
        case .backspace:
            guard at > 0 else { return }
            p.text = String(chars[..<(at - 1)] + chars[at...]); p.cursor = at - 1
        case .delete:
            guard at < chars.count else { return }
            p.text = String(chars[..<at] + chars[(at + 1)...]); p.cursor = at
        case .left: p.cursor = max(0, at - 1)
        case .right: p.cursor = min(chars.count, at + 1)
        case .home, .ctrl("a"): p.cursor = 0
        case .end, .ctrl("e"): p.cursor = chars.count
        case .ctrl("u"): p.text = String(chars[at...]); p.cursor = 0
        case .ctrl("k"): p.text = String(chars[..<at]); p.cursor = at
        case .ctrl("w"):
            // The word before the cursor, and the spaces after it.
            var start = at
            while start > 0 && chars[start - 1] == " " { start -= 1 }
            while start > 0 && chars[start - 1] != " " && chars[start - 1] != "/" { start -= 1 }
            p.text = String(chars[..<start] + chars[at...]); p.cursor = start
        case .up, .down:
            let h = promptHistory[p.historyKey] ?? []
            guard !h.isEmpty else { return }
            var i = p.historyIndex ?? h.count
            i = key == .up ? max(0, i - 1) : i + 1
            if i >= h.count { p.historyIndex = nil; p.text = ""; p.cursor = nil; return }
            p.historyIndex = i
            p.text = h[i]
            p.cursor = nil
        default: break
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
                say("cohort \(def.id) added: \(def.expression)")
            } catch let e as CohortExpressionError {
                fail(e.shortDescription)
            } catch {
                fail("\(error)")
            }
        case .year:
            let range = AnalysisSettings.coveredYears(returnYears: engine.data.returnYears) ?? 2000...2040
            // 2017, or 2016-17 as the header writes it.
            let parts = text.split(separator: "-").map(String.init)
            let asGiven: Int? = parts.count == 2 ? Int(parts[0]).map { $0 + 1 } : Int(text)
            guard let y = asGiven, range.contains(y) else {
                fail("a year from \(range.lowerBound - 1)-\(String(range.lowerBound).suffix(2)) to \(range.upperBound - 1)-\(String(range.upperBound).suffix(2)) (or \(range.lowerBound)-\(range.upperBound))")
                return
            }
            remember()
            var s = engine.settings; s.year = y
            overlay = .none
            apply(settings: s)
            say("reporting year \(y - 1)-\(String(y).suffix(2)): population \(ReportTables.populationText(engine: engine, threshold: threshold))")
        case .followUp:
            guard let n = Int(text), (0...20).contains(n) else { fail("0 to 20 years"); return }
            remember()
            var s = engine.settings; s.followUpYears = n
            overlay = .none
            apply(settings: s)
            say("follow-up window \(n) year(s)")
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
        case .confirmOverwrite, .confirmQuit, .confirmReveal, .confirmDelete:
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
        say("/\(text): line \(hit + 1) of \(lines.count) (n for the next)")
    }
}
