#if canImport(Glibc)
import Glibc
#endif

/// `flock` on the ledger's `lock` file: writers (append, forget) hold it exclusively, readers shared,
/// so that a reader never sees an entry half-removed and two writers never interleave. The lock goes
/// with the process: a writer killed while holding it releases it.
final class LedgerLock {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// The exclusive lock, waiting for it; creates the lock file (0600) when it is missing.
    static func exclusive(_ path: String, ledger: String) throws(LedgerError) -> LedgerLock {
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LedgerError(.unwritable, path: ledger, reason: "cannot open its lock file (\(String(cString: strerror(errno))))") }
        return try LedgerLock(fd: fd).taking(LOCK_EX, ledger: ledger)
    }

    /// A shared lock, waiting for a writer to finish; nil when the lock file does not exist (no writer
    /// has ever written there, so no entry can be changing).
    static func shared(_ path: String, ledger: String) throws(LedgerError) -> LedgerLock? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw LedgerError(.unreadable, path: ledger, reason: "cannot open its lock file (\(String(cString: strerror(errno))))")
        }
        return try LedgerLock(fd: fd).taking(LOCK_SH, ledger: ledger)
    }

    private func taking(_ operation: Int32, ledger: String) throws(LedgerError) -> LedgerLock {
        while flock(fd, operation) != 0 {
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            release()
            throw LedgerError(.unreadable, path: ledger, reason: "cannot lock it (\(reason))")
        }
        return self
    }

    func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
