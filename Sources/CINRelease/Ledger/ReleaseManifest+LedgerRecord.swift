extension ReleaseManifest {
    /// `release.json`'s `ledger`: `{"recorded": true, "entry": ID}` for a release in the ledger
    /// (`cinx ledger show ID`), or `{"recorded": false, "reason": ...}` saying why it is not, so that
    /// whoever holds the release knows whether later releases were protected against it.
    public struct LedgerRecord: Codable, Equatable, Sendable {
        public var recorded: Bool
        public var entry: String?
        public var reason: String?

        public static func entry(_ id: String) -> LedgerRecord { LedgerRecord(recorded: true, entry: id, reason: nil) }
        public static func notRecorded(_ reason: String) -> LedgerRecord { LedgerRecord(recorded: false, entry: nil, reason: reason) }
    }

    /// The key of "the same extract" in the ledger: the inputs' SHA-256, each once, sorted (the order
    /// files are named in and a file named twice do not make another extract). Nil when an input has no
    /// digest (standard input, a pipe, an unreadable file): such a release cannot be matched to others.
    public var ledgerKey: [String]? { ReleaseManifest.ledgerKey(inputs.map(\.sha256)) }

    /// The same key before there is a manifest (to read the earlier releases a new one is protected
    /// against): the files as `report` names them, hashed as the manifest will hash them.
    public static func ledgerKey(files: [String], digests: InputDigests?) -> [String]? {
        ledgerKey(files.map { input($0, digests: digests).sha256 })
    }

    static func ledgerKey(_ digests: [String]) -> [String]? {
        guard !digests.isEmpty, digests.allSatisfy(LedgerEntry.isDigest) else { return nil }
        return Array(Set(digests)).sorted()
    }
}
