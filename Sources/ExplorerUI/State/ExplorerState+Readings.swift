import CINRelease
import CohortEngine

/// The explorer's side-by-side view of readings (`D`): the current view's table under the other reading of
/// one documented choice (docs/definitions.md, "Readings side by side"), as `cinx report --compare` publishes
/// it: protected beside the standard release at the screen's threshold, the same numbers as the report's.
extension ExplorerState {
    /// The choices that change the view's table, in `ReadingChoice` order.
    var readingChoices: [ReadingChoice] { ReadingChoice.allCases.filter { ReadingComparison.affects($0, viewTable) } }

    /// Opens the page on the first choice after `previous` that changes the view's table (wrapping round).
    mutating func openReadings(after previous: ReadingChoice?) {
        let choices = readingChoices
        guard !choices.isEmpty else {
            overlay = .none
            say("no documented choice changes this table (the trend's cohort sizes: see each year's summary)")
            return
        }
        let next = previous.flatMap { p in choices.firstIndex(of: p).map { choices[($0 + 1) % choices.count] } } ?? choices[0]
        overlay = .readings(next, scroll: 0)
    }

    mutating func handleReadingsPage(_ key: Key, choice: ReadingChoice, scroll: Int) {
        if KeyMap.command(for: key) == .compareReadings { openReadings(after: choice); return }
        // The export keys export the side by side on the page (`ExplorerState+ReadingsExport`).
        if KeyMap.command(for: key) == .exportView {
            overlay = .prompt(Prompt(kind: .exportReadingsPath(choice), text: defaultReadingsExportPath(choice)))
            return
        }
        guard let action = PageAction.helpTable.action(for: key) else { return }
        if action == .close { overlay = .none; return }
        if let s = scrolled(action, scroll: scroll, lines: readingLines(choice).count) { overlay = .readings(choice, scroll: s) }
    }

    /// The page's lines for one choice (made once per view, settings and threshold: each is a protected release).
    public func readingLines(_ choice: ReadingChoice) -> [String] {
        let key = readingsKey(choice, threshold: threshold)
        if let lines = readingsCache.pages[key] { return lines }
        let lines = makeReadingLines(choice)
        readingsCache.pages[key] = lines
        return lines
    }

    /// What a side-by-side page (and its protected release) is made of.
    func readingsKey(_ choice: ReadingChoice, threshold: Int) -> String {
        "\(choice.rawValue)|\(viewTable.name)|\(engine.settings)|\(threshold)|\(effectiveFilter.isEmpty)|\(engine.cohorts.count)"
    }

    /// Whether the view is of the standard release (the standard cohorts, no filter), the only one a side by side is of.
    var viewIsStandard: Bool { effectiveFilter.isEmpty && engine.cohorts.allSatisfy { CohortDefinition.standard.contains($0) } }

    private func makeReadingLines(_ choice: ReadingChoice) -> [String] {
        let from = choice.reading(in: engine.settings)
        var lines = ["\(choice.question.prefix(1).uppercased() + choice.question.dropFirst()).",
                     "This view reads: \(choice.describe(from)) (\(choice.option) \(from)).", ""]
        guard viewIsStandard else {
            return lines + ["Side by side is of the standard release: the standard cohorts with no filter or drill.",
                            "Go back to the top (\(KeyMap.key(for: .goBack))) and open this table from there; remove custom cohorts (\(KeyMap.key(for: .cohortPanel)))."]
        }
        guard let comparison = ReadingComparison.compute(engine: engine, choice: choice, table: viewTable) else { return lines }
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: [comparison], threshold: threshold)
        readingsCache.sets[readingsKey(choice, threshold: threshold)] = set
        guard let published = set.comparisons.first else { return lines }
        for alt in published.alternatives {
            lines.append("Other reading: \(choice.describe(alt.reading)) (\(choice.option) \(alt.reading)).")
            if alt.moversPublished {
                let n = alt.movers.map(String.init) ?? Publication.Cell.hiddenMark
                // Only a choice of membership publishes its movers alone (`ReadingChoice.publishesOnlyMovers`).
                lines += ["Children counted differently in this table (in or out of the population, in another cohort, or with another value): \(n).",
                          "This choice changes who is in each cohort: its tables are not shown beside these (docs/privacy.md)."]
                continue
            }
            guard let t = alt.table else {
                lines.append("Not shown: \(set.withheldReason ?? "not protected").")
                continue
            }
            let base = published.base
            let width = max(8, (base.table.columns.map(\.count).max() ?? 8) + 1)
            lines.append("")
            lines.append(DisplayWidth.fit("cohort", 8) + DisplayWidth.fit("cell", width)
                         + DisplayWidth.fit(from, 12) + DisplayWidth.fit(alt.reading, 12) + "difference")
            for (r, row) in t.table.rows.enumerated() {
                guard let br = base.table.rows.firstIndex(where: { $0.id == row.id }) else { continue }
                for (c, name) in t.table.columns.enumerated() {
                    guard let bc = base.table.columns.firstIndex(of: name) else { continue }
                    let shown = !t.isHidden(r, c) && !base.isHidden(br, bc)
                    let difference = shown ? String(t.table.counts[r][c] - base.table.counts[br][bc]) : Publication.Cell.hiddenMark
                    lines.append(DisplayWidth.fit(row.id, 8) + DisplayWidth.fit(name, width)
                                 + DisplayWidth.fit(base.cell(br, bc), 12) + DisplayWidth.fit(t.cell(r, c), 12) + difference)
                }
            }
            if let m = alt.movements, choice.publishesOnlyMovers {
                // code-21: children by cohort under this view's reading and cohort under the other, or out of its population.
                lines += ["", "Children by cohort (\(from) -> \(alt.reading), out: not in its population); counts of 0 to \(threshold), and some hidden to protect them, are not listed:"]
                for (r, row) in m.table.rows.enumerated() {
                    for (c, name) in m.table.columns.enumerated() where !m.isHidden(r, c) && m.table.counts[r][c] > 0 {
                        lines.append(DisplayWidth.fit(row.id, 8) + DisplayWidth.fit(row.id + " -> " + name, 24) + m.cell(r, c))
                    }
                }
            } else if let m = alt.movements {
                lines += ["", "Children who move (\(from) -> \(alt.reading)); moves of 0 to \(threshold), and some hidden to protect them, are not listed:"]
                for (r, row) in m.table.rows.enumerated() {
                    for (c, name) in m.table.columns.enumerated() where c != m.table.totalColumn && !m.isHidden(r, c) && m.table.counts[r][c] > 0 {
                        let pair = name.split(separator: ">", maxSplits: 1).map(String.init)
                        guard pair.count == 2, pair[0] != pair[1] else { continue }
                        lines.append(DisplayWidth.fit(row.id, 8) + DisplayWidth.fit(pair[0] + " -> " + pair[1], 24) + m.cell(r, c))
                    }
                }
            }
        }
        return lines
    }
}
