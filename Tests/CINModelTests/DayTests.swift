import Testing
@testable import CINModel

@Suite struct DayTests {
    @Test func roundTripsEveryDayOverTwoCenturies() throws {
        var d = try #require(Day(year: 1900, month: 1, day: 1))
        for _ in 0..<(365 * 200) {
            let c = d.components
            #expect(Day(year: c.year, month: c.month, day: c.day) == d)
            d = d.adding(days: 1)
        }
    }

    @Test func parsesISOAndDayMonthYearAndRejectsImpossibleDates() {
        #expect(DateParser.parse("2017-03-31") == Day(year: 2017, month: 3, day: 31))
        #expect(DateParser.parse("2017-03-31T00:00:00") == Day(year: 2017, month: 3, day: 31))
        #expect(DateParser.parse(Array("31/03/2017".utf8))?.1 == .dayMonthYear)
        #expect(DateParser.parse("2017-02-29") == nil)
        #expect(DateParser.parse("2016-02-29") != nil)
        #expect(DateParser.parse("2017-13-01") == nil)
        #expect(DateParser.parse("2017-3-31") == nil)
        #expect(DateParser.parse("") == nil)
        #expect(DateParser.parse("yesterday!") == nil)
    }

    @Test func addingYearsFrom29February() {
        let leap = Day(year: 2016, month: 2, day: 29)
        #expect(leap?.addingYears(2) == Day(year: 2018, month: 2, day: 28))
        #expect(leap?.addingYears(4) == Day(year: 2020, month: 2, day: 29))
    }

    /// The fast components (Neri and Schneider) equal the civil algorithm on every day from about
    /// year -2100 to 12100, at both ends of the fast range, and on numbers spread over Int32 (past the
    /// fast range `components` is the civil algorithm itself: there this checks only that it answers).
    @Test func fastComponentsEqualTheCivilAlgorithm() {
        var mismatches = 0
        for n in Int32(-1_500_000)...Int32(3_700_000) {
            let d = Day(number: n)
            if d.components != d.civilComponents { mismatches += 1 }
        }
        #expect(mismatches == 0)
        let edges = [Day.fastLowest - 1, Day.fastLowest, Day.fastLowest + 1, Day.fastHighest - 1, Day.fastHighest,
                     Day.fastHighest + 1, Int32.min, Int32.max, -1, 0, 1]
        var spread: [Int32] = []
        var x: UInt32 = 12345
        for _ in 0..<100_000 {
            x = x &* 1_664_525 &+ 1_013_904_223
            spread.append(Int32(bitPattern: x))
        }
        for n in edges + spread {
            let d = Day(number: n)
            #expect(d.components == d.civilComponents, "day \(n)")
        }
    }
}
