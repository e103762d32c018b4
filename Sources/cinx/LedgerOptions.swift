import ArgumentParser
import CINRelease
import Foundation

/// `--ledger DIR` and `--no-ledger`, for the commands that write releases (report, explore).
struct LedgerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The release ledger's folder (default: $CINX_LEDGER, else $XDG_STATE_HOME/cinx/ledger, ~/.local/state/cinx/ledger).",
                               valueName: "dir"), completion: .directory)
    var ledger: String?
    @Flag(help: "Do not record releases in the ledger (warned; release.json says so).")
    var noLedger = false
    @Flag(help: "Publish although the ledger holds a release of the extract and year under another reading of membership or the age band (its tables are left out: a reader holding both may subtract them).")
    var allowOtherReadings = false

    /// What an earlier release of other readings that cannot be read with this one does (docs/privacy.md).
    var otherReadings: EarlierReleases.OtherReadings { allowOtherReadings ? .leaveOut : .refuse }

    func validate() throws {
        if ledger != nil && noLedger { throw ValidationError("--ledger and --no-ledger together: give one") }
    }

    /// The ledger this run records in, or the opt-out; exit 2 when no folder can be named.
    func choice() throws -> LedgerChoice {
        if noLedger { return .optedOut }
        return .at(try LedgerOptions.ledger(option: ledger))
    }

    /// The ledger named by `--ledger`, `$CINX_LEDGER` or the XDG state directory.
    static func ledger(option: String?) throws -> ReleaseLedger {
        guard let directory = LedgerLocation.directory(option: option, environment: ProcessInfo.processInfo.environment) else {
            CLIOutput.error("no release ledger folder: give --ledger DIR, or set CINX_LEDGER, XDG_STATE_HOME or HOME")
            throw ExitCode(2)
        }
        return ReleaseLedger(directory: directory)
    }
}
