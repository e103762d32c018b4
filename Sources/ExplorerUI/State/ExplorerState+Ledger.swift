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
        guard let ledger else { return try write(manifest()) }
        var recorded = manifest()
        let recording: LedgerRecording
        do throws(LedgerError) { recording = try LedgerRecording.record(&recorded, tables: LedgerRecording.tables(release), choice: ledger) } catch {
            throw AtomicFileWriter.Failure(path: error.path, reason: "\(error.reason) (the release ledger; nothing written)")
        }
        do { try write(recorded) } catch {
            recording.undo()
            throw error
        }
    }
}
