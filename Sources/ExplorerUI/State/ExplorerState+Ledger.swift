import CINRelease
import CohortEngine

extension ExplorerState {
    /// An export recorded in the release ledger: the entry first, then `write` with the manifest that
    /// names it (made only when needed: it hashes the inputs); if the write fails, the entry is taken back (`LedgerRecording`). Without a ledger
    /// (`ledger` nil) it only writes. A ledger that cannot be written fails the export before anything is
    /// written, naming the ledger.
    func recordingInLedger(_ manifest: @autoclosure () -> ReleaseManifest, release: ProtectedRelease,
                           write: (ReleaseManifest) throws(AtomicFileWriter.Failure) -> Void) throws(AtomicFileWriter.Failure) {
        // The manifest hashes the inputs: made only when it is recorded or written.
        guard ledger != nil else { return try write(manifest()) }
        var recorded = manifest()
        // The ledger is held from reading the earlier releases of the extract and year to recording this one.
        let session = try openLedgerSession(for: recorded)
        defer { session?.close() }
        if let session, let key = recorded.ledgerKey {
            try checkBesideEarlier(release, key: key, year: recorded.year, session: session, path: session.ledger.directory)
        }
        try record(&recorded, tables: LedgerRecording.tables(release), session: session, write: write)
    }

    /// The ledger held for writing while an export of `manifest`'s release is checked and recorded: nil without a
    /// ledger, or when the release is not recorded (suppression off, an input without SHA-256).
    func openLedgerSession(for manifest: ReleaseManifest) throws(AtomicFileWriter.Failure) -> LedgerSession? {
        guard case .at(let l) = ledger, manifest.ledgerKey != nil, manifest.suppression.threshold > 0 else { return nil }
        do throws(LedgerError) { return try l.openForWriting() } catch {
            throw AtomicFileWriter.Failure(path: error.path, reason: "\(error.reason) (the release ledger; nothing written)")
        }
    }

    /// Records `tables` in the ledger (in `session` when held), then `write`s with the manifest naming the entry;
    /// the entry is taken back when the write fails. Without a ledger it only writes.
    func record(_ manifest: inout ReleaseManifest, tables: [LedgerEntry.Table], session: LedgerSession?,
                write: (ReleaseManifest) throws(AtomicFileWriter.Failure) -> Void) throws(AtomicFileWriter.Failure) {
        guard let ledger else { return try write(manifest) }
        let recording: LedgerRecording
        do throws(LedgerError) {
            recording = try LedgerRecording.record(&manifest, tables: tables, choice: ledger, session: session)
        } catch {
            throw AtomicFileWriter.Failure(path: error.path, reason: "\(error.reason) (the release ledger; nothing written)")
        }
        do { try write(manifest) } catch {
            recording.undo()
            throw error
        }
    }

    /// The ledger's earlier releases of the extract and year, read in `session`, as a reader holds them.
    func earlierInLedger(key: [String], year: Int, session: LedgerSession, path: String) throws(AtomicFileWriter.Failure) -> [HeldRelease] {
        let entries: [LedgerEntry]
        do throws(LedgerError) { entries = try session.entries(inputs: key, year: year) } catch {
            throw AtomicFileWriter.Failure(path: error.path, reason: "\(error.reason) (the release ledger; nothing written)")
        }
        do throws(EarlierReleases.Failure) {
            return try EarlierReleases.held(entries: entries, engine: engine, threshold: exportThreshold, protection: nil,
                                            otherReadings: otherReadings)
        } catch {
            throw AtomicFileWriter.Failure(path: path, reason: "\(error.reason); nothing written")
        }
    }

    /// An export is what the screen shows, protected beside the standard release: beside the earlier releases
    /// of the extract and year in the ledger as well, a reader holding all of them must not narrow one of
    /// its hidden cells, or it is refused, naming them (`cinx report` of the same filter protects a release
    /// beside them). The trend is of other years' children and is not checked beside them.
    func checkBesideEarlier(_ release: ProtectedRelease, key: [String], year: Int, session: LedgerSession?,
                            path: String) throws(AtomicFileWriter.Failure) {
        guard let session, !release.tables.contains(where: { $0.table.name == ReportTable.trend.name }) else { return }
        let held = try earlierInLedger(key: key, year: year, session: session, path: path)
        let narrow = EarlierReleases.narrowTogether(release, earlier: held, engine: engine, names: release.tables.map(\.table.name),
                                                    threshold: exportThreshold, filter: effectiveFilter, protection: nil)
        guard !narrow.isEmpty else { return }
        throw AtomicFileWriter.Failure(path: path, reason: "beside " + held.map(\.name).joined(separator: ", ")
                                       + " in the release ledger, a reader could narrow hidden cells (\(narrow.joined(separator: "; "))); nothing written. "
                                       + "cinx report with the same filter protects a release beside them")
    }
}
