// libFuzzer harness: any bytes through the streaming gzip reader, read to the end in odd-sized chunks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let gz = try GzipByteSource(upstream: MemoryByteSource(bytes), path: "fuzz.gz")
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4093, alignment: 8)
        defer { buffer.deallocate() }
        var total = 0
        while total < 64 << 20 {
            let n = try gz.read(into: buffer)
            if n == 0 { break }
            total += n
        }
    } catch {
        _ = error.description
    }
    return 0
}
