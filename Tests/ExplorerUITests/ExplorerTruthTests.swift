import Testing
import CINModel
import Foundation
import CohortEngine
@testable import ExplorerUI
@testable import CINLoading

/// The screen means what it says: percentage bases, the cursor, the sort mark, undo.
@Suite struct ExplorerTruthTests {
    @Test func summaryColumnPercentIsOfTheColumnNotTheRow() {
        var s = UIFixture.state()
        let sizes = UIFixture.engine.summary().counts.map { $0[0] }
        let mal = UIFixture.engine.table(.maltreatment)
        ScriptRunnerHelper.run("percent row", &s)
        // Row %: 17A of A is A's 17A count over A's size.
        let a = s.model.rowIDs.firstIndex(of: "A") ?? 0
        #expect(s.model.cells[a][3].text == ViewModel.percentText(mal.counts[0][2], of: sizes[0]))
        #expect(s.model.cells[a][0].text == String(sizes[0]))   // the size keeps its count
        ScriptRunnerHelper.run("percent column", &s)
        // Column %: A's share of all children with 17A (A + B), and A's share of the population.
        #expect(s.model.cells[a][3].text == ViewModel.percentText(mal.counts[0][2], of: mal.counts[0][2] + mal.counts[1][2]))
        #expect(s.model.cells[a][0].text == String(sizes[0]))   // the size keeps its count; its share is the next column
        #expect(s.model.cells[a][1].text == ViewModel.percentText(sizes[0], of: sizes[0] + sizes[1]))
        #expect(s.screenText.contains("column % (of A + B in each column"))
    }

    @Test func shareColumnIsNamedByItsBase() {
        var s = UIFixture.state()
        #expect(s.model.columns[1] == "% of pop.")
        ScriptRunnerHelper.run("factor 3B require", &s)
        #expect(s.model.columns[1] == "% of selected")
    }

    @Test func percentModesKeepTheTotalsCountAndTheBothModeShowsBoth() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by age; percent row", &s)
        let t = UIFixture.engine.table(.ageBand)
        let a = s.model.rowIDs.firstIndex(of: "A") ?? 0
        let total = t.columns.count - 1
        #expect(s.model.cells[a][total].text == String(t.counts[0][total]))
        ScriptRunnerHelper.run("percent both", &s)
        #expect(s.percentMode == .countAndPercent)
        let c = t.columns.firstIndex(of: "1-4") ?? 2
        #expect(s.model.cells[a][c].text == "\(t.counts[0][c]) (\(ViewModel.percentText(t.counts[0][c], of: t.counts[0][total])))")
        #expect(s.screenText.contains("count and row %"))
    }

    @Test func theCursorHighlightsItsCellAndTheSortColumnIsMarked() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by age; sort 1-4 asc", &s)
        let screen = Renderer.render(s)
        #expect(screen.line(4).contains("1-4▲"))
        // Exactly one table cell is in reverse video: the cursor's.
        var reversed = 0
        for y in 6..<(6 + s.model.rowIDs.count) {
            var x = 30
            var inRun = false
            while x < screen.width {
                let isRev = screen.cell(x: x, y: y)?.attributes.contains(.reverse) == true
                if isRev && !inRun { reversed += 1 }
                inRun = isRev
                x += 1
            }
        }
        #expect(reversed == 1)
        ScriptRunnerHelper.run("sort 1-4 desc", &s)
        #expect(Renderer.render(s).line(4).contains("1-4▼"))
    }

    @Test func deletingACohortAsksAndUndoBringsItBack() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("cohort F=6B & !4B", &s)
        #expect(s.engine.cohorts.map(\.id).contains("F"))
        s.press(.char("c"))
        for _ in 0..<5 { s.press(.down) }
        s.press(.char("x"))
        #expect(s.screenText.contains("Delete cohort F? (y/n)"))
        s.press(.char("n"))
        #expect(s.engine.cohorts.map(\.id).contains("F"))
        s.press(.char("x"), .char("y"))
        #expect(!s.engine.cohorts.map(\.id).contains("F"))
        s.press(.escape, .char("u"))
        #expect(s.engine.cohorts.map(\.id).contains("F"))
        #expect(s.model.rowIDs.contains("F"))
        // And undo takes an added cohort away again.
        s.press(.char("u"))
        #expect(!s.engine.cohorts.map(\.id).contains("F"))
    }

    @Test func theCodeUnderTheCursorIsNamed() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by need", &s)
        s.press(.right)
        #expect(s.screenText.contains("N1: Abuse or neglect"))
        ScriptRunnerHelper.run("back; by ethnicity", &s)
        s.press(.right, .right)
        #expect(s.screenText.contains("WIRT: Traveller of Irish heritage"))
        ScriptRunnerHelper.run("back; by maltreatment", &s)
        #expect(s.screenText.contains("16A: Neglect (factor 16A on the first assessment)"))
        s.press(.char("f"))
        #expect(s.screenText.contains("counts before these settings"))
    }
}

