import CINRelease
import CohortEngine
import CINModel
import Foundation

/// Exporting the side-by-side page (`D`, then `e` or Ctrl-S): the view's table under the other reading of one
/// documented choice leaves the program as `cinx report --table T --compare CHOICE --out FILE` writes it, and
/// is recorded in the release ledger as that run records it (docs/privacy.md, "Readings side by side").
extension ExplorerState {
    /// The default path of a side by side's export.
    func defaultReadingsExportPath(_ choice: ReadingChoice) -> String {
        "\(exportDirectory)/cinx-\(viewTable.name)-\(choice.rawValue)-\(today).csv"
    }

    /// Writes the side by side of `choice` for the view's table: the long-form CSV of `report --compare` (with
    /// its context beside it), or, for a path ending in .xlsx, the response workbook of the view's table with
    /// the sheet "Depends on the reading".
    ///
    /// The screen's side by side is protected beside the standard release only (it must answer a key); what is
    /// exported is protected beside the ledger's earlier releases of the extract and year as well, an earlier side
    /// by side among them, exactly as `report --compare` with the same ledger protects it, so that a side by
    /// side exported here and one written by `report` never say different things of one cell. Recorded with the
    /// same entry as that run's (the standard table it prints, each other reading's table and movements), held
    /// from reading the earlier releases to recording this one. Refused, naming the ledger's entries, when the
    /// other readings' tables cannot be proven safe beside them (`report` would then publish them without).
    public func writeReadingsExport(_ choice: ReadingChoice, to path: String, overwrite: Bool) throws(AtomicFileWriter.Failure) -> ReadingComparisonRelease.Set {
        guard viewIsStandard, ReadingComparison.affects(choice, viewTable),
              let comparison = ReadingComparison.compute(engine: engine, choice: choice, table: viewTable) else {
            throw AtomicFileWriter.Failure(path: path, reason: "a side by side is of the standard release's \(ReadingComparison.affects(choice, viewTable) ? "tables" : "tables that \(choice.rawValue) changes") (the standard cohorts, no filter or drill); nothing written")
        }
        let release = exportRelease().subset([viewTable.name])
        let audit = try checkBeforeExport(release, path: path)
        let workbook = path.lowercased().hasSuffix(".xlsx")
        let command = equivalentReportArguments() + ["--compare", choice.rawValue] + (workbook ? ["--format", "xlsx"] : []) + ["--out", path]
        // The manifest hashes the inputs: made only when it is recorded or written (a workbook carries it).
        let manifest = ledger != nil || workbook ? exportManifest(release, audit: audit, command: command) : nil
        var session: LedgerSession?
        if let manifest { session = try openLedgerSession(for: manifest) }
        defer { session?.close() }
        var earlier: [HeldRelease] = []
        if let session, let m = manifest, let key = m.ledgerKey {
            earlier = try earlierInLedger(key: key, year: m.year, session: session, path: session.ledger.directory)
        }
        // The screen's, when it is the same release: at the same threshold, and nothing in the ledger beside it.
        let cached = earlier.isEmpty ? readingsCache.sets[readingsKey(choice, threshold: exportThreshold)] : nil
        let set = cached ?? ReadingComparisonRelease.protect(engine: engine, comparisons: [comparison], threshold: exportThreshold, earlier: earlier)
        if let reason = set.withheldReason {
            throw AtomicFileWriter.Failure(path: path, reason: "the side by side's other readings cannot be published: \(reason); nothing written")
        }
        // A workbook carries its manifest; the CSV is the long-form table alone (no manifest without a ledger).
        let write = { (manifest: ReleaseManifest?) throws(AtomicFileWriter.Failure) in
            if workbook, let m = manifest {
                let publication = ReportTables.publication(engine: engine, release: release, filter: effectiveFilter, files: extractFiles)
                try ReleasePublisher.publish(publication, manifest: m, to: .workbook(path), overwrite: overwrite, comparison: set)
            } else {
                try ReleaseWriter.writeFile(path, text: ReadingComparisonFormatter.csv(set), unsuppressed: false, overwrite: overwrite)
                try AtomicFileWriter.write(readingsExportContext(choice, command: command, beside: earlier), to: path + ".context.txt", overwrite: true)
            }
        }
        guard var m = manifest else { try write(nil); return set }
        try record(&m, tables: LedgerRecording.tables(set, standard: release), session: session) { m throws(AtomicFileWriter.Failure) in try write(m) }
        return set
    }

    /// What a side by side's CSV is and how it was made, written beside it (`FILE.context.txt`).
    func readingsExportContext(_ choice: ReadingChoice, command: [String], beside earlier: [HeldRelease]) -> String {
        let s = engine.settings
        var lines = [
            "cinx export: \(viewTable.name) side by side under the readings of \(choice.rawValue) (docs/definitions.md, Readings side by side)",
            "extract: \(extractFiles.isEmpty ? extractName : extractFiles.joined(separator: " "))",
            "reporting year: \(s.year - 1)-\(String(s.year).suffix(2)); follow-up: \(s.followUpYears) year(s)",
            "this reading: \(choice.describe(choice.reading(in: s))) (\(choice.option) \(choice.reading(in: s)))",
        ]
        if let other = s.otherReadingsText { lines.append("readings other than cinx's default: \(other)") }
        lines += [
            "suppression: counts 0-\(exportThreshold) of the other readings and movements hidden, protected with the standard release"
                + (earlier.isEmpty ? "" : " and " + earlier.names.joined(separator: ", ") + " (release ledger)") + " (docs/privacy.md)",
            "definitions: \(ReportTables.definitionsVersion) (docs/definitions.md)",
            "same numbers: \(ReleaseManifest.shellLine(command, unquoted: extractFiles.isEmpty ? [2] : []))",
            "exported: \(today)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    mutating func exportReadings(_ choice: ReadingChoice, to path: String, overwrite: Bool) {
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            overlay = .prompt(Prompt(kind: .confirmReadingsOverwrite(path: path, choice: choice), text: ""))
            return
        }
        overlay = .readings(choice, scroll: 0)
        do throws(AtomicFileWriter.Failure) {
            _ = try writeReadingsExport(choice, to: path, overwrite: overwrite)
            say("exported the \(viewTable.name) side by side (\(choice.rawValue)) to \(path) (suppressed at \(exportThreshold), audit clean, mode 0600)")
            exportDirectory = PathFolder.of(path).isEmpty ? "." : PathFolder.of(path)
        } catch {
            say("export failed: \(error.description); nothing was changed", error: true)
        }
    }
}
