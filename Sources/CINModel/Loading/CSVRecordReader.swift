/// Reads RFC 4180 records (quoted fields, doubled quotes, CRLF or LF) from a `ByteReader`,
/// with the line each record starts on. A quoted field may span lines.
struct CSVRecordReader {
    static let maxFieldBytes = 1 << 20
    private let reader: ByteReader
    private(set) var line = 1
    private var field: [UInt8] = []

    init(reader: ByteReader) { self.reader = reader }

    enum Failure: Error {
        case io(LoadError)
        /// A malformed record: its start line and why; the reader cannot continue.
        case malformed(line: Int, message: String)
    }

    /// The next record and the line it started on, or nil at the end of input.
    mutating func next() throws(Failure) -> (fields: [String], line: Int)? {
        var fields: [String] = []
        let startLine = line
        field.removeAll(keepingCapacity: true)
        var inQuotes = false
        var sawAny = false
        var fieldWasQuoted = false
        while true {
            let maybe: UInt8?
            do { maybe = try reader.next() } catch { throw .io(error) }
            guard let b = maybe else {
                if inQuotes { throw .malformed(line: startLine, message: "a quoted field is never closed") }
                if !sawAny { return nil }
                fields.append(finishField())
                return (fields, startLine)
            }
            sawAny = true
            if b == 10 { line += 1 }
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    // A doubled quote is a literal quote; a single one ends the quoted part.
                    let peek: UInt8?
                    do { peek = try reader.ensure() ? reader.bytes[reader.position] : nil } catch { throw .io(error) }
                    if peek == UInt8(ascii: "\"") { reader.position += 1; field.append(b) } else { inQuotes = false }
                } else {
                    try append(b, startLine)
                }
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                fields.append(finishField()); fieldWasQuoted = false
            case 10:
                if field.last == 13 && !fieldWasQuoted { field.removeLast() }
                fields.append(finishField())
                return (fields, startLine)
            case 13:
                // CR before LF is dropped when the LF comes; keep it in the field until then.
                try append(b, startLine)
            case UInt8(ascii: "\"") where field.isEmpty && !fieldWasQuoted:
                inQuotes = true; fieldWasQuoted = true
            default:
                try append(b, startLine)
            }
        }
    }

    private mutating func append(_ b: UInt8, _ startLine: Int) throws(Failure) {
        guard field.count < CSVRecordReader.maxFieldBytes else {
            throw .malformed(line: startLine, message: "a field longer than \(CSVRecordReader.maxFieldBytes) bytes")
        }
        if b == 0 { throw .malformed(line: line, message: "a NUL byte: this is not a text CSV file") }
        field.append(b)
    }

    private mutating func finishField() -> String {
        if field.last == 13 { field.removeLast() }
        let s = String(decoding: field, as: UTF8.self)
        field.removeAll(keepingCapacity: true)
        return s
    }
}
