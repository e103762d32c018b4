import Foundation
import ZIPFoundation

/// A minimal Office Open XML workbook: the parts a spreadsheet needs and nothing more (content
/// types, relationships, document properties, workbook, styles, one worksheet per sheet with inline
/// strings), in a ZIP container written by ZIPFoundation. Every sheet prints landscape, one page wide,
/// its header row on every page: a recipient prints the response rather than reading it on screen.
public struct XLSXWorkbook {
    public enum Cell: Equatable {
        case text(String)
        case bold(String)
        case integer(Int)
        /// A number shown with one decimal (a percentage: 78.1).
        case oneDecimal(Double)
        /// Text set to the right like the numbers beside it (`c` for a hidden count), so that a
        /// column of counts and `c`s reads as one column rather than "57c".
        case rightText(String)
        case empty
    }
    public struct Sheet {
        public var name: String
        public var rows: [[Cell]]
        /// Rows above the table body that stay on screen (the header row is the last of them).
        public var frozenRows: Int
        /// Column widths in characters.
        public var widths: [Double]
        /// The table's header row (0-based), repeated on every printed page; it and the rows below
        /// it are the table and carry borders. Nil: no table (the notes).
        public var headerRow: Int?
        /// Text wraps within its column (the notes: label and text side by side on one page width).
        public var wraps: Bool
        public init(name: String, rows: [[Cell]], frozenRows: Int, widths: [Double], headerRow: Int? = nil, wraps: Bool = false) {
            self.name = name; self.rows = rows; self.frozenRows = frozenRows; self.widths = widths
            self.headerRow = headerRow; self.wraps = wraps
        }
    }
    /// The document properties (docProps/core.xml and app.xml): what the file is and what wrote it,
    /// for a recipient who has only the file.
    public struct Properties: Equatable {
        public var title: String
        /// "cinx 0.5.0": the creator and the application.
        public var creator: String
        /// W3C date-time, e.g. 2026-12-07T03:40:00Z.
        public var created: String
        public init(title: String, creator: String, created: String) { self.title = title; self.creator = creator; self.created = created }
    }
    public var sheets: [Sheet]
    public var properties: Properties?
    public init(sheets: [Sheet], properties: Properties? = nil) { self.sheets = sheets; self.properties = properties }

    /// The workbook's bytes (a ZIP archive).
    public func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 modificationDate: Date(timeIntervalSince1970: 1_577_836_800), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("[Content_Types].xml", contentTypes())
        try add("_rels/.rels", packageRelationships())
        if let p = properties {
            try add("docProps/core.xml", Self.core(p))
            try add("docProps/app.xml", Self.app(p))
        }
        try add("xl/workbook.xml", workbook())
        try add("xl/_rels/workbook.xml.rels", workbookRelationships())
        try add("xl/styles.xml", Self.styles)
        for (i, s) in sheets.enumerated() { try add("xl/worksheets/sheet\(i + 1).xml", worksheet(s)) }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    func contentTypes() -> String {
        var parts = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        parts.insert("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>", at: 0)
        parts.append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
        if properties != nil {
            parts.append("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>")
            parts.append("<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>")
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>\(parts.joined())</Types>
            """
    }

    func packageRelationships() -> String {
        var rels = ["<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"]
        if properties != nil {
            rels.append("<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>")
            rels.append("<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>")
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels.joined())</Relationships>
            """
    }

    static func core(_ p: Properties) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(escape(p.title))</dc:title><dc:creator>\(escape(p.creator))</dc:creator><cp:lastModifiedBy>\(escape(p.creator))</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">\(escape(p.created))</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">\(escape(p.created))</dcterms:modified></cp:coreProperties>
        """
    }

    static func app(_ p: Properties) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>\(escape(p.creator))</Application></Properties>
        """
    }

    /// A sheet's name as the workbook gives it (at most 31 characters, the spreadsheet limit).
    static func sheetName(_ s: Sheet) -> String { String(s.name.prefix(31)) }

