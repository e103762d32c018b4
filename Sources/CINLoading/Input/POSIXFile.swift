#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CINModel

/// The loader's one seam onto the C library's file calls (as swift-system keeps them): open, read,
/// write and close on a descriptor, retried on EINTR, each failure as a `LoadError` or a message with
/// strerror's text. `FileByteSource` reads through it and `ByteSink` writes through it; the one other
/// system call it needs, starting a thread, is `DetachedThread` (CINModel).
struct POSIXFile {
    let descriptor: Int32
    let path: String

    /// A regular file (or a pipe) to read; a directory is refused here rather than failing at read(2).
    static func openForReading(_ path: String) throws(LoadError) -> POSIXFile {
        // `-` is standard input, read as a pipe is (it is never stat'ed or reopened by name). A
        // duplicate, so that closing the file after loading leaves descriptor 0 as it was.
        if path == CensusLoader.standardInput {
            let fd = dup(STDIN_FILENO)
            guard fd >= 0 else { throw .cannotOpen(path: CensusLoader.displayName(path), reason: lastError()) }
            return POSIXFile(descriptor: fd, path: CensusLoader.displayName(path))
        }
        var st = stat()
        guard stat(path, &st) == 0 else { throw .cannotOpen(path: path, reason: lastError()) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw .cannotOpen(path: path, reason: "is a directory") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: lastError()) }
        return POSIXFile(descriptor: fd, path: path)
    }

    /// The size of a regular file, nil for anything else (a pipe, standard input, a device): what a
    /// loader may expect to read, a hint for sizing its storage, never a limit.
    var regularFileSize: Int? {
        var st = stat()
        guard fstat(descriptor, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// Creates or truncates a file to write (mode 0644).
    static func create(_ path: String) throws(LoadError) -> POSIXFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: lastError()) }
        return POSIXFile(descriptor: fd, path: path)
    }

    /// Fills `buffer` from its start; the bytes read, 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(descriptor, base, buffer.count)
            #else
            let n = Darwin.read(descriptor, base, buffer.count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .readFailed(path: path, reason: POSIXFile.lastError())
        }
    }

    /// Writes all of `bytes`; strerror's text when a write failed, nil when all were written.
    func writeAll(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var off = 0
        while off < bytes.count {
            #if canImport(Glibc)
            let n = Glibc.write(descriptor, base + off, bytes.count - off)
            #else
            let n = Darwin.write(descriptor, base + off, bytes.count - off)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                return POSIXFile.lastError()
            }
            off += n
        }
        return nil
    }

    /// Closes the descriptor; strerror's text when close(2) failed (a write-back error shows here).
    @discardableResult
    func close() -> String? {
        #if canImport(Glibc)
        let rc = Glibc.close(descriptor)
        #else
        let rc = Darwin.close(descriptor)
        #endif
        return rc == 0 ? nil : POSIXFile.lastError()
    }

    static func lastError() -> String { String(cString: strerror(errno)) }
}
