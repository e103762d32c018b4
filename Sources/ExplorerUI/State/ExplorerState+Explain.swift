import CINRelease
import CINModel
import CohortEngine
import Foundation

extension ExplorerState {
    /// The cell under the cursor in words: who is counted, how many (or that it is hidden), the
    /// year and the definition that decides it. For example "D (4B/5B with 3B) and age band 1-4 and
    /// first need N1 Abuse or neglect: 45 children; 2016-17; follow-up 2y, first episode (def. 9)".
    public var explainLine: String {
        let m = model
        let f = frame
        guard m.rowIDs.indices.contains(f.cursorRow), m.columns.indices.contains(f.cursorColumn) else { return "" }
        let id = m.rowIDs[f.cursorRow]
        let column = m.columns[f.cursorColumn]
        let cell = m.cells[f.cursorRow][f.cursorColumn]
        let s = engine.settings
        var who = ["\(id) (\(m.rowLabels[f.cursorRow]))"]
        for step in f.steps {
            switch step {
            case .cohort(let c) where c != id: who.append("\(c)")
            case .value(let d, let v) where engine.label(d, v) != nil: who.append("\(d.title) \(engine.label(d, v) ?? "")")
            default: break
            }
        }
        if !requiredFactors.isEmpty { who.append("with " + requiredFactors.codes.joined(separator: ", ")) }
        if !excludedFactors.isEmpty { who.append("without " + excludedFactors.codes.joined(separator: ", ")) }
        let definition: String
        switch f.dimension {
        case nil:
            switch column {
            case "16A", "17A", "18A", "19A":
                who.append("with \(column) \(malName(column))"); definition = "def. 7"
            case "Top need": who.append("most common first need"); definition = "def. 9"
            default: definition = "def. 4"
            }
        case .need?:
            if let n = PrimaryNeed.list.codes.firstIndex(of: column) { who.append("first need \(column) \(PrimaryNeed.list.labels[n])") }
            else if column == "Unknown" { who.append("first need not coded") }
            else if column == "None" { who.append("no episode of need in the window") }
            definition = "def. 9"
        case .ageBand?: if column != "Total" { who.append("age band \(column)") }; definition = "def. 5"
        case .ethnicity?, .ethnicGroup?:
            if column != "Total" { who.append("ethnicity \(column)" + (ColumnNames.name(of: column, in: f.dimension).map { " \($0)" } ?? "")) }
            definition = "def. 6"
        case .maltreatment?:
            if column != "All" { who.append("with \(column) \(malName(column))") }
            definition = "def. 7"
        case let d?:
            if column != "Total" && column != "All" { who.append("\(d.title) \(column)") }
            definition = "definitions: further dimensions"
        }
        let count: String
        if cell.hidden && !reveal {
            count = "c (hidden)"
        } else {
            count = "\(cell.count) children" + (cell.hidden ? " (revealed on screen only)" : "")
                + (percentMode == .counts || cell.text == String(cell.count) ? "" : " (\(cell.text.replacingOccurrences(of: "\(cell.count) ", with: "")))")
        }
        // In the trend each column is its own reporting year; cohort sizes do not depend on the follow-up.
        if f.isTrend {
            let marked = column.hasSuffix(ViewModel.pastTheDataMark)
            let y = Int(marked ? String(column.dropLast()) : column) ?? s.year
            return who.joined(separator: " and ") + ": \(count); \(y - 1)-\(String(y).suffix(2))"
                + (marked ? " (its \(s.followUpYears)-year follow-up runs past the last return)" : "") + " (def. 4)"
        }
        let year = "\(s.year - 1)-\(String(s.year).suffix(2))"
        let window = "follow-up \(s.followUpYears)y, \(s.needEpisode == .first ? "first episode" : "first later referral")"
        return who.joined(separator: " and ") + ": \(count); \(year); \(window) (\(definition))"
    }

