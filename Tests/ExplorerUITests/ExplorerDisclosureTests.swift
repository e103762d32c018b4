import Testing
import CINModel
import CINRelease
import CohortEngine
@testable import ExplorerUI

/// The explorer shows only what the protected release of the view's filter publishes: no order,
/// derived value or header gives a hidden count away.
@Suite struct ExplorerDisclosureTests {
    /// Every screen of a filter is part of one protected release: the same cells as `cinx report`.
    @Test func screensShowTheProtectedRelease() {
        var s = UIFixture.state()
        for d in ExplorerState.breakdowns {
            ScriptRunnerHelper.run("by \(d.rawValue)", &s)
            let expected = ReportTables.suppressed(engine: UIFixture.engine, name: d.rawValue, threshold: 5)
            for (r, id) in s.model.rowIDs.enumerated() {
                guard let er = expected.table.rows.firstIndex(where: { $0.id == id }) else { Issue.record("row \(id)"); continue }
                #expect(s.model.cells[r].map(\.exportText) == expected.table.columns.indices.map { expected.cell(er, $0) }, "\(d) \(id)")
            }
            ScriptRunnerHelper.run("back", &s)
        }
    }

    @Test func hiddenCellsSortAsEqualAfterShownOnesInCohortOrder() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by ethnicity", &s)
        // A column with at least two hidden and two shown cells.
        let col = s.model.columns.indices.first { c in
            let h = s.model.cells.filter { $0[c].hidden }.count
            return h >= 2 && s.model.cells.count - h >= 2
        } ?? 0
        let hiddenRows = s.model.rowIDs.indices.filter { s.model.cells[$0][col].hidden }.map { s.model.rowIDs[$0] }
        #expect(hiddenRows.count >= 2)
        for descending in [true, false] {
            let m = s.model.sorted(by: col, descending: descending)
            let shown = m.rowIDs.indices.filter { !m.cells[$0][col].hidden }
            let hidden = m.rowIDs.indices.filter { m.cells[$0][col].hidden }
            // Every shown row comes before every hidden one; hidden rows keep cohort order.
            #expect((shown.max() ?? -1) < (hidden.min() ?? Int.max))
            #expect(hidden.map { m.rowIDs[$0] } == hiddenRows)
            let counts = shown.map { m.cells[$0][col].count }
            #expect(counts == (descending ? counts.sorted(by: >) : counts.sorted()))
        }
    }

    @Test func equalValuesKeepCohortOrder() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by age", &s)
        let col = s.model.columns.firstIndex(of: "Unknown") ?? 0   // all 0 in the fixture
        #expect(s.model.cells.allSatisfy { $0[col].count == 0 })
        #expect(s.model.sorted(by: col, descending: true).rowIDs == s.model.rowIDs)
        #expect(s.model.sorted(by: col, descending: false).rowIDs == s.model.rowIDs)
    }

    @Test func derivedValuesOfAHiddenCohortAreHidden() {
        // F (5B with 2B) is small in the fixture, so its size is hidden: its % of pop., Top need and
        // every maltreatment column are too.
        var s = UIFixture.state()
        ScriptRunnerHelper.run("cohort F=5B & 2B", &s)
        guard let r = s.model.rowIDs.firstIndex(of: "F") else { Issue.record("no F"); return }
        let cells = s.model.cells[r]
        #expect(cells[0].hidden && cells[1].hidden)
        #expect(cells.last?.hidden == true && cells.last?.exportText == "c")
        #expect(s.screenText.split(separator: "\n").first { $0.hasPrefix("F ") }?.contains("N") == false)
    }

    @Test func selectedIsSuppressedLikeAnyCount() {
        // Excluding 19A leaves a population whose complement (children with 19A) may be small.
        var s = UIFixture.state()
        let f = Filter(requiredFactors: FactorSet(codes: ["19A"]))
        let r = ReportTables.release(engine: UIFixture.engine, names: ["summary"], threshold: 5, filter: f)
        ScriptRunnerHelper.run("factor 19A require", &s)
        #expect(s.model.populationHidden == r.populationHidden)
        #expect(s.screenText.contains("Selected: \(r.populationHidden ? "c" : String(r.tables[0].table.population))"))
        // A filter that selects few children: the selection's size is hidden.
        var t = UIFixture.state()
        ScriptRunnerHelper.run("cohort F=5B & 2B; drill F; by age", &t)
        #expect(t.model.populationHidden)
        #expect(t.screenText.contains("Selected: c"))
    }

    @Test func percentagesOfHiddenBasesAreWithheld() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by ethnicity; percent row", &s)
        let total = s.model.columns.count - 1
        for r in s.model.rowIDs.indices where s.model.cells[r][total].hidden {
            #expect(s.model.cells[r].allSatisfy { $0.hidden }, "row % of a hidden total gives the total away")
        }
        ScriptRunnerHelper.run("percent column", &s)
        let a = s.model.rowIDs.firstIndex(of: "A") ?? 0, b = s.model.rowIDs.firstIndex(of: "B") ?? 1
        var c = UIFixture.state()
        ScriptRunnerHelper.run("by ethnicity", &c)
        for col in s.model.columns.indices where c.model.cells[a][col].hidden || c.model.cells[b][col].hidden {
            #expect(s.model.rowIDs.indices.allSatisfy { s.model.cells[$0][col].hidden }, "column \(s.model.columns[col])")
        }
    }

    @Test func factorPanelCountsFollowTheRelease() {
        var s = UIFixture.state()
        s.press(.char("f"))
        let counts = s.factorPanelCounts()
        let t = ReportTables.suppressed(engine: UIFixture.engine, name: "factor", threshold: 5)
        for (k, code) in AssessmentFactor.list.codes.enumerated() {
            let c = k + 1
            let hidden = t.isHidden(0, c) || t.isHidden(1, c)
            #expect((counts[k] == "c") == hidden, "\(code)")
            if !hidden { #expect(counts[k] == String(t.table.counts[0][c] + t.table.counts[1][c])) }
        }
    }
}

