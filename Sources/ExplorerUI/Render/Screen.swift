/// An in-memory terminal: a grid of cells with attributes. The explorer renders into it; the
/// curses adapter copies it to the terminal, and tests read it as text.
public struct Screen: Sendable, Equatable {
    public struct Attributes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Attributes(rawValue: 1)
        public static let reverse = Attributes(rawValue: 2)
        public static let underline = Attributes(rawValue: 4)
        public static let dim = Attributes(rawValue: 8)
        /// Colour roles; the adapter maps them to colour pairs, or ignores them without colour.
        public static let accent = Attributes(rawValue: 16)
        public static let warning = Attributes(rawValue: 32)
        public static let suppressed = Attributes(rawValue: 64)
    }

    public struct Cell: Sendable, Equatable {
        /// One grapheme; "" marks the right half of a double-width character.
        public var text: String
        public var attributes: Attributes
        public static let blank = Cell(text: " ", attributes: [])
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public func cell(x: Int, y: Int) -> Cell? {
        guard x >= 0, y >= 0, x < width, y < height else { return nil }
        return cells[y * width + x]
    }

    /// Writes text at (x, y), clipped to `maxWidth` columns and to the screen; returns columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, attributes: Attributes = [], maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit { break }
            if col >= 0 {
                cells[y * width + col] = Cell(text: String(ch), attributes: attributes)
                if w == 2 && col + 1 < width { cells[y * width + col + 1] = Cell(text: "", attributes: attributes) }
            }
            col += w
        }
        return col - x
    }

    /// Fills a row segment with spaces in the given attributes.
    public mutating func fill(y: Int, from x: Int, to end: Int, attributes: Attributes) {
        guard y >= 0, y < height else { return }
        for c in max(0, x)..<min(width, max(x, end)) { cells[y * width + c] = Cell(text: " ", attributes: attributes) }
    }

    /// The screen as plain text, one line per row, trailing spaces trimmed.
    public var text: String {
        (0..<height).map(line).joined(separator: "\n")
    }

    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = ""
        for x in 0..<width { s += cells[y * width + x].text }
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// Display width of a character in a terminal: 0 for combining marks, 2 for East Asian wide and
/// emoji, 1 otherwise. Measured here rather than trusting `count`, since names can be in any script.
public enum DisplayWidth {
    public static func of(_ ch: Character) -> Int {
        guard let first = ch.unicodeScalars.first else { return 0 }
        let v = first.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(v) || (ch.unicodeScalars.count > 1 && first.properties.isEmojiPresentation) { return 2 }
        return 1
    }

    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Pads or truncates to exactly `width` columns (truncation marked with `~`).
    public static func fit(_ s: String, _ width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        let w = of(s)
        if w <= width {
            let pad = String(repeating: " ", count: width - w)
            return alignRight ? pad + s : s + pad
        }
        var out = ""
        var used = 0
        for ch in s {
            let cw = of(ch)
            if used + cw > width - 1 { break }
            out.append(ch)
            used += cw
        }
        return out + "~" + String(repeating: " ", count: max(0, width - 1 - used))
    }
}
