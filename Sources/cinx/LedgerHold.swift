import ArgumentParser
import CINRelease
import CohortEngine
import Foundation

/// The release ledger as `report` uses it: held for writing from reading the earlier releases of the
/// extract to recording the new one (so that two writers at once cannot each miss the other's release),
/// or read only when nothing will be recorded (output to the terminal).
struct LedgerHold {
    /// Open while this run will record a release in it.
    let session: LedgerSession?
    /// The earlier releases of this extract and year (oldest first).
    let entries: [LedgerEntry]

    static var none: LedgerHold { LedgerHold(session: nil, entries: []) }

    /// - Parameters:
    ///   - key: the extract's key (`ReleaseManifest.ledgerKey`); nil when an input has no digest.
    ///   - recording: whether this run writes (and so records) a release.
    static func open(options: LedgerOptions, key: [String]?, year: Int, recording: Bool) throws -> LedgerHold {
        guard let key, case .at(let ledger) = try options.choice() else { return .none }
        do throws(LedgerError) {
            if recording {
                let session = try ledger.openForWriting()
                return LedgerHold(session: session, entries: try session.entries(inputs: key, year: year))
            }
            return LedgerHold(session: nil, entries: try ledger.entries(inputs: key, year: year))
        } catch {
            CLIOutput.error("\(error.description); nothing written (--ledger DIR records in another ledger, --no-ledger in none)")
            throw ExitCode(2)
        }
    }

    func close() { session?.close() }
}
