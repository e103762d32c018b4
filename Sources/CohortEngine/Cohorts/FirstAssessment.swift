import CINModel

/// Definitions 2 and 3: a child's first assessment with factor data authorised in the year.
public struct FirstAssessment: Sendable, Equatable {
    public var authorisation: Day
    /// Union of the factors of every assessment with factor data authorised that first day.
    public var factors: FactorSet
    /// Start date for the age band: the earliest start among that day's assessments, or the
    /// authorisation date when none has a start date.
    public var ageDate: Day

    public static func find(child c: Int, in data: CensusData, from start: Day, to end: Day) -> FirstAssessment? {
        var best: FirstAssessment?
        for e in data.episodeRange(ofChild: c) {
            for a in data.assessmentRange(ofEpisode: e) {
                let record = data.assessments[a]
                guard record.hasFactorData, let auth = record.authorisationDate, auth >= start, auth <= end else { continue }
                best = FirstAssessment.keeping(best, record, authorised: auth)
            }
        }
        return best
    }

    /// The first assessment so far after meeting `record` (authorised on `auth`, in the year, with
    /// factor data): the earlier authorisation; on the same day, the union of the factors and the
    /// earlier start.
    static func keeping(_ best: FirstAssessment?, _ record: AssessmentRecord, authorised auth: Day) -> FirstAssessment {
        let ageDate = record.startDate ?? auth
        guard let b = best, auth >= b.authorisation else {
            return FirstAssessment(authorisation: auth, factors: record.factors, ageDate: ageDate)
        }
        guard auth == b.authorisation else { return b }
        return FirstAssessment(authorisation: auth, factors: b.factors.union(record.factors), ageDate: min(b.ageDate, ageDate))
    }
}

/// Definition 5: age band at the first assessment's start.
public enum AgeBand: UInt8, CaseIterable, Sendable {
    case unborn, underOne, oneToFour, fiveToNine, tenToFifteen, sixteenPlus, unknown
    public static let labels = ["Unborn", "Under 1", "1-4", "5-9", "10-15", "16+", "Unknown"]

    public static func at(_ date: Day, birth: Day?, expectedBirth: Day?) -> AgeBand {
        guard let b = birth else { return expectedBirth == nil ? .unknown : .unborn }
        if b > date { return .unborn }
        let years = completedYears(from: b, to: date)
        switch years {
        case ..<1: return .underOne
        case 1...4: return .oneToFour
        case 5...9: return .fiveToNine
        case 10...15: return .tenToFifteen
        default: return .sixteenPlus
        }
    }

    /// Whole years between two dates, comparing (month, day): someone born on 29 February is a year
    /// older on 1 March in a common year.
    public static func completedYears(from birth: Day, to date: Day) -> Int {
        let b = birth.components, d = date.components
        var years = d.year - b.year
        if (d.month, d.day) < (b.month, b.day) { years -= 1 }
        return years
    }
}
