import CINRelease
import CohortEngine
import CINModel
import Foundation

extension ExplorerState {
    /// Threshold exports use: the screen's, or the DfE's 5 when the screen has suppression off.
    public var exportThreshold: Int { threshold > 0 ? threshold : Suppression.dfeThreshold }

    /// The table the current view shows.
    public var viewTable: ReportTable {
        switch frame.kind {
        case .summary: return .summary
        case .breakdown(let d): return .dimension(d)
        case .trend: return .trend
        }
    }

    /// What an export is and how it was made, written beside it (`FILE.context.txt`, or `context.txt`
    /// in a release directory): the CSV itself holds a header line and data rows only. `whole`: the
    /// export is the filter's whole release (`E`), not the view on screen.
    public func exportContext(view: String, whole: Bool = false) -> String {
        let s = engine.settings
        var lines = [
            "cinx export: \(view)",
            "extract: \(extractFiles.isEmpty ? extractName : extractFiles.joined(separator: " "))",
            "reporting year: \(s.year - 1)-\(String(s.year).suffix(2)) (first assessment with factor data authorised 1 April \(s.year - 1) to 31 March \(s.year))",
            "follow-up: \(s.followUpYears) year(s); need episode: \(s.needEpisode.rawValue)",
            "filters: \(effectiveFilter.description)",
        ]
        if let other = s.otherReadingsText { lines.insert("readings other than cinx's default: \(other)", at: 4) }
        if whole {
            // The release holds every cohort's row of every FOI table, whatever the view showed.
            lines += ["cohorts: \(engine.cohorts.map(\.id).joined(separator: " "))",
                      "values: counts; the summary's percent is each cohort's share of " + (effectiveFilter.isEmpty ? "the population" : "the children selected")]
        } else {
            lines += ["path: \(breadcrumb)",
                      "rows shown: \(viewRowsDescription(exportModel()))",
                      "values: \(percentMode.rawValue)"]
        }
        lines += [
            "suppression: counts 1-\(exportThreshold) shown as c, protected with every table of this filter (docs/privacy.md)",
            "definitions: \(ReportTables.definitionsVersion) (docs/definitions.md)",
            "same numbers: \(equivalentReportCommand(table: whole ? "all" : nil))",
            "exported: \(today)",
        ]
        if reveal { lines.append("note: the screen revealed hidden counts; this file does not") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows of a view by cohort, each with its label where the drill names it otherwise: "E (C and D (= E)), F".
    func viewRowsDescription(_ m: ViewModel) -> String {
        m.rowIDs.indices.map { r in
            let id = m.rowIDs[r]
            let label = m.rowLabels.indices.contains(r) ? m.rowLabels[r] : ""
            let own = engine.cohorts.first { $0.id == id }?.label
            return label == own || label.isEmpty ? id : "\(id) (\(label))"
        }.joined(separator: ", ")
    }

    /// The arguments of the `cinx report` command that publishes the same protected numbers as this
    /// view, unquoted (a manifest keeps them as a list), its inputs first.
    public func equivalentReportArguments(table: String? = nil) -> [String] {
        let s = engine.settings
        var args = ["cinx", "report"] + (extractFiles.isEmpty ? ["demo-data/cin-20*.xml.gz"] : extractFiles)
        args += ["--table", table ?? viewTable.name, "--year", String(s.year),
                 "--follow-up-years", String(s.followUpYears), "--need-episode", s.needEpisode.rawValue]
        for (choice, reading) in s.otherReadings { args += [choice.option, reading] }
        for c in engine.cohorts where !CohortDefinition.standard.contains(c) { args += ["--cohort", "\(c.id)=\(c.expression)"] }
        let spec = ReleaseManifest.FilterSpec(effectiveFilter)
        for f in spec.require { args += ["--require", f] }
        for f in spec.exclude { args += ["--exclude", f] }
        for c in spec.inCohort { args += ["--in-cohort", c] }
        for w in spec.where { args += ["--where", w] }
        if exportThreshold != Suppression.dfeThreshold { args += ["--suppress", String(exportThreshold)] }
        return args
    }

    /// The same command as a shell line (the demo's glob, when no files were named, left to the shell).
    public func equivalentReportCommand(table: String? = nil) -> String {
        ReleaseManifest.shellLine(equivalentReportArguments(table: table), unquoted: extractFiles.isEmpty ? [2] : [])
    }

    /// The view as exported: the screen's rows, columns and order, suppressed at `exportThreshold`.
    public func exportModel() -> ViewModel {
        var copy = self
        copy.threshold = exportThreshold
        copy.reveal = false
        copy.refresh()
        var m = copy.model
        // The trend's header marks (`2019!`) are the screen's; the file's columns are the years, as
        // `cinx report --table trend` heads them (the context file says which run past the data).
        if frame.isTrend { m.columns = m.columns.map { $0.hasSuffix(ViewModel.pastTheDataMark) ? String($0.dropLast()) : $0 } }
        return m
    }

    /// The protected release exports of the current filter come from.
    func exportRelease() -> ProtectedRelease { protectedRelease(threshold: exportThreshold) }

    /// Tables the current view is made of (what its export publishes).
    var viewTableNames: [String] {
        frame.dimension.map { [$0.rawValue] } ?? [ReportTable.summary, .dimension(.maltreatment), .dimension(.need)].map(\.name)
    }

    /// The protected release behind the current view at the export threshold, audited: the trend's
    /// (each year's column that year's protected summary, each audited as the year's release), else
    /// the view's tables of the filter's release. Throws when the audit is not clean.
    func auditedViewRelease(path: String) throws(AtomicFileWriter.Failure) -> (release: ProtectedRelease, audit: DisclosureAuditResult?) {
        if frame.isTrend {
            let trend = trendRelease(threshold: exportThreshold)
            let checked = ReleaseCheck.audit(trend: trend.perYear, cohorts: engine.cohorts, filter: effectiveFilter)
            if let (year, audit) = checked, !audit.isClean {
                throw AtomicFileWriter.Failure(path: path, reason: "the disclosure audit refused \(year): " + ReleaseCheck.refusal(audit).joined(separator: "; "))
            }
            var release = trend.perYear.last?.release ?? exportRelease().subset([ReportTable.summary.name])
            release.tables = [trend.table]
            return (release, checked?.result)
        }
        let release = exportRelease().subset(viewTableNames)
        return (release, try checkBeforeExport(release, path: path))
    }

    /// Runs the disclosure audit on tables about to be exported; throws when it is not clean, else
    /// returns it (nil: suppression off) for the manifest.
    @discardableResult
    func checkBeforeExport(_ release: ProtectedRelease, path: String) throws(AtomicFileWriter.Failure) -> DisclosureAuditResult? {
        let audit = ReleaseCheck.audit(release, cohorts: engine.cohorts, filter: effectiveFilter)
        if let audit, !audit.isClean {
            throw AtomicFileWriter.Failure(path: path, reason: "the disclosure audit refused it: " + ReleaseCheck.refusal(audit).joined(separator: "; "))
        }
        return audit
    }

    /// The current view as a publication: the view's table as exported (rows labelled as on screen,
    /// columns, order, percent mode), with notes saying which view it is.
    public func viewPublication() -> Publication {
        let m = exportModel()
        let filtered = !effectiveFilter.isEmpty
        var p = Publication(tables: [m.published], population: m.published.population, threshold: exportThreshold,
                            protection: exportRelease().protection, withheldCohorts: exportRelease().withheldCohorts,
                            shareLabel: Publication.shareLabel(filtered: filtered),
                            context: ReportTables.context(engine: engine, files: extractFiles, threshold: exportThreshold, filter: effectiveFilter),
                            footer: ReportTables.footer(engine: engine, threshold: exportThreshold))
        // The notes' command row gives the `cinx report` line (with the files by name only).
        p.viewNotes = [("view", breadcrumb), ("rows shown", viewRowsDescription(m)), ("values", percentMode.rawValue)]
        return p
    }

    /// The filter's whole release (the six FOI tables) as a publication.
    func releasePublication() -> (publication: Publication, release: ProtectedRelease) {
        let release = exportRelease().subset(ReportTables.allTableNames)
        return (ReportTables.publication(engine: engine, release: release, filter: effectiveFilter, files: extractFiles), release)
    }

    /// The manifest of an export: the release it belongs to and the `cinx report` command that writes it.
    func exportManifest(_ release: ProtectedRelease, audit: DisclosureAuditResult?, command: [String]) -> ReleaseManifest {
        ReleaseManifest(engine: engine, release: release, filter: effectiveFilter, audit: audit, commandLine: command,
                        inputs: extractFiles, loadReport: loadReport)
    }

    /// Writes the current view, as it is on screen (less any revealed count): CSV (header and rows
    /// only) with its context beside it; a path ending in .xlsx gets a workbook, .json or .md that format.
    public func writeViewExport(to path: String, overwrite: Bool) throws(AtomicFileWriter.Failure) -> ViewModel {
        let (release, audit) = try auditedViewRelease(path: path)
        let publication = viewPublication()
        let lower = path.lowercased()
        let destination: ReleasePublisher.Destination
        var command = equivalentReportArguments()
        if lower.hasSuffix(".xlsx") {
            destination = .workbook(path)
            command += ["--format", "xlsx", "--out", path]
        } else {
            let format: ReleasePublisher.TextFormat = lower.hasSuffix(".json") ? .json : lower.hasSuffix(".md") ? .markdown : .csv
            let view = frame.isTrend ? "cohorts by reporting year" : frame.dimension.map { "cohort by \($0.title)" } ?? "cohort summary"
            destination = .file(path, format: format, beside: [(".context.txt", exportContext(view: view))])
        }
        // The ledger records the protected tables the view is made of (its cells, and more when the view hides
        // cohorts), as `cinx report` of the same filter would publish them.
        try recordingInLedger(exportManifest(release, audit: audit, command: command), release: release) { manifest throws(AtomicFileWriter.Failure) in
            try ReleasePublisher.publish(publication, manifest: manifest, to: destination, overwrite: overwrite)
        }
        return exportModel()
    }

    /// Writes the six FOI tables of the current filter as a release: CSVs, `release.json`, `README.md`
    /// and the context, or (a path ending in .xlsx) as a workbook.
    public func writeAllExport(to path: String, overwrite: Bool = true) throws(AtomicFileWriter.Failure) {
        let (publication, release) = releasePublication()
        let audit = try checkBeforeExport(release, path: path)
        if path.lowercased().hasSuffix(".xlsx") {
            let command = equivalentReportArguments(table: "all") + ["--format", "xlsx", "--out", path]
            try recordingInLedger(exportManifest(release, audit: audit, command: command), release: release) { manifest throws(AtomicFileWriter.Failure) in
                try ReleasePublisher.publish(publication, manifest: manifest, to: .workbook(path), overwrite: overwrite)
            }
            return
        }
        let context = exportContext(view: "all tables (\(ReportTables.allTableNames.joined(separator: ", ")))", whole: true)
        try recordingInLedger(exportManifest(release, audit: audit, command: equivalentReportArguments(table: "all")),
                              release: release) { manifest throws(AtomicFileWriter.Failure) in
            try ReleasePublisher.publish(publication, manifest: manifest, to: .directory(path, extra: [("context.txt", context)]), overwrite: true)
        }
    }

    /// `~` and `~/...` as a shell reads them.
    static func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return path }
        return home + path.dropFirst()
    }

