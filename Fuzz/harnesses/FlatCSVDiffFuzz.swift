// libFuzzer harness, differential: any bytes through the flat-file loader with its fast paths (plain
// rows read in place, clean groups read without Strings, on the parsing thread, on the builder's, or
// where there is time) and with the general paths only, in small chunks. The model and the load report
// must be the same; a difference is a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlatCSVFastAgainstGeneral(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    func load(fast: Bool, chunk: Int, reading: FlatFileLoader.GroupReading = .whereThereIsTime) -> (CensusData, LoadReport) {
        let builder = CensusBuilder()
        let reader = ByteReader(source: MemoryByteSource(bytes), chunkSize: chunk)
        _ = try? FlatFileLoader.load(reader: reader, file: "fuzz.csv", into: builder, fastPaths: fast, groupReading: reading)
        return builder.finish()
    }
    let (a, ra) = load(fast: true, chunk: 1 << 20)
    let (b, rb) = load(fast: false, chunk: 1 << 20)
    let (c, rc) = load(fast: true, chunk: 61, reading: .parsingThread)
    let (d, rd) = load(fast: true, chunk: 1 << 20, reading: .builderThread)
    for (other, report) in [(b, rb), (c, rc), (d, rd)] {
        let same = a.children == other.children && a.episodes == other.episodes && a.assessments == other.assessments
            && a.section47s == other.section47s && a.protectionPlans == other.protectionPlans && a.cinPlans == other.cinPlans
            && a.episodeStart == other.episodeStart && a.assessmentStart == other.assessmentStart
            && a.planStart == other.planStart && a.returnYears == other.returnYears
            && ra.problems == report.problems && ra.failedFiles == report.failedFiles
        if !same { fatalError("fast and general flat-file paths differ") }
    }
    return 0
}
