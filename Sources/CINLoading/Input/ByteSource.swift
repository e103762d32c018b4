import CINModel

/// A stream of bytes read in chunks, so that no loader holds a whole file in memory.
protocol ByteSource: AnyObject {
    /// Fills `buffer` from its start; returns the number of bytes written, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int
    /// Bytes of the underlying file consumed so far, where that differs from the bytes produced
    /// (compressed bytes for gzip): progress is measured against the file's size.
    var fileBytesConsumed: Int? { get }
}

extension ByteSource {
    var fileBytesConsumed: Int? { nil }
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

/// Reads a file (or a pipe) through `POSIXFile`, showing each chunk read to `tap` when there is one.
final class FileByteSource: ByteSource {
    private let file: POSIXFile
    private let tap: InputTap?
    /// read(2) returned 0 (the tap has been told) or failed (likewise): nothing more is read.
    private var done = false

    init(path: String, tap: InputTap? = nil) throws(LoadError) {
        file = try POSIXFile.openForReading(path)
        self.tap = tap
    }

    deinit { file.close() }

    /// The file's size when it is a regular file (`POSIXFile.regularFileSize`).
    var regularFileSize: Int? { file.regularFileSize }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        if done { return 0 }
        let n: Int
        do { n = try file.read(into: buffer) } catch {
            done = true
            tap?.failed()
            throw error
        }
        if n == 0 {
            // The end as the loader saw it: a file that grows afterwards is not hashed further, so
            // the digest is of exactly the bytes loaded.
            done = true
            tap?.reachedEnd()
        } else if let tap, let base = buffer.baseAddress {
            tap.consume(UnsafeRawBufferPointer(start: base, count: n))
        }
        return n
    }

    /// After a load that stopped before the end: reads the rest of the file into the tap (nothing
    /// without one, or when the end was already reached).
    func readRestIntoTap() {
        guard tap != nil, !done else { return }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { scratch.deallocate() }
        while !done {
            // A failure is reported to the tap by `read`; nothing else waits for it here.
            guard (try? read(into: scratch)) != nil else { return }
        }
    }
}

/// Bytes already in memory (tests, fuzzing).
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    convenience init(_ text: String) { self.init(Array(text.utf8)) }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[offset..<offset + n]))
        }
        offset += n
        return n
    }
}
