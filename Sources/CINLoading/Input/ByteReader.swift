import CINModel

/// A refillable window over a `ByteSource`, with line counting left to the parsers
/// (they see every byte once). Chunked reading keeps memory flat whatever the file size.
final class ByteReader {
    private let source: ByteSource
    private let storage: UnsafeMutableRawBufferPointer
    private(set) var bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    private(set) var atEnd = false
    /// Called after each chunk with the bytes of the file read so far (compressed bytes for gzip).
    var onChunk: ((Int) -> Void)?
    /// The bytes this reader will give, when known before reading (an uncompressed regular file): a
    /// hint for sizing the loader's storage (`CensusBuilder.reserve`), never a limit.
    var expectedBytes: Int?
    private var total = 0

    init(source: ByteSource, chunkSize: Int = 1 << 20) {
        self.source = source
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 16), alignment: 16)
        bytes = UnsafeBufferPointer(start: storage.baseAddress?.assumingMemoryBound(to: UInt8.self), count: 0)
    }

    deinit { storage.deallocate() }

    /// Loads the next chunk once the current one is consumed; false at the end of input.
    @inline(__always)
    func ensure() throws(LoadError) -> Bool {
        if position < bytes.count { return true }
        return try refill()
    }

    private func refill() throws(LoadError) -> Bool {
        if atEnd { return false }
        let n = try source.read(into: storage)
        position = 0
        bytes = UnsafeBufferPointer(start: storage.baseAddress?.assumingMemoryBound(to: UInt8.self), count: n)
        if n == 0 { atEnd = true; return false }
        total += n
        onChunk?(source.fileBytesConsumed ?? total)
        return true
    }

    /// For a parser that scans its own copy of the chunk (`buf`, `pos`): when that chunk is used up,
    /// records the position, loads the next chunk into `buf`/`pos`; false at the end of input.
    func refill(_ buf: inout UnsafeBufferPointer<UInt8>, _ pos: inout Int) throws(LoadError) -> Bool {
        if pos < buf.count { return true }
        position = pos
        guard try ensure() else { return false }
        buf = bytes
        pos = position
        return pos < buf.count
    }

    /// Up to `count` bytes from the current position without consuming them (only within the chunk
    /// already loaded, which is enough for format detection at the start of a file).
    func peekPrefix(_ count: Int) throws(LoadError) -> [UInt8] {
        guard try ensure() else { return [] }
        return Array(bytes[position..<min(bytes.count, position + count)])
    }
}
