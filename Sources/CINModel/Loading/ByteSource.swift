#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes read in chunks, so that no loader holds a whole file in memory.
public protocol ByteSource: AnyObject {
    /// Fills `buffer` from its start; returns the number of bytes written, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int
    /// Bytes of the underlying file consumed so far, where that differs from the bytes produced
    /// (compressed bytes for gzip): progress is measured against the file's size.
    var fileBytesConsumed: Int? { get }
}

extension ByteSource {
    public var fileBytesConsumed: Int? { nil }
}

public enum LoadError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case corruptGzip(path: String, reason: String)
    case unrecognisedFormat(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): return "\(p): cannot open: \(r)"
        case .readFailed(let p, let r): return "\(p): read failed: \(r)"
        case .corruptGzip(let p, let r): return "\(p): corrupt or truncated gzip data: \(r)"
        case .unrecognisedFormat(let p, let r): return "\(p): not a CIN census XML return or liiatools flat CSV: \(r)"
        }
    }
}

/// Reads a regular file with POSIX read(2).
public final class FileByteSource: ByteSource {
    let path: String
    private var fd: Int32

    public init(path: String) throws(LoadError) {
        self.path = path
        var st = stat()
        guard stat(path, &st) == 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw .cannotOpen(path: path, reason: "is a directory") }
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { if fd >= 0 { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .readFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Bytes already in memory (tests, fuzzing).
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public convenience init(_ text: String) { self.init(Array(text.utf8)) }
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + n]))
        }
        offset += n
        return n
    }
}
