#if canImport(Glibc)
import Glibc
#endif
import CinxZlib

/// Buffered output to a file, optionally through gzip (deterministic: no name or time in the header).
public final class ByteSink {
    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var gzip: UnsafeMutablePointer<z_stream>?
    private var failed: String?

    public init(path: String, gzip useGzip: Bool) throws(LoadError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
        if useGzip {
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            let rc = deflateInit2_(s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else { Glibc.close(fd); s.deallocate(); throw .cannotOpen(path: path, reason: "zlib deflateInit failed") }
            gzip = s
        }
    }

    public func write(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { flushBuffer(final: false) }
    }

    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flushBuffer(final: false) }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        var off = 0
        while off < bytes.count, failed == nil {
            guard let base = bytes.baseAddress else { return }
            let n = Glibc.write(fd, base + off, bytes.count - off)
            if n < 0 { if errno == EINTR { continue }; failed = String(cString: strerror(errno)); return }
            off += n
        }
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
    public func close() throws(LoadError) {
        flushBuffer(final: true)
        if let z = gzip { deflateEnd(z); z.deallocate(); gzip = nil }
        if Glibc.close(fd) != 0 && failed == nil { failed = String(cString: strerror(errno)) }
        if let f = failed { throw .readFailed(path: path, reason: "write failed: \(f)") }
    }
}
