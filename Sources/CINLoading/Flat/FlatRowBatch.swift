import Foundation
import CINModel

/// Rows of a flat file as the parsing thread hands them to the builder thread: the rows' bytes back
/// to back, each row's field bounds, and, in file order, the groups (one child in one return) and the
/// problems found between them. Plain values only, so a batch crosses threads without reference
/// counting per row; batches are reused (`reset`), so their memory is touched once, not per batch.
final class FlatRowBatch: @unchecked Sendable {
    /// What the builder does, in order.
    enum Item {
        /// Rows `first ..< first + count` are one child in one return (`year` 0 when unknown).
        case group(first: Int, count: Int, year: Int, clean: CleanState)
        /// A problem found while splitting rows; `authority` is the row's LA as written.
        case problem(CensusBuilder.Origin, authority: String, line: Int, child: String, LoadRule, LoadAction, String)
        case fileProblem(line: Int, LoadRule, LoadAction, String)
        case endOfFile
    }

    /// Whether a group's values were read (`FlatGroupDecoder`), by whichever thread had time.
    enum CleanState {
        /// Not tried yet.
        case unread
        /// Read whole: its index in `clean.groups`.
        case read(Int)
        /// A value needs the general path.
        case general
    }

    let width: Int
    /// Row r's field i is at `FieldBound.range(bounds + r * width, i)` from `rowStarts[r]` in `bytes`.
    /// Raw storage (`RawRun`), appended to once per row each.
    private var bytes: RawRun<UInt8>
    private var bounds: RawRun<UInt32>
    private var rowStarts: RawRun<Int>
    private var lines: RawRun<Int>
    private(set) var types: RawRun<FlatFileLoader.EventType>
    /// Whether a row has the same episode values as the row before it in its group (found here, on the
    /// parsing thread, while the row is in cache; the builder then skips comparing it).
    private var continuesEpisode: RawRun<Bool>
    /// Whether each row was read by the reader's plain-row path (its bytes are the file's).
    private var plain: RawRun<Bool>
    var items: [Item] = []
    /// The values of the groups read so far.
    var clean = CleanGroups()

    /// Rows `first ..< first + count` are one group, not read yet.
    @inline(__always)
    func addGroup(first: Int, count: Int, year: Int) {
        items.append(.group(first: first, count: count, year: year, clean: .unread))
    }

    /// Reads every unread group's values with `decoder` (on the thread that holds the batch).
    func readGroups(_ decoder: FlatGroupDecoder) {
        withView { view in
            for k in items.indices {
                guard case .group(let first, let count, let year, .unread) = items[k] else { continue }
                let state: CleanState = decoder.decode(view, first: first, count: count, year: year, into: &clean).map { .read($0) } ?? .general
                items[k] = .group(first: first, count: count, year: year, clean: state)
            }
        }
    }

    init(width: Int, expectedRows: Int) {
        self.width = width
        bytes = RawRun(capacity: expectedRows * 192)
        // Bounds for a census file's 36 columns up front; a file of thousands of columns (it still ends a
        // batch at 256 KB of rows) grows them as its rows come rather than reserving rows x columns.
        bounds = RawRun(capacity: expectedRows * min(width, 64))
        rowStarts = RawRun(capacity: expectedRows)
        lines = RawRun(capacity: expectedRows)
        types = RawRun(capacity: expectedRows)
        continuesEpisode = RawRun(capacity: expectedRows)
        plain = RawRun(capacity: expectedRows)
    }

    deinit {
        bytes.deallocate()
        bounds.deallocate()
        rowStarts.deallocate()
        lines.deallocate()
        types.deallocate()
        continuesEpisode.deallocate()
        plain.deallocate()
    }

    /// Empties the batch for reuse, keeping its storage.
    func reset() {
        bytes.removeAll()
        bounds.removeAll()
        rowStarts.removeAll()
        lines.removeAll()
        types.removeAll()
        continuesEpisode.removeAll()
        plain.removeAll()
        items.removeAll(keepingCapacity: true)
        clean.removeAll()
    }

    var rowCount: Int { rowStarts.count }
    var byteCount: Int { bytes.count }

