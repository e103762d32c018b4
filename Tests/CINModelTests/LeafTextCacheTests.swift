import Testing
@testable import CINLoading

/// The XML tokenizer's cache of leaf values must give exactly the String `String(decoding:as:)` gives,
/// on a hit, on a miss and when two values share a slot.
@Suite struct LeafTextCacheTests {
    @Test func givesTheDecodedStringForEveryLengthAndByte() {
        let cache = LeafTextCache()
        var generator = SystemRandomNumberGenerator()
        // Lengths 0 to 20 (past the cached 15), bytes from a narrow alphabet (many repeats and
        // near-misses: the same first and last words, another length) and the whole byte range
        // (invalid UTF-8 is repaired, as the decoder does), each value looked up twice.
        let alphabets: [[UInt8]] = [Array("01-AB".utf8), Array(0...255)]
        var checked = 0
        for alphabet in alphabets {
            for _ in 0..<20_000 {
                let n = Int.random(in: 0...20, using: &generator)
                let bytes = (0..<n).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
                let expected = String(decoding: bytes, as: UTF8.self)
                bytes.withUnsafeBufferPointer { b in
                    #expect(cache.string(b) == expected)
                    #expect(cache.string(b) == expected)
                }
                checked += 1
            }
        }
        #expect(checked == 40_000)
    }

    @Test func valuesThatDifferOnlyInTheMiddleOrTheLengthAreTold() {
        // Ten to fifteen bytes are keyed by their first and last eight, which overlap and so cover
        // every byte; four to seven by their first and last four; a shorter value by its bytes.
        let cache = LeafTextCache()
        let values = ["2017-04-29", "2017-14-29", "2017-04-2", "abcdefghijklmno", "abcdefgXijklmno", "WBRI", "WBR", "1A", "1", "A1",
                      "true", "false", "C1000001", "C1000010"]
        for _ in 0..<2 {
            for v in values {
                let bytes = Array(v.utf8)
                bytes.withUnsafeBufferPointer { #expect(cache.string($0) == v) }
            }
        }
    }
}
