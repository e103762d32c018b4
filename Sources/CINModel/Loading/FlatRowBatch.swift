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
    /// Row r's field i is `bytes[rowStarts[r] + fieldStarts[r * width + i] ..< rowStarts[r] + fieldEnds[r * width + i]]`.
    private(set) var bytes: [UInt8] = []
    private(set) var fieldStarts: [UInt32] = []
    private(set) var fieldEnds: [UInt32] = []
    private(set) var rowStarts: [Int] = []
    private(set) var lines: [Int] = []
    private(set) var types: [FlatFileLoader.EventType] = []
    var items: [Item] = []

    init(width: Int, expectedRows: Int) {
        self.width = width
        bytes.reserveCapacity(expectedRows * 160)
        fieldStarts.reserveCapacity(expectedRows * width)
        fieldEnds.reserveCapacity(expectedRows * width)
        rowStarts.reserveCapacity(expectedRows)
        lines.reserveCapacity(expectedRows)
        types.reserveCapacity(expectedRows)
    }

    var rowCount: Int { rowStarts.count }
    var byteCount: Int { bytes.count }

    /// Copies the reader's current row (which has `width` fields).
    func append(_ csv: CSVRecordReader, line: Int, type: FlatFileLoader.EventType) {
        rowStarts.append(bytes.count)
        lines.append(line)
        types.append(type)
        bytes.append(contentsOf: csv.row)
        fieldStarts.append(contentsOf: UnsafeBufferPointer(start: csv.fieldStarts, count: width))
        fieldEnds.append(contentsOf: UnsafeBufferPointer(start: csv.fieldEnds, count: width))
    }

    /// Field i of a row, or nothing when the file has no such column (i is -1).
    @inline(__always) func withField<T>(_ row: Int, _ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        guard i >= 0 && i < width else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let base = rowStarts[row]
        let lo = base + Int(fieldStarts[row * width + i]), hi = base + Int(fieldEnds[row * width + i])
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[lo..<hi])) }
    }

    func string(_ row: Int, _ i: Int) -> String {
        withField(row, i) { $0.isEmpty ? "" : String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always) private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    /// Whether two rows' fields at the given columns are byte for byte the same.
    func sameFields(_ a: Int, _ b: Int, _ columns: [Int]) -> Bool {
        for c in columns where !withField(a, c, { fa in withField(b, c) { fb in FlatRowBatch.same(fa, fb) } }) { return false }
        return true
    }

    /// Whether the reader's current row has the same fields at `columns` as row `r`.
    func sameFields(_ r: Int, asCurrentRowOf csv: CSVRecordReader, _ columns: [Int]) -> Bool {
        for c in columns where !withField(r, c, { FlatRowBatch.same($0, csv.field(c)) }) { return false }
        return true
    }
}
