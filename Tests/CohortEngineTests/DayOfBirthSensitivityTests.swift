import CINModel
import Testing
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

/// Children whose age band (definition 5) depends on the day of birth within the birth month.
@Suite struct DayOfBirthSensitivityTests {
    /// Each assessment starts 2016-06-15 and is authorised 2016-06-20 (2016-17). Worked out by hand:
    /// - D1 born 2011-06-01: 5 on the start if born 1-15 June 2011, 4 if born 16-30 June: depends (4-5 is 1-4 | 5-9).
    /// - D2 born 2012-06-01: 4 or 3, both 1-4: does not.
    /// - D3 born 2016-06-01: Under 1 if born by 15 June, Unborn after: depends.
    /// - D4 born 2015-06-01: 1 or 0 (1-4 | Under 1): depends.
    /// - D5 expected birth only: no birth date, not counted.
    /// - D6 born 2011-06-01 but assessed in 2015-16: not in 2016-17's population.
    /// So 3 of the 5 children in 2016-17's population.
    @Test func countsTheChildrenWhoseBandDependsOnTheDay() {
        func child(_ id: String, birth: String, expected: String = "", auth: String = "2016-06-20", start: String = "2016-06-15") -> RawChild {
            Fx.child(id, birth: birth, expected: expected, Fx.episode("2016-06-01", Fx.assessment(start: start, auth: auth, "4B")))
        }
        let data = Fx.data(child("D1", birth: "2011-06-01"), child("D2", birth: "2012-06-01"), child("D3", birth: "2016-06-01"),
                           child("D4", birth: "2015-06-01"), child("D5", birth: "", expected: "2016-07-01"),
                           child("D6", birth: "2011-06-01", auth: "2016-01-20", start: "2016-01-15"))
        let c = DayOfBirthSensitivity.count(data: data, year: 2017)
        #expect(c == .init(year: 2017, population: 5, dependOnDay: 3))
        #expect(DayOfBirthSensitivity.warning(c).contains("3 of the 5 children in 2016-17's population"))
        // Beside a release at threshold 5: 3 and 5 are small, so both are c.
        #expect(DayOfBirthSensitivity.warning(c, threshold: 5).contains("c of the c children in 2016-17's population"))
        // A count whose complement is small is c too: 97 of 100 leaves 3.
        let big = DayOfBirthSensitivity.Count(year: 2017, population: 100, dependOnDay: 97)
        #expect(DayOfBirthSensitivity.warning(big, threshold: 5).contains("c of the 100 children"))
        #expect(DayOfBirthSensitivity.warning(DayOfBirthSensitivity.Count(year: 2017, population: 100, dependOnDay: 40), threshold: 5)
                    .contains("40 of the 100 children"))
    }
}
