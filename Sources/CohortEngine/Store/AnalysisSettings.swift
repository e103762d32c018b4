/// The options that change a definition's reading (docs/definitions.md, 1, 2, 3, 5 and 9); each
/// choice's cases are in `DefinitionReadings.swift`, the first of each cinx's reading.
public struct AnalysisSettings: Hashable, Sendable {
    /// Reporting year Y: 1 April Y-1 to 31 March Y.
    public var year: Int
    /// Follow-up window length in years from the window's start (`windowFrom`).
    public var followUpYears: Int
    public var needEpisode: NeedEpisodeRule
    public var code21: Code21Rule
    public var firstAssessment: FirstAssessmentRule
    public var ageAt: AgeBandDate
    public var windowFrom: WindowStart
    public var sameDay: SameDayTie

    public init(year: Int = AnalysisSettings.foiYear, followUpYears: Int = 2, needEpisode: NeedEpisodeRule = .first,
                code21: Code21Rule = .counts, firstAssessment: FirstAssessmentRule = .authorisation,
                ageAt: AgeBandDate = .start, windowFrom: WindowStart = .authorisation, sameDay: SameDayTie = .union) {
        self.year = year; self.followUpYears = followUpYears; self.needEpisode = needEpisode
        self.code21 = code21; self.firstAssessment = firstAssessment; self.ageAt = ageAt
        self.windowFrom = windowFrom; self.sameDay = sameDay
    }

    /// The year the FOI request asks about: 2016-17.
    public static let foiYear = 2017

    /// Reporting years and follow-up windows the options accept (the CLI and the explorer's prompts).
    public static let validYears = 2000...2040
    public static let validFollowUpYears = 0...20

    /// The reporting years the returns cover (first to last return year), nil with no returns.
    public static func coveredYears(returnYears: [Int]) -> ClosedRange<Int>? {
        guard let lo = returnYears.min(), let hi = returnYears.max() else { return nil }
        return lo...hi
    }

    /// Whether year Y's follow-up window (up to N years after an authorisation in Y, so to 31 March
    /// Y + N at the latest) ends inside the returns loaded.
    public static func followUpCovered(year: Int, followUpYears: Int, returnYears: [Int]) -> Bool {
        guard let last = returnYears.max() else { return false }
        return year + followUpYears <= last
    }

    /// The year the explorer opens on when none is given: the FOI's year when the returns hold it and
    /// its follow-up window; else the latest year whose window they cover; else the latest year.
    public static func defaultYear(returnYears: [Int], followUpYears: Int) -> Int {
        guard let range = coveredYears(returnYears: returnYears) else { return foiYear }
        if range.contains(foiYear) && followUpCovered(year: foiYear, followUpYears: followUpYears, returnYears: returnYears) { return foiYear }
        let covered = range.filter { followUpCovered(year: $0, followUpYears: followUpYears, returnYears: returnYears) }
        return covered.last ?? range.upperBound
    }
}
