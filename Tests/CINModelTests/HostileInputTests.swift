import Testing
import Foundation
@testable import CINModel
@testable import CINLoading
@testable import CINTestSupport

/// Bytes produced on demand, so a test can feed gigabytes without holding them.
final class GeneratedByteSource: ByteSource {
    private var remaining: Int
    private let prefix: [UInt8]
    private var prefixSent = false
    private let fill: UInt8
    private let failAfter: Int?
    private var sent = 0
    init(prefix: String, bytes: Int, fill: UInt8 = UInt8(ascii: "a"), failAfter: Int? = nil) {
        self.prefix = Array(prefix.utf8); remaining = bytes; self.fill = fill; self.failAfter = failAfter
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LoadError) -> Int {
        if let f = failAfter, sent >= f { throw .readFailed(path: "generated", reason: "Input/output error (injected)") }
        if !prefixSent {
            prefixSent = true
            let n = min(prefix.count, buffer.count)
            buffer.copyMemory(from: UnsafeRawBufferPointer(start: prefix, count: n))
            sent += n
            return n
        }
        let n = min(remaining, buffer.count)
        guard n > 0 else { return 0 }
        buffer.baseAddress?.initializeMemory(as: UInt8.self, repeating: fill, count: n)
        remaining -= n
        sent += n
        return n
    }
}

@Suite struct HostileInputTests {
    static let sample: [UInt8] = Array((try? Data(contentsOf: URL(fileURLWithPath: fixturePath("liiatools_cin-2022.xml")))) ?? Data())
    static let flat: [UInt8] = Array((try? Data(contentsOf: URL(fileURLWithPath: fixturePath("liiatools-0.2.0_flatfile_from_cin-2022.csv")))) ?? Data())

    /// Truncated at every byte: never a trap; anything short of the whole file is reported malformed
    /// (or unrecognised when nothing is left), with a line number inside the file.
    @Test func xmlTruncatedAtEveryByte() {
        let lines = Self.sample.filter { $0 == 10 }.count + 1
        #expect(Self.sample.count > 2000)
        // The child is complete once its end tag has been read; a cut after it keeps the child.
        let endTag = Array("</Child>".utf8)
        let childComplete = (0...(Self.sample.count - endTag.count)).first { Array(Self.sample[$0..<($0 + endTag.count)]) == endTag }.map { $0 + endTag.count } ?? Int.max
        for cut in 0..<Self.sample.count {
            let r = CensusLoader.load(bytes: Array(Self.sample[0..<cut]), name: "cut.xml", format: .xml)
            #expect(r.report.totalProblems > 0, "cut at \(cut) loaded cleanly")
            if let p = r.report.problems.first(where: { $0.rule == .malformedXML }) {
                #expect(p.line >= 1 && p.line <= lines)
            }
            #expect(r.data.children.count == (cut >= childComplete ? 1 : 0), "cut at \(cut)")
        }
    }