/// The keys people expect: `/` search and `n`, `:` command line, Ctrl-L.
@Suite struct ExplorerKeyTests {
    @Test func searchFindsRowsColumnsAndCodeNames() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by ethnicity", &s)
        s.press(.char("/"))
        s.type("traveller")
        s.press(.enter)
        #expect(s.model.columns[s.frame.cursorColumn] == "WIRT")   // found by its DfE name
        s.press(.char("/"))
        s.type("3B")
        s.press(.enter)
        #expect(s.model.rowIDs[s.frame.cursorRow] == "D")        // "4B/5B with 3B"
        s.press(.char("n"))
        #expect(s.model.rowIDs[s.frame.cursorRow] == "E")        // "... with 3B and 1B or 2B"
        s.press(.char("/"))
        s.type("zzz")
        s.press(.enter)
        #expect(s.messageIsError)
    }

    @Test func theCommandLineTakesTheBatchStatements() {
        var s = UIFixture.state()
        s.press(.char(":"))
        s.type("drill D; by age")
        s.press(.enter)
        #expect(s.breadcrumb == "All > D (4B/5B with 3B) > by age band")
        s.press(.char(":"))
        s.type("by nothing")
        s.press(.enter)
        // The line stays open with the error, to be mended.
        guard case .prompt(let p) = s.overlay else { Issue.record("the command line closed"); return }
        #expect(p.text == "by nothing" && p.error != nil)
    }

    @Test func ctrlLAsksForARedraw() {
        var s = UIFixture.state()
        s.press(.ctrl("l"))
        let first = s.takeRedrawRequest(), second = s.takeRedrawRequest()
        #expect(first && !second)
    }
}

/// Small and large screens.
@Suite struct ScreenSizeTests {
    @Test func theFooterKeepsHelpAndQuitAndTheHeaderKeepsTheProblems() {
        for (w, h) in [(60, 15), (80, 24), (120, 40)] {
            let s = UIFixture.state(width: w, height: h)
            let lines = s.screenText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[h - 1].contains("? help") && lines[h - 1].contains("q quit"), "\(w)x\(h): \(lines[h - 1])")
            #expect(lines[0].contains("load problems (d)"), "\(w)x\(h): \(lines[0])")
            #expect(lines[0].contains("year 2016-17"))
        }
    }

    @Test func theChooserScrollsToEveryChoiceOnASmallScreen() {
        var s = UIFixture.state(width: 60, height: 15)
        s.press(.enter)
        var seen: Set<String> = []
        for _ in 0..<ExplorerState.breakdowns.count {
            for d in ExplorerState.breakdowns where s.screenText.contains(d.title) { seen.insert(d.title) }
            s.press(.down)
        }
        #expect(seen.count == ExplorerState.breakdowns.count)
        s.press(.enter)
        #expect(s.frame.dimension == .factor)   // the tenth, reached and chosen
    }

    @Test func longHeadersAreShortenedAndNamedInTheLegend() {
        var s = UIFixture.state(width: 80, height: 24)
        ScriptRunnerHelper.run("by ethnic-group", &s)
        #expect(!s.screenText.contains("Asian or Asian British "))
        #expect(s.screenText.contains("Asian or Asi~"))
        s.press(.right, .right)
        // The legend line names it in full, with its codes.
        #expect(s.screenText.contains("Asian or Asian British: ethnic group of AIND, APKN, ABAN, AOTH"))
    }
}

/// The data-quality view and meeting mode.
@Suite struct DataQualityAndMeetingTests {
    static func state() -> ExplorerState {
        var report = LoadReport()
        for i in 0..<450 {
            report.add(LoadProblem(file: "returns/cin-2017.xml", line: 100 + i, childID: "CHILD\(i)", rule: i % 3 == 0 ? .unparseableDate : .unknownCode,
                                   action: .cleared, detail: "value " + String(repeating: "x", count: i % 7 == 0 ? 150 : 3) + " \(i)"))
        }
        return ExplorerState(engine: UIFixture.engine, extractName: "fixture", loadReport: report, width: 120, height: 40, today: "2026-01-01")
    }

