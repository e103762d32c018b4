import COpenSSL
import Foundation

/// SHA-256 of a file, read in chunks (inputs run to gigabytes), when the loader did not hash it as it
/// read it (`InputDigests`). OpenSSL's libcrypto rather than a
/// hand-written digest: it is the system's, well tested, and fast.
public enum FileDigest {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot hash \(path): \(reason)" }
    }

    public static func sha256(path: String) throws(Failure) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(path: path, reason: "cannot open it") }
        defer { try? handle.close() }
        var reason = ""
        guard let digest = SHA256Stream(reason: &reason) else { throw Failure(path: path, reason: reason) }
        // One buffer for the whole file, read into with read(2): `FileHandle.read(upToCount:)` made a new
        // Data per megabyte, and the kernel's page faults and unmaps for those fresh pages cost more
        // than the read itself (perf on a 1.8 GB input, docs/performance.md).
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { chunk.deallocate() }
        guard let base = chunk.baseAddress else { throw Failure(path: path, reason: "no buffer") }
        while true {
            let n = read(handle.fileDescriptor, base, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                // The message FileHandle gives for the same failure, as before.
                throw Failure(path: path, reason: readFailure(handle))
            }
            if n == 0 { break }
            digest.update(UnsafeRawBufferPointer(start: base, count: n))
        }
        switch digest.final() {
        case .success(let hex): return hex
        case .failure(let failure): throw Failure(path: path, reason: failure.reason)
        }
    }

    /// Foundation's description of a failed read of `handle` (read again through it).
    private static func readFailure(_ handle: FileHandle) -> String {
        do { _ = try handle.read(upToCount: 1) } catch { return error.localizedDescription }
        return String(cString: strerror(errno))
    }

    /// SHA-256 of bytes in memory, as lower-case hex (a ledger entry's checksum and id).
    public static func sha256(bytes: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { buf in EVP_Digest(buf.baseAddress, buf.count, &out, &length, EVP_sha256(), nil) }
        // EVP_Digest fails only without memory for its context; the caller's check then fails too, never passes.
        guard ok == 1 else { return "" }
        return out.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }
}