    func workbook() -> String {
        let list = sheets.enumerated().map { "<sheet name=\"\(Self.escape(Self.sheetName($1)))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }
        // The header row printed at the top of every page: a long table's later pages still say
        // which column is which. A quote in a sheet name is doubled inside the quoted reference.
        let titles = sheets.enumerated().compactMap { i, s -> String? in
            guard let h = s.headerRow else { return nil }
            let quoted = "'" + Self.sheetName(s).replacingOccurrences(of: "'", with: "''") + "'"
            return "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">\(Self.escape(quoted))!$\(h + 1):$\(h + 1)</definedName>"
        }
        let names = titles.isEmpty ? "" : "<definedNames>\(titles.joined())</definedNames>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(list.joined())</sheets>\(names)</workbook>
            """
    }

    func workbookRelationships() -> String {
        var rels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        rels.append("<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>")
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels.joined())</Relationships>
            """
    }

    /// Cell styles (the cellXfs index): a cell's kind, whether it is in the table (thin borders),
    /// whether text wraps (top-aligned, so a label sits level with the first line of its text).
    enum Style: Int {
        case plain = 0, bold, oneDecimal, right
        case tablePlain, tableBold, tableOneDecimal, tableRight
        case wrapPlain, wrapBold
        /// A number or `c` among wrapped text: top and left, level with its label and the text
        /// above it, not at the far side of a wide text column.
        case wrapValue

        static func of(_ cell: Cell, inTable: Bool, wraps: Bool) -> Style {
            switch cell {
            case .text, .empty: return inTable ? .tablePlain : wraps ? .wrapPlain : .plain
            case .bold: return inTable ? .tableBold : wraps ? .wrapBold : .bold
            case .integer: return inTable ? .tablePlain : wraps ? .wrapValue : .plain
            case .oneDecimal: return inTable ? .tableOneDecimal : .oneDecimal
            case .rightText: return inTable ? .tableRight : wraps ? .wrapValue : .right
            }
        }
    }

    /// Fonts 0 plain, 1 bold; borders 0 none, 1 thin all round; number format 164 "0.0"; the order
    /// of cellXfs is `Style`'s.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="11">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="right"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="right"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>\
        </cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    /// A row's height in points when its text wraps: a line for each column width's worth of
    /// characters, so a spreadsheet that does not fit rows on opening still shows all the text.
    /// Nil: the default height.
    static func wrappedHeight(_ row: [Cell], widths: [Double], charsPerUnit: Double) -> Double? {
        var lines = 1
        for (c, cell) in row.enumerated() {
            let text: String
            switch cell { case .text(let t), .bold(let t): text = t; default: continue }
            // Characters run narrower than the column's nominal width (about 1.25 a unit in the
            // rendered notes); the caller's figure leaves room for lines that break early at a word.
            let perLine = max(Int(((c < widths.count ? widths[c] : 8.43) * charsPerUnit).rounded(.down)), 1)
            let n = text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { $0 + max(($1.count + perLine - 1) / perLine, 1) }
            lines = max(lines, n)
        }
        return lines > 1 ? Double(lines) * 15 : nil
    }

    func worksheet(_ s: Sheet) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        // fitToPage makes pageSetup's fitToWidth count: one page wide, as many tall as it takes.
        xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        if s.frozenRows > 0 {
            xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(s.frozenRows)\" topLeftCell=\"A\(s.frozenRows + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        if !s.widths.isEmpty {
            xml += "<cols>" + s.widths.enumerated().map { "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($1)\" customWidth=\"1\"/>" }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        for (r, row) in s.rows.enumerated() {
            let inTable = s.headerRow.map { r >= $0 } ?? false
            // The header row wraps too (its style does), so a narrow count column can carry a long name.
            // Bold headers break at words in narrow columns: fewer characters to a line.
            let height = r == s.headerRow ? Self.wrappedHeight(row, widths: s.widths, charsPerUnit: 0.85)
                : s.wraps ? Self.wrappedHeight(row, widths: s.widths, charsPerUnit: 1.15) : nil
            xml += "<row r=\"\(r + 1)\"" + (height.map { " ht=\"\($0)\"" } ?? "") + ">"
            for (c, cell) in row.enumerated() {
                let ref = Self.column(c) + String(r + 1)
                let style = Style.of(cell, inTable: inTable, wraps: s.wraps).rawValue
                let attr = style == 0 ? "" : " s=\"\(style)\""
                switch cell {
                case .text(let t), .bold(let t), .rightText(let t):
                    xml += "<c r=\"\(ref)\" t=\"inlineStr\"\(attr)><is><t xml:space=\"preserve\">\(Self.escape(t))</t></is></c>"
                case .integer(let n): xml += "<c r=\"\(ref)\"\(attr)><v>\(n)</v></c>"
                case .oneDecimal(let d): xml += "<c r=\"\(ref)\"\(attr)><v>\(d)</v></c>"
                // An empty cell inside the table still carries the table's borders.
                case .empty: if inTable { xml += "<c r=\"\(ref)\"\(attr)/>" }
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        xml += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        xml += "</worksheet>"
        return xml
    }

    /// A1-style column letters: 0 -> A, 25 -> Z, 26 -> AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    /// XML text: the five entities, and control characters other than tab and newline dropped
    /// (XML 1.0 cannot carry them).
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if u.value < 0x20 && u != "\t" && u != "\n" { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
