import CinxZlib
import CINModel

/// Buffered output to a file, optionally through gzip (deterministic: no name or time in the header).
final class ByteSink {
    private let file: POSIXFile
    private let path: String
    private var buffer: [UInt8] = []
    private var gzip: UnsafeMutablePointer<z_stream>?
    private var failed: String?

    init(path: String, gzip useGzip: Bool) throws(LoadError) {
        self.path = path
        file = try POSIXFile.create(path)
        buffer.reserveCapacity(1 << 20)
        if useGzip {
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            let rc = deflateInit2_(s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else { file.close(); s.deallocate(); throw .cannotOpen(path: path, reason: "zlib deflateInit failed") }
            gzip = s
        }
    }

    func write(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { flushBuffer(final: false) }
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flushBuffer(final: false) }
    }

    /// Writes through to the file; after a failed write nothing more is written (`close` reports it).
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard failed == nil else { return }
        failed = file.writeAll(bytes)
    }

    private func flushBuffer(final: Bool) {
        if let z = gzip {
            var out = [UInt8](repeating: 0, count: 1 << 18)
            buffer.withUnsafeMutableBytes { input in
                z.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                z.pointee.avail_in = uInt(input.count)
                while true {
                    var rc: Int32 = Z_OK
                    out.withUnsafeMutableBytes { o in
                        z.pointee.next_out = o.baseAddress?.assumingMemoryBound(to: Bytef.self)
                        z.pointee.avail_out = uInt(o.count)
                        rc = deflate(z, final ? Z_FINISH : Z_NO_FLUSH)
                        let produced = o.count - Int(z.pointee.avail_out)
                        writeAll(UnsafeRawBufferPointer(rebasing: o[0..<produced]))
                    }
                    if rc == Z_STREAM_ERROR { failed = "zlib deflate failed"; break }
                    if final { if rc == Z_STREAM_END { break } } else if z.pointee.avail_out != 0 { break }
                }
            }
        } else {
            buffer.withUnsafeBytes { writeAll($0) }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; throws if any write failed.
    func close() throws(LoadError) {
        flushBuffer(final: true)
        if let z = gzip { deflateEnd(z); z.deallocate(); gzip = nil }
        if let error = file.close(), failed == nil { failed = error }
        if let f = failed { throw .readFailed(path: path, reason: "write failed: \(f)") }
    }
}
