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

/// The XML form: one child element repeated many times in a return is kept once, and the load is what
/// merging every copy gives (the model, and the problems with the duplicate-child one at the first
/// repeat's line).
@Suite struct RepeatedChildElementTests {
    @Test func repeatedChildElementsAreKeptOnce() throws {
        let dir = NSTemporaryDirectory() + "cinx-repeat-xml-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try ExtractWriter.write(SyntheticExtract(children: 200, seed: 12), format: .xml, directory: dir, gzip: false)
        let path = try #require(paths.sorted().last)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // The first <Child> element, as written, and a copy of the return with it repeated n times.
        let start = try #require(text.range(of: "<Child>"))
        let end = try #require(text.range(of: "</Child>", range: start.upperBound..<text.endIndex))
        let element = String(text[start.lowerBound..<end.upperBound])
        func repeated(_ n: Int) -> [UInt8] {
            Array((String(text[..<end.upperBound]) + String(repeating: "\n" + element, count: n - 1)
                   + String(text[end.upperBound...])).utf8)
        }
        let twice = CensusLoader.load(bytes: repeated(2), name: "r.xml")
        let many = CensusLoader.load(bytes: repeated(5_000), name: "r.xml")
        #expect(LoadSummary(many.data) == LoadSummary(twice.data))
        #expect(many.report.problems == twice.report.problems)  // lines included: the repeat's is the second copy's
        #expect(twice.report.problems.contains { $0.rule == .duplicateChildInReturn })
        // Memory: the handler holds the return's distinct children, not its 5,000 copies.
        let parsed = try XMLReturnLoader.parse(reader: ByteReader(source: MemoryByteSource(repeated(5_000))), file: "r.xml")
        let plain = try XMLReturnLoader.parse(reader: ByteReader(source: MemoryByteSource(Array(text.utf8))), file: "r.xml")
        #expect(parsed.handler.children.count == plain.handler.children.count)
        #expect(parsed.handler.childElements == plain.handler.childElements + 4_999)
    }
}
