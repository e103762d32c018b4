import Testing
@testable import CINModel
@testable import CINTestSupport

/// Month-only birth dates (issue 16, item 2): flagged at 95% or more of at least 20 known dates on the 1st.
@Suite struct BirthDatePrecisionTests {
    func children(onFirst: Int, other: Int) -> String {
        (0..<(onFirst + other)).map { i in
            xmlChild(id: "K\(i)", birth: i < onFirst ? "2010-0\(1 + i % 9)-01" : "2010-05-1\(i % 9)")
        }.joined(separator: "\n")
    }

    @Test(arguments: [
        (20, 0, true),    // 20 of 20: flagged
        (19, 1, true),    // 19 of 20 = 95%: flagged
        (18, 2, false),   // 90%: not
        (19, 0, false),   // too few dates to judge
    ])
    func threshold(onFirst: Int, other: Int, flagged: Bool) {
        let r = loadText(xmlReturn(children(onFirst: onFirst, other: other)))
        #expect(r.report.birthDatePrecision == BirthDatePrecision(known: onFirst + other, onFirstOfMonth: onFirst))
        #expect(r.report.monthOnlyBirthDates == flagged)
        #expect(r.report.count(.monthOnlyBirthDates) == (flagged ? 1 : 0))
    }

    @Test func lastDayOfMonth() {
        #expect(BirthDatePrecision.lastDayOfMonth(DateParser.parse("2016-02-01")!) == DateParser.parse("2016-02-29"))
        #expect(BirthDatePrecision.lastDayOfMonth(DateParser.parse("2015-02-01")!) == DateParser.parse("2015-02-28"))
    }
}
