import CINModel
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Reads RFC 4180 records (quoted fields, doubled quotes, CRLF or LF) from a `ByteReader`, with the
/// line each record starts on. A quoted field may span lines.
///
/// A record is one run of bytes and, per field, one 32-bit bound (`FieldBound`): where the field ends,
/// and whether it was quoted; its start follows from the bound before it. A plain row (no doubled quote, no stray CR, no NUL) that
/// lies inside the current chunk is not copied at all: `row` points into the chunk and the field
/// bounds are found in one pass (a quoted field's bounds are inside its quotes). Any other row (a
/// doubled quote, a quoted newline, a row across two chunks, the last row without a newline) goes
/// through the general scanner, which unquotes into the reader's own buffer. The pointers are valid
/// until the next call to `next()`.
final class CSVRecordReader {
    static let maxFieldBytes = 1 << 20
    /// A row over this many bytes ends the file too (field bounds are 32-bit; no census row is near it).
    static let maxRowBytes = 64 << 20
    /// And a row with more fields than this (a census file has 36 columns).
    static let maxFields = 100_000
    private let reader: ByteReader
    private var buf: UnsafeBufferPointer<UInt8>
    private var pos: Int
    private(set) var line = 1
    /// The current record's bytes (fields with one separator byte between them).
    private(set) var row: UnsafeBufferPointer<UInt8>
    /// Field bounds within `row` (`fieldCount` of them; raw storage, grown by doubling: an array append
    /// per field was a tenth of the parse).
    private(set) var bounds: UnsafeMutablePointer<UInt32>
    private(set) var fieldCount = 0
    private var fieldCapacity = 1024
    /// The general scanner's output buffer (grows by doubling; a field over the limit ends the file).
    private var own: UnsafeMutablePointer<UInt8>
    private var ownCount = 0
    private var ownCapacity = 4096
    /// Whether the current row was read by the plain-row path (its bytes are the file's, so two such
    /// rows with the same bytes over a run of columns have the same fields there).
    private(set) var rowIsPlain = false
    /// Tests turn the plain-row path off to check that both paths give the same records.
    var plainRowsEnabled = true

    init(reader: ByteReader) {
        self.reader = reader
        buf = reader.bytes
        pos = reader.position
        own = UnsafeMutablePointer<UInt8>.allocate(capacity: ownCapacity)
        row = UnsafeBufferPointer(start: own, count: 0)
        bounds = .allocate(capacity: fieldCapacity)
    }

    deinit {
        own.deallocate()
        bounds.deallocate()
    }

    @inline(__always)
    private func addField(end: Int) {
        if fieldCount == fieldCapacity { growFields() }
        bounds[fieldCount] = FieldBound.unquoted(end: end)
        fieldCount += 1
    }

    private func growFields() {
        let capacity = fieldCapacity * 2
        let bigger = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        bigger.update(from: bounds, count: fieldCount)
        bounds.deallocate()
        bounds = bigger
        fieldCapacity = capacity
    }

    enum Failure: Error {
        case io(LoadError)
        /// A malformed record: its start line and why; the reader cannot continue.
        case malformed(line: Int, message: String)
    }

