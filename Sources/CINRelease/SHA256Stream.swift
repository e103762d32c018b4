import COpenSSL
import Foundation

/// SHA-256 over bytes given in pieces (OpenSSL's EVP interface), as lower-case hex at the end: the
/// one digest of a file whether it is read for hashing (`FileDigest`) or hashed as the loader reads it
/// (`InputDigests`).
final class SHA256Stream {
    private let context: OpaquePointer
    /// Set when OpenSSL refused a step: the digest is then not given.
    private(set) var failure: String?

    /// Nil when OpenSSL gives no context or cannot start (`reason` says which).
    init?(reason: inout String) {
        guard let ctx = EVP_MD_CTX_new() else { reason = "no digest context"; return nil }
        guard EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(ctx)
            reason = "digest init failed"
            return nil
        }
        context = ctx
    }

    deinit { EVP_MD_CTX_free(context) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, let base = bytes.baseAddress, bytes.count > 0 else { return }
        if EVP_DigestUpdate(context, base, bytes.count) != 1 { failure = "digest update failed" }
    }

    /// The digest of every byte given, or why there is none. Called once.
    func final() -> Result<String, SHA256Failure> {
        if let failure { return .failure(SHA256Failure(reason: failure)) }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &out, &length) == 1 else { return .failure(SHA256Failure(reason: "digest final failed")) }
        return .success(out.prefix(Int(length)).map { String(format: "%02x", $0) }.joined())
    }
}

struct SHA256Failure: Error {
    var reason: String
}
