import CINLoading
import CINModel
import Foundation

/// The SHA-256 of each input a release manifest names, computed on a thread of its own while the
/// files load: hashing a national file after loading it added seconds to a release (1.8 GB: ~2 s of
/// OpenSSL), while the loader leaves part of the second core idle. Only regular files outside `/dev`
/// and `/proc` are hashed early; a FIFO, a process substitution or a redirected descriptor is read by
/// the loader alone, and hashed when the manifest is made. When no thread can be started, every file is hashed then too.
public final class InputDigests: @unchecked Sendable {
    // Written by the hashing thread before it signals `finished`; read only after waiting for it.
    private var early: [String: String] = [:]
    private let finished = DispatchSemaphore(value: 0)
    private var started = false
    private var waited = false

    /// Starts hashing those of `paths` that are regular files.
    public init(paths: [String]) {
        let regular = paths.filter { path in
            // `-` is standard input, even when a file of that name is in the working directory.
            guard path != CensusLoader.standardInput else { return false }
            var info = stat()
            guard stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG else { return false }
            // `/dev/stdin` or `/dev/fd/N` redirected from a file is a regular file behind a descriptor
            // the loader reads; on some systems a second open shares its read position, so it is left
            // for afterwards, as a pipe is.
            guard let resolved = realpath(path, nil) else { return false }
            defer { free(resolved) }
            let real = String(cString: resolved)
            return !real.hasPrefix("/dev/") && !real.hasPrefix("/proc/") && !path.hasPrefix("/dev/") && !path.hasPrefix("/proc/")
        }
        guard !regular.isEmpty else { return }
        started = DetachedThread.start(stackSize: 1 << 20) { [self] in
            var values: [String: String] = [:]
            for path in regular {
                do throws(FileDigest.Failure) { values[path] = try FileDigest.sha256(path: path) } catch {
                    values[path] = "unreadable: \(error.reason)"
                }
            }
            early = values
            finished.signal()
        }
    }

    /// Waits for the early hashing to finish. Called before the process ends on any path (an error too):
    /// exiting while the thread is inside OpenSSL lets the library's exit-time cleanup free what the thread
    /// is using, a crash on exit.
    public func finish() {
        if started && !waited { finished.wait(); waited = true }
    }

    /// The digest of `path` (waiting for the early hashing to finish), or nil when it was not
    /// hashed early. Called from one thread (the one making the manifest).
    public func digest(of path: String) -> String? {
        finish()
        return early[path]
    }
}
