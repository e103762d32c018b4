import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The ledger held for writing: the exclusive lock is taken when the session opens and released when
/// it closes, so that what is read in it (the earlier releases a new one is protected against) is still
/// all there is when the new entry is appended. One session per process at a time: `flock` locks are per
/// open file, so a second session (or `ReleaseLedger.append`/`forget`) opened while one is held waits for
/// it to close, in the same process too.
public final class LedgerSession {
    public let ledger: ReleaseLedger
    private let lock: LedgerLock

    /// Test hook: seconds to sleep with half an entry's bytes in its temporary file (a killed writer).
    static let pauseVariable = "CINX_LEDGER_TEST_PAUSE_MID_ENTRY"

    init(ledger: ReleaseLedger, lock: LedgerLock) {
        self.ledger = ledger
        self.lock = lock
    }

    /// False once closed (the lock released).
    public private(set) var isOpen = true

    public func close() {
        lock.release()
        isOpen = false
    }

    deinit { lock.release() }

    /// Every entry, oldest first.
    public func entries() throws(LedgerError) -> [LedgerEntry] { try ledger.readEntries() }

    /// The entries of one extract (its inputs' SHA-256, any order) and reporting year.
    public func entries(inputs: [String], year: Int) throws(LedgerError) -> [LedgerEntry] {
        let key = Array(Set(inputs)).sorted()
        return try entries().filter { $0.year == year && $0.inputs == key }
    }

    /// Writes the entry whole: a temporary file (0600) in `entries/`, fsync, rename to `ID.json`, fsync
    /// of the folder. A writer killed before the rename leaves only its temporary file, which readers
    /// ignore and the next writer removes; after it, the whole entry.
    @discardableResult
    public func append(_ entry: LedgerEntry) throws(LedgerError) -> LedgerEntry {
        let folder = ledger.entriesDirectory
        guard LedgerEntry.isID(entry.id), entry.sha256 == entry.contentDigest else {
            throw LedgerError(.unwritable, path: ledger.directory, reason: "entry \(ReleaseDirectory.printable(entry.id)) is not a whole entry: not appended")
        }
        let target = folder + "/" + entry.id + ".json"
        guard access(target, F_OK) != 0 else {
            throw LedgerError(.unwritable, path: target, reason: "an entry with this id exists")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes: [UInt8]
        do { bytes = Array(try encoder.encode(entry)) + [10] } catch {
            throw LedgerError(.unwritable, path: target, reason: "cannot encode the entry (\(error))")
        }
        var template = Array("\(folder)/.\(entry.id).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in buf.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw LedgerError(.unwritable, path: ledger.directory, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func fail(_ reason: String) -> LedgerError {
            Glibc.close(fd); unlink(temporary)
            return LedgerError(.unwritable, path: ledger.directory, reason: reason)
        }
        guard fchmod(fd, 0o600) == 0 else { throw fail(String(cString: strerror(errno))) }
        let half = bytes.count / 2
        guard writeAll(fd, bytes[..<half]) else { throw fail(String(cString: strerror(errno))) }
        if let pause = ProcessInfo.processInfo.environment[Self.pauseVariable].flatMap(Double.init), pause > 0 {
            Thread.sleep(forTimeInterval: pause)
        }
        guard writeAll(fd, bytes[half...]) else { throw fail(String(cString: strerror(errno))) }
        guard fsync(fd) == 0 else { throw fail(String(cString: strerror(errno))) }
        guard Glibc.close(fd) == 0 else {
            unlink(temporary)
            throw LedgerError(.unwritable, path: ledger.directory, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw LedgerError(.unwritable, path: ledger.directory, reason: reason)
        }
        syncFolder()
        var written = entry
        written.file = target
        return written
    }

    /// Removes an entry's file (forget, or a release that failed to be written after it was recorded).
    public func remove(_ entry: LedgerEntry) throws(LedgerError) {
        let path = ledger.entriesDirectory + "/" + entry.id + ".json"
        guard unlink(path) == 0 else {
            throw LedgerError(.unwritable, path: path, reason: "cannot remove it (\(String(cString: strerror(errno))))")
        }
        syncFolder()
    }

    /// Temporary files left by a writer killed mid-entry: under the exclusive lock no other writer is
    /// writing one, so every such file is left over.
    func removeTemporaryFiles() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: ledger.entriesDirectory)) ?? []
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            unlink(ledger.entriesDirectory + "/" + name)
        }
    }

    private func syncFolder() {
        let dfd = open(ledger.entriesDirectory, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); Glibc.close(dfd) }
    }

    private func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let n = bytes.withUnsafeBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return Glibc.write(fd, base + (offset - bytes.startIndex), bytes.endIndex - offset)
            }
            if n < 0 { if errno == EINTR { continue }; return false }
            if n == 0 { errno = EIO; return false }
            offset += n
        }
        return true
    }
}
