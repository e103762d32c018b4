import CINLoading
import Foundation
import Testing
@testable import CINRelease

/// The manifest's input digests, hashed from the loader's own reads: the same as hashing the file by
/// itself, and nothing from the load for what is not a regular file (a FIFO can be read once, by the
/// loader; a descriptor path is hashed by name when the manifest is made).
@Suite struct InputDigestsTests {
    /// Loads `paths` with `digests` tapping their reads, as `cinx report` does.
    private func load(_ paths: [String], _ digests: InputDigests) {
        _ = CensusLoader.load(paths: paths, taps: { digests.tap(for: $0) })
    }

    @Test func regularFilesAreHashedAsTheyLoadAndOthersLeftForLater() throws {
        let dir = NSTemporaryDirectory() + "cinx-digests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/a.csv"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: file))
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let digests = InputDigests(paths: [file, fifo, dir + "/missing.csv"])
        #expect(digests.tap(for: fifo) == nil)
        #expect(digests.tap(for: dir + "/missing.csv") == nil)
        // Not yet loaded: nothing to give.
        #expect(digests.digest(of: file) == nil)
        // "abc" is refused as a census file: the digest is of every byte all the same.
        load([file, dir + "/missing.csv"], digests)
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        #expect(digests.digest(of: file) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try FileDigest.sha256(path: file) == digests.digest(of: file))
        #expect(digests.digest(of: fifo) == nil)
        #expect(digests.digest(of: dir + "/missing.csv") == nil)
        // A regular file behind a descriptor path (`/dev/stdin < file`, `/dev/fd/N`) is not tapped.
        let handle = try #require(FileHandle(forReadingAtPath: file))
        defer { try? handle.close() }
        let descriptorPath = "/dev/fd/\(handle.fileDescriptor)"
        #expect(InputDigests(paths: [descriptorPath]).tap(for: descriptorPath) == nil)
    }

    /// A file of several read buffers (1 MB each) hashes to the digest of its bytes in memory, whether
    /// the load reads it to the end (a flat CSV, plain or gzipped: the compressed bytes are hashed) or
    /// stops after the first chunk (binary bytes); a directory, which opens but cannot be read, is a
    /// failure with a reason, not a digest.
    @Test func filesOfManyBuffersHashAsTheirBytesAndADirectoryFails() throws {
        let dir = NSTemporaryDirectory() + "cinx-digests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 3.5 MB: three whole buffers and a part of a fourth.
        let bytes = (0..<(3 * (1 << 20) + 512 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        let file = dir + "/big.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let extract = SyntheticExtract(children: 3000, seed: 11)
        for sub in ["/plain", "/gz"] { try FileManager.default.createDirectory(atPath: dir + sub, withIntermediateDirectories: true) }
        let plain = try #require(try ExtractWriter.write(extract, format: .csv, directory: dir + "/plain", gzip: false).first)
        let gzipped = try #require(try ExtractWriter.write(extract, format: .csv, directory: dir + "/gz", gzip: true).first)
        #expect(try FileDigest.sha256(path: file) == FileDigest.sha256(bytes: bytes))
        let digests = InputDigests(paths: [file, plain, gzipped])
        load([file, plain, gzipped], digests)
        #expect(digests.digest(of: file) == FileDigest.sha256(bytes: bytes))
        for path in [plain, gzipped] {
            let stored = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(stored.count > 1 << 20 || path == gzipped)
            #expect(digests.digest(of: path) == FileDigest.sha256(bytes: stored))
            #expect(try digests.digest(of: path) == FileDigest.sha256(path: path))
        }
        #expect(throws: FileDigest.Failure.self) { try FileDigest.sha256(path: dir) }
        do { _ = try FileDigest.sha256(path: dir) } catch { #expect(!error.reason.isEmpty) }
    }
}
