import CINRelease
import CohortEngine
import CINModel
import Foundation

extension ExplorerState {
    /// Threshold exports use: the screen's, or the DfE's 5 when the screen has suppression off.
    public var exportThreshold: Int { threshold > 0 ? threshold : Suppression.dfeThreshold }

    /// What an export is and how it was made, written beside it (`FILE.context.txt`): the CSV
    /// itself holds a header line and data rows only.
    public func exportContext(view: String) -> String {
        let s = engine.settings
        var lines = [
            "cinx export: \(view)",
            "extract: \(extractFiles.isEmpty ? extractName : extractFiles.joined(separator: " "))",
            "reporting year: \(s.year - 1)-\(String(s.year).suffix(2)) (first assessment with factor data authorised 1 April \(s.year - 1) to 31 March \(s.year))",
            "follow-up: \(s.followUpYears) year(s); need episode: \(s.needEpisode.rawValue)",
            "filters: \(effectiveFilter.description)",
            "path: \(breadcrumb)",
            "cohorts shown: \(visibleCohorts.joined(separator: " "))",
            "values: \(percentMode.rawValue)",
            "suppression: counts 1-\(exportThreshold) shown as c, protected with every table of this filter (docs/privacy.md)",
            "definitions: \(ReportTables.definitionsVersion) (docs/definitions.md)",
            "same numbers: \(equivalentReportCommand())",
            "exported: \(today)",
        ]
        if reveal { lines.append("note: the screen revealed hidden counts; this file does not") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The arguments of the `cinx report` command that publishes the same protected numbers as this
    /// view, unquoted (a manifest keeps them as a list), its inputs first.
    public func equivalentReportArguments(table: String? = nil) -> [String] {
        let s = engine.settings
        var args = ["cinx", "report"] + (extractFiles.isEmpty ? ["demo-data/cin-20*.xml.gz"] : extractFiles)
        let viewTable = frame.isTrend ? TrendTable.name : frame.dimension?.rawValue ?? "summary"
        args += ["--table", table ?? viewTable, "--year", String(s.year),
                 "--follow-up-years", String(s.followUpYears), "--need-episode", s.needEpisode.rawValue]
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
        equivalentReportArguments(table: table).enumerated().map { i, a in
            extractFiles.isEmpty && i == 2 ? a : ReleaseManifest.shellQuoted(a)
        }.joined(separator: " ")
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
        frame.dimension.map { [$0.rawValue] } ?? ["summary", "maltreatment", "need"]
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

    /// Writes the tables as a workbook (the view's, or the six FOI tables), with its notes sheet.
    func writeWorkbook(_ release: ProtectedRelease, to path: String, overwrite: Bool) throws(AtomicFileWriter.Failure) {
        let audit = try checkBeforeExport(release, path: path)
        let command = equivalentReportArguments(table: release.tables.count > 1 ? "all" : release.tables.first?.table.name)
            + ["--format", "xlsx", "--out", path]
        let manifest = ReleaseManifest(engine: engine, release: release, filter: effectiveFilter, audit: audit,
                                       commandLine: command, inputs: extractFiles, loadReport: loadReport)
        let context = ReportTables.context(engine: engine, files: extractFiles, threshold: exportThreshold, filter: effectiveFilter)
        try recordingInLedger(manifest, release: release) { manifest throws(AtomicFileWriter.Failure) in
            let data: Data
            do { data = try ReleaseWorkbook.workbook(release, manifest: manifest, context: context).data() } catch {
                throw AtomicFileWriter.Failure(path: path, reason: "cannot build the workbook (\(error))")
            }
            try ReleaseWriter.writeWorkbook(path, bytes: [UInt8](data), unsuppressed: false, overwrite: overwrite)
        }
    }

    /// Writes the current view: the CSV (header and rows only) and its context beside it; a path
    /// ending in .xlsx gets the view's tables as a workbook instead.
    public func writeViewExport(to path: String, overwrite: Bool) throws(AtomicFileWriter.Failure) -> ViewModel {
        // What the ledger records of a view's CSV: the protected tables the view is made of (its cells, and
        // more when the view hides cohorts), as `cinx report` of the same filter would publish them.
        var published: (release: ProtectedRelease, audit: DisclosureAuditResult?)
        if frame.isTrend {
            // Each year's column is that year's protected summary: each is audited as the year's release.
            let trend = trendRelease(threshold: exportThreshold)
            let checked = ReleaseCheck.audit(trend: trend.perYear, cohorts: engine.cohorts, filter: effectiveFilter)
            if let (year, audit) = checked, !audit.isClean {
                throw AtomicFileWriter.Failure(path: path, reason: "the disclosure audit refused \(year): " + ReleaseCheck.refusal(audit).joined(separator: "; "))
            }
            var release = trend.perYear.last?.release ?? exportRelease().subset(["summary"])
            release.tables = [trend.table]
            published = (release, checked?.result)
            guard !path.lowercased().hasSuffix(".xlsx") else {
                throw AtomicFileWriter.Failure(path: path, reason: "the trend exports as CSV (cinx report --table trend --format xlsx makes a workbook)")
            }
        } else if path.lowercased().hasSuffix(".xlsx") {
            try writeWorkbook(exportRelease().subset(viewTableNames), to: path, overwrite: overwrite)
            return exportModel()
        } else {
            let release = exportRelease().subset(viewTableNames)
            published = (release, try checkBeforeExport(release, path: path))
        }
        let m = exportModel()
        let view = frame.isTrend ? "cohorts by reporting year" : frame.dimension.map { "cohort by \($0.title)" } ?? "cohort summary"
        // No release.json goes beside a view's CSV: its manifest is made (its inputs hashed) for the ledger only.
        try recordingInLedger(ReleaseManifest(engine: engine, release: published.release, filter: effectiveFilter, audit: published.audit,
                                              commandLine: equivalentReportArguments() + ["--out", path], inputs: extractFiles, loadReport: loadReport),
                              release: published.release) { _ throws(AtomicFileWriter.Failure) in
            try AtomicFileWriter.write(m.csv(), to: path, overwrite: overwrite)
            try AtomicFileWriter.write(exportContext(view: view), to: path + ".context.txt", overwrite: true)
        }
        return m
    }

    /// Writes the six FOI tables of the current filter as a release: CSVs, `release.json`, context.
    public func writeAllExport(to path: String) throws(AtomicFileWriter.Failure) {
        let release = exportRelease().subset(ReportTables.allTableNames)
        let audit = try checkBeforeExport(release, path: path)
        let manifest = ReleaseManifest(engine: engine, release: release, filter: effectiveFilter, audit: audit,
                                       commandLine: equivalentReportArguments(table: "all"), inputs: extractFiles, loadReport: loadReport)
        try recordingInLedger(manifest, release: release) { manifest throws(AtomicFileWriter.Failure) in
            try ReleaseWriter.writeDirectory(path, tables: release.tables.map { ($0.table.name + ".csv", TableFormatter.csv($0)) },
                                             manifest: manifest, unsuppressed: false, overwrite: true,
                                             extra: [("context.txt", exportContext(view: "all tables (\(ReportTables.allTableNames.joined(separator: ", ")))"))])
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
        if !overwrite && fm.fileExists(atPath: all && !isWorkbook ? path + "/summary.csv" : path) {
            overlay = .prompt(Prompt(kind: .confirmOverwrite(path: path, all: all), text: ""))
            return
        }
        do throws(AtomicFileWriter.Failure) {
            if all && path.lowercased().hasSuffix(".xlsx") {
                try writeWorkbook(exportRelease().subset(ReportTables.allTableNames), to: path, overwrite: overwrite)
                say("exported the six FOI tables and notes to \(path) (audit clean)")
            } else if all {
                try writeAllExport(to: path)
                say("exported 6 tables to \(path)/ (audit clean)")
                exportDirectory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
            } else {
                let m = try writeViewExport(to: path, overwrite: overwrite)
                say("exported \(m.rowIDs.count) rows to \(path) (suppressed at \(exportThreshold), audit clean, mode 0600)")
                // The next export defaults to the same folder.
                exportDirectory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
            }
        } catch {
            say("export failed: \(error.description); nothing was changed", error: true)
        }
    }
}
