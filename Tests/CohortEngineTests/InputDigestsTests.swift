import Foundation
import Testing
@testable import CINRelease

/// The manifest's input digests, hashed while the inputs load: the same as hashing afterwards, and
/// nothing early for what is not a regular file (a FIFO can be read once, by the loader).
@Suite struct InputDigestsTests {
    @Test func regularFilesAreHashedEarlyAndOthersLeftForLater() throws {
        let dir = NSTemporaryDirectory() + "cinx-digests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/a.csv"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: file))
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let digests = InputDigests(paths: [file, fifo, dir + "/missing.csv"])
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        #expect(digests.digest(of: file) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try FileDigest.sha256(path: file) == digests.digest(of: file))
        #expect(digests.digest(of: fifo) == nil)
        #expect(digests.digest(of: dir + "/missing.csv") == nil)
        // A regular file behind a descriptor path (`/dev/stdin < file`, `/dev/fd/N`) is the loader's
        // alone: not hashed early.
        let handle = try #require(FileHandle(forReadingAtPath: file))
        defer { try? handle.close() }
        let descriptorPath = "/dev/fd/\(handle.fileDescriptor)"
        #expect(InputDigests(paths: [descriptorPath]).digest(of: descriptorPath) == nil)
    }

    /// A file of several read buffers (1 MB each) hashes to the digest of its bytes in memory; a
    /// directory, which opens but cannot be read, is a failure with a reason, not a digest.
    @Test func aFileOfManyBuffersHashesAsItsBytesAndADirectoryFails() throws {
        let dir = NSTemporaryDirectory() + "cinx-digests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 3.5 MB: three whole buffers and a part of a fourth.
        let bytes = (0..<(3 * (1 << 20) + 512 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        let file = dir + "/big.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(try FileDigest.sha256(path: file) == FileDigest.sha256(bytes: bytes))
        #expect(InputDigests(paths: [file]).digest(of: file) == FileDigest.sha256(bytes: bytes))
        #expect(throws: FileDigest.Failure.self) { try FileDigest.sha256(path: dir) }
        do { _ = try FileDigest.sha256(path: dir) } catch { #expect(!error.reason.isEmpty) }
    }
}
