/// Reads RFC 4180 records (quoted fields, doubled quotes, CRLF or LF) from a `ByteReader`, with the
/// line each record starts on. A quoted field may span lines.
///
/// A record's fields are byte ranges in one reused buffer, scanned a run at a time from the current
/// chunk; callers turn into Strings only the fields they use (a flat file has 36 columns, a loader
/// needs about half of them per row).
struct CSVRecordReader {
    static let maxFieldBytes = 1 << 20
    private let reader: ByteReader
    private var buf: UnsafeBufferPointer<UInt8>
    private var pos: Int
    private(set) var line = 1
    /// The current record's bytes; field i is `row[start(i) ..< fieldEnds[i]]`.
    private(set) var row: [UInt8] = []
    private(set) var fieldEnds: [Int] = []

    init(reader: ByteReader) {
        self.reader = reader
        buf = reader.bytes
        pos = reader.position
        row.reserveCapacity(4096)
        fieldEnds.reserveCapacity(64)
    }

    enum Failure: Error {
        case io(LoadError)
        /// A malformed record: its start line and why; the reader cannot continue.
        case malformed(line: Int, message: String)
    }

    var fieldCount: Int { fieldEnds.count }

    func start(_ i: Int) -> Int { i == 0 ? 0 : fieldEnds[i - 1] }

    func bytes(_ i: Int) -> ArraySlice<UInt8> {
        guard i >= 0 && i < fieldEnds.count else { return [] }
        return row[start(i)..<fieldEnds[i]]
    }

    func string(_ i: Int) -> String {
        guard i >= 0 && i < fieldEnds.count else { return "" }
        let (lo, hi) = (start(i), fieldEnds[i])
        if lo == hi { return "" }
        return row.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[lo..<hi]), as: UTF8.self) }
    }

    /// All fields as Strings (header row, tests).
    var strings: [String] { (0..<fieldEnds.count).map(string) }

    private mutating func fill() throws(Failure) -> Bool {
        do { return try reader.refill(&buf, &pos) } catch { throw .io(error) }
    }

    /// A field over the limit ends the file: it is not a census value (a 2 GB line must not be held).
    private func checkLength(fieldStart: Int, startLine: Int) throws(Failure) {
        if row.count - fieldStart > CSVRecordReader.maxFieldBytes {
            throw .malformed(line: startLine, message: "a field longer than \(CSVRecordReader.maxFieldBytes) bytes")
        }
    }

    private mutating func finishField() {
        if row.count > start(fieldEnds.count), row.last == 13 { row.removeLast() }
        fieldEnds.append(row.count)
    }

    /// Reads the next record; returns the line it started on, or nil at the end of input.
    mutating func next() throws(Failure) -> Int? {
        row.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        let startLine = line
        var inQuotes = false
        var fieldWasQuoted = false
        var sawAny = false
        while true {
            if pos >= buf.count {
                guard try fill() else {
                    if inQuotes { throw .malformed(line: startLine, message: "a quoted field is never closed") }
                    if !sawAny { return nil }
                    finishField()
                    return startLine
                }
            }
            sawAny = true
            let fieldStart = start(fieldEnds.count)
            if inQuotes {
                // Everything up to the next quote is literal, newlines included.
                var p = pos
                while p < buf.count && buf[p] != 34 {
                    if buf[p] == 10 { line += 1 }
                    p += 1
                }
                row.append(contentsOf: UnsafeBufferPointer(rebasing: buf[pos..<p]))
                pos = p
                try checkLength(fieldStart: fieldStart, startLine: startLine)
                guard p < buf.count else { continue }
                pos += 1  // the quote
                // A doubled quote is a literal quote; a single one ends the quoted part.
                if try fill(), buf[pos] == 34 { row.append(34); pos += 1 } else { inQuotes = false }
                continue
            }
            var p = pos
            while p < buf.count {
                let b = buf[p]
                if b == 44 || b == 10 || b == 34 || b == 0 { break }
                p += 1
            }
            row.append(contentsOf: UnsafeBufferPointer(rebasing: buf[pos..<p]))
            pos = p
            try checkLength(fieldStart: fieldStart, startLine: startLine)
            guard p < buf.count else { continue }
            switch buf[p] {
            case 44:  // ','
                pos += 1
                finishField()
                fieldWasQuoted = false
            case 10:
                pos += 1
                line += 1
                finishField()
                return startLine
            case 34:  // '"': opens a quoted field only at the field's start
                pos += 1
                if row.count == fieldStart && !fieldWasQuoted { inQuotes = true; fieldWasQuoted = true } else { row.append(34) }
            default:  // NUL
                throw .malformed(line: line, message: "a NUL byte: this is not a text CSV file")
            }
        }
    }
}
