import CINModel

/// The first bytes of a stream, already read to sniff it (gzip magic), given back before the rest:
/// a pipe or process substitution (`<(zcat x.csv.gz)`) cannot be opened twice or rewound.
final class ReplayByteSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let upstream: ByteSource

    init(prefix: [UInt8], upstream: ByteSource) {
        self.prefix = prefix
        self.upstream = upstream
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { src in
                if let s = src.baseAddress { base.copyMemory(from: s + offset, byteCount: n) }
            }
            offset += n
            if offset == prefix.count { prefix = []; offset = 0 }
            return n
        }
        return try upstream.read(into: buffer)
    }

    /// Reads at least `count` bytes from `source` (fewer only at its end).
    static func head(of source: ByteSource, count: Int) throws(LoadError) -> [UInt8] {
        var out: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while out.count < count {
            let n = try source.read(into: chunk)
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}
