#if canImport(Glibc)
import Glibc
#endif
import CINModel
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// A streaming XML tokenizer over raw bytes, for CIN census returns.
///
/// Hand-written rather than FoundationXML's `XMLParser` because that allocates objects per callback
/// and needs the whole document or a Foundation stream; this one reads gzip chunks directly,
/// reports a line number with every event and error, and never expands entities other than the
/// five predefined ones and character references, so a billion-laughs DOCTYPE cannot expand.
/// It handles comments, processing instructions, CDATA, attributes (skipped), namespace prefixes
/// (stripped), CRLF and a UTF-8 BOM.
protocol XMLEventHandler {
    mutating func startElement(_ name: XMLName, line: Int)
    /// `text` is the element's own character data when it had no child elements, else nil.
    mutating func endElement(_ name: XMLName, text: String?, line: Int)
    /// Non-whitespace text found in an element that also holds child elements.
    mutating func strayText(line: Int)
}

/// An element name (namespace prefix stripped) and, when the tokenizer interned it, a small id that
/// is the same for every occurrence of that name in the document (-1 otherwise), so handlers can
/// classify a name once and then switch on integers.
///
/// The name is its bytes in the tokenizer's own storage, valid only during the event it is passed to
/// (a handler keeps `string`, or the id): a String per element, retained into the tokenizer's and the
/// handler's stacks and released again, was about a tenth of the tokenizer thread's instructions.
struct XMLName {
    let id: Int
    let bytes: UnsafeBufferPointer<UInt8>
    /// The name as a String (decoded on each call: for a note, or to classify a name once per id).
    var string: String { String(decoding: bytes, as: UTF8.self) }
    static func == (a: XMLName, b: XMLName) -> Bool {
        if a.id >= 0 && b.id >= 0 { return a.id == b.id }
        return a.bytes.count == b.bytes.count && FlatRowBatch.same(a.bytes, b.bytes)
    }
}

/// Fixed storage for the names an `XMLTokenizer` hands out: the interned names back to back (at most
/// `XMLTokenizer.maxInterned` of at most `maxNameBytes` each, so it never grows and never moves), one
/// slot per open element for a name that was not interned, and one for the name just read.
private final class XMLNameStore {
    let interned: UnsafeMutablePointer<UInt8>
    let open: UnsafeMutablePointer<UInt8>
    let scratch: UnsafeMutablePointer<UInt8>
    var internedUsed = 0

    init() {
        interned = .allocate(capacity: XMLTokenizer.maxInterned * XMLTokenizer.maxNameBytes)
        // A slot per depth up to `maxDepth` inclusive: a start tag's name is stored before the depth check.
        open = .allocate(capacity: (XMLTokenizer.maxDepth + 1) * XMLTokenizer.maxNameBytes)
        scratch = .allocate(capacity: XMLTokenizer.maxNameBytes)
    }

    deinit {
        interned.deallocate()
        open.deallocate()
        scratch.deallocate()
    }

    /// Copies `bytes` (at most `maxNameBytes`) to `to` and returns them there.
    static func copy(_ bytes: UnsafeBufferPointer<UInt8>, to: UnsafeMutablePointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if let base = bytes.baseAddress { to.update(from: base, count: bytes.count) }
        return UnsafeBufferPointer(start: to, count: bytes.count)
    }
}

struct XMLSyntaxError: Error, Equatable, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}

struct XMLTokenizer {
    static let maxDepth = 64
    static let maxTextBytes = 1 << 20
    static let maxNameBytes = 256
    /// Distinct names interned (half the slots, so that a probe stays short); later ones are read
    /// without an id.
    static let maxInterned = 256

    private let reader: ByteReader
    /// The current chunk and position, held here (not in the class) so the hot loops work on
    /// local value state without dynamic exclusivity checks.
    private var buf: UnsafeBufferPointer<UInt8>
    private var pos: Int
    private(set) var line = 1
    /// Element names seen so far, by a hash of their bytes (open addressing): the schema has a few
    /// dozen names, so each gets a small id that the handler classifies once.
    private var internedHash = [UInt64](repeating: 0, count: 512)
    private var internedCount = 0
    /// Each interned name's bytes (prefix stripped, so no colon) are in `names.interned`, back to back;
    /// per slot, where (offset in the high half, length in the low; 0 for a free slot).
    private let names = XMLNameStore()
    /// Leaf values met before, as Strings.
    private let leafText = LeafTextCache()
    private var internedSpan = [UInt64](repeating: 0, count: 512)
    /// The interned name that last came first inside each element, and next after each element's end
    /// (-1: none yet), by slot. A return repeats its layout child after child, so the next start tag's
    /// name is nearly always the one these predict, and is compared with its bytes before any scan.
    private var firstChild = [Int16](repeating: -1, count: 512)
    private var nextSibling = [Int16](repeating: -1, count: 512)
    private var nameScratch: [UInt8] = []

