/// Where a run records its releases: a ledger, or none because the user opted out (`--no-ledger`).
public enum LedgerChoice: Sendable, Equatable {
    case at(ReleaseLedger)
    case optedOut
}