    mutating func export(to path: String, all: Bool, overwrite: Bool) {
        let fm = FileManager.default
        let isWorkbook = path.lowercased().hasSuffix(".xlsx")
        if !overwrite && fm.fileExists(atPath: all && !isWorkbook ? path + "/\(ReportTable.summary.name).csv" : path) {
            overlay = .prompt(Prompt(kind: .confirmOverwrite(path: path, all: all), text: ""))
            return
        }
        do throws(AtomicFileWriter.Failure) {
            if all && path.lowercased().hasSuffix(".xlsx") {
                try writeAllExport(to: path, overwrite: overwrite)
                say("exported the six FOI tables and notes to \(path) (audit clean)")
            } else if all {
                try writeAllExport(to: path)
                say("exported 6 tables to \(path)/ (audit clean)")
                exportDirectory = PathFolder.of(path).isEmpty ? "." : PathFolder.of(path)
            } else {
                let m = try writeViewExport(to: path, overwrite: overwrite)
                say("exported \(m.rowIDs.count) rows to \(path) (suppressed at \(exportThreshold), audit clean, mode 0600)")
                // The next export defaults to the same folder.
                exportDirectory = PathFolder.of(path).isEmpty ? "." : PathFolder.of(path)
            }
        } catch {
            say("export failed: \(error.description); nothing was changed", error: true)
        }
    }
}
