#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large, randomly read table with 2 MB pages (`madvise(MADV_HUGEPAGE)`,
/// honoured where transparent huge pages are set to `madvise` or `always`).
///
/// Why: the child index is tens of megabytes on a national file and every lookup lands on a random
/// slot. With 4 KB pages each of those reads also misses the TLB, and the page walk holds up even a
/// prefetch (perf put most of the flat group loop's samples on the slot prefetch); with 2 MB pages the
/// whole table fits the TLB. Only the table's whole 2 MB pages are advised, before anything is written
/// to them, so nothing is moved or compacted later. Elsewhere (macOS) a no-op.
enum HugePages {
    static let size = 1 << 21

    /// Advises the 2 MB pages lying wholly inside `buffer`; call before the buffer is first written.
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= 2 * size, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Advice only: a kernel without transparent huge pages refuses it, and the table works as before.
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