    init(reader: ByteReader) {
        self.reader = reader
        buf = reader.bytes
        pos = reader.position
    }

    @inline(__always)
    private mutating func fill() throws(XMLParseFailure) -> Bool {
        do { return try reader.refill(&buf, &pos) } catch { throw .io(error) }
    }

    /// Parses to the end of the document, calling `handler`. Throws on the first syntax error,
    /// after the handler has seen everything before it.
    mutating func parse<H: XMLEventHandler>(_ handler: inout H) throws(XMLParseFailure) {
        try run(&handler)
    }

    private func fail(_ message: String) -> XMLParseFailure { .syntax(XMLSyntaxError(line: line, message: message)) }

    @inline(__always)
    private mutating func nextByte() throws(XMLParseFailure) -> UInt8? {
        if pos >= buf.count { guard try fill() else { return nil } }
        let b = buf[pos]
        pos += 1
        if b == 10 { line += 1 }
        return b
    }

    @inline(__always)
    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 10 || b == 13 || b == 9 }

    private mutating func require() throws(XMLParseFailure) -> UInt8 {
        guard let b = try nextByte() else { throw fail("the file ends inside markup") }
        return b
    }

    private mutating func run<H: XMLEventHandler>(_ handler: inout H) throws(XMLParseFailure) {
        // The open elements, in fixed storage (at most `maxDepth`): arrays' uniqueness checks, five an
        // element, were a tenth of the tokenizer's instructions.
        var stack = OpenElements(capacity: XMLTokenizer.maxDepth)
        defer { stack.deallocate() }
        // Raw storage: emptying an array per element went through the standard library's general
        // `replaceSubrange`, and appending through its generic `append(contentsOf:)`.
        var text = RawRun<UInt8>(capacity: 256)
        defer { text.deallocate() }
        var textIsStray = false
        var sawRoot = false
        var first = true
        // The last tag read: a start tag's name (its first child's comes next) or an end tag's (its
        // next sibling's comes next); -1 when it has no interned name.
        var previous = (start: false, id: -1)
        while let b = try nextByte() {
            if first {
                first = false
                // UTF-8 byte order mark.
                if b == 0xEF {
                    guard try require() == 0xBB, try require() == 0xBF else { throw fail("invalid byte order mark") }
                    continue
                }
            }
            if b == UInt8(ascii: "<") {
                // The byte after '<', read here when it is in the chunk (nearly always): a call per tag.
                let c: UInt8
                if pos < buf.count {
                    c = buf[pos]
                    pos &+= 1
                    if c == 10 { line += 1 }
                } else {
                    c = try require()
                }
                if c == UInt8(ascii: "?") {
                    try skip(until: [UInt8(ascii: "?"), UInt8(ascii: ">")])
                } else if c == UInt8(ascii: "!") {
                    let d = try require()
                    if d == UInt8(ascii: "-") {
                        guard try require() == UInt8(ascii: "-") else { throw fail("malformed comment") }
                        try skip(until: Array("-->".utf8))
                    } else if d == UInt8(ascii: "[") {
                        for expected in "CDATA[".utf8 { guard try require() == expected else { throw fail("malformed CDATA section") } }
                        guard !stack.isEmpty else { throw fail("CDATA outside the root element") }
                        try readCDATA(into: &text)
                    } else {
                        // DOCTYPE (with any internal subset): skipped, its entities never defined.
                        guard stack.isEmpty else { throw fail("declaration inside an element") }
                        try skipDeclaration()
                    }
                } else if c == UInt8(ascii: "/") {
                    let name: XMLName
                    if let open = stack.last, closesWithoutScanning(open) {
                        name = open
                    } else {
                        let (read, last) = try readName(firstByte: nil)
                        var e = last
                        while e == 32 || e == 9 || e == 10 || e == 13 { e = try require() }
                        guard e == UInt8(ascii: ">") else { throw fail("malformed end tag </\(read.string)") }
                        guard let open = stack.last else { throw fail("end tag </\(read.string)> with no element open") }
                        guard open == read else { throw fail("end tag </\(read.string)> does not match <\(open.string)>") }
                        name = open  // the same name, in storage that stays while the element is open
                    }
                    previous = (false, name.id)
                    let leaf = !stack.removeLast()
                    if !leaf && textIsStray { handler.strayText(line: line) }
                    handler.endElement(name, text: leaf ? try decode(text.buffer) : nil, line: line)
                    text.removeAll()
                    textIsStray = false
                } else {
                    var expected = -1
                    if previous.id >= 0 && previous.id < firstChild.count {
                        expected = Int(previous.start ? firstChild[previous.id] : nextSibling[previous.id])
                    }
                    var (name, last) = try startTagName(firstByte: c, expected: expected)
                    if name.id < 0 {
                        // Not interned: its bytes are moved from the scratch slot to the open element's.
                        name = XMLName(id: -1, bytes: XMLNameStore.copy(name.bytes, to: names.open + stack.count * XMLTokenizer.maxNameBytes))
                    }
                    if name.id >= 0 && name.id != expected && previous.id >= 0 && previous.id < firstChild.count {
                        if previous.start { firstChild[previous.id] = Int16(name.id) } else { nextSibling[previous.id] = Int16(name.id) }
                    }
                    if stack.isEmpty {
                        guard !sawRoot else { throw fail("a second root element <\(name.string)>") }
                        sawRoot = true
                    }
                    if !stack.isEmpty {
                        if textIsStray { handler.strayText(line: line) }
                        stack.noteChild()
                    }
                    text.removeAll()
                    textIsStray = false
                    // A name ended by '>' (no attributes, the usual case) needs no call.
                    let selfClosing = last == UInt8(ascii: ">") ? false : try skipAttributes(after: last)
                    guard stack.count < XMLTokenizer.maxDepth else { throw fail("elements nested more than \(XMLTokenizer.maxDepth) deep") }
                    handler.startElement(name, line: line)
                    previous = (!selfClosing, name.id)
                    if selfClosing {
                        handler.endElement(name, text: "", line: line)
                    } else {
                        stack.append(name)
                    }
                }
            } else {
                // Character data: scan the chunk directly up to the next '<'.
                pos -= 1
                if b == 10 { line -= 1 }
                while true {
                    let start = pos
                    var p = pos
                    var nonSpace = false
                    #if arch(x86_64)
                    // Sixteen bytes at a time with SSE2 up to the next '<': newlines counted, blanks told
                    // from other text by masks. A block with a NUL before any '<' is left to the byte
                    // loop below, which reports it at its line.
                    if let base = buf.baseAddress {
                        while p &+ 16 <= buf.count {
                            let m = XMLTokenizer.textMasks(base + p)
                            let before = m.lt == 0 ? 0xFFFF : (m.lt & (0 &- m.lt)) &- 1
                            if m.nul & before != 0 { break }
                            var newlines = m.newline & before
                            while newlines != 0 { line += 1; newlines &= newlines &- 1 }
                            if ~m.blank & before != 0 { nonSpace = true }
                            if m.lt != 0 { p &+= m.lt.trailingZeroBitCount; break }
                            p &+= 16
                        }
                    }
                    #endif
                    while p < buf.count {
                        let c = buf[p]
                        if c == 60 { break }  // '<'
                        if c == 10 { line += 1 } else if !XMLTokenizer.isSpace(c) {
                            nonSpace = true
                            if c == 0 { pos = p; throw fail("NUL byte in text") }
                        }
                        p += 1
                    }
                    pos = p
                    if stack.isEmpty {
                        if nonSpace { throw fail(sawRoot ? "text after the root element" : "text before the root element") }
                    } else {
                        if nonSpace { textIsStray = true }
                        guard text.count + (p - start) <= XMLTokenizer.maxTextBytes else {
                            throw fail("text longer than \(XMLTokenizer.maxTextBytes) bytes")
                        }
                        // Blank text before any other (the indentation between elements) is not kept: a
                        // leaf's text is trimmed anyway, so it would only be appended and cleared again.
                        if nonSpace || text.count > 0 {
                            text.append(buf.baseAddress.map { $0 + start }, count: p - start)
                        }
                    }
                    if p < buf.count { break }
                    guard try fill() else { break }
                }
            }
        }
        if let open = stack.last { throw fail("the file ends inside <\(open.string)>") }
        if !sawRoot { throw fail("no root element") }
    }

    /// Bytes that end a name: space, tab, LF, CR, '"', '\'', '/', '<', '=', '>', all below 64, so one
    /// shift and mask answers (ten comparisons per byte were a tenth of the XML load).
    @inline(__always)
    private static func isNameByte(_ b: UInt8) -> Bool {
        b >= 64 || (0x7000_8085_0000_2600 as UInt64) >> UInt64(b) & 1 == 0
    }

    /// A start tag's name, whose first byte `c` was just read: when the bytes from there are the
    /// expected interned name followed by a byte that ends a name, steps past them without a scan or
    /// a lookup. `readName` would read the same bytes to the same interned name (they hold no colon,
    /// and an interned name's bytes are always found at its slot), so the result is the same;
    /// otherwise `readName` reads it.
    @inline(__always)
    private mutating func startTagName(firstByte c: UInt8, expected slot: Int) throws(XMLParseFailure) -> (XMLName, UInt8) {
        if slot >= 0 && slot < internedSpan.count && pos > 0, let base = buf.baseAddress {
            let start = pos &- 1  // where `c` is
            let span = internedSpan[slot]
            let offset = Int(truncatingIfNeeded: span >> 32), n = Int(truncatingIfNeeded: span & 0xFFFF_FFFF)
            let stored = UnsafeBufferPointer(start: names.interned + offset, count: n)
            if n > 0 && start &+ n < buf.count && !XMLTokenizer.isNameByte(base[start &+ n]),
               FlatRowBatch.same(stored, UnsafeBufferPointer(start: base + start, count: n)) {
                let end = base[start &+ n]
                pos = start &+ n &+ 1
                if end == 10 { line += 1 }
                return (XMLName(id: slot, bytes: stored), end)
            }
        }
        return try readName(firstByte: c)
    }

    /// Reads an element name (prefix stripped); returns it with the byte that ended it.
    private mutating func readName(firstByte: UInt8?) throws(XMLParseFailure) -> (XMLName, UInt8) {
        if firstByte != nil { pos -= 1 }  // the first byte came from this chunk: read it again here
        // Fast path: the whole name lies in the current chunk (all but one name per chunk).
        var p = pos
        var nameStart = p
        while p < buf.count {
            // Eight bytes at a time while every byte is at least 64 (letters): a name ends only at a
            // byte below 64, and digits, '-', '.' and ':' (below 64 too) are looked at one by one.
            if p &+ 8 <= buf.count, let base = buf.baseAddress {
                let w = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
                let below64 = XMLTokenizer.zeroBytes(w & 0xC0C0_C0C0_C0C0_C0C0)
                if below64 == 0 { p &+= 8; continue }
                p &+= below64.trailingZeroBitCount >> 3
            }
            let c = buf[p]
            guard XMLTokenizer.isNameByte(c) else { break }
            if c == UInt8(ascii: ":") { nameStart = p + 1 }
            p += 1
        }
        if p < buf.count && p - pos <= XMLTokenizer.maxNameBytes {
            let end = buf[p]
            let bytes = UnsafeBufferPointer(rebasing: buf[nameStart..<p])
            pos = p + 1
            if end == 10 { line += 1 }
            guard !bytes.isEmpty else { throw fail("missing element name") }
            return (intern(bytes, hash: XMLTokenizer.nameHash(bytes)), end)
        }
        // Slow path: the name runs across a chunk boundary.
        nameScratch.removeAll(keepingCapacity: true)
        var b = try require()
        while XMLTokenizer.isNameByte(b) {
            if b == UInt8(ascii: ":") {
                nameScratch.removeAll(keepingCapacity: true)
            } else {
                nameScratch.append(b)
            }
            guard nameScratch.count <= XMLTokenizer.maxNameBytes else { throw fail("element name too long") }
            b = try require()
        }
        guard !nameScratch.isEmpty else { throw fail("missing element name") }
        // `intern` copies a name it does not keep to the store's scratch slot, so nothing here escapes.
        let name = nameScratch.withUnsafeBufferPointer { intern($0, hash: XMLTokenizer.nameHash($0)) }
        return (name, b)
    }

    #if arch(x86_64)
    /// For the 16 bytes at `p`, bit i set when byte i is '<', a newline, blank (space, tab, CR, LF), NUL.
    @inline(__always)
    private static func textMasks(_ p: UnsafePointer<UInt8>) -> (lt: UInt32, newline: UInt32, blank: UInt32, nul: UInt32) {
        let v = _mm_loadu_si128(UnsafeRawPointer(p).assumingMemoryBound(to: __m128i.self))
        let newline = _mm_cmpeq_epi8(v, _mm_set1_epi8(10))
        let blank = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(32)), _mm_cmpeq_epi8(v, _mm_set1_epi8(9))),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(13)), newline))
        @inline(__always) func bits(_ x: __m128i) -> UInt32 { UInt32(UInt16(truncatingIfNeeded: _mm_movemask_epi8(x))) }
        return (bits(_mm_cmpeq_epi8(v, _mm_set1_epi8(60))), bits(newline), bits(blank), bits(_mm_cmpeq_epi8(v, _mm_setzero_si128())))
    }
    #endif

    /// The high bit of each byte of `x` that is zero (exact: no carry crosses a byte).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
    }

    /// At an end tag's name: when the open element's name (interned) follows, then '>', in this
    /// chunk, steps past them and returns true. `readName` would read the same bytes to the same
    /// interned name (they hold no colon and no byte that ends a name), so the result is the same
    /// without hashing; anything else (a prefix, blanks before '>', a mismatch, a chunk boundary)
    /// returns false, having consumed nothing, for the general path.
    @inline(__always)
    private mutating func closesWithoutScanning(_ open: XMLName) -> Bool {
        guard let base = buf.baseAddress else { return false }
        let n = open.bytes.count
        guard n > 0, pos &+ n < buf.count, base[pos &+ n] == UInt8(ascii: ">"),
              FlatRowBatch.same(open.bytes, UnsafeBufferPointer(start: base + pos, count: n)) else { return false }
        pos &+= n &+ 1
        return true
    }

    /// A hash of a name from its length and its first and last eight bytes (a per-byte hash was a chain
    /// of dependent multiplies per name; collisions only cost a probe, `intern` compares the bytes).
    @inline(__always)
    static func nameHash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = b.count
        guard let base = b.baseAddress, n > 0 else { return 0x9E37_79B9_7F4A_7C15 }
        var first: UInt64 = 0, last: UInt64 = 0
        if n >= 8 {
            first = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            last = UnsafeRawPointer(base + n - 8).loadUnaligned(as: UInt64.self)
        } else {
            for i in 0..<n { first |= UInt64(base[i]) << UInt64(i * 8) }
        }
        var h = (first ^ (UInt64(n) &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ last ^ (h >> 31)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }

    /// The interned name for `bytes` (non-empty, at most `maxNameBytes`; open addressing on the hash),
    /// interning it when it is new and there is room; otherwise a name without an id whose bytes are
    /// copied to the store's scratch slot (valid until the next name is read).
    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> XMLName {
        let mask = internedSpan.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<8 {
            let span = internedSpan[slot]
            let offset = Int(truncatingIfNeeded: span >> 32), n = Int(truncatingIfNeeded: span & 0xFFFF_FFFF)
            if n == 0 {
                guard internedCount < XMLTokenizer.maxInterned else { break }
                let stored = XMLNameStore.copy(bytes, to: names.interned + names.internedUsed)
                internedHash[slot] = hash
                internedSpan[slot] = UInt64(names.internedUsed) << 32 | UInt64(bytes.count)
                names.internedUsed += bytes.count
                internedCount += 1
                return XMLName(id: slot, bytes: stored)
            }
            let stored = UnsafeBufferPointer(start: names.interned + offset, count: n)
            if internedHash[slot] == hash && n == bytes.count, let a = stored.baseAddress, let b = bytes.baseAddress,
               memcmp(a, b, n) == 0 {
                return XMLName(id: slot, bytes: stored)
            }
            slot = (slot + 1) & mask
        }
        return XMLName(id: -1, bytes: XMLNameStore.copy(bytes, to: names.scratch))
    }

    /// Skips attributes up to the end of a start tag; true when it was `/>`.
    private mutating func skipAttributes(after last: UInt8) throws(XMLParseFailure) -> Bool {
        var b = last
        var count = 0
        while true {
            switch b {
            case UInt8(ascii: ">"): return false
            case UInt8(ascii: "/"):
                guard try require() == UInt8(ascii: ">") else { throw fail("malformed start tag") }
                return true
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = b
                repeat {
                    b = try require()
                    count += 1
                    guard count < XMLTokenizer.maxTextBytes else { throw fail("start tag too long") }
                    if b == UInt8(ascii: "<") { throw fail("'<' in an attribute value") }
                } while b != quote
            case UInt8(ascii: "<"): throw fail("'<' inside a start tag")
            default: break
            }
            count += 1
            guard count < XMLTokenizer.maxTextBytes else { throw fail("start tag too long") }
            b = try require()
        }
    }

    private mutating func skip(until terminator: [UInt8]) throws(XMLParseFailure) {
        var matched = 0
        while matched < terminator.count {
            let b = try require()
            if b == terminator[matched] { matched += 1 } else { matched = (b == terminator[0]) ? 1 : 0 }
        }
    }

    private mutating func readCDATA(into text: inout RawRun<UInt8>) throws(XMLParseFailure) {
        // Content up to "]]>", taken literally.
        var tail: [UInt8] = []
        while true {
            let b = try require()
            tail.append(b)
            if tail.count >= 3 && tail[tail.count - 3] == 93 && tail[tail.count - 2] == 93 && b == 62 {
                tail.withUnsafeBufferPointer { text.append($0.baseAddress, count: $0.count - 3) }
                return
            }
            if tail.count > 3 { text.append(tail.removeFirst()) }
            guard text.count < XMLTokenizer.maxTextBytes else { throw fail("CDATA longer than \(XMLTokenizer.maxTextBytes) bytes") }
        }
    }

    private mutating func skipDeclaration() throws(XMLParseFailure) {
        var bracketDepth = 0
        var quote: UInt8 = 0
        var count = 0
        while true {
            let b = try require()
            count += 1
            guard count < 1 << 22 else { throw fail("declaration too long") }
            if quote != 0 { if b == quote { quote = 0 }; continue }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = b
            case UInt8(ascii: "["): bracketDepth += 1
            case UInt8(ascii: "]"): bracketDepth -= 1
            case UInt8(ascii: ">") where bracketDepth <= 0: return
            default: break
            }
        }
    }

    /// Character data with the predefined entities and character references resolved, trimmed.
    private func decode(_ raw: UnsafeBufferPointer<UInt8>) throws(XMLParseFailure) -> String {
        guard let base = raw.baseAddress, memchr(base, Int32(UInt8(ascii: "&")), raw.count) != nil else { return trimmed(raw) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            guard b == UInt8(ascii: "&") else { out.append(b); i += 1; continue }
            guard let semi = raw[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw fail("'&' not followed by an entity reference")
            }
            let name = String(decoding: raw[(i + 1)..<semi], as: UTF8.self)
            switch name {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var scalarValue: UInt32?
                if name.hasPrefix("#x") { scalarValue = UInt32(name.dropFirst(2), radix: 16) }
                else if name.hasPrefix("#") { scalarValue = UInt32(name.dropFirst(1)) }
                guard let v = scalarValue, let scalar = Unicode.Scalar(v), v != 0 else {
                    throw fail("undefined entity &\(name); (entities are not expanded)")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = semi + 1
        }
        return out.withUnsafeBufferPointer { trimmed($0) }
    }

    private func trimmed(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        var lo = 0, hi = raw.count
        while lo < hi, raw[lo] == 32 || raw[lo] == 9 || raw[lo] == 10 || raw[lo] == 13 { lo += 1 }
        while hi > lo, raw[hi - 1] == 32 || raw[hi - 1] == 9 || raw[hi - 1] == 10 || raw[hi - 1] == 13 { hi -= 1 }
        return leafText.string(UnsafeBufferPointer(rebasing: raw[lo..<hi]))
    }
}

/// The tokenizer's open elements and whether each has had a child element, in raw storage of a fixed
/// capacity (the tokenizer refuses deeper nesting before it appends). The owner deallocates it.
private struct OpenElements {
    private let names: UnsafeMutablePointer<XMLName>
    private let hadChild: UnsafeMutablePointer<Bool>
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        names = .allocate(capacity: capacity)
        hadChild = .allocate(capacity: capacity)
    }

    func deallocate() {
        names.deinitialize(count: count)
        names.deallocate()
        hadChild.deallocate()
    }

    var isEmpty: Bool { count == 0 }
    var last: XMLName? { count > 0 ? names[count - 1] : nil }

    mutating func append(_ name: XMLName) {
        precondition(count < capacity, "elements nested deeper than the tokenizer allows")
        (names + count).initialize(to: name)
        hadChild[count] = false
        count += 1
    }

    /// Closes the innermost element; whether it had a child element.
    mutating func removeLast() -> Bool {
        precondition(count > 0, "no element open")
        count -= 1
        (names + count).deinitialize(count: 1)
        return hadChild[count]
    }

    /// The innermost open element has a child element.
    mutating func noteChild() {
        if count > 0 { hadChild[count - 1] = true }
    }
}

enum XMLParseFailure: Error, Equatable {
    case syntax(XMLSyntaxError)
    case io(LoadError)
}
