import CohortEngine
import CINLoading
import CINModel
import CINRelease

extension ExplorerState {
    /// Help: every key table (the table views', then each panel's and overlay's), the script
    /// statements, then a line on each definition. All of it is read from the tables, so it cannot drift.
    public var helpLines: [String] {
        var lines = ["KEYS (\(PageAction.helpTable.key(for: .close)) closes this page)", ""]
        lines += KeyMap.table.helpLines + [""]
        lines += FactorPanelAction.table.helpLines + [""]
        lines += CohortPanelAction.table.helpLines + [""]
        lines += ChooserAction.table.helpLines + [""]
        lines += PromptAction.table.helpLines + ConfirmAnswer.table.helpLines.dropFirst() + [""]
        lines += PageAction.helpTable.helpLines + [""]
        lines += PageAction.dataQualityOnlyHelpLines + [""]
        lines += ScriptVerb.helpLines + [""]
        lines += [
            "DEFINITIONS (docs/definitions.md, \(ReportTables.definitionsVersion))",
            "  1 Year Y: 1 April Y-1 to 31 March Y (now \(engine.settings.year)).",
            "  2 Assessment with factor data: authorised, at least one factor code (21 counts).",
            "  3 Population: children with such an assessment authorised in Y; the first by authorisation date",
            "    decides (same-day assessments: union of factors).",
            "  4 Cohorts: A not (4B or 5B); B 4B or 5B; C B and (1B or 2B); D B and 3B; E B and 3B and (1B or 2B).",
            "  5 Age band at the assessment start: Unborn, Under 1, 1-4, 5-9, 10-15, 16+, Unknown.",
            "  6 Ethnicity: the latest return's code; groups are the DfE's major groups.",
            "  7 Maltreatment: 16A neglect, 17A emotional, 18A/B/C physical, 19A/B/C sexual.",
            "  8 Episode of need: a referral that is not ReferralNFA.",
            "  9 Need in follow-up: the first episode of need open in the \(engine.settings.followUpYears)-year window",
            "    (\(KeyMap.key(for: .toggleNeedEpisode)) switches to the first referred after the assessment); None: no such episode.",
            "  Suppression: counts 1-\(exportThreshold) as c; every screen of a filter is one protected release",
            "    (docs/privacy.md); \(KeyMap.key(for: .toggleReveal)) reveals on screen only; \(KeyMap.key(for: .meetingMode)) meeting mode locks reveal and the threshold.",
            "  Column %: share of all children (A + B) in that column; row %: share of the row's total.",
        ]
        return lines
    }

    /// The load's counts as the screen may show them: hidden from 1 to the screen's threshold as
    /// `release.json` hides them, the problems' total with any kind (one rule: `ReleaseManifest.Loaded`).
    public var publishedLoad: ReleaseManifest.Loaded {
        ReleaseManifest.Loaded(loadReport, data: engine.data, threshold: threshold)
    }

    /// Every problem the load kept, after a count by kind; in meeting mode without child IDs. A kind
    /// whose count is hidden shows `c` and its problems are not listed: counting their lines would
    /// give the count away (`cinx validate`, the data owner's view, lists them).
    public var dataQualityLines: [String] {
        let published = publishedLoad
        var lines = ["DATA QUALITY: \(published.problems) problem(s) in \(loadReport.files.count) file(s)", "", "BY KIND"]
        for f in loadReport.failedFiles { lines.append("  FAILED: \(f)") }
        var hiddenKinds: Set<LoadRule> = []
        for rule in LoadRule.allCases where loadReport.count(rule) > 0 {
            let n = published.problems(rule)
            if n == .hidden { hiddenKinds.insert(rule) }
            lines.append("  " + DisplayWidth.fit(rule.rawValue, 32) + n.description)
        }
        lines += ["", "EVERY PROBLEM (file:line: child: rule: detail [action])" + (meetingMode ? "; child IDs hidden in meeting mode" : "")]
        var listed = 0
        for p in loadReport.problems where !hiddenKinds.contains(p.rule) {
            var q = p
            if meetingMode { q.childID = q.childID.isEmpty ? "" : "(hidden)" }
            lines.append("  " + q.formatted)
            listed += 1
        }
        if !hiddenKinds.isEmpty {
            lines.append("  (the problems of the kinds shown as c are not listed: cinx validate, the data owner's view, lists them)")
        }
        // Those not kept, of the kinds listed: a number the counts shown already give.
        let shownTotal = LoadRule.allCases.filter { !hiddenKinds.contains($0) }.reduce(0) { $0 + loadReport.count($1) }
        if shownTotal > listed {
            lines.append("  ... \(shownTotal - listed) more counted but not kept: cinx validate --format json lists all")
        }
        return lines
    }
}
