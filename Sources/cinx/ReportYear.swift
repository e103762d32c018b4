import CohortEngine

/// The reporting year of a release, checked before anything is counted: a year the returns do not
/// hold would publish tables of zeros that read as "no such children", and a default the reader did
/// not see would publish a year they did not ask for. So a year is taken from the data when not
/// given (and said), and a year with no population is refused.
enum ReportYear {
    /// `2016-17`, as headers and notes write year 2017.
    static func label(_ year: Int) -> String { "\(year - 1)-\(String(year).suffix(2))" }

    /// What the returns cover, for messages: `2014-15 to 2019-20 (--year 2015 to 2020)`.
    static func covered(_ range: ClosedRange<Int>) -> String {
        range.count == 1 ? "\(label(range.lowerBound)) only (--year \(range.lowerBound))"
                         : "\(label(range.lowerBound)) to \(label(range.upperBound)) (--year \(range.lowerBound) to \(range.upperBound))"
    }

    /// Throws (after the message) when the engine's year has no population, or lies outside the years
    /// the returns cover (a population there is only the children whose episodes reach a return, not the year's).
    static func requirePopulation(_ engine: CohortEngine) throws(ReportYearError) {
        let year = engine.settings.year
        guard let range = AnalysisSettings.coveredYears(returnYears: engine.data.returnYears) else { return }
        if !range.contains(year) {
            throw .uncovered("reporting year \(label(year)) (--year \(year)) is not in the returns loaded, which cover \(covered(range))")
        }
        if engine.populationSize == 0 {
            throw .uncovered("no children in reporting year \(label(year)) (--year \(year)): no assessment with factor data was authorised from 1 April \(year - 1) to 31 March \(year); the returns cover \(covered(range))")
        }
    }

    /// The note when `--year` was not given: which year the tables are of, and why that one.
    static func defaultNote(_ engine: CohortEngine) -> String {
        let year = engine.settings.year
        let range = AnalysisSettings.coveredYears(returnYears: engine.data.returnYears)
        let why: String
        if year == AnalysisSettings.foiYear && engine.followUpShortfall == nil {
            why = "the FOI's year"
        } else if engine.followUpShortfall == nil {
            why = "the latest year whose \(engine.settings.followUpYears)-year follow-up the returns cover"
        } else {
            why = "the latest year loaded; no year's \(engine.settings.followUpYears)-year follow-up is covered"
        }
        return "note: reporting year \(label(year)) (--year \(year)), \(why)"
            + (range.map { "; the returns cover \(covered($0))" } ?? "") + "\n"
    }
}

/// A reporting year that would publish a misleading release (exit 2).
enum ReportYearError: Error, CustomStringConvertible {
    case uncovered(String)
    var description: String { switch self { case .uncovered(let s): return s } }
}