    /// A file far wider than a census file (2,000 more columns, empty): a batch's field bounds are reserved
    /// for 64 columns a row and grow as the rows come; the load is the narrow file's.
    @Test func csvWithThousandsOfColumnsLoadsAsTheNarrowFile() {
        let text = String(decoding: Self.flat, as: UTF8.self)
        let extra = String(repeating: ",", count: 2_000)
        let header = (1...2_000).map { ",Extra\($0)" }.joined()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count > 10)
        for i in lines.indices where !lines[i].isEmpty { lines[i] += i == 0 ? header : extra }
        let wide = CensusLoader.load(bytes: Array(lines.joined(separator: "\n").utf8), name: "wide.csv", format: .flatCSV)
        let narrow = CensusLoader.load(bytes: Self.flat, name: "wide.csv", format: .flatCSV)
        #expect(narrow.data.children.count > 0)
        #expect(wide.data.children.count == narrow.data.children.count)
        #expect(wide.data.episodes.count == narrow.data.episodes.count)
        #expect(wide.data.assessments.count == narrow.data.assessments.count)
        #expect(wide.report.problems.map { "\($0.line) \($0.rule) \($0.detail)" } == narrow.report.problems.map { "\($0.line) \($0.rule) \($0.detail)" })
    }

    @Test func csvTruncatedAtEveryByteNeverTraps() {
        for cut in 0..<Self.flat.count {
            let r = CensusLoader.load(bytes: Array(Self.flat[0..<cut]), name: "cut.csv", format: .flatCSV)
            // One child; a cut inside the last field (LA) of a row names another authority, whose
            // child is another child with the same ID.
            #expect(Set(r.data.children.map(\.id)).count <= 1)
            // Rows cut mid-way are either reported (wrong column count) or, cut at a row boundary, fine.
            _ = r.report.totalProblems
        }
    }

    @Test func aTwoGigabyteLineIsRefusedWithBoundedMemory() {
        // 2 GiB of one CSV field, generated on demand: rejected at the 1 MiB field limit.
        let header = "LAchildID,Type,CINreferralDate\n"
        let builder = CensusBuilder()
        let reader = ByteReader(source: GeneratedByteSource(prefix: header, bytes: 2 << 30))
        do { try FlatFileLoader.load(reader: reader, file: "huge.csv", into: builder) } catch { Issue.record("\(error)") }
        let (_, report) = builder.finish()
        #expect(report.problems.contains { $0.rule == .wrongColumnCount && $0.detail.contains("longer than") && $0.line == 2 })
        // And inside an XML element.
        let xml = CensusBuilder()
        let xreader = ByteReader(source: GeneratedByteSource(prefix: "<Message><Children><Child><ChildIdentifiers><LAchildID>", bytes: 2 << 30))
        do { try XMLReturnLoader.load(reader: xreader, file: "huge.xml", into: xml) } catch { Issue.record("\(error)") }
        #expect(xml.finish().1.problems.contains { $0.rule == .malformedXML && $0.detail.contains("longer than") })
    }

    @Test func aTwoGigabyteRowOfEmptyFieldsIsRefusedWithBoundedMemory() {
        // 2 GiB of commas: each field is short, so the field limit never trips; the field-count limit does.
        let builder = CensusBuilder()
        let reader = ByteReader(source: GeneratedByteSource(prefix: "LAchildID,Type,CINreferralDate\n", bytes: 2 << 30,
                                                            fill: UInt8(ascii: ",")))
        do { try FlatFileLoader.load(reader: reader, file: "commas.csv", into: builder) } catch { Issue.record("\(error)") }
        let (_, report) = builder.finish()
        #expect(report.problems.contains { $0.rule == .wrongColumnCount && $0.detail.contains("more than 100000 fields") && $0.line == 2 })
    }

    @Test func deeplyNestedXML() {
        let text = "<Message>" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</Message>"
        let r = loadText(text)
        #expect(r.report.problems.contains { $0.rule == .malformedXML && $0.detail.contains("nested more than") })
    }

    @Test func endTagsAreMatchedWhateverPathReadsThem() {
        func load(_ text: String) -> CensusLoader.Result { CensusLoader.load(bytes: Array(text.utf8), name: "tags.xml", format: .xml) }
        func malformed(_ r: CensusLoader.Result) -> [LoadProblem] { r.report.problems.filter { $0.rule == .malformedXML } }
        // "</MessageX>" begins with the open element's bytes but names another: the end tag's shortcut
        // (compare with the open name, then '>') must leave it to the general path, which refuses it.
        #expect(malformed(load("<Message></MessageX>")).contains { $0.detail.contains("does not match <Message>") })
        #expect(malformed(load("<Message></Messag>")).contains { $0.detail.contains("does not match <Message>") })
        // Blanks before '>' and namespace prefixes are read by the general path, as before.
        #expect(malformed(load("<Message></Message >")).isEmpty)
        #expect(malformed(load("<m:Message></m:Message>")).isEmpty)
        // A NUL after more than sixteen bytes of text (the text is scanned in blocks) on the third line.
        let nul = malformed(load("<Message>\n\n" + String(repeating: " ", count: 20) + "abc\u{0}</Message>"))
        #expect(nul.contains { $0.detail.contains("NUL") && $0.line == 3 })
    }

    @Test func startTagsUnlikeThePredictedNameAreReadWhole() {
        // After <Zed> the tokenizer expects the first child it saw there last time (<Q>); <QR> begins
        // with those bytes, <Q /> has a blank after them and <n:QR> a prefix: each must be read whole.
        let text = "<Message><Zed><Q/></Zed><Zed><QR/></Zed><Zed><Q /></Zed><Zed><n:QR></n:QR><Q></Q></Zed></Message>"
        let r = CensusLoader.load(bytes: Array(text.utf8), name: "predicted.xml", format: .xml)
        let details = r.report.problems.map(\.detail)
        #expect(!r.report.problems.contains { $0.rule == .malformedXML })
        #expect(details.contains { $0.contains("element <Q> in <Zed>") })
        #expect(details.contains { $0.contains("element <QR> in <Zed>") })
        #expect(details.contains { $0.contains("element <Zed> in <Message>") })
    }

    @Test func namesBeyondTheInternedOnesAreNamedAndMatched() {
        // 601 distinct names: the tokenizer interns the first 256 (`XMLTokenizer.maxInterned`) and reads
        // the rest without an id, each open one's bytes kept in a slot of its depth. Nested pairs of
        // them, a prefixed one and a mismatched end tag must read as interned names do.
        var text = "<Message>"
        for i in 0..<300 { text += "<Name\(i)><Inner\(i)>x</Inner\(i)></Name\(i)>" }
        text += "<p:Name299>\n<Inner298>y</Inner298></p:Name299></Message>"
        let r = CensusLoader.load(bytes: Array(text.utf8), name: "names.xml", format: .xml)
        let details = r.report.problems.map(\.detail)
        #expect(!r.report.problems.contains { $0.rule == .malformedXML })
        #expect(details.contains { $0.contains("element <Inner0> in <Name0>") })
        #expect(details.contains { $0.contains("element <Inner299> in <Name299>") })
        #expect(details.contains { $0.contains("element <Name299> in <Message>") })
        #expect(details.contains { $0.contains("element <Inner298> in <Name299>") })
        let mismatched = CensusLoader.load(bytes: Array((String(text.dropLast("</Message>".count)) + "<Late1></Late2></Message>").utf8),
                                           name: "names.xml", format: .xml)
        #expect(mismatched.report.problems.contains { $0.rule == .malformedXML && $0.detail.contains("end tag </Late2> does not match <Late1>") })
    }

    @Test func invalidUTF8AndWindows1252AreKeptReadable() {
        // "Zoë" in Windows-1252 (0xEB) inside an ID: not valid UTF-8; decoded with replacement, never a trap.
        var bytes = Array(xmlReturn(xmlChild(id: "ZOEX")).utf8)
        if let i = bytes.firstIndex(of: UInt8(ascii: "X")) { bytes[i] = 0xEB }
        let r = CensusLoader.load(bytes: bytes, name: "cp1252.xml")
        #expect(r.data.children.count == 1)
        #expect(r.data.children.first?.id.hasPrefix("ZOE") == true)
        let junk: [UInt8] = [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC]
        let j = CensusLoader.load(bytes: Array("<Message>".utf8) + junk + Array("</Message>".utf8), name: "junk.xml")
        #expect(j.report.failedFiles.isEmpty || j.report.totalProblems > 0)
    }

    @Test func nulBytesAreAnError() {
        let x = CensusLoader.load(bytes: Array("<Message>\u{0}</Message>".utf8), name: "nul.xml", format: .xml)
        #expect(x.report.problems.contains { $0.rule == .malformedXML && $0.detail.contains("NUL") })
        let c = CensusLoader.load(bytes: Array("LAchildID,Type\nA\u{0},CINreferralDate\n".utf8), name: "nul.csv", format: .flatCSV)
        #expect(c.report.problems.contains { $0.detail.contains("NUL") })
        // Detection refuses binary outright.
        let d = CensusLoader.load(bytes: [0x00, 0x01, 0x02], name: "bin")
        #expect(d.report.problems.contains { $0.rule == .unreadableFile && $0.detail.contains("binary") })
    }

    @Test func aWorkbookGivenAsInputIsNamedWithTheFix() {
        // The first bytes of an .xlsx (a zip archive) and of an old .xls (an OLE2 compound file).
        let xlsx = CensusLoader.load(bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00], name: "cin.xlsx")
        #expect(xlsx.report.problems.contains { $0.rule == .unreadableFile && $0.detail.contains("Excel workbook (.xlsx): save the sheet as CSV") })
        let xls = CensusLoader.load(bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x00], name: "cin.xls")
        #expect(xls.report.problems.contains { $0.rule == .unreadableFile && $0.detail.contains("old Excel workbook (.xls)") })
    }

    @Test func csvHeaderOnlyAndDuplicateHeaders() {
        let h = loadText("LAchildID,Type,CINreferralDate\n", name: "h.csv")
        #expect(h.data.children.isEmpty)
        #expect(h.report.failedFiles.isEmpty)
        let d = loadText("LAchildID,Type,LAchildID,CINreferralDate\nA,CINreferralDate,B,2016-01-01\n", name: "d.csv")
        #expect(d.report.problems.contains { $0.rule == .duplicateColumn && $0.detail.contains("LAchildID") })
        #expect(d.data.children.map(\.id) == ["A"])
    }

    @Test func aReadErrorMidFileIsReportedWithTheFile() {
        let builder = CensusBuilder()
        let reader = ByteReader(source: GeneratedByteSource(prefix: "<Message><Children>", bytes: 10 << 20, fill: 32, failAfter: 512 << 10), chunkSize: 64 << 10)
        do {
            try XMLReturnLoader.load(reader: reader, file: "vanishing.xml", into: builder)
            Issue.record("a read error must surface")
        } catch {
            #expect(error.description.contains("Input/output error"))
        }
    }

    @Test func fileThatVanishesAfterOpeningStillReadsOrFailsCleanly() throws {
        // On Linux an open file stays readable after unlink; a file truncated while open ends early.
        let dir = temporaryDirectory()
        let path = dir + "/grow.xml"
        try xmlReturn(xmlChild(id: "V1")).write(toFile: path, atomically: true, encoding: .utf8)
        let source = try FileByteSource(path: path)
        try FileManager.default.removeItem(atPath: path)
        let builder = CensusBuilder()
        try XMLReturnLoader.load(reader: ByteReader(source: source), file: path, into: builder)
        #expect(builder.finish().0.children.map(\.id) == ["V1"])
        // Truncated while open: malformed, reported with a line.
        try xmlReturn(xmlChild(id: "V2")).write(toFile: path, atomically: true, encoding: .utf8)
        let s2 = try FileByteSource(path: path)
        truncate(path, 100)
        let b2 = CensusBuilder()
        try XMLReturnLoader.load(reader: ByteReader(source: s2), file: path, into: b2)
        #expect(b2.finish().1.problems.contains { $0.rule == .malformedXML })
    }

    @Test func corruptGzipInTheMiddle() throws {
        let e = SyntheticExtract(children: 30, seed: 9)
        let dir = temporaryDirectory()
        let paths = try ExtractWriter.write(e, format: .csv, directory: dir, gzip: true)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: paths[0])))
        for i in stride(from: bytes.count / 3, to: bytes.count / 3 + 40, by: 1) { bytes[i] ^= 0x5A }
        let r = CensusLoader.load(bytes: bytes, name: "corrupt.csv.gz")
        #expect(r.report.problems.contains { $0.rule == .unreadableFile && $0.detail.contains("gzip") })
    }

    /// Every byte a tap is shown, and how its file ended.
    final class CollectingTap: InputTap {
        var bytes: [UInt8] = []
        var ends = 0, failures = 0
        func consume(_ chunk: UnsafeRawBufferPointer) { bytes.append(contentsOf: chunk) }
        func reachedEnd() { ends += 1 }
        func failed() { failures += 1 }
    }

    /// A flat file truncated, or appended to, after its first chunk was read: the load ends where
    /// read(2) ends (no trap: nothing is mapped), and the tap (the release manifest's SHA-256) has seen
    /// exactly the bytes loaded, once each, and the end.
    @Test func aFileThatChangesSizeWhileReadIsTappedAsLoaded() throws {
        let dir = temporaryDirectory()
        // About 4 MB: four of the loader's 1 MB chunks.
        let written = try ExtractWriter.write(SyntheticExtract(children: 4000, seed: 5), format: .csv, directory: dir, gzip: false)
        let path = try #require(written.first)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(original.count > 3 << 20)
        let cut = original.count / 2 + 7
        let extra = Array("\n\n".utf8) + original.prefix { $0 != 10 } // a blank line and the header again
        for grows in [false, true] {
            try Data(original).write(to: URL(fileURLWithPath: path))
            let tap = CollectingTap()
            var changed = false
            let r = CensusLoader.load(paths: [path], progress: { _, _, bytes in
                guard bytes > 0, !changed else { return }
                changed = true
                if grows {
                    guard let h = FileHandle(forWritingAtPath: path) else { return }
                    h.seekToEndOfFile(); h.write(Data(extra)); try? h.close()
                } else {
                    truncate(path, off_t(cut))
                }
            }, taps: { _ in tap })
            #expect(changed)
            #expect(tap.bytes == (grows ? original + extra : Array(original.prefix(cut))))
            #expect(tap.ends == 1 && tap.failures == 0)
            #expect(!r.data.children.isEmpty)
        }
    }

    /// A load that stops early (a file refused after its first chunk, a return malformed at its start)
    /// leaves the rest unread by the parser: its tap still sees the whole file, and a gzipped file's
    /// tap sees the compressed bytes as stored.
    @Test func aTapSeesTheWholeFileWhereverTheLoadStops() throws {
        let dir = temporaryDirectory()
        let binary = dir + "/binary.csv"
        let nul = [UInt8](repeating: 0, count: (2 << 20) + 12345)
        try Data(Array("LAchildID,Type\n".utf8) + nul).write(to: URL(fileURLWithPath: binary))
        let malformed = dir + "/malformed.xml"
        try Data(Array("<Message><</Message>".utf8) + [UInt8](repeating: 32, count: 3 << 20)).write(to: URL(fileURLWithPath: malformed))
        let gzipped = try #require(try ExtractWriter.write(SyntheticExtract(children: 300, seed: 5), format: .csv, directory: dir, gzip: true).first)
        for path in [binary, malformed, gzipped] {
            let tap = CollectingTap()
            _ = CensusLoader.load(paths: [path], taps: { _ in tap })
            #expect(tap.bytes == [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), "\(path)")
            #expect(tap.ends == 1 && tap.failures == 0)
        }
    }
}
