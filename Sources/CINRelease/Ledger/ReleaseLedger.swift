import CINModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The release ledger: every protected release cinx has written of an extract, so that a later release
/// can be protected together with them (docs/privacy.md, "Release ledger"). A folder (0700):
///
///     LEDGER/lock              flock: writers exclusive, readers shared (0600)
///     LEDGER/entries/ID.json   one entry per release (`LedgerEntry`), 0600, written whole
///
/// A file in `entries/` whose name starts with `.` is a writer's temporary file, never an entry; any other
/// file there must be a whole, intact entry, else reading the ledger fails naming it.
public struct ReleaseLedger: Sendable, Equatable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    }

    var entriesDirectory: String { directory + "/entries" }
    var lockPath: String { directory + "/lock" }

    /// Every entry, oldest first (by when the release was written, then id). A ledger folder that does not
    /// exist yet holds none.
    public func entries() throws(LedgerError) -> [LedgerEntry] {
        guard try exists() else { return [] }
        let lock = try LedgerLock.shared(lockPath, ledger: directory)
        defer { lock?.release() }
        return try readEntries()
    }

    /// The entries of one extract and reporting year: those whose inputs are the same set of SHA-256
    /// digests (`ReleaseManifest.ledgerKey`, or the `inputs` digests of a release.json in any order).
    public func entries(inputs: [String], year: Int) throws(LedgerError) -> [LedgerEntry] {
        let key = Array(Set(inputs)).sorted()
        return try entries().filter { $0.year == year && $0.inputs == key }
    }

    /// The entry with this id, or the one entry whose id starts with it (at least 4 digits).
    public func entry(_ id: String) throws(LedgerError) -> LedgerEntry {
        try Self.pick(id, from: entries(), ledger: directory)
    }

    /// Opens the ledger to write: creates its folders (0700) when missing and takes the exclusive lock,
    /// held until the session is closed. Fails (`.unwritable`) on a read-only ledger, before anything is
    /// written anywhere.
    public func openForWriting() throws(LedgerError) -> LedgerSession {
        try makeFolder(directory)
        try makeFolder(entriesDirectory)
        let lock = try LedgerLock.exclusive(lockPath, ledger: directory)
        let session = LedgerSession(ledger: self, lock: lock)
        session.removeTemporaryFiles()
        return session
    }

    /// Appends one entry (a session of its own: lock, write, unlock).
    public func append(_ entry: LedgerEntry) throws(LedgerError) -> LedgerEntry {
        let session = try openForWriting()
        defer { session.close() }
        return try session.append(entry)
    }

    /// Removes one entry (`cinx ledger forget`): for a release that never went out.
    @discardableResult
    public func forget(_ id: String) throws(LedgerError) -> LedgerEntry {
        let session = try openForWriting()
        defer { session.close() }
        let entry = try Self.pick(id, from: session.entries(), ledger: directory)
        try session.remove(entry)
        return entry
    }

    // MARK: - reading

    /// Whether the ledger's folder exists; a file in its place is an error.
    func exists() throws(LedgerError) -> Bool {
        var st = stat()
        guard stat(directory, &st) == 0 else {
            if errno == ENOENT { return false }
            throw LedgerError(.unreadable, path: directory, reason: String(cString: strerror(errno)))
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw LedgerError(.unreadable, path: directory, reason: "not a folder") }
        return true
    }

    /// Every entry file, checked; the caller holds a lock.
    func readEntries() throws(LedgerError) -> [LedgerEntry] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: entriesDirectory) } catch {
            var st = stat()
            if stat(entriesDirectory, &st) != 0 && errno == ENOENT { return [] }
            throw LedgerError(.unreadable, path: entriesDirectory, reason: "cannot list it")
        }
        var entries: [LedgerEntry] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = entriesDirectory + "/" + name
            guard name.hasSuffix(".json"), LedgerEntry.isID(String(name.dropLast(5))) else {
                throw LedgerError(.damaged, path: path, reason: "not a ledger entry (entries are named ID.json, ID twelve hex digits); remove or restore it")
            }
            entries.append(try LedgerEntry.read(path: path))
        }
        return entries.sorted { ($0.recorded, $0.id) < ($1.recorded, $1.id) }
    }

    static func pick(_ id: String, from entries: [LedgerEntry], ledger: String) throws(LedgerError) -> LedgerEntry {
        if let exact = entries.first(where: { $0.id == id }) { return exact }
        let matches = id.count >= 4 ? entries.filter { $0.id.hasPrefix(id) } : []
        if matches.count == 1 { return matches[0] }
        let shown = ReleaseDirectory.printable(id)
        throw LedgerError(.noSuchEntry, path: ledger, reason: matches.isEmpty
                          ? "no entry \(shown) (cinx ledger list shows them)"
                          : "\(matches.count) entries start with \(shown): give more of the id")
    }

    // MARK: - writing

    /// Makes a folder (and any missing parent) 0700; an existing folder is left as it is.
    func makeFolder(_ path: String) throws(LedgerError) {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw LedgerError(.unwritable, path: path, reason: "not a folder") }
            return
        }
        let parent = PathFolder.of(path)
        if !parent.isEmpty && parent != path { try makeFolder(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw LedgerError(.unwritable, path: directory, reason: "cannot make \(path) (\(String(cString: strerror(errno))))")
        }
    }
}
