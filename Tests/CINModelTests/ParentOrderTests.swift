import Testing
@testable import CINLoading

/// The finish's ordering by (parent, date) without a comparison sort (`ParentOrder`), against orders
/// worked out by hand and against the standard library's stable sort, which it replaced.
@Suite struct ParentOrderTests {
    @Test func ordersByParentThenDateKeepingTiesInTheirOrder() {
        // Records (parent, date): 0 (1, 5), 1 (0, 9), 2 (1, 3), 3 (0, 9), 4 (2, 1), 5 (0, 2).
        // Parent 0 holds records 1, 3, 5 with dates 9, 9, 2: by date 5 (2), then 1 and 3 (both 9, in
        // their original order). Parent 1 holds 0 (5) and 2 (3): 2, 0. Parent 2 holds 4. Parent 3 none.
        let parents = [1, 0, 1, 0, 2, 0], dates: [Int32] = [5, 9, 3, 9, 1, 2]
        let order = ParentOrder.stable(count: 6, parentCount: 4, parent: { parents[$0] }, date: { dates[$0] })
        #expect(order == [5, 1, 3, 2, 0, 4])
    }

    @Test func gathersIntoANewArray() {
        // order [2, 0, 1, 3]: place 0 takes record 2 ("c"), place 1 record 0 ("a"), place 2 record 1 ("b"), 3 stays.
        var records = ["a", "b", "c", "d"]
        ParentOrder.gather(&records, by: [2, 0, 1, 3])
        #expect(records == ["c", "a", "b", "d"])
    }

    @Test func agreesWithAStableSortIncludingLongParents() {
        // Parent 0 gets more records than the insertion sort's limit, so both of its branches run;
        // few dates, so many ties.
        var rng = SplitMix64(seed: 26)
        let n = 5_000, parentCount = 40
        var parents: [Int] = [], dates: [Int32] = []
        for _ in 0..<n {
            parents.append(rng.next() % 3 == 0 ? 0 : Int(rng.next() % UInt64(parentCount)))
            dates.append(Int32(rng.next() % 7))
        }
        let order = ParentOrder.stable(count: n, parentCount: parentCount, parent: { parents[$0] }, date: { dates[$0] })
        let expected = (0..<n).sorted { (parents[$0], dates[$0]) < (parents[$1], dates[$1]) }.map { Int32($0) }
        #expect(order == expected)
        var records = Array(0..<n)
        ParentOrder.gather(&records, by: order)
        #expect(records == expected.map { Int($0) })
    }

    @Test func shortFieldsCompareAsWords() {
        // Lengths 0 to 20 cover the byte loop (below 4), the 4-byte and 8-byte word pairs and memcmp;
        // a difference at each position of each length must be seen.
        for n in 0...20 {
            let a = [UInt8](repeating: 65, count: n)
            a.withUnsafeBufferPointer { pa in
                #expect(FlatRowBatch.same(pa, pa))
                for i in 0..<n {
                    var b = a
                    b[i] = 66
                    b.withUnsafeBufferPointer { pb in #expect(!FlatRowBatch.same(pa, pb)) }
                }
                let longer = a + [65]
                longer.withUnsafeBufferPointer { pl in #expect(!FlatRowBatch.same(pa, pl)) }
            }
        }
    }
}
