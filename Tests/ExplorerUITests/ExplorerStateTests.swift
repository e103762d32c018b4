import Testing
import Foundation
import CINModel
import CINRelease
import CohortEngine
@testable import ExplorerUI

@Suite struct ExplorerStateTests {
    @Test func summaryScreenShowsTheEngineNumbers() {
        let s = UIFixture.state()
        let text = s.screenText
        // As published: the protected release of the unfiltered scope (E's size, 7, is hidden there to
        // protect its age bands, three small counts that would otherwise sum to the visible 7).
        let published = ReportTables.suppressed(engine: UIFixture.engine, name: "summary", threshold: 5)
        let sizes = (0..<5).map { published.cell($0, 0) }
        #expect(text.contains("population \(UIFixture.engine.populationSize)"))
        #expect(text.contains("Cohort summary"))
        let lines = text.split(separator: "\n").map(String.init)
        for (i, id) in ["A", "B", "C", "D", "E"].enumerated() {
            let line = lines.first { $0.hasPrefix("\(id) ") }
            #expect(line?.contains(" \(sizes[i]) ") == true, "\(id): \(line ?? "missing")")
        }
        #expect(text.contains("? help"))   // the footer names the keys that work here
    }

    @Test func drillTwoLevelsAndBackRestoresTheCursor() {
        var s = UIFixture.state()
        s.press(.down, .enter)                     // cohort B, open the chooser
        #expect(s.screenText.contains("Break down All > B (4B or 5B) by:"))
        s.press(.enter)                            // 1. age band
        #expect(s.breadcrumb == "All > B (4B or 5B) > by age band")
        #expect(s.model.rowIDs[s.frame.cursorRow] == "B")   // on B (the first row: inside B, A cannot hold a child)
        s.press(.right, .right)                    // Unborn -> Under 1 -> 1-4
        #expect(s.model.columns[s.frame.cursorColumn] == "1-4")
        s.press(.enter, .char("2"))                // drill B x 1-4, by ethnicity
        #expect(s.breadcrumb == "All > B (4B or 5B) > 1-4 > by ethnicity")
        #expect(s.screenText.contains("All > B (4B or 5B) > 1-4 > by ethnicity"))
        // The numbers are the engine's for cohort B, age 1-4.
        let f = Filter(cohorts: ["B"], dimensions: [.init(dimension: .ageBand, values: [2])])
        let expected = ReportTables.suppressed(engine: UIFixture.engine, name: "ethnicity", threshold: 5, filter: f)
        let row = s.model.rowIDs.firstIndex(of: "B") ?? -1
        #expect(s.model.cells[row].map(\.exportText) == (0..<expected.table.columns.count).map { expected.cell(1, $0) })
        s.press(.escape)
        #expect(s.breadcrumb == "All > B (4B or 5B) > by age band")
        #expect(s.model.columns[s.frame.cursorColumn] == "1-4" && s.model.rowIDs[s.frame.cursorRow] == "B")
        s.press(.backspace)
        #expect(s.breadcrumb == "All")
        #expect(s.frame.cursorRow == 1)
    }

    @Test func excludingAFactorGivesTheEngineCounts() {
        var s = UIFixture.state()
        s.press(.char("f"))
        let idx = AssessmentFactor.list.index(of: "5B") ?? 0
        for _ in 0..<idx { s.press(.down) }
        s.press(.char(" "), .char(" "))            // ignored -> required -> excluded
        #expect(s.factorState(idx) == .excluded)
        s.press(.escape)
        let expected = UIFixture.engine.summary(filter: Filter(excludedFactors: FactorSet(codes: ["5B"])))
        #expect(s.model.cells.map { $0[0].count } == expected.counts.map { $0[0] })
        #expect(s.screenText.contains("Filters: factors excluded: 5B"))
        #expect(s.model.population == expected.population)
    }

    @Test func columnPercentsOfAAndBSumToAHundred() {
        var s = UIFixture.state()
        s.press(.down, .enter)
        s.press(.escape)                           // cancel the chooser
        ScriptRunnerHelper.run("by age; percent column", &s)
        #expect(s.percentMode == .columnPercent)
        // The Total column keeps its counts (the base of each row) in every percent mode.
        for c in s.model.columns.indices where s.model.columns[c] != "Total" {
            let a = s.model.cells[0][c], b = s.model.cells[1][c]
            guard a.count + b.count > 0 else { continue }
            let sum = Double(a.count) / Double(a.count + b.count) * 100 + Double(b.count) / Double(a.count + b.count) * 100
            #expect(abs(sum - 100) < 0.001)
            if !a.hidden && !b.hidden {
                let shown = [a.text, b.text].compactMap { Double($0.dropLast()) }.reduce(0, +)
                #expect(abs(shown - 100) <= 0.11, "\(s.model.columns[c]): \(a.text) + \(b.text)")
            }
        }
    }

    @Test func wideTablesScrollWithFrozenLabels() {
        var s = UIFixture.state(width: 80, height: 30)
        ScriptRunnerHelper.run("by ethnicity", &s)
        #expect(s.screenText.contains("Total"))   // pinned while the codes scroll
        #expect(!s.screenText.contains("NOBT"))
        s.press(.end)
        for _ in 0..<30 { s.press(.right) }
        let text = s.screenText
        #expect(text.contains("Total"))
        #expect(text.contains("NOBT"))
        #expect(!text.contains("WBRI"))
        #expect(text.contains("A without 4B or 5B"))    // labels stay
        #expect(text.contains("< cohort"))
    }

