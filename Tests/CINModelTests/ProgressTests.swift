import Foundation
import Testing
@testable import CINModel

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
