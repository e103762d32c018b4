import Foundation
import Testing
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// The flat-file loader's fast paths (plain rows read in place, clean groups read straight from bytes
/// without Strings, runs of columns compared at once) must give exactly what the general paths give:
/// the same model, record for record, and the same load report, problem for problem, in order. Here
/// both are run on generated extracts (which carry deliberate faults) and on thousands of randomly
/// damaged copies, with chunk sizes that put rows across chunk boundaries.
@Suite struct FlatFastPathTests {
    func load(_ bytes: [UInt8], fast: Bool, chunk: Int) -> (CensusData, LoadReport, clean: Int, general: Int) {
        let o = FlatPaths.load(bytes, fast: fast, chunk: chunk)
        return (o.data, o.report, o.clean, o.general)
    }

    @discardableResult
    func expectSame(_ bytes: [UInt8], chunk: Int, _ note: @autoclosure () -> String) -> (Int, Int) {
        FlatPaths.expectSame(bytes, chunk: chunk, note())
    }

    func generatedCSV(children: Int, seed: UInt64) throws -> [UInt8] {
        let dir = temporaryDirectory()
        let paths = try ExtractWriter.write(SyntheticExtract(children: children, seed: seed), format: .csv, directory: dir, gzip: false)
        return Array(try Data(contentsOf: URL(fileURLWithPath: paths[0])))
    }

    @Test func eventTypeOrdinalsFollowTheDeclaredOrder() {
        // `FlatColumns.typeHasColumn` is built from `allCases` and read by `ordinal`.
        #expect(FlatFileLoader.EventType.allCases.enumerated().allSatisfy { $0.offset == $0.element.ordinal })
    }

    @Test(arguments: [UInt64(3), 77])
    func generatedExtractsGiveTheSameModelAndReport(seed: UInt64) throws {
        let bytes = try generatedCSV(children: 1500, seed: seed)
        let (data, report, clean, general) = load(bytes, fast: true, chunk: 1 << 20)
        #expect(data.children.count == 1500)
        #expect(report.totalProblems > 0)  // the generator's deliberate faults are there
        // Both paths are exercised: most groups are clean, the faulty ones are not.
        #expect(clean > 10 * general && general > 0)
        for chunk in [1 << 20, 4096, 97] { expectSame(bytes, chunk: chunk, "seed \(seed), chunk \(chunk)") }
    }

    /// The builder reserves its stores from the file's size once a 32nd of it is merged
    /// (`CensusBuilder.reserve`): the same model and report whether the size given is right, eight
    /// times too large (room for far more records than come) or unknown.
    @Test func reservingFromTheFileSizeChangesNothing() throws {
        let bytes = try generatedCSV(children: 1500, seed: 11)
        func load(expecting expected: Int?) -> (CensusData, LoadReport, capacity: Int) {
            let builder = CensusBuilder()
            let reader = ByteReader(source: MemoryByteSource(bytes), chunkSize: 4096)
            reader.expectedBytes = expected
            do { try FlatFileLoader.load(reader: reader, file: "t.csv", into: builder, reserveMinimum: 0) } catch {
                Issue.record("unexpected I/O error \(error)")
            }
            let capacity = builder.data.children.capacity
            let (data, report) = builder.finish()
            return (data, report, capacity)
        }
        let unknown = load(expecting: nil), exact = load(expecting: bytes.count), tooLarge = load(expecting: 8 * bytes.count)
        #expect(unknown.0.children.count == 1500)
        for other in [exact, tooLarge] {
            #expect(FlatPaths.sameModel(other.0, unknown.0))
            #expect(other.1.problems == unknown.1.problems)
        }
        // Eight times the size: reserved at a quarter of the file (8/32) for 32 times what was merged
        // then, with a tenth more: about 8.8 times the 1,500 children. Growth by doubling alone never
        // holds more than twice the count.
        #expect(tooLarge.capacity > 4 * 1500)
        #expect(unknown.capacity < 2 * 1500)
    }

