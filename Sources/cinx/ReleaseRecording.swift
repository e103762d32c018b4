import ArgumentParser
import CINRelease
import CohortEngine

/// The ledger's hook for a command that writes a release: records it in the ledger *before* it is
/// written (a read-only ledger stops the run here, exit 2, nothing written), and sets release.json's
/// `ledger`. If the release then cannot be written, the caller calls `undo()` on what this returns.
/// - Parameter session: the ledger held since the earlier releases were read (`LedgerHold`), when it is.
func recordInLedger(_ manifest: inout ReleaseManifest, release: ProtectedRelease, options: LedgerOptions,
                    session: LedgerSession? = nil, warn: Bool = true) throws -> LedgerRecording {
    try recordInLedger(&manifest, tables: LedgerRecording.tables(release), options: options, session: session, warn: warn)
}

/// As above, with the tables as the ledger is to hold them (a side by side's: `LedgerRecording.tables(_:standard:)`).
func recordInLedger(_ manifest: inout ReleaseManifest, tables: [LedgerEntry.Table], options: LedgerOptions,
                    session: LedgerSession? = nil, warn: Bool = true) throws -> LedgerRecording {
    let choice = try options.choice()
    do throws(LedgerError) {
        let recording = try LedgerRecording.record(&manifest, tables: tables, choice: choice, session: session)
        if warn, let warning = recording.warning { CLIOutput.note(warning) }
        return recording
    } catch {
        CLIOutput.error("\(error.description); nothing written (--ledger DIR records in another ledger, --no-ledger in none)")
        throw ExitCode(2)
    }
}