    @Test func everyProblemIsThereWithCountsByKind() {
        let s = Self.state()
        let lines = s.dataQualityLines
        #expect(lines.filter { $0.contains("returns/cin-2017.xml:") }.count == 450)   // not the first 200
        #expect(lines.contains { $0.hasPrefix("  unparseable-date") && $0.hasSuffix("150") })
        #expect(lines[2] == "BY KIND")
    }

    @Test func searchAndScrollSideways() {
        var s = Self.state()
        s.press(.char("d"))
        s.press(.char("/"))
        s.type("CHILD333")
        s.press(.enter)
        guard case .dataQuality(let scroll) = s.overlay else { Issue.record("not in the view"); return }
        #expect(s.dataQualityLines[scroll].contains("CHILD333"))
        #expect(s.screenText.contains("CHILD333"))
        s.press(.right)
        #expect(s.screenText.contains("from column 9"))
        s.press(.left)
        #expect(!s.screenText.contains("from column"))
    }

    @Test func meetingModeLocksRevealAndThresholdAndHidesChildIDs() {
        var s = Self.state()
        s.press(.char("P"))
        #expect(s.meetingMode)
        #expect(s.screenText.contains("MEETING MODE"))
        s.press(.char("r"))
        #expect(!s.reveal && s.messageIsError)
        s.press(.char("t"))
        #expect(s.messageIsError)
        if case .prompt = s.overlay { Issue.record("the threshold prompt opened") }
        #expect(!s.dataQualityLines.contains { $0.contains("CHILD1") })
        s.press(.char("P"))
        #expect(s.dataQualityLines.contains { $0.contains("CHILD1") })
    }
}

/// Text prompts edit like a shell line.
@Suite struct PromptEditingTests {
    func prompt(_ s: ExplorerState) -> Prompt? { if case .prompt(let p) = s.overlay { return p }; return nil }

    @Test func cursorKeysAndControlKeys() {
        var s = UIFixture.state()
        s.press(.char(":"))
        s.type("by age")
        s.press(.left, .left, .left)
        s.type("x")
        #expect(prompt(s)?.text == "by xage")
        s.press(.backspace)
        #expect(prompt(s)?.text == "by age")
        s.press(.ctrl("a"))
        s.type("#")
        #expect(prompt(s)?.text == "#by age")
        s.press(.backspace, .ctrl("e"))
        s.type(" band")
        #expect(prompt(s)?.text == "by age band")
        s.press(.ctrl("w"))
        #expect(prompt(s)?.text == "by age ")
        s.press(.home, .right, .right, .ctrl("k"))
        #expect(prompt(s)?.text == "by")
        s.press(.end, .ctrl("u"))
        #expect(prompt(s)?.text == "")
    }

    @Test func historyRecallsEarlierAnswers() {
        var s = UIFixture.state()
        s.press(.char(":")); s.type("by age"); s.press(.enter)
        s.press(.char(":")); s.type("back"); s.press(.enter)
        s.press(.char(":"), .up)
        #expect(prompt(s)?.text == "back")
        s.press(.up)
        #expect(prompt(s)?.text == "by age")
        s.press(.down, .down)
        #expect(prompt(s)?.text == "")
    }

    @Test func exportsExpandTildeAndRememberTheFolder() throws {
        var s = UIFixture.state()
        let dir = tempPath("folder")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        s.export(to: dir + "/one.csv", all: false, overwrite: false)
        #expect(s.exportDirectory == dir)
        s.press(.char("e"))
        #expect(prompt(s)?.text.hasPrefix(dir + "/cinx-summary-") == true)
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        #expect(ExplorerState.expandTilde("~/x.csv") == home + "/x.csv")
        #expect(ExplorerState.expandTilde("a~/x.csv") == "a~/x.csv")
    }
}

/// Pictures: a bar for the summary's share column, bars in breakdown cells with `b`.
@Suite struct BarTests {
    @Test func barsUseEighthBlocksOrASCII() {
        #expect(ViewModel.bar(0.5, width: 8, unicode: true) == "████")
        #expect(ViewModel.bar(1.0 / 16, width: 8, unicode: true) == "▌")
        #expect(ViewModel.bar(0.5, width: 8, unicode: false) == "####")
        #expect(ViewModel.bar(0, width: 8, unicode: true) == "")
    }