    private func malName(_ column: String) -> String {
        Maltreatment.labels.firstIndex(of: column).map { Maltreatment.names[$0] } ?? ""
    }

    /// The batch statements that rebuild the current view (`cinx explore --keys '...'`) from a fresh
    /// start on the same files: the settings, the cohorts added, the factor panel, the drill path,
    /// the cohorts hidden, the percent mode and the sort.
    public var rebuildKeys: String {
        let s = engine.settings
        var out = ["year \(s.year)", "follow-up \(s.followUpYears)", "need-episode \(s.needEpisode.rawValue)"]
        out += s.otherReadings.map { "\($0.choice.rawValue) \($0.reading)" }
        if threshold != Suppression.dfeThreshold { out.append("threshold \(threshold)") }
        for c in engine.cohorts where !CohortDefinition.standard.contains(c) { out.append("cohort \(c.id)=\(c.expression)") }
        for code in requiredFactors.codes { out.append("factor \(code) require") }
        for code in excludedFactors.codes { out.append("factor \(code) exclude") }
        for k in stack.indices.dropFirst() {
            let frame = stack[k]
            let earlier = stack[k - 1].steps
            let added = frame.steps.count >= earlier.count ? Array(frame.steps[earlier.count...]) : []
            let row = frame.focusCohort ?? added.compactMap { if case .cohort(let c) = $0 { return c }; return nil }.first
            let value = added.compactMap { step -> String? in
                if case .value(let d, let v) = step { return engine.label(d, v) }
                return nil
            }.first
            if let row, let value { out.append("drill \(row):\(value)") } else if let row { out.append("drill \(row)") }
            else if let value { out.append("drill \(value)") }
            if let d = frame.dimension { out.append("by \(d.rawValue)") }
            if frame.isTrend { out.append("by \(ReportTable.trend.name)") }
        }
        // Hidden after the drills, which move the cursor onto rows by name.
        for id in engine.cohorts.map(\.id) where hiddenCohorts.contains(id) { out.append("hide \(id)") }
        switch percentMode {
        case .counts: break
        case .rowPercent: out.append("percent row")
        case .columnPercent: out.append("percent column")
        case .countAndPercent: out.append("percent both")
        }
        if let c = frame.sortColumn, model.columns.indices.contains(c) {
            out.append("sort \(model.columns[c]) \(frame.sortDescending ? "desc" : "asc")")
        }
        return out.joined(separator: "; ")
    }

    /// The `cinx explore` line that rebuilds this view, shell-quoted.
    public var rebuildCommand: String {
        ReleaseManifest.shellLine(["cinx", "explore"] + extractFiles + ["--keys", rebuildKeys])
    }

    /// `Y`: writes the `cinx report` command and the `--keys` line that rebuild this view to a new file
    /// in the export folder (never over an earlier one), and asks the terminal to put them on the
    /// clipboard (OSC 52).
    mutating func copyCommand() {
        let report = equivalentReportCommand()
        let keys = rebuildCommand
        let text = "# the numbers of this view\n\(report)\n# the view itself\n\(keys)\n"
        var written: String?
        var failure: AtomicFileWriter.Failure?
        for n in 1...1000 {
            let path = "\(exportDirectory)/cinx-command-\(today)\(n == 1 ? "" : "-\(n)").txt"
            if FileManager.default.fileExists(atPath: path) { continue }
            do throws(AtomicFileWriter.Failure) {
                try AtomicFileWriter.write(text, to: path, overwrite: false)
                written = path
            } catch { failure = error }
            break
        }
        guard let path = written else {
            say("cannot write the command: \(failure?.description ?? "every cinx-command-\(today) name is taken")", error: true)
            return
        }
        clipboardRequest = report + "\n" + keys
        say("wrote \(path) (and offered it to the clipboard)")
    }

    /// True once after `Y`: the text the terminal adapter offers to the clipboard.
    public mutating func takeClipboardRequest() -> String? {
        defer { clipboardRequest = nil }
        return clipboardRequest
    }
}
