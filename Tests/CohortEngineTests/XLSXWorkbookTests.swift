import Testing
import Foundation
@testable import CINRelease

/// The workbook's print setup as written: what a spreadsheet needs to print each sheet one page
/// wide with its header on every page, and `c` set right inside the table's borders.
@Suite struct XLSXWorkbookTests {
    static var book: XLSXWorkbook { XLSXWorkbook(sheets: [
        .init(name: "Bob's table", rows: [[.bold("Title")], [.bold("Cohort"), .bold("n")], [.text("A"), .rightText("c")], [.text("B"), .integer(7)]],
              frozenRows: 2, widths: [8, 10], headerRow: 1),
        .init(name: "notes", rows: [[.text("label"), .text(String(repeating: "word ", count: 60))]], frozenRows: 0, widths: [20, 50], wraps: true),
    ], properties: .init(title: "T & co", creator: "cinx 9.9.9", created: "2026-01-01T00:00:00Z")) }

    @Test func everySheetPrintsLandscapeOnePageWide() {
        for sheet in Self.book.sheets {
            let xml = Self.book.worksheet(sheet)
            #expect(xml.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"))
            #expect(xml.contains("orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\""))
            // The schema's order: pageMargins and pageSetup after sheetData.
            #expect(xml.range(of: "</sheetData>").map { xml[$0.upperBound...].hasPrefix("<pageMargins") } == true)
        }
    }

    @Test func theHeaderRowRepeatsOnEveryPage() {
        // Only the table sheet has print titles; a quote in the sheet name is doubled (then escaped).
        #expect(Self.book.workbook().contains("<definedNames><definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">&apos;Bob&apos;&apos;s table&apos;!$2:$2</definedName></definedNames>"))
    }

    @Test func hiddenCountsSitRightInsideBorders() {
        let xml = Self.book.worksheet(Self.book.sheets[0])
        let right = XLSXWorkbook.Style.tableRight.rawValue
        #expect(xml.contains("<c r=\"B3\" t=\"inlineStr\" s=\"\(right)\"><is><t xml:space=\"preserve\">c</t></is></c>"))
        #expect(xml.contains("<c r=\"B4\" s=\"\(XLSXWorkbook.Style.tablePlain.rawValue)\"><v>7</v></c>"))
        // Above the table: no borders.
        #expect(xml.contains("<c r=\"A1\" t=\"inlineStr\" s=\"\(XLSXWorkbook.Style.bold.rawValue)\">"))
        // The style the table's c takes is right-aligned and bordered.
        let xfs = XLSXWorkbook.styles.components(separatedBy: "<xf ").dropFirst(2)   // cellStyleXfs' one, then cellXfs
        let xf = Array(xfs)[right]
        #expect(xf.contains("borderId=\"1\"") && xf.contains("horizontal=\"right\""), "\(xf)")
    }

    @Test func wrappedTextGetsItsHeight() {
        let xml = Self.book.worksheet(Self.book.sheets[1])
        // 300 characters in a 50-wide column: several lines, so a taller row than the default.
        #expect(xml.contains("<row r=\"1\" ht=\""))
        #expect(xml.contains("s=\"\(XLSXWorkbook.Style.wrapPlain.rawValue)\""))
    }

    @Test func theDocumentSaysWhatItIsAndWhatWroteIt() throws {
        let core = XLSXWorkbook.core(try #require(Self.book.properties))
        #expect(core.contains("<dc:title>T &amp; co</dc:title><dc:creator>cinx 9.9.9</dc:creator>"))
        #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-01T00:00:00Z</dcterms:created>"))
        #expect(Self.book.contentTypes().contains("/docProps/core.xml"))
        #expect(Self.book.packageRelationships().contains("Target=\"docProps/app.xml\""))
        #expect(try Self.book.data().count > 0)
    }
}
