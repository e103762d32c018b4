/// Reads RFC 4180 records (quoted fields, doubled quotes, CRLF or LF) from a `ByteReader`, with the
/// line each record starts on. A quoted field may span lines.
///
/// A record is one run of bytes with its fields separated by one byte: field i is
/// `row[start(i) ..< fieldEnds[i]]`. A plain row (no quote, no stray CR, no NUL) that lies inside the
/// current chunk is not copied at all: `row` points into the chunk and only the comma positions are
/// found, in one pass. Any other row (quoted fields, a row across two chunks, the last row without a
/// newline) goes through the general scanner, which unquotes into the reader's own buffer. The
/// pointers are valid until the next call to `next()`.
final class CSVRecordReader {
    static let maxFieldBytes = 1 << 20
    private let reader: ByteReader
    private var buf: UnsafeBufferPointer<UInt8>
    private var pos: Int
    private(set) var line = 1
    /// The current record's bytes (fields with one separator byte between them).
    private(set) var row: UnsafeBufferPointer<UInt8>
    private(set) var fieldEnds: [Int] = []
    /// The general scanner's output buffer (grows by doubling; a field over the limit ends the file).
    private var own: UnsafeMutablePointer<UInt8>
    private var ownCount = 0
    private var ownCapacity = 4096
    /// Tests turn the plain-row path off to check that both paths give the same records.
    var plainRowsEnabled = true

    init(reader: ByteReader) {
        self.reader = reader
        buf = reader.bytes
        pos = reader.position
        own = UnsafeMutablePointer<UInt8>.allocate(capacity: ownCapacity)
        row = UnsafeBufferPointer(start: own, count: 0)
        fieldEnds.reserveCapacity(64)
    }

    deinit { own.deallocate() }

    enum Failure: Error {
        case io(LoadError)
        /// A malformed record: its start line and why; the reader cannot continue.
        case malformed(line: Int, message: String)
    }

    var fieldCount: Int { fieldEnds.count }

    @inline(__always) func start(_ i: Int) -> Int { i == 0 ? 0 : fieldEnds[i - 1] + 1 }