    /// Field i's bytes; empty when the row has no field i (or i is -1, a column the file lacks).
    @inline(__always) func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i >= 0 && i < fieldCount, let base = row.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        let (lo, hi) = FieldBound.range(bounds, i)
        return UnsafeBufferPointer(start: base + lo, count: hi - lo)
    }

    /// The bytes from the start of the run's first field to the end of its last (the row has them).
    @inline(__always) func span(_ run: ClosedRange<Int>) -> UnsafeBufferPointer<UInt8> {
        guard run.upperBound < fieldCount, let base = row.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        let lo = FieldBound.range(bounds, run.lowerBound).0, hi = FieldBound.range(bounds, run.upperBound).1
        return UnsafeBufferPointer(start: base + lo, count: max(0, hi - lo))
    }

    func string(_ i: Int) -> String {
        let f = field(i)
        return f.isEmpty ? "" : String(decoding: f, as: UTF8.self)
    }

    /// All fields as Strings (header row, tests).
    var strings: [String] { (0..<fieldCount).map(string) }

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
        if ownCount > CSVRecordReader.maxRowBytes {
            throw .malformed(line: startLine, message: "a row longer than \(CSVRecordReader.maxRowBytes) bytes")
        }
        if fieldCount > CSVRecordReader.maxFields {
            throw .malformed(line: startLine, message: "a row with more than \(CSVRecordReader.maxFields) fields")
        }
    }

    private func ownFieldStart() -> Int { fieldCount == 0 ? 0 : FieldBound.range(bounds, fieldCount - 1).1 + 1 }

    private func finishOwnField() {
        let start = ownFieldStart()
        if ownCount > start, own[ownCount - 1] == 13 { ownCount -= 1 }
        addField(end: ownCount)
        appendOwn(44)  // a separator, so that the next field starts one byte on
    }

    // MARK: - Records

    /// Reads the next record; returns the line it started on, or nil at the end of input.
    func next() throws(Failure) -> Int? {
        fieldCount = 0
        rowIsPlain = plainRowsEnabled && pos < buf.count && plainRow()  // leaves fieldCount 0 when it declines
        if rowIsPlain { return line - 1 }
        return try generalRow()
    }

    /// The common case, in one pass: finds the row's fields and its end inside the chunk. A quoted
    /// field is plain when it has no quote inside and its closing quote ends the field. Returns false
    /// (having consumed nothing) for anything the general scanner must handle.
    private func plainRow() -> Bool {
        guard let base = buf.baseAddress else { return false }
        // Locals, not properties, in the loop (the stores would otherwise reload them); a row with
        // more fields than the bounds' capacity goes to the general scanner, which grows it.
        let ends = bounds, capacity = fieldCapacity
        var count = 0
        let n = buf.count
        let rowStart = pos
        let limit = min(n, rowStart + CSVRecordReader.maxFieldBytes)
        var p = rowStart
        var fieldStart = 0        // relative to rowStart
        var quotedEnd = -1        // relative closing quote of the current field, when it was quoted
        while p < limit {
            #if arch(x86_64)
            // Sixty-four bytes at a time (sixteen near the chunk's end) with SSE2 (every x86-64 has
            // it): one compare per kind of byte and a movemask per sixteen bytes give a bit per byte.
            // The block's commas end fields in a tight loop; any other byte that needs a look (a quote,
            // or any byte below 32: CR, LF, NUL, tab) stops the block there for the byte-by-byte code
            // below. Measured with callgrind on a 200,000-child file (docs/performance.md): this
            // function went from 11.1 instructions per input byte with the eight-byte word loop (kept
            // below for other machines) to 5.4 with sixteen-byte blocks, and less with sixty-four (a
            // row of about 150 bytes is three blocks, not ten).
            if p &+ 16 <= limit {
                let width = p &+ 64 <= limit ? 64 : 16
                let (commaBits, stopBits) = width == 64 ? CSVRecordReader.blockMasks64(base + p) : CSVRecordReader.blockMasks(base + p)
                let stop = stopBits == 0 ? width : stopBits.trailingZeroBitCount
                // The bits below the first stop (all of them when there is none).
                var commas = commaBits & ((stopBits &- 1) & ~stopBits)
                if commas != 0 {
                    // Wrapping arithmetic in this loop: every value is below the chunk's size, and the
                    // overflow checks were a third of its instructions.
                    let offset = p &- rowStart
                    fieldStart = offset &+ 64 &- commas.leadingZeroBitCount
                    if quotedEnd >= 0 {
                        // The separator right after a quoted field's closing quote.
                        guard count < capacity else { return false }
                        ends[count] = FieldBound.quoted(end: quotedEnd)
                        count &+= 1
                        quotedEnd = -1
                        commas &= commas &- 1
                    }
                    // A block ends at most 64 fields (popcount is not a baseline x86-64 instruction).
                    if count &+ 64 > capacity { guard count &+ commas.nonzeroBitCount <= capacity else { return false } }
                    while commas != 0 {
                        // An unquoted bound is the end itself: offsets are below `maxFieldBytes` (the
                        // loop's limit), far below the quoted flag's bit.
                        ends[count] = UInt32(truncatingIfNeeded: offset &+ commas.trailingZeroBitCount)
                        count &+= 1
                        commas &= commas &- 1
                    }
                }
                p &+= stop
                if stop == width { continue }
            }
            #elseif _endian(little)
            // Eight bytes at a time: the commas of a word are found together and every other byte
            // that needs a look (a quote, or any byte below 32: CR, LF, NUL, tab) stops the word there
            // for the byte-by-byte code below. Each mask is exact (no carry between bytes).
            if p + 8 <= limit {
                let w = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
                var commas = CSVRecordReader.zeroBytes(w ^ 0x2C2C_2C2C_2C2C_2C2C)
                let others = CSVRecordReader.zeroBytes(w ^ 0x2222_2222_2222_2222) | CSVRecordReader.zeroBytes(w & 0xE0E0_E0E0_E0E0_E0E0)
                let stop = others == 0 ? 8 : others.trailingZeroBitCount >> 3
                if stop < 8 { commas &= (UInt64(1) << UInt64(stop * 8)) &- 1 }
                while commas != 0 {
                    guard count < capacity else { return false }
                    let q = p - rowStart + (commas.trailingZeroBitCount >> 3)
                    ends[count] = quotedEnd >= 0 ? FieldBound.quoted(end: quotedEnd) : FieldBound.unquoted(end: q)
                    count += 1
                    fieldStart = q + 1
                    quotedEnd = -1
                    commas &= commas &- 1
                }
                p += stop
                if stop == 8 { continue }
            }
            #endif
            let b = base[p]
            if b <= 44 {
                if b == 44 || b == 10 || b == 13 {
                    // Only a CR right before the LF (a CRLF file) is plain; it is not part of the field.
                    if b == 13 { guard p + 1 < n, base[p + 1] == 10 else { return false } }
                    guard count < capacity else { return false }
                    ends[count] = quotedEnd >= 0 ? FieldBound.quoted(end: quotedEnd) : FieldBound.unquoted(end: p - rowStart)
                    count += 1
                    fieldStart = p - rowStart + 1
                    quotedEnd = -1
                    if b != 44 {
                        fieldCount = count
                        row = UnsafeBufferPointer(start: base + rowStart, count: p - rowStart)
                        pos = b == 13 ? p + 2 : p + 1
                        line += 1
                        return true
                    }
                } else if b == 34 {
                    // A quote must open the field, and its closing quote must end it.
                    guard p - rowStart == fieldStart, quotedEnd < 0 else { return false }
                    var q = p + 1
                    while q < limit && base[q] != 34 && base[q] != 10 && base[q] != 13 { q += 1 }
                    guard q + 1 < limit, base[q] == 34 else { return false }
                    let after = base[q + 1]
                    guard after == 44 || after == 10 || after == 13 else { return false }
                    fieldStart = p - rowStart + 1
                    quotedEnd = q - rowStart
                    p = q + 1
                    continue
                } else if b == 0 {
                    return false
                }
            }
            p += 1
        }
        return false
    }

    #if arch(x86_64)
    /// Bit i set in the first mask when byte i of the 16 at `p` is a comma, in the second when it is a
    /// quote or below 32.
    @inline(__always)
    private static func blockMasks(_ p: UnsafePointer<UInt8>) -> (commas: UInt64, stops: UInt64) {
        let v = _mm_loadu_si128(UnsafeRawPointer(p).assumingMemoryBound(to: __m128i.self))
        let commas = _mm_cmpeq_epi8(v, _mm_set1_epi8(44))
        // Unsigned: a byte is below 32 when its minimum with 31 is itself.
        let low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(31)), v)
        let stops = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(34)), low)
        return (UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(commas))), UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(stops))))
    }

    /// The same for the 64 bytes at `p`: bit i for byte i.
    @inline(__always)
    private static func blockMasks64(_ p: UnsafePointer<UInt8>) -> (commas: UInt64, stops: UInt64) {
        let (c0, s0) = blockMasks(p), (c1, s1) = blockMasks(p + 16)
        let (c2, s2) = blockMasks(p + 32), (c3, s3) = blockMasks(p + 48)
        return (c0 | c1 << 16 | c2 << 32 | c3 << 48, s0 | s1 << 16 | s2 << 32 | s3 << 48)
    }
    #endif

    /// The high bit of each byte of `x` that is zero.
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
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
                try checkLength(fieldStart: ownCount, startLine: startLine)
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

/// One field's bound in a row: its end (exclusive) in the low 31 bits, and the top bit set when the field
/// was quoted (its end is then its closing quote, and the separator comes one byte later). A field
/// starts one byte after the previous field's separator, and one more when it is quoted; the first
/// field at 0. One word per field instead of a start and an end halves what the parsing thread writes
/// and the builder reads per row.
enum FieldBound {
    @inline(__always) static func unquoted(end: Int) -> UInt32 { UInt32(truncatingIfNeeded: end) & 0x7FFF_FFFF }
    @inline(__always) static func quoted(end: Int) -> UInt32 { (UInt32(truncatingIfNeeded: end) & 0x7FFF_FFFF) | 0x8000_0000 }

    /// Field i's byte range, from the bounds of fields i-1 and i.
    @inline(__always)
    static func range(_ bounds: UnsafePointer<UInt32>, _ i: Int) -> (Int, Int) {
        let b = bounds[i]
        var start = 0
        if i > 0 {
            let previous = bounds[i - 1]
            start = Int(previous & 0x7FFF_FFFF) + Int(previous >> 31) + 1
        }
        return (start + Int(b >> 31), Int(b & 0x7FFF_FFFF))
    }
}