    @Test func theSummaryShareHasABarAndHiddenCellsNone() {
        let s = UIFixture.state()
        let share = s.model.columns.firstIndex(of: "% of pop.") ?? 1
        for row in s.model.cells { #expect((row[share].bar == nil) == row[share].hidden) }
        #expect(Renderer.render(s).text.contains("█"))
    }

    @Test func bTogglesBarsInBreakdownCells() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by age", &s)
        let before = Renderer.render(s).text
        #expect(!before.contains("█"))
        s.press(.char("b"))
        #expect(Renderer.render(s).text.contains("█"))
        #expect(s.model.cells.flatMap { $0 }.allSatisfy { !$0.hidden || $0.bar == nil })
    }
}

/// Explain this cell: the line at the foot of every table, and `Y`.
@Suite struct ExplainTests {
    /// Golden strings for a cell of each table (the fixture's numbers; hidden cells say so).
    @Test func theLineSpellsOutTheCellOfEachTable() {
        let cases: [(script: String, keys: [Key], line: String)] = [
            ("", [], "A (without 4B or 5B): 231 children; 2016-17; follow-up 2y, first episode (def. 4)"),
            ("", [.down, .right, .right], "B (4B or 5B) and with 16A Neglect: 31 children; 2016-17; follow-up 2y, first episode (def. 7)"),
            ("by age", [.right, .right], "A (without 4B or 5B) and age band 1-4: 59 children; 2016-17; follow-up 2y, first episode (def. 5)"),
            ("by ethnicity", [.down], "B (4B or 5B) and ethnicity WBRI White British: 61 children; 2016-17; follow-up 2y, first episode (def. 6)"),
            ("by ethnic-group", [.down, .down, .down, .down], "E (4B/5B with 3B and 1B or 2B) and ethnicity White ethnic group of WBRI, WIRI, WIRT, WOTH, WROM: c (hidden); 2016-17; follow-up 2y, first episode (def. 6)"),
            ("by maltreatment", [], "A (without 4B or 5B) and with 16A Neglect: 29 children; 2016-17; follow-up 2y, first episode (def. 7)"),
            ("drill D; by age; drill 1-4; by need", [.right], "D (4B/5B with 3B) and age band 1-4 and first need N1 Abuse or neglect: c (hidden); 2016-17; follow-up 2y, first episode (def. 9)"),
        ]
        for c in cases {
            var s = UIFixture.state()
            if !c.script.isEmpty { ScriptRunnerHelper.run(c.script, &s) }
            for k in c.keys { s.press(k) }
            #expect(s.explainLine == c.line, "\(c.script) \(c.keys)")
            // The count in the line is the published one.
            let cell = s.model.cells[s.frame.cursorRow][s.frame.cursorColumn]
            #expect(s.explainLine.contains(cell.hidden ? ": c (hidden)" : ": \(cell.count) children"))
        }
    }

    @Test func theKeysLineRebuildsTheView() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("cohort F=6B & !4B; factor 5B exclude; drill B; by age; drill 1-4; by need; percent row; sort N1 asc", &s)
        let keys = s.rebuildKeys
        var t = UIFixture.state()
        ScriptRunnerHelper.run(keys, &t)
        #expect(t.breadcrumb == s.breadcrumb)
        #expect(t.effectiveFilter == s.effectiveFilter)
        #expect(t.model == s.model)
        #expect(keys.contains("drill B:1-4") || keys.contains("drill B; by age"))
    }

    @Test func yWritesTheCommandsAndOffersTheClipboard() throws {
        var s = UIFixture.state()
        let dir = tempPath("cmd")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        s.exportDirectory = dir
        ScriptRunnerHelper.run("drill D; by age", &s)
        s.press(.char("Y"))
        let text = try String(contentsOfFile: dir + "/cinx-command-2026-01-01.txt", encoding: .utf8)
        #expect(text.contains("cinx report demo-data/cin-20*.xml.gz --table age"))
        #expect(text.contains("--in-cohort D"))
        #expect(text.contains("--keys 'year 2017; follow-up 2; need-episode first; drill D; by age'"))
        #expect(s.takeClipboardRequest()?.contains("--in-cohort D") == true)
    }
}
