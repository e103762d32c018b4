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
}