/// Drilled tables show the cohorts that can hold children, each once, labelled as what it is.
@Suite struct DrillRowsTests {
    @Test func insideDTheRowsAreDAndE() {
        // Inside D: A is empty; B inside D is D; C inside D is C and D, which is E; D is D; E is E.
        let rows = DrillRows(cohorts: CohortDefinition.standard, filter: Filter(cohorts: ["D"])).rows
        #expect(rows.map(\.id) == ["D", "E"])
        #expect(rows.map(\.label) == ["4B/5B with 3B", "C and D (= E)"])
    }

    @Test func insideBEveryInnerCohortStays() {
        let rows = DrillRows(cohorts: CohortDefinition.standard, filter: Filter(cohorts: ["B"])).rows
        #expect(rows.map(\.id) == ["B", "C", "D", "E"])
        #expect(rows.map(\.label) == CohortDefinition.standard.dropFirst().map(\.label))
    }

    @Test func insideAOnlyAAndCustomCohortsThatOverlapIt() {
        let f = CohortDefinition(id: "F", label: "6B & !4B", expression: .and(.factor("6B"), .not(.factor("4B"))))
        let rows = DrillRows(cohorts: CohortDefinition.standard + [f], filter: Filter(cohorts: ["A"])).rows
        #expect(rows.map(\.id) == ["A", "F"])
        #expect(rows.map(\.label) == ["without 4B or 5B", "F and A"])
    }

    @Test func factorFiltersDropCohortsTheyEmpty() {
        // Excluding 4B and 5B leaves only A.
        let rows = DrillRows(cohorts: CohortDefinition.standard, filter: Filter(excludedFactors: FactorSet(codes: ["4B", "5B"]))).rows
        #expect(rows.map(\.id) == ["A"])
    }

    @Test func theScreenAndTheBreadcrumbAgree() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("drill D; by age; drill 1-4; by need", &s)
        #expect(s.breadcrumb == "All > D (4B/5B with 3B) > 1-4 > by primary need in follow-up")
        #expect(s.model.rowIDs == ["D", "E"])
        #expect(s.screenText.contains("E C and D (= E)"))
        #expect(!s.screenText.contains("A without 4B or 5B"))
    }
}

/// The year the explorer opens on and accepts comes from the returns loaded.
@Suite struct YearDefaultTests {
    @Test func defaultYearFollowsTheData() {
        // The demo (2015-2020): the FOI's 2016-17 and its two-year window (to 31 March 2019) are covered.
        #expect(AnalysisSettings.defaultYear(returnYears: Array(2015...2020), followUpYears: 2) == 2017)
        // 2021-2024: 2016-17 is not there; 2021-22's window ends by 31 March 2024, the last covered.
        #expect(AnalysisSettings.defaultYear(returnYears: Array(2021...2024), followUpYears: 2) == 2022)
        // One return: no window is covered; the latest year.
        #expect(AnalysisSettings.defaultYear(returnYears: [2024], followUpYears: 2) == 2024)
        #expect(AnalysisSettings.followUpCovered(year: 2018, followUpYears: 2, returnYears: Array(2015...2020)))
        #expect(!AnalysisSettings.followUpCovered(year: 2019, followUpYears: 2, returnYears: Array(2015...2020)))
    }

    @Test func yearPromptShowsAndKeepsToTheRange() {
        var s = UIFixture.state()
        s.press(.char("y"))
        #expect(s.screenText.contains("(returns cover 2014-15 to 2019-20)"))
        for _ in 0..<4 { s.press(.backspace) }
        s.type("2013")
        s.press(.enter)
        #expect(s.screenText.contains("a year from 2014-15 to 2019-20"))
        #expect(s.engine.settings.year == 2017)
        for _ in 0..<4 { s.press(.backspace) }
        s.type("2018-19")   // as the header writes years
        s.press(.enter)
        #expect(s.engine.settings.year == 2019)
        #expect(s.screenText.contains("PAST THE LAST RETURN"))
    }
}

@Suite struct PercentSortTests {
    /// Sorting a column of percentages orders the percentages shown, not the counts behind them.
    @Test func percentColumnsSortByThePercentShown() {
        var s = UIFixture.state()
        ScriptRunnerHelper.run("by age; percent row", &s)
        let col = s.model.columns.firstIndex(of: "10-15") ?? 4
        for descending in [true, false] {
            let m = s.model.sorted(by: col, descending: descending)
            let shown = m.cells.filter { !$0[col].hidden }.map { Double($0[col].text.dropLast()) ?? -1 }
            #expect(shown == (descending ? shown.sorted(by: >) : shown.sorted()))
        }
    }
}
