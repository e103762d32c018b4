/// Sees a file's bytes as the loader reads them, in order and each once, exactly as stored (the
/// compressed bytes of a gzipped file). The release manifest's SHA-256 is computed this way from the
/// loader's own reads: hashing by reading the file a second time cost a second copy of every byte out
/// of the page cache (a gigabyte for a national extract, docs/performance.md).
///
/// Called on the thread that reads the file. When the loader stops early (a file it refuses, a
/// malformed return), the rest of the file is read into the tap after the load, so that the tap
/// always sees the whole file or is told that it could not.
public protocol InputTap: AnyObject {
    /// The next bytes of the file.
    func consume(_ bytes: UnsafeRawBufferPointer)
    /// The end of the file was reached: every byte was given to `consume`.
    func reachedEnd()
    /// A read failed: the bytes given are not the whole file, and the tap's result must not be used.
    func failed()
}