    @Test func tooSmallScreenAndRecovery() {
        var s = UIFixture.state()
        s.press(.resize(width: 30, height: 8))
        #expect(s.screenText.contains("Terminal too small"))
        s.press(.resize(width: 1, height: 1))
        _ = Renderer.render(s)
        s.press(.resize(width: 100, height: 30))
        #expect(s.screenText.contains("Cohort summary"))
    }

    @Test func addCohortErrorShownInPlaceThenAdded() {
        var s = UIFixture.state()
        s.press(.char("+"))
        s.type("F=6B & ")
        s.press(.enter)
        #expect(s.screenText.contains("at character 7"))
        s.press(.backspace, .backspace)
        s.type("& !4B")
        s.press(.enter)
        #expect(s.model.rowIDs.last == "F")
        #expect(s.message?.contains("cohort F added") == true)
    }

    @Test func hideCohortAndUndo() {
        var s = UIFixture.state()
        s.press(.char(" "))
        #expect(s.model.rowIDs == ["B", "C", "D", "E"])
        s.press(.char("u"))
        #expect(s.model.rowIDs == ["A", "B", "C", "D", "E"])
    }

    @Test func settingsRerunTheEngineAndKeepThePath() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("drill B; by need", &s)
        s.press(.char("y"))
        for _ in 0..<4 { s.press(.backspace) }
        s.type("2018")
        s.press(.enter)
        #expect(s.engine.settings.year == 2018)
        #expect(s.breadcrumb == "All > B (4B or 5B) > by primary need in follow-up")
        var e = UIFixture.engine
        e.apply(settings: AnalysisSettings(year: 2018))
        #expect(s.model.population == e.selectedCount(Filter(cohorts: ["B"])))
        s.press(.char("N"))                        // n is the next search match
        #expect(s.engine.settings.needEpisode == .later)
    }

    /// Every documented choice is set by `R` (a choice and a reading, or a choice alone for its next reading)
    /// and by its `--keys` statement; the header, the rebuilding statements and the report command carry it.
    @Test func readingsAreSettingsOfTheExplorer() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by age; code-21 ignored", &s)
        #expect(s.engine.settings.code21 == .ignored)
        s.press(.char("R"))
        s.type("age-at")
        s.press(.enter)
        #expect(s.engine.settings.ageAt == .authorisation)
        #expect(s.screenText.contains("read: code-21 ignored, age-at authorisation"))
        #expect(s.rebuildKeys.contains("code-21 ignored; age-at authorisation"))
        let args = s.equivalentReportArguments()
        #expect(args.contains("--code-21") && args.contains("--age-at"))
        var e = UIFixture.engine
        e.apply(settings: AnalysisSettings(code21: .ignored, ageAt: .authorisation))
        #expect(s.model.population == e.populationSize)
        ScriptRunnerHelper.run("code-21 counts; age-at start", &s)
        #expect(s.engine.settings == AnalysisSettings(year: s.engine.settings.year))
        #expect(!s.screenText.contains("read:"))
    }

    @Test func revealShowsRawCountsOnScreenOnly() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by ethnicity", &s)
        let hidden = s.model.cells.flatMap { $0 }.filter(\.hidden)
        #expect(!hidden.isEmpty)
        s.press(.char("r"))
        // Reveal asks first, once a session.
        #expect(s.screenText.contains("Reveal hidden counts ON SCREEN?"))
        s.press(.char("n"))
        #expect(!s.reveal)
        s.press(.char("r"), .char("y"))
        #expect(s.reveal)
        #expect(s.screenText.contains("REVEALED"))
        #expect(s.model.cells.flatMap { $0 }.filter(\.hidden).allSatisfy { $0.text.hasSuffix("*") && $0.exportText == "c" })
        s.press(.char("r"))
        #expect(!s.reveal)
        s.press(.char("r"))
        #expect(s.reveal)   // no second question
        #expect(s.exportModel().cells.flatMap { $0 }.filter(\.hidden).allSatisfy { $0.text == "c" })
    }

    @Test func helpListsEveryBoundCommand() {
        var s = UIFixture.state()
        s.press(.char("?"))
        let lines = s.helpLines.joined(separator: "\n")
        for c in Command.allCases where !KeyMap.keys(for: c).isEmpty { #expect(lines.contains(c.help)) }
        #expect(s.screenText.contains("Help"))
        s.press(.escape)
        #expect(s.overlay == .none)
    }

    @Test func userGuideKeyTableMatchesTheKeyMap() throws {
        let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/user-guide.md")
        let text = try String(contentsOf: guide, encoding: .utf8)
        for c in Command.allCases where !KeyMap.keys(for: c).isEmpty {
            #expect(text.contains("| \(KeyMap.keys(for: c)) | `\(c.rawValue)` |"), "user guide lacks \(c.rawValue)")
        }
        // Markdown tables escape the bars of a statement's alternatives.
        func cell(_ t: String) -> String { t.replacingOccurrences(of: "|", with: "\\|") }
        for verb in ScriptVerb.allCases {
            let row = "| `\(cell(verb.usage))` | \(cell(verb.help)) |"
            #expect(text.contains(row), "user guide lacks the statement row \(row)")
        }
    }
}
