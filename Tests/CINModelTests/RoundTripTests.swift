import Testing
import Foundation
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

@Suite struct RoundTripTests {
    func assertSameModel(_ a: CensusData, _ b: CensusData) {
        #expect(a.children == b.children)
        #expect(a.episodes == b.episodes)
        #expect(a.assessments == b.assessments)
        #expect(a.section47s == b.section47s)
        #expect(a.protectionPlans == b.protectionPlans)
        #expect(a.cinPlans == b.cinPlans)
        #expect(a.episodeStart == b.episodeStart && a.assessmentStart == b.assessmentStart && a.planStart == b.planStart)
        #expect(a.returnYears == b.returnYears)
        #expect(a.authorities == b.authorities)
    }

    @Test(arguments: [UInt64(1), 42])
    func generatedExtractRoundTripsThroughXMLAndCSV(seed: UInt64) throws {
        let extract = SyntheticExtract(children: 400, seed: seed)
        let dir = temporaryDirectory()
        let xmlPaths = try ExtractWriter.write(extract, format: .xml, directory: dir, gzip: true)
        let csvPaths = try ExtractWriter.write(extract, format: .csv, directory: dir, gzip: false)
        let fromXML = CensusLoader.load(paths: xmlPaths)
        let fromCSV = CensusLoader.load(paths: csvPaths)
        // The model built straight from the generator's return records, with no file in between.
        let builder = CensusBuilder()
        // The generator's authority: code 999 in the XML header, "Demo" in the flat file's LA column.
        let authority = builder.authority(written: "999")
        for (year, child) in extract.allReturnRecords() {
            builder.add(child, from: .init(file: "direct", year: year, referenceDate: Day(year: year, month: 3, day: 31),
                                           authority: authority))
        }
        let (direct, _) = builder.finish()
        #expect(fromXML.data.children.count == 400)
        assertSameModel(fromXML.data, fromCSV.data)
        assertSameModel(fromXML.data, direct)
        #expect(LoadSummary(fromXML.data) == LoadSummary(fromCSV.data))
        // Deliberate faults are present and reported in both forms.
        #expect(fromXML.report.count(.mergeConflict) == fromCSV.report.count(.mergeConflict))
        #expect(fromXML.report.failedFiles.isEmpty && fromCSV.report.failedFiles.isEmpty)
    }

    @Test func sameSeedSameBytes() throws {
        let a = temporaryDirectory(), b = temporaryDirectory()
        let e = SyntheticExtract(children: 200, seed: 7)
        let pa = try ExtractWriter.write(e, format: .csv, directory: a, gzip: true)
        let pb = try ExtractWriter.write(SyntheticExtract(children: 200, seed: 7), format: .csv, directory: b, gzip: true)
        let da = try Data(contentsOf: URL(fileURLWithPath: pa[0])), db = try Data(contentsOf: URL(fileURLWithPath: pb[0]))
        #expect(da == db)
        #expect(da.count > 1000)
        let other = try ExtractWriter.write(SyntheticExtract(children: 200, seed: 8), format: .csv, directory: temporaryDirectory(), gzip: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: other[0])) != da)
    }

    @Test func multiMemberGzipIsReadWhole() throws {
        // `cat a.gz b.gz` is a valid gzip file: both members are read.
        let dir = temporaryDirectory()
        let e = SyntheticExtract(children: 50, seed: 3)
        let paths = try ExtractWriter.write(e, format: .csv, directory: dir, gzip: true)
        let plain = try ExtractWriter.write(e, format: .csv, directory: dir, gzip: false, baseName: "plain")
        let gz = try Data(contentsOf: URL(fileURLWithPath: paths[0]))
        // Split the plain text in two at a line boundary and gzip each half separately via ByteSink.
        let text = try String(contentsOfFile: plain[0], encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let half = lines.count / 2
        let p1 = dir + "/p1.gz", p2 = dir + "/p2.gz"
        let s1 = try ByteSink(path: p1, gzip: true); s1.write(lines[..<half].joined(separator: "\n") + "\n"); try s1.close()
        let s2 = try ByteSink(path: p2, gzip: true); s2.write(lines[half...].joined(separator: "\n")); try s2.close()
        var joined = try Data(contentsOf: URL(fileURLWithPath: p1))
        joined.append(try Data(contentsOf: URL(fileURLWithPath: p2)))
        let r1 = CensusLoader.load(bytes: [UInt8](joined), name: "joined.csv.gz")
        let r2 = CensusLoader.load(bytes: [UInt8](gz), name: "whole.csv.gz")
        #expect(r1.report.failedFiles.isEmpty)
        assertSameModel(r1.data, r2.data)
    }
}
