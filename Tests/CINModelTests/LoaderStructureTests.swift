import Testing
@testable import CINModel
@testable import CINLoading

/// The small structures under the fast loaders, each against values worked out by hand.
@Suite struct LoaderStructureTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func date(_ s: String) -> CleanField.Date { bytes(s).withUnsafeBufferPointer { CleanField.date($0) } }

    @Test func cleanDatesAreIsoWithinTheRangeOrBail() {
        #expect(date("") == .blank)
        #expect(date("2016-02-29") == .day(Day(year: 2016, month: 2, day: 29)!))  // leap year
        #expect(date("1900-01-01") == .day(Day(year: 1900, month: 1, day: 1)!))
        #expect(date("2040-12-31") == .day(Day(year: 2040, month: 12, day: 31)!))
        #expect(date("1970-01-01") == .day(Day(number: 0)))
        // Each of these the validating path reads (and reports, or accepts with a note).
        for s in ["2015-02-29", "1899-12-31", "2041-01-01", "2016-13-01", "2016-00-10", "2016-04-31",
                  "29/02/2016", "2016-02-29T00:00:00", " 2016-02-29", "2016-2-29", "20160229", "abcd-ef-gh"] {
            #expect(date(s) == .bail, "\(s)")
        }
    }

    /// The word-at-a-time date check against the byte-by-byte definition (`YYYY-MM-DD`, eight digits,
    /// two dashes), on every value of every byte of a valid date and of every pair of bytes.
    @Test func cleanDatesAgreeWithTheByteByByteReadingOnEveryChange() {
        func reference(_ f: [UInt8]) -> (Int, Int, Int)? {
            guard f.count == 10, f[4] == 45, f[7] == 45 else { return nil }
            for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(48...57).contains(f[i]) { return nil }
            func d(_ i: Int) -> Int { Int(f[i]) - 48 }
            return (d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), d(5) * 10 + d(6), d(8) * 10 + d(9))
        }
        func expected(_ f: [UInt8]) -> CleanField.Date {
            guard let (y, m, d) = reference(f), ValueRules.plausibleYears.contains(y), let day = Day(year: y, month: m, day: d) else { return .bail }
            return .day(day)
        }
        let valid = bytes("2016-02-28")
        var mismatches = 0
        for i in 0..<10 {
            for v in 0...255 {
                var f = valid
                f[i] = UInt8(v)
                if f.withUnsafeBufferPointer({ CleanField.date($0) }) != expected(f) { mismatches += 1 }
                for j in (i + 1)..<10 {
                    for u in stride(from: 0, through: 255, by: 3) {
                        var g = f
                        g[j] = UInt8(u)
                        if g.withUnsafeBufferPointer({ CleanField.date($0) }) != expected(g) { mismatches += 1 }
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// YEAR from the field's bytes reads as `DecimalInteger.year` reads its String.
    @Test func yearFromBytesAgreesWithTheStringForm() {
        for s in ["2017", "0", "0123", "999999999", "1234567890", "", " 2017", "2017 ", "2017.0", "2017.5", "+2017", "-1", "20a7", "٢٠١٧"] {
            let fromBytes = bytes(s).withUnsafeBufferPointer { DecimalInteger.year($0) }
            #expect(fromBytes == DecimalInteger.year(s), "\(s)")
        }
        #expect(bytes("2017").withUnsafeBufferPointer { DecimalInteger.year($0) } == 2017)
    }

    /// Rows split by the plain-row path (sixteen bytes at a time) and by the general scanner give the
    /// same records, whatever the offset of each comma, quote, CR and LF within a block: fields of
    /// every length from 0 to 20 in turn, some quoted, over chunks that cut rows anywhere.
    @Test func plainRowsSplitAsTheGeneralScannerDoesAtEveryOffset() throws {
        var text = ""
        for row in 0..<120 {
            var fields: [String] = []
            for k in 0..<(3 + row % 23) {
                let length = (row * 7 + k * 5) % 21
                let value = String(repeating: "x", count: length)
                fields.append((row + k) % 9 == 0 ? "\"\(value)\"" : value)
            }
            text += fields.joined(separator: ",") + (row % 5 == 0 ? "\r\n" : "\n")
        }
        func records(plain: Bool, chunk: Int) throws -> [[String]] {
            let csv = CSVRecordReader(reader: ByteReader(source: MemoryByteSource(text), chunkSize: chunk))
            csv.plainRowsEnabled = plain
            var out: [[String]] = []
            while try csv.next() != nil { out.append(csv.strings) }
            return out
        }
        let general = try records(plain: false, chunk: 1 << 20)
        #expect(general.count == 120)
        #expect(general[0] == ["", "xxxxx", "xxxxxxxxxx"])  // row 0: a quoted empty field, then lengths 5 and 10
        for chunk in [1 << 20, 4096, 97, 16, 17] {
            #expect(try records(plain: true, chunk: chunk) == general, "chunk \(chunk)")
        }
    }

    @Test func cleanBooleansAndSmallIntegers() {
        func bool(_ s: String) -> Bool?? { bytes(s).withUnsafeBufferPointer { CleanField.bool($0) } }
        func int(_ s: String) -> Int16?? { bytes(s).withUnsafeBufferPointer { CleanField.smallInt($0) } }
        #expect(bool("") == .some(nil) && bool("1") == .some(true) && bool("0") == .some(false))
        #expect(bool("true") == .some(true) && bool("false") == .some(false))
        #expect(bool("TRUE") == nil && bool("yes") == nil && bool(" 1") == nil)  // validating path
        #expect(int("") == .some(nil) && int("0") == .some(0) && int("0012") == .some(12) && int("9999") == .some(9999))
        #expect(int("12345") == nil && int("+1") == nil && int("-1") == nil && int("1 ") == nil)
    }

    @Test func codeTablesAgreeWithTheCodeLists() {
        func value(_ s: String, _ t: ByteCodeTable) -> UInt16? { bytes(s).withUnsafeBufferPointer { t.value($0) } }
        #expect(value("M", .gender) == 1 && value("2", .gender) == 2 && value("U", .gender) == 4 && value("X", .gender) == nil)
        for code in Ethnicity.list.codes where !code.isEmpty {
            #expect(value(code, .ethnicity).map(Int.init) == Ethnicity.list.index(of: code), "\(code)")
        }
        for code in AssessmentFactor.list.codes {
            #expect(value(code, .factor).map { FactorSet(rawValue: 1 << UInt64($0)) } == AssessmentFactor.bit(code), "\(code)")
        }
        #expect(value("4b", .factor) == nil && value("WBRI ", .ethnicity) == nil && value("TOOLONGCODE", .ethnicity) == nil)
    }

    @Test func chainIndexFindsEveryRecordAndMovesLongChainsToATable() {
        var index = ChainIndex()
        // Parent 0 gets 100 records (keys 0, 7, 14, ...): past ChainIndex.longChain it moves to a table.
        // Parents 1 and 2 get two each. Records are numbered in the order added.
        var record: Int32 = 0
        for k in 0..<100 { index.insert(0, Int32(k * 7), record); record += 1 }
        index.insert(1, 5, record); record += 1        // 100
        index.insert(2, 5, record); record += 1        // 101
        index.insert(1, 6, record); record += 1        // 102
        _ = index.find(0, -1)                          // a miss walks the whole chain: moves it
        index.insert(0, 1_000, record); record += 1    // 103, added to the table
        #expect(index.count == 104)
        for k in 0..<100 { #expect(index.find(0, Int32(k * 7)) == Int32(k)) }
        #expect(index.find(0, 1_000) == 103)
        #expect(index.find(1, 5) == 100 && index.find(2, 5) == 101 && index.find(1, 6) == 102)
        #expect(index.find(1, 7) == nil && index.find(3, 5) == nil && index.find(0, 8) == nil)
    }

    @Test func childIDIndexFindsChildrenByStringOrBytes() {
        var index = ChildIDIndex()
        let ids = (0..<5_000).map { "C\($0)" } + ["a-much-longer-child-identifier-42", "Zoë"]
        // 5,002 IDs from 1,024 slots: the table grows three times, re-hashing each ID it holds.
        for (i, id) in ids.enumerated() { index.insert(ChildIDIndex.hash(id), Int32(i)) { ChildIDIndex.hash(ids[Int($0)]) } }
        for (i, id) in ids.enumerated() {
            #expect(index.find(ChildIDIndex.hash(id)) { ids[Int($0)] == id } == Int32(i))
            let viaBytes = bytes(id).withUnsafeBufferPointer { b in index.find(ChildIDIndex.hash(b)) { ids[Int($0)] == id } }
            #expect(viaBytes == Int32(i))
        }
        #expect(index.find(ChildIDIndex.hash("C5000")) { ids[Int($0)] == "C5000" } == nil)
        // A forced collision (every candidate has the same hash) still finds the right child.
        var colliding = ChildIDIndex()
        for i in 0..<50 { colliding.insert(42, Int32(i)) { _ in 42 } }
        #expect(colliding.find(42) { $0 == 37 } == 37)
        // Two hashes that choose the same slot but differ in the high 32 bits (the tag a slot keeps):
        // find offers only the child whose tag matches.
        var sameTag = ChildIDIndex()
        sameTag.insert(0x0000_0001_0000_0007, 0) { _ in 0x0000_0001_0000_0007 }
        sameTag.insert(0x0000_0001_0000_0007 | (1 << 40), 1) { _ in 0 }
        #expect(sameTag.find(0x0000_0001_0000_0007) { $0 == 0 } == 0)
        #expect(sameTag.find(0x0000_0001_0000_0007) { $0 == 1 } == nil)  // a different tag is never offered
    }

    /// The table grows by rehashing its children in the order of their indexes, read back from a bit
    /// per index: indexes inserted out of order and with gaps (as after a finish) are all found again,
    /// and `candidate` (the prefetch hint) offers the child whose tag matches.
    @Test func childIDIndexGrowsWithIndexesInAnyOrderAndGaps() {
        // 3,000 children at indexes 7, 10, 13, ... (every third, from 7) inserted from the highest down:
        // the table grows three times (from 1,024 slots to 8,192, the first that holds 3,000 under 70%).
        let indexes = (0..<3_000).map { Int32(7 + 3 * $0) }.reversed()
        func id(_ index: Int32) -> String { "child-\(index)" }
        var index = ChildIDIndex()
        for i in indexes { index.insert(ChildIDIndex.hash(id(i)), i) { ChildIDIndex.hash(id($0)) } }
        for i in indexes {
            #expect(index.find(ChildIDIndex.hash(id(i))) { $0 == i } == i)
            #expect(index.candidate(ChildIDIndex.hash(id(i))) != nil)
        }
        // An index never inserted (a gap) is not found.
        #expect(index.find(ChildIDIndex.hash(id(8))) { $0 == 8 } == nil)
        // A forced collision: every candidate has the same hash, and `candidate` offers the first.
        var colliding = ChildIDIndex()
        for i in 0..<2_000 { colliding.insert(42, Int32(i)) { _ in 42 } }
        #expect(colliding.find(42) { $0 == 1_999 } == 1_999)
        #expect(colliding.candidate(42) != nil)
        #expect(ChildIDIndex().candidate(42) == nil)
    }
}
