/// Rows of a flat file as the parsing thread hands them to the builder thread: the rows' bytes back
/// to back, each row's field ends, and, in file order, the groups (one child in one return) and the
/// problems found between them. Plain values only, so a batch crosses threads without reference
/// counting per row.
final class FlatRowBatch: @unchecked Sendable {
    /// What the builder does, in order.
    enum Item {
        /// Rows `first ..< first + count` are one child in one return (`year` 0 when unknown).
        case group(first: Int, count: Int, year: Int)
        case problem(CensusBuilder.Origin, line: Int, child: String, LoadRule, LoadAction, String)
        case fileProblem(line: Int, LoadRule, LoadAction, String)
        case failedFile
        case endOfFile
    }

    let width: Int
    /// Row r's field i is `bytes[start(r, i) ..< fieldEnds[r * width + i]]`.
    private(set) var bytes: [UInt8] = []
    private(set) var fieldEnds: [Int] = []
    private(set) var rowStarts: [Int] = []
    private(set) var lines: [Int] = []
    private(set) var types: [FlatFileLoader.EventType] = []
    var items: [Item] = []

    init(width: Int, expectedRows: Int) {
        self.width = width
        bytes.reserveCapacity(expectedRows * 160)
        fieldEnds.reserveCapacity(expectedRows * width)
        rowStarts.reserveCapacity(expectedRows)
        lines.reserveCapacity(expectedRows)
        types.reserveCapacity(expectedRows)
    }

    var rowCount: Int { rowStarts.count }
    var byteCount: Int { bytes.count }

    /// Copies the reader's current row (which has `width` fields).
    func append(_ csv: CSVRecordReader, line: Int, type: FlatFileLoader.EventType) {
        let base = bytes.count
        rowStarts.append(base)
        lines.append(line)
        types.append(type)
        bytes.append(contentsOf: csv.row)
        for end in csv.fieldEnds { fieldEnds.append(base + end) }
    }

    @inline(__always) func start(_ row: Int, _ i: Int) -> Int { i == 0 ? rowStarts[row] : fieldEnds[row * width + i - 1] + 1 }

    /// Field i of a row, or nothing when the file has no such column (i is -1).
    @inline(__always) func withField<T>(_ row: Int, _ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        guard i >= 0 && i < width else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let lo = start(row, i), hi = fieldEnds[row * width + i]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[lo..<hi])) }
    }

    func string(_ row: Int, _ i: Int) -> String {
        withField(row, i) { $0.isEmpty ? "" : String(decoding: $0, as: UTF8.self) }
    }

    /// Whether two rows' fields at the given columns are byte for byte the same.
    func sameFields(_ a: Int, _ b: Int, _ columns: [Int]) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            for c in columns where c >= 0 && c < width {
                let (alo, ahi) = (start(a, c), fieldEnds[a * width + c])
                let (blo, bhi) = (start(b, c), fieldEnds[b * width + c])
                if ahi - alo != bhi - blo { return false }
                if ahi > alo, let base = all.baseAddress, memcmp(base + alo, base + blo, ahi - alo) != 0 { return false }
            }
            return true
        }
    }

    /// Whether the reader's current row has the same fields at `columns` as row `r`.
    func sameFields(_ r: Int, asCurrentRowOf csv: CSVRecordReader, _ columns: [Int]) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            for c in columns where c >= 0 && c < width {
                let (lo, hi) = (start(r, c), fieldEnds[r * width + c])
                let f = csv.field(c)
                if hi - lo != f.count { return false }
                if hi > lo, let base = all.baseAddress, let fb = f.baseAddress, memcmp(base + lo, fb, hi - lo) != 0 { return false }
            }
            return true
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
