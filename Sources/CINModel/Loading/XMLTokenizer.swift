/// A streaming XML tokenizer over raw bytes, for CIN census returns.
///
/// Hand-written rather than FoundationXML's `XMLParser` because that allocates objects per callback
/// and needs the whole document or a Foundation stream; this one reads gzip chunks directly,
/// reports a line number with every event and error, and never expands entities other than the
/// five predefined ones and character references, so a billion-laughs DOCTYPE cannot expand.
/// It handles comments, processing instructions, CDATA, attributes (skipped), namespace prefixes
/// (stripped), CRLF and a UTF-8 BOM.
public protocol XMLEventHandler {
    mutating func startElement(_ name: String, line: Int)
    /// `text` is the element's own character data when it had no child elements, else nil.
    mutating func endElement(_ name: String, text: String?, line: Int)
    /// Non-whitespace text found in an element that also holds child elements.
    mutating func strayText(line: Int)
}

public struct XMLSyntaxError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

public struct XMLTokenizer {
    public static let maxDepth = 64
    public static let maxTextBytes = 1 << 20
    public static let maxNameBytes = 256

    private let reader: ByteReader
    public private(set) var line = 1

    public init(reader: ByteReader) { self.reader = reader }

    /// Parses to the end of the document, calling `handler`. Throws on the first syntax error,
    /// after the handler has seen everything before it.
    public mutating func parse<H: XMLEventHandler>(_ handler: inout H) throws(XMLParseFailure) {
        try run(&handler)
    }

    private func fail(_ message: String) -> XMLParseFailure { .syntax(XMLSyntaxError(line: line, message: message)) }

    @inline(__always)
    private mutating func nextByte() throws(XMLParseFailure) -> UInt8? {
        do {
            guard let b = try reader.next() else { return nil }
            if b == 10 { line += 1 }
            return b
        } catch { throw .io(error) }
    }

    private mutating func require() throws(XMLParseFailure) -> UInt8 {
        guard let b = try nextByte() else { throw fail("the file ends inside markup") }
        return b
    }

    private mutating func run<H: XMLEventHandler>(_ handler: inout H) throws(XMLParseFailure) {
        var stack: [String] = []
        var text: [UInt8] = []
        var textIsStray = false
        var hadChild: [Bool] = []
        var sawRoot = false
        var first = true
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
                let c = try require()
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
                    let (name, last) = try readName(firstByte: nil)
                    var e = last
                    while e == 32 || e == 9 || e == 10 || e == 13 { e = try require() }
                    guard e == UInt8(ascii: ">") else { throw fail("malformed end tag </\(name)") }
                    guard let open = stack.last else { throw fail("end tag </\(name)> with no element open") }
                    guard open == name else { throw fail("end tag </\(name)> does not match <\(open)>") }
                    stack.removeLast()
                    let leaf = !(hadChild.popLast() ?? false)
                    if !leaf && textIsStray { handler.strayText(line: line) }
                    handler.endElement(name, text: leaf ? try decode(text) : nil, line: line)
                    text.removeAll(keepingCapacity: true)
                    textIsStray = false
                } else {
                    let (name, last) = try readName(firstByte: c)
                    if stack.isEmpty {
                        guard !sawRoot else { throw fail("a second root element <\(name)>") }
                        sawRoot = true
                    }
                    if !hadChild.isEmpty {
                        if textIsStray { handler.strayText(line: line) }
                        hadChild[hadChild.count - 1] = true
                    }
                    text.removeAll(keepingCapacity: true)
                    textIsStray = false
                    let selfClosing = try skipAttributes(after: last)
                    guard stack.count < XMLTokenizer.maxDepth else { throw fail("elements nested more than \(XMLTokenizer.maxDepth) deep") }
                    handler.startElement(name, line: line)
                    if selfClosing {
                        handler.endElement(name, text: "", line: line)
                    } else {
                        stack.append(name)
                        hadChild.append(false)
                    }
                }
            } else {
                if stack.isEmpty {
                    guard b == 32 || b == 9 || b == 10 || b == 13 else {
                        throw fail(sawRoot ? "text after the root element" : "text before the root element")
                    }
                    continue
                }
                if !(b == 32 || b == 9 || b == 10 || b == 13) { textIsStray = true }
                guard text.count < XMLTokenizer.maxTextBytes else { throw fail("text longer than \(XMLTokenizer.maxTextBytes) bytes") }
                if b == 0 { throw fail("NUL byte in text") }
                text.append(b)
            }
        }
        if let open = stack.last { throw fail("the file ends inside <\(open)>") }
        if !sawRoot { throw fail("no root element") }
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        !(b == 32 || b == 9 || b == 10 || b == 13 || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
          || b == UInt8(ascii: "=") || b == UInt8(ascii: "<") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'"))
    }

    /// Reads an element name (prefix stripped); returns it with the byte that ended it.
    private mutating func readName(firstByte: UInt8?) throws(XMLParseFailure) -> (String, UInt8) {
        var name: [UInt8] = []
        var b: UInt8
        if let f = firstByte { b = f } else { b = try require() }
        while XMLTokenizer.isNameByte(b) {
            if b == UInt8(ascii: ":") { name.removeAll(keepingCapacity: true) } else { name.append(b) }
            guard name.count <= XMLTokenizer.maxNameBytes else { throw fail("element name too long") }
            b = try require()
        }
        guard !name.isEmpty else { throw fail("missing element name") }
        return (String(decoding: name, as: UTF8.self), b)
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

    private mutating func readCDATA(into text: inout [UInt8]) throws(XMLParseFailure) {
        // Content up to "]]>", taken literally.
        var tail: [UInt8] = []
        while true {
            let b = try require()
            tail.append(b)
            if tail.count >= 3 && tail[tail.count - 3] == 93 && tail[tail.count - 2] == 93 && b == 62 {
                text.append(contentsOf: tail.dropLast(3))
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
    private func decode(_ raw: [UInt8]) throws(XMLParseFailure) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return trimmed(raw) }
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
        return trimmed(out)
    }

    private func trimmed(_ raw: [UInt8]) -> String {
        var lo = 0, hi = raw.count
        while lo < hi, raw[lo] == 32 || raw[lo] == 9 || raw[lo] == 10 || raw[lo] == 13 { lo += 1 }
        while hi > lo, raw[hi - 1] == 32 || raw[hi - 1] == 9 || raw[hi - 1] == 10 || raw[hi - 1] == 13 { hi -= 1 }
        return String(decoding: raw[lo..<hi], as: UTF8.self)
    }
}

public enum XMLParseFailure: Error, Equatable {
    case syntax(XMLSyntaxError)
    case io(LoadError)
}
