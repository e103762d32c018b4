import CinxZlib
import CINModel

/// Inflates a gzip stream chunk by chunk with zlib (never the whole file in memory).
/// Concatenated gzip members, as `cat a.gz b.gz` makes, are read one after another.
final class GzipByteSource: ByteSource {
    private let upstream: ByteSource
    private var compressedRead = 0
    var fileBytesConsumed: Int? { compressedRead }
    private let path: String
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false
    private var initialised = false

    init(upstream: ByteSource, path: String) throws(LoadError) {
        self.upstream = upstream
        self.path = path
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 8)
        // 15 + 16: gzip wrapper only.
        let rc = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw .corruptGzip(path: path, reason: "zlib could not start (\(rc))") }
        initialised = true
    }

    deinit {
        if initialised { inflateEnd(&stream) }
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && !inputEnded {
                let n = try upstream.read(into: input)
                compressedRead += n
                if n == 0 { inputEnded = true } else {
                    stream.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_in = uInt(n)
                }
            }
            if memberEnded {
                // Another member follows only if there is more input.
                if stream.avail_in == 0 && inputEnded { break }
                if stream.avail_in == 0 { continue }
                inflateReset(&stream)
                memberEnded = false
            }
            if stream.avail_in == 0 && inputEnded {
                throw .corruptGzip(path: path, reason: "the file ends inside compressed data")
            }
            let rc = inflate(&stream, Z_NO_FLUSH)
            switch rc {
            case Z_OK, Z_BUF_ERROR: continue
            case Z_STREAM_END: memberEnded = true
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                throw .corruptGzip(path: path, reason: message)
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}
