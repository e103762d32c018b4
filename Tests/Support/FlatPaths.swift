#if DEBUG
import Foundation
import Testing
import CINModel
@testable import CINLoading

/// The flat-file loader run with its fast paths on or off (or with load rules switched off), and the
/// check that both give the same model and report. Internal (`@testable import CINTestSupport`).
enum FlatPaths {
    struct Outcome {
        var data: CensusData
        var report: LoadReport
        /// Groups read by the clean path and by the validating path.
        var clean: Int, general: Int
    }

    /// Loads `bytes` as one flat file named t.csv, read in chunks of `chunk` bytes.
    static func load(_ bytes: [UInt8], fast: Bool, chunk: Int, disabling rules: Set<LoadRule> = [],
                     reading: FlatFileLoader.GroupReading = .whereThereIsTime) -> Outcome {
        let builder = CensusBuilder()
        builder.rules.disabled = rules
        let reader = ByteReader(source: MemoryByteSource(bytes), chunkSize: chunk)
        var groups = (clean: 0, general: 0)
        do {
            let read = try FlatFileLoader.load(reader: reader, file: "t.csv", into: builder, fastPaths: fast, groupReading: reading)
            groups = (read.clean, read.general)
        } catch {
            Issue.record("unexpected I/O error \(error)")
        }
        let (data, report) = builder.finish()
        return Outcome(data: data, report: report, clean: groups.clean, general: groups.general)
    }

    /// Whether two loads made the same records, in the same order, with the same links.
    static func sameModel(_ a: CensusData, _ b: CensusData) -> Bool {
        a.children == b.children && a.episodes == b.episodes
            && a.assessments == b.assessments && a.section47s == b.section47s
            && a.protectionPlans == b.protectionPlans && a.cinPlans == b.cinPlans
            && a.episodeStart == b.episodeStart && a.assessmentStart == b.assessmentStart
            && a.planStart == b.planStart && a.returnYears == b.returnYears
    }

    /// Loads both ways, expects the same outcome; returns the fast load's (clean, general) group counts.
    /// The fast load is made three times: clean groups read by the parsing thread, by the builder's,
    /// and by whichever has time; all three must equal the general path's.
    @discardableResult
    static func expectSame(_ bytes: [UInt8], chunk: Int, disabling rules: Set<LoadRule> = [],
                           _ note: @autoclosure () -> String) -> (Int, Int) {
        let slow = load(bytes, fast: false, chunk: chunk, disabling: rules)
        #expect(slow.clean == 0)
        var counts = (0, 0)
        for reading in [FlatFileLoader.GroupReading.parsingThread, .builderThread, .whereThereIsTime] {
            let fast = load(bytes, fast: true, chunk: chunk, disabling: rules, reading: reading)
            #expect(sameModel(fast.data, slow.data), "model differs (\(reading)): \(note())")
            #expect(fast.report.problems == slow.report.problems, "report differs (\(reading)): \(note())")
            #expect(fast.report.failedFiles == slow.report.failedFiles, "failed files differ (\(reading)): \(note())")
            counts = (fast.clean, fast.general)
        }
        return counts
    }
}
#endif