    /// Copies the reader's current row (which has `width` fields).
    func append(_ csv: CSVRecordReader, line: Int, type: FlatFileLoader.EventType, continuesEpisode continues: Bool) {
        continuesEpisode.append(continues)
        plain.append(csv.rowIsPlain)
        rowStarts.append(bytes.count)
        lines.append(line)
        types.append(type)
        bytes.append(csv.row.baseAddress, count: csv.row.count)
        bounds.append(csv.bounds, count: width)
    }

    /// Whether the reader's current row has the same fields at `columns` as row `r`. `run` covers
    /// `columns`: when both rows are plain (their bytes are the file's, split only at separators and
    /// around quotes that open and close whole fields), the same bytes over the run mean the same
    /// fields in it, so one comparison answers; otherwise each column is compared.
    func sameFields(_ r: Int, asCurrentRowOf csv: CSVRecordReader, _ columns: [Int], run: ClosedRange<Int>?) -> Bool {
        withView { view in
            if let run, csv.rowIsPlain, plain[r], run.upperBound < width,
               FlatRowBatch.same(view.span(r, run), csv.span(run)) {
                return true
            }
            for c in columns where !FlatRowBatch.same(view.field(r, c), csv.field(c)) { return false }
            return true
        }
    }

    /// The batch through raw pointers, for reading many fields without an access check or a
    /// closure per field. Valid only inside `body`, while the batch is not changed.
    func withView<T>(_ body: (View) -> T) -> T {
        body(View(width: width, bytes: bytes.buffer, bounds: bounds.buffer, rowStarts: rowStarts.buffer, lines: lines.buffer,
                  types: types.buffer, continuesEpisode: continuesEpisode.buffer))
    }

    struct View {
        let width: Int
        let bytes: UnsafeBufferPointer<UInt8>
        let bounds: UnsafeBufferPointer<UInt32>
        let rowStarts: UnsafeBufferPointer<Int>
        let lines: UnsafeBufferPointer<Int>
        let types: UnsafeBufferPointer<FlatFileLoader.EventType>
        let continuesEpisode: UnsafeBufferPointer<Bool>

        /// Field i of a row, or nothing when the file has no such column (i is -1).
        @inline(__always) func field(_ row: Int, _ i: Int) -> UnsafeBufferPointer<UInt8> {
            guard i >= 0 && i < width, let base = bytes.baseAddress, let b = bounds.baseAddress else {
                return UnsafeBufferPointer(start: nil, count: 0)
            }
            let (lo, hi) = FieldBound.range(b + row * width, i)
            return UnsafeBufferPointer(start: base + rowStarts[row] + lo, count: hi - lo)
        }

        /// The bytes from the start of the run's first field to the end of its last.
        @inline(__always) func span(_ row: Int, _ run: ClosedRange<Int>) -> UnsafeBufferPointer<UInt8> {
            guard let base = bytes.baseAddress, let b = bounds.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
            let lo = FieldBound.range(b + row * width, run.lowerBound).0, hi = FieldBound.range(b + row * width, run.upperBound).1
            return UnsafeBufferPointer(start: base + rowStarts[row] + lo, count: max(0, hi - lo))
        }

        func string(_ row: Int, _ i: Int) -> String {
            let f = field(row, i)
            return f.isEmpty ? "" : String(decoding: f, as: UTF8.self)
        }

        /// Whether two rows' fields at the given columns are byte for byte the same.
        @inline(__always) func sameFields(_ a: Int, _ b: Int, _ columns: [Int]) -> Bool {
            for c in columns where !FlatRowBatch.same(field(a, c), field(b, c)) { return false }
            return true
        }
    }

    /// Whether two fields (or spans) have the same bytes. Four to sixteen bytes (IDs, dates, codes)
    /// are compared as two overlapping words each, not byte by byte; longer runs by `memcmp`.
    @inline(__always) static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        guard n >= 4, let pa = a.baseAddress, let pb = b.baseAddress else {
            for i in 0..<n where a[i] != b[i] { return false }
            return true
        }
        let ra = UnsafeRawPointer(pa), rb = UnsafeRawPointer(pb)
        if n >= 8 {
            guard n <= 16 else { return memcmp(pa, pb, n) == 0 }
            return ra.loadUnaligned(as: UInt64.self) == rb.loadUnaligned(as: UInt64.self)
                && ra.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        }
        return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
            && ra.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self) == rb.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
    }
}
