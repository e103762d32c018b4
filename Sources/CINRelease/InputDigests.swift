import CINLoading
import CINModel
import Foundation

/// The SHA-256 of each input a release manifest names, computed from the loader's own reads of the
/// file (`InputTap`): one read of a national extract, not two. Reading the file a second time on a
/// thread of its own copied every byte out of the page cache again and competed with the loader's
/// two threads for the two cores (docs/performance.md). Only regular files outside `/dev` and `/proc`
/// are hashed as they load; a FIFO, a process substitution or a redirected descriptor is left to
/// the manifest, which says it was read from a pipe or hashes the file then, as it does any input
/// whose tap did not see the whole file (a read that failed).
public final class InputDigests {
    /// The paths hashed as they load.
    private let hashed: Set<String>
    /// A path's digest once its tap has seen the end of the file. A path given twice is loaded twice;
    /// the later load's digest is kept.
    private var values: [String: String] = [:]

    /// Decides which of `paths` are hashed as the loader reads them: those that are regular files.
    public init(paths: [String]) {
        hashed = Set(paths.filter { path in
            // `-` is standard input, even when a file of that name is in the working directory.
            guard path != CensusLoader.standardInput else { return false }
            var info = stat()
            guard stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG else { return false }
            // `/dev/stdin` or `/dev/fd/N` redirected from a file is a regular file behind a descriptor;
            // it is hashed by name when the manifest is made, as before the loader hashed its reads.
            guard let resolved = realpath(path, nil) else { return false }
            defer { free(resolved) }
            let real = String(cString: resolved)
            return !real.hasPrefix("/dev/") && !real.hasPrefix("/proc/") && !path.hasPrefix("/dev/") && !path.hasPrefix("/proc/")
        })
    }

    /// What the loader gives `path`'s bytes to (`CensusLoader.load(paths:progress:taps:)`), or nil
    /// when it is not hashed as it loads. Called on the loading thread.
    public func tap(for path: String) -> InputTap? {
        guard hashed.contains(path) else { return nil }
        return DigestTap { [self] digest in values[path] = digest }
    }

    /// The digest of `path` from its load, or nil when it was not hashed as it loaded (or its tap did
    /// not see the whole file). Called after the load, on the thread that loaded.
    public func digest(of path: String) -> String? {
        values[path]
    }
}

/// SHA-256 of the bytes a file's tap sees; hands the digest over only when it saw the end.
private final class DigestTap: InputTap {
    private let stream: SHA256Stream?
    private let done: (String) -> Void

    init(done: @escaping (String) -> Void) {
        var reason = ""
        stream = SHA256Stream(reason: &reason)
        self.done = done
    }

    func consume(_ bytes: UnsafeRawBufferPointer) { stream?.update(bytes) }

    func reachedEnd() {
        // Without a digest (OpenSSL refused), the manifest hashes the file itself and says why it could not.
        if case .success(let hex)? = stream?.final() { done(hex) }
    }

    func failed() {}
}
