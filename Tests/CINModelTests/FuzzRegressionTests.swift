import Testing
import Foundation
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// Replays every input the fuzzers ever found to crash (Fuzz/crashes/) and the seed corpora
/// (Fuzz/corpus/) through the same entry points as the harnesses. A trap here fails the run.
@Suite struct FuzzRegressionTests {
    static let fuzzRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz").path

    static func inputs(_ kind: String) -> [String] {
        var out: [String] = []
        for dir in ["crashes", "corpus"] {
            let path = "\(fuzzRoot)/\(dir)/\(kind)"
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() where !name.hasPrefix(".") {
                out.append("\(path)/\(name)")
            }
        }
        return out
    }

    static func bytes(_ path: String) -> [UInt8] { [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()) }

    @Test func xmlInputs() {
        let files = Self.inputs("xml")
        #expect(files.count >= 10)
        for f in files { _ = LoadSummary(CensusLoader.load(bytes: Self.bytes(f), name: f, format: .xml).data) }
    }

    @Test func csvInputs() {
        let files = Self.inputs("csv")
        #expect(files.count >= 5)
        for f in files { _ = LoadSummary(CensusLoader.load(bytes: Self.bytes(f), name: f, format: .flatCSV).data) }
    }

    /// The differential harness's crashes (and the csv seeds): the fast and general flat-file paths agree.
    @Test func csvDiffInputs() {
        let files = Self.inputs("csvdiff") + Self.inputs("csv")
        #expect(files.count >= 5)
        for f in files {
            for chunk in [1 << 20, 61] { FlatPaths.expectSame(Self.bytes(f), chunk: chunk, f) }
        }
    }

    @Test func gzipInputs() throws {
        let files = Self.inputs("gzip")
        #expect(files.count >= 4)
        for f in files {
            let gz = try GzipByteSource(upstream: MemoryByteSource(Self.bytes(f)), path: f)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4093, alignment: 8)
            defer { buffer.deallocate() }
            do { while try gz.read(into: buffer) > 0 {} } catch { #expect(error.description.contains("gzip")) }
        }
    }
}
