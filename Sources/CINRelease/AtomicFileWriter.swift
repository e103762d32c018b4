#if canImport(Glibc)
import Glibc
#endif

/// Writes a file atomically with mode 0600: a temporary file in the same directory, fsync, then
/// rename over the target. A failure at any step leaves an existing file untouched and removes
/// the temporary file. Exports hold data about children, hence the private mode.
public enum AtomicFileWriter {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
        public init(path: String, reason: String) { self.path = path; self.reason = reason }
    }

    /// Test hook: simulates a failing write (full disk) after the temporary file is created.
    /// Task-local, so that a test that injects it does not fail the writes of tests running beside it.
    @TaskLocal public static var injectWriteFailure = false

    public static func write(_ text: String, to path: String, overwrite: Bool) throws(Failure) {
        try write(bytes: Array(text.utf8), to: path, overwrite: overwrite)
    }

    public static func write(bytes: [UInt8], to path: String, overwrite: Bool) throws(Failure) {
        // lstat, not stat: a link is judged as itself. Only a regular file is ever replaced (and only
        // when asked); a FIFO or a device node never, a symbolic link (even a dangling one) only when asked.
        var st = stat()
        if lstat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFDIR: throw Failure(path: path, reason: "it is a directory")
            case S_IFREG:
                if !overwrite { throw Failure(path: path, reason: "the file exists (confirm to overwrite)") }
            case S_IFLNK:
                if !overwrite { throw Failure(path: path, reason: "it is a symbolic link (confirm to replace the link)") }
            default:
                throw Failure(path: path, reason: "it is not a regular file (a FIFO, device or socket): refused")
            }
        }
        let dir: String
        if let slash = path.lastIndex(of: "/") { dir = String(path[..<slash]).isEmpty ? "/" : String(path[..<slash]) } else { dir = "." }
        var template = Array("\(dir)/.cinx-export-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let base = buf.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        let tmp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func fail(_ reason: String) -> Failure { close(fd); unlink(tmp); return Failure(path: path, reason: reason) }
        guard fchmod(fd, 0o600) == 0 else { throw fail(String(cString: strerror(errno))) }
        if injectWriteFailure { throw fail("No space left on device (injected)") }
        var off = 0
        let total = bytes.count
        while off < total {
            let n = bytes.withUnsafeBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return Glibc.write(fd, base + off, total - off)
            }
            if n < 0 { if errno == EINTR { continue }; throw fail(String(cString: strerror(errno))) }
            if n == 0 { throw fail("write made no progress") }
            off += n
        }
        guard fsync(fd) == 0 else { throw fail(String(cString: strerror(errno))) }
        guard close(fd) == 0 else { unlink(tmp); throw Failure(path: path, reason: String(cString: strerror(errno))) }
        guard rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw Failure(path: path, reason: reason)
        }
    }
}
