import CohortEngine

/// Records a release in the ledger *before* the release is written, and takes the entry back if the
/// release then cannot be written. The order is the point: a release that exists always has its
/// entry (later releases are protected against every release that went out); a writer killed between
/// the two leaves an entry without a release, which only protects later releases more and which
/// `cinx ledger forget` removes. A read-only ledger fails here, before anything is written.
public struct LedgerRecording {
    /// The entry appended; nil when the release is not recorded (`manifest.ledger.reason` says why).
    public let entry: LedgerEntry?
    let ledger: ReleaseLedger?
    /// The caller's session the entry was appended in: `undo` removes it there while it is open (a
    /// session of its own would wait for the caller's lock for ever).
    let session: LedgerSession?
    /// What to tell the user on stderr when a publishable release is not recorded.
    public let warning: String?

    /// Sets `manifest.ledger` and, when the release is to be recorded, appends its entry (in `session`
    /// when the caller already holds the ledger, else in a session of its own).
    /// - Parameter tables: every published table's name and CSV text.
    public static func record(_ manifest: inout ReleaseManifest, tables: [LedgerEntry.Table], choice: LedgerChoice,
                              session: LedgerSession? = nil) throws(LedgerError) -> LedgerRecording {
        // Suppression off is not for publication (NOT-FOR-PUBLICATION.txt): recorded, its small counts
        // would be taken as public and every later release protected against cells never released.
        guard manifest.suppression.threshold > 0 else {
            manifest.ledger = .notRecorded("suppression off: not for publication")
            return LedgerRecording(entry: nil, ledger: nil, session: nil, warning: nil)
        }
        guard case .at(let ledger) = choice else {
            manifest.ledger = .notRecorded("--no-ledger")
            return LedgerRecording(entry: nil, ledger: nil, session: nil,
                                   warning: "warning: --no-ledger: this release is not recorded in the release ledger, so later releases of the extract are not protected against it\n")
        }
        guard let key = manifest.ledgerKey else {
            manifest.ledger = .notRecorded("an input has no SHA-256 (standard input or a pipe), so the release cannot be matched to others of its extract")
            return LedgerRecording(entry: nil, ledger: nil, session: nil,
                                   warning: "warning: not recorded in the release ledger: an input was read from standard input or a pipe and has no SHA-256, so later releases of the extract cannot be protected against this one (give the file's path)\n")
        }
        let id = LedgerEntry.newID(key: key, year: manifest.year, written: manifest.written, tables: tables)
        manifest.ledger = .entry(id)
        let entry = LedgerEntry(id: id, manifest: manifest, key: key, tables: tables)
        let appended: LedgerEntry
        if let session { appended = try session.append(entry) } else { appended = try ledger.append(entry) }
        return LedgerRecording(entry: appended, ledger: ledger, session: session, warning: nil)
    }

    /// A release's tables as the ledger holds them: each table's name and its CSV (what `--table all`
    /// writes, byte for byte; for a workbook, Markdown or JSON, the same cells as CSV).
    public static func tables(_ release: ProtectedRelease) -> [LedgerEntry.Table] {
        release.tables.map { LedgerEntry.Table(name: $0.table.name, csv: TableFormatter.csv($0)) }
    }

    /// The release could not be written: its entry is removed (best effort; a failure leaves an entry
    /// without a release, which only protects later releases more), in the session it was appended in
    /// while that is open, else in one of its own.
    public func undo() {
        guard let entry, let ledger else { return }
        if let session, session.isOpen { try? session.remove(entry); return }
        guard let own = try? ledger.openForWriting() else { return }
        defer { own.close() }
        try? own.remove(entry)
    }
}