    /// A read error half way through a flat file: in every mode of reading clean groups (and on the
    /// general path alone) the load throws the error, and what was loaded before it is the same.
    @Test func aReadErrorMidFileIsTheSameWhicheverThreadReads() throws {
        let bytes = try generatedCSV(children: 1500, seed: 5)
        /// Serves `bytes` in reads of at most 4 KB, then fails once `failAfter` bytes have been served.
        final class FailingSource: ByteSource {
            let bytes: [UInt8], failAfter: Int
            var sent = 0
            init(_ bytes: [UInt8], failAfter: Int) { self.bytes = bytes; self.failAfter = failAfter }
            func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
                if sent >= failAfter { throw .readFailed(path: "t.csv", reason: "Input/output error (injected)") }
                let n = min(buffer.count, 4096, failAfter - sent, bytes.count - sent)
                bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[sent..<(sent + n)])) }
                sent += n
                return n
            }
        }
        let failAfter = bytes.count / 2
        func load(fast: Bool, _ reading: FlatFileLoader.GroupReading) -> (CensusData, LoadReport) {
            let builder = CensusBuilder()
            do {
                try FlatFileLoader.load(reader: ByteReader(source: FailingSource(bytes, failAfter: failAfter), chunkSize: 8192),
                                        file: "t.csv", into: builder, fastPaths: fast, groupReading: reading)
                Issue.record("a read error must surface")
            } catch {
                #expect(error.description.contains("Input/output error"))
            }
            return builder.finish()
        }
        let general = load(fast: false, .whereThereIsTime)
        #expect(general.0.children.count > 100 && general.0.children.count < 1500)
        for reading in [FlatFileLoader.GroupReading.parsingThread, .builderThread, .whereThereIsTime] {
            let fast = load(fast: true, reading)
            #expect(FlatPaths.sameModel(fast.0, general.0), "\(reading)")
            #expect(fast.1.problems == general.1.problems, "\(reading)")
        }
    }

    @Test func crlfAndQuotedFieldsGiveTheSameModelAndReport() throws {
        let lf = try generatedCSV(children: 300, seed: 9)
        var crlf: [UInt8] = []
        for b in lf { if b == 10 { crlf.append(13) }; crlf.append(b) }
        let (clean, _) = expectSame(crlf, chunk: 1 << 20, "CRLF")
        #expect(clean > 0)
        // Every field quoted.
        var quoted: [UInt8] = [34]
        for b in lf {
            switch b {
            case 44: quoted += [34, 44, 34]
            case 10: quoted += [34, 10, 34]
            default: quoted.append(b)
            }
        }
        quoted.removeLast()  // the quote opened after the last newline
        expectSame(quoted, chunk: 1 << 20, "all quoted")
        expectSame(quoted, chunk: 333, "all quoted, small chunks")
    }

    /// Damage meant to reach every reason the clean path declines a group: padding, DD/MM/YYYY, bad
    /// and lower-case codes, quotes, CRs, blank and short rows, doubled factors, odd booleans.
    @Test func damagedCopiesGiveTheSameModelAndReport() throws {
        let base = try generatedCSV(children: 120, seed: 5)
        let pieces: [[UInt8]] = [" ", ",", "\"", "\r", "\n", "\r\n", "/", "0", "9", "-", "x", "21", "4B,4B", "TRUE", "n1",
                                 "31/12/2016", "2016-02-30", "1899-01-01", "\"\"", "N0", "WBRI ", "",
                                 // Flat files as other tools leave them (issue 16): pandas' 1.0 integers, dates with a time.
                                 ".0", "1.0", "2017.0", " 00:00:00"].map { Array($0.utf8) }
        var rng = SplitMix64(seed: 2024)
        var totals = (clean: 0, general: 0)
        for variant in 0..<400 {
            var bytes = base
            let edits = 1 + Int(rng.next() % 6)
            for _ in 0..<edits {
                let at = Int(rng.next() % UInt64(bytes.count))
                let piece = pieces[Int(rng.next() % UInt64(pieces.count))]
                let cut = Int(rng.next() % 4)  // replace up to 3 bytes
                let end = min(bytes.count, at + cut)
                bytes.replaceSubrange(at..<end, with: piece)
            }
            let chunk = variant % 3 == 0 ? 61 : 1 << 20
            let (clean, general) = expectSame(bytes, chunk: chunk, "variant \(variant)")
            totals.clean += clean; totals.general += general
        }
        #expect(totals.clean > 0 && totals.general > 0)
    }
}