    /// Field i's bytes; empty when the row has no field i (or i is -1, a column the file lacks).
    @inline(__always) func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i >= 0 && i < fieldEnds.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(rebasing: row[start(i)..<fieldEnds[i]])
    }

    func string(_ i: Int) -> String {
        let f = field(i)
        return f.isEmpty ? "" : String(decoding: f, as: UTF8.self)
    }

    /// All fields as Strings (header row, tests).
    var strings: [String] { (0..<fieldEnds.count).map(string) }

    // MARK: - The general scanner's buffer

    private func appendOwn(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserveOwn(bytes.count)
        (own + ownCount).update(from: base, count: bytes.count)
        ownCount += bytes.count
    }

    private func appendOwn(_ byte: UInt8) {
        reserveOwn(1)
        own[ownCount] = byte
        ownCount += 1
    }

    private func reserveOwn(_ extra: Int) {
        guard ownCount + extra > ownCapacity else { return }
        var capacity = ownCapacity
        while ownCount + extra > capacity { capacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: own, count: ownCount)
        own.deallocate()
        own = bigger
        ownCapacity = capacity
    }

    private func fill() throws(Failure) -> Bool {
        do { return try reader.refill(&buf, &pos) } catch { throw .io(error) }
    }

    /// A field over the limit ends the file: it is not a census value (a 2 GB line must not be held).
    private func checkLength(fieldStart: Int, startLine: Int) throws(Failure) {
        if ownCount - fieldStart > CSVRecordReader.maxFieldBytes {
            throw .malformed(line: startLine, message: "a field longer than \(CSVRecordReader.maxFieldBytes) bytes")
        }
    }

    private func ownFieldStart() -> Int { fieldEnds.isEmpty ? 0 : fieldEnds[fieldEnds.count - 1] + 1 }

    private func finishOwnField() {
        if ownCount > ownFieldStart(), own[ownCount - 1] == 13 { ownCount -= 1 }
        fieldEnds.append(ownCount)
        appendOwn(44)  // the separator: never read as data, fields are found by their ends
    }

    // MARK: - Records

    /// Reads the next record; returns the line it started on, or nil at the end of input.
    func next() throws(Failure) -> Int? {
        fieldEnds.removeAll(keepingCapacity: true)
        if plainRowsEnabled && pos < buf.count && plainRow() { return line - 1 }
        return try generalRow()
    }

    /// The common case, in one pass: finds the row's commas and its end inside the chunk. Returns
    /// false (having consumed nothing) for anything the general scanner must handle.
    private func plainRow() -> Bool {
        guard let base = buf.baseAddress else { return false }
        let n = buf.count
        let rowStart = pos
        let limit = min(n, rowStart + CSVRecordReader.maxFieldBytes)
        var p = rowStart
        var end = -1
        while p < limit {
            let b = base[p]
            if b <= 44 {
                if b == 44 {
                    fieldEnds.append(p - rowStart)
                } else if b == 10 {
                    end = p
                    break
                } else if b == 13 {
                    // Only a CR right before the LF (a CRLF file) is plain; it is not part of the field.
                    guard p + 1 < n, base[p + 1] == 10 else { break }
                    end = p
                    break
                } else if b == 34 || b == 0 {
                    break
                }
            }
            p += 1
        }
        guard end >= 0 else {
            fieldEnds.removeAll(keepingCapacity: true)
            return false
        }
        fieldEnds.append(end - rowStart)
        row = UnsafeBufferPointer(start: base + rowStart, count: end - rowStart)
        pos = base[end] == 13 ? end + 2 : end + 1
        line += 1
        return true
    }

    private func generalRow() throws(Failure) -> Int? {
        ownCount = 0
        defer { row = UnsafeBufferPointer(start: own, count: ownCount) }
        let startLine = line
        var inQuotes = false
        var fieldWasQuoted = false
        var sawAny = false
        while true {
            if pos >= buf.count {
                guard try fill() else {
                    if inQuotes { throw .malformed(line: startLine, message: "a quoted field is never closed") }
                    if !sawAny { return nil }
                    finishOwnField()
                    return startLine
                }
            }
            sawAny = true
            let fieldStart = ownFieldStart()
            if inQuotes {
                // Everything up to the next quote is literal, newlines included.
                var p = pos
                while p < buf.count && buf[p] != 34 {
                    if buf[p] == 10 { line += 1 }
                    p += 1
                }
                appendOwn(UnsafeBufferPointer(rebasing: buf[pos..<p]))
                pos = p
                try checkLength(fieldStart: fieldStart, startLine: startLine)
                guard p < buf.count else { continue }
                pos += 1  // the quote
                // A doubled quote is a literal quote; a single one ends the quoted part.
                if try fill(), buf[pos] == 34 { appendOwn(34); pos += 1 } else { inQuotes = false }
                continue
            }
            var p = pos
            while p < buf.count {
                let b = buf[p]
                if b == 44 || b == 10 || b == 34 || b == 0 { break }
                p += 1
            }
            appendOwn(UnsafeBufferPointer(rebasing: buf[pos..<p]))
            pos = p
            try checkLength(fieldStart: fieldStart, startLine: startLine)
            guard p < buf.count else { continue }
            switch buf[p] {
            case 44:  // ','
                pos += 1
                finishOwnField()
                fieldWasQuoted = false
            case 10:
                pos += 1
                line += 1
                finishOwnField()
                return startLine
            case 34:  // '"': opens a quoted field only at the field's start
                pos += 1
                if ownCount == fieldStart && !fieldWasQuoted { inQuotes = true; fieldWasQuoted = true } else { appendOwn(34) }
            default:  // NUL
                throw .malformed(line: line, message: "a NUL byte: this is not a text CSV file")
            }
        }
    }
}
