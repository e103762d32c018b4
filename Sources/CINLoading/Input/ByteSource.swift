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

/// Reads a file (or a pipe) through `POSIXFile`.
final class FileByteSource: ByteSource {
    private let file: POSIXFile

    init(path: String) throws(LoadError) {
        file = try POSIXFile.openForReading(path)
    }

    deinit { file.close() }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        try file.read(into: buffer)
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
