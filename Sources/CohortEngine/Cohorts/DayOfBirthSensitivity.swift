import CINModel

/// How many of a year's population would change age band (definition 5) if each birth date were
/// anywhere in its month: the age band at the 1st of the birth month differs from the band at its
/// last day. When birth dates are cut to the month (`BirthDatePrecision.monthOnly`), these are the
/// children whose band the data cannot settle.
public enum DayOfBirthSensitivity {
    public struct Count: Sendable, Equatable {
        public var year: Int
        /// Children in the year's population (a first assessment with factor data in the year).
        public var population: Int
        /// Of those, the children whose age band depends on the day of birth.
        public var dependOnDay: Int
    }

    /// - Parameter reading: the readings of the first assessment and the age band's date (cinx's by default).
    public static func count(data: CensusData, year: Int, reading: AnalysisSettings = AnalysisSettings()) -> Count {
        let rules = FirstAssessment.Rules(reading)
        let start = CollectionYear.start(year), end = CollectionYear.end(year)
        var population = 0, depend = 0
        for c in data.children.indices {
            guard let first = FirstAssessment.find(child: c, in: data, from: start, to: end, rules: rules) else { continue }
            population += 1
            let child = data.children[c]
            guard let birth = child.birthDate else { continue }
            let c1 = birth.components
            guard let firstDay = Day(year: c1.year, month: c1.month, day: 1) else { continue }
            let lastDay = BirthDatePrecision.lastDayOfMonth(birth)
            if AgeBand.at(first.ageDate(reading.ageAt), birth: firstDay, expectedBirth: child.expectedBirthDate)
                != AgeBand.at(first.ageDate(reading.ageAt), birth: lastDay, expectedBirth: child.expectedBirthDate) { depend += 1 }
        }
        return Count(year: year, population: population, dependOnDay: depend)
    }

    /// The warning shown by `validate`, `report` and the explorer when birth dates are month-only.
    /// With a threshold (`report`'s output beside a release) its counts follow the release's primary
    /// rule: the population and the count are `c` from 1 to the threshold, and so is the count when
    /// the children it leaves out are that few. `validate` (threshold 0) shows them as they are.
    public static func warning(_ c: Count, threshold: Int = 0) -> String {
        let population = Publication.Cell(count: c.population, threshold: threshold).text()
        let depend = Publication.isSmall(c.population - c.dependOnDay, threshold: threshold)
            ? Publication.Cell.hidden.text() : Publication.Cell(count: c.dependOnDay, threshold: threshold).text()
        return "birth dates are cut to the month, so age bands are approximate: \(depend) of the \(population) children "
            + "in \(c.year - 1)-\(String(c.year).suffix(2))'s population would be in a different age band born on the 1st than on the last day of their birth month"
    }
}
