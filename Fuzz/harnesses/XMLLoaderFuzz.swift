// libFuzzer harness: any bytes through the XML return loader (format forced, gzip detected).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let result = CensusLoader.load(bytes: Array(UnsafeBufferPointer(start: data, count: size)), name: "fuzz.xml", format: .xml)
    _ = LoadSummary(result.data)
    return 0
}
