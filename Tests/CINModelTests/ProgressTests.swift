import Foundation
import Testing
@testable import CINModel
@testable import CINLoading

/// Loading progress counts the file's own bytes: compressed bytes for gzip, so that it reaches the
/// file's size (what the progress line divides by).
@Suite struct ProgressTests {
    @Test func progressReachesTheFileSizeForPlainAndGzippedFiles() throws {
        let dir = NSTemporaryDirectory() + "cinx-progress-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for gzip in [false, true] {
            let sub = dir + (gzip ? "/gz" : "/plain")
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            let paths = try ExtractWriter.write(SyntheticExtract(children: 3000, seed: 4), format: .csv, directory: sub, gzip: gzip)
            let path = try #require(paths.first)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            nonisolated(unsafe) var last = 0
            _ = CensusLoader.load(paths: [path]) { _, _, bytes in last = max(last, bytes) }
            #expect(last == size, "gzip \(gzip): \(last) of \(size)")
        }
    }
}

/// One child's row repeated many times is read once: memory grows with distinct records, not rows,
/// and the model and the problems are those of the file without the repeats.
@Suite struct RepeatedRowTests {
    @Test func repeatsAddNothing() throws {
        let extract = SyntheticExtract(children: 300, seed: 12)
        let dir = NSTemporaryDirectory() + "cinx-repeat-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = try #require(try ExtractWriter.write(extract, format: .csv, directory: dir, gzip: false).first)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let row = lines[3]
        lines.insert(contentsOf: Array(repeating: row, count: 200_000), at: 4)
        let plain = CensusLoader.load(bytes: Array(text.utf8), name: "f.csv")
        let repeated = CensusLoader.load(bytes: Array(lines.joined(separator: "\n").utf8), name: "f.csv")
        #expect(LoadSummary(repeated.data) == LoadSummary(plain.data))
        // The same problems (their lines move down by the repeats inserted above them).
        func kinds(_ r: LoadReport) -> [String] { r.problems.map { "\($0.childID) \($0.rule) \($0.detail)" } }
        #expect(kinds(repeated.report) == kinds(plain.report))
    }
}
