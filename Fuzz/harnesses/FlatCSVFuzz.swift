// libFuzzer harness: any bytes through the liiatools flat-file loader (format forced).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlatCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let result = CensusLoader.load(bytes: Array(UnsafeBufferPointer(start: data, count: size)), name: "fuzz.csv", format: .flatCSV)
    _ = LoadSummary(result.data)
    return 0
}
