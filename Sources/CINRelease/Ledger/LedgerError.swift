/// What can go wrong with a release ledger. Every case names the file or folder it is about: a damaged
/// entry is never skipped (a release left out of the ledger is a release later ones are not protected
/// against), and a ledger that cannot be written stops the release before anything is written.
public struct LedgerError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// An entry file that is not a whole, intact entry (truncated, edited, not JSON, wrong digest).
        case damaged
        /// The ledger (or an entry) cannot be read.
        case unreadable
        /// The ledger cannot be written: read-only, full, or not a folder.
        case unwritable
        /// No entry has this id (or several begin with it).
        case noSuchEntry
    }

    public var kind: Kind
    public var path: String
    public var reason: String

    public init(_ kind: Kind, path: String, reason: String) { self.kind = kind; self.path = path; self.reason = reason }

    public var description: String {
        switch kind {
        case .damaged: return "ledger entry \(path) is damaged: \(reason)"
        case .unreadable: return "cannot read the ledger at \(path): \(reason)"
        case .unwritable: return "cannot write to the ledger at \(path): \(reason)"
        case .noSuchEntry: return "ledger \(path): \(reason)"
        }
    }
}
