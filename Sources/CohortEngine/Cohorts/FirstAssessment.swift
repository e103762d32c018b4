import CINModel

/// Definitions 2 and 3: a child's first assessment with factor data in the year, under the settings'
/// readings of code 21 (`code21`), of the date that places and orders assessments (`firstAssessment`)
/// and of a same-day tie (`sameDay`).
public struct FirstAssessment: Sendable, Equatable {
    /// The assessment's authorisation date (the earliest among those joined on a tie).
    public var authorisation: Day
    /// Its factors: the union of every assessment joined on a tie.
    public var factors: FactorSet
    /// Its start date: the earliest start among those joined, each assessment's authorisation date
    /// standing in for a missing start.
    public var start: Day
    /// The date that placed it in the year and made it first: `authorisation`, or under
    /// `--first-assessment start` its own start date.
    public var order: Day

    /// Definition 5: the date of the age band.
    public func ageDate(_ rule: AgeBandDate) -> Day { rule == .start ? start : authorisation }

    /// Definition 9: the day the follow-up window opens.
    public func windowStart(_ rule: WindowStart) -> Day { rule == .authorisation ? authorisation : start }

    /// The rules `find` and `keeping` read from the settings.
    public struct Rules: Sendable, Equatable {
        public var code21: Code21Rule
        public var order: FirstAssessmentRule
        public var tie: SameDayTie
        public init(_ s: AnalysisSettings) { code21 = s.code21; order = s.firstAssessment; tie = s.sameDay }
        public static let standard = Rules(AnalysisSettings())

        /// The assessment's factors as factor data (definition 2): nil when it has none, or no
        /// authorisation date.
        @inline(__always)
        func factorData(_ record: AssessmentRecord) -> FactorSet? {
            guard record.authorisationDate != nil else { return nil }
            let f = code21 == .counts ? record.factors : record.factors.subtracting(AssessmentFactor.noFactors)
            return f.isEmpty ? nil : f
        }

        /// The date that places the assessment in a year and orders it (the record has factor data).
        @inline(__always)
        func orderDate(_ record: AssessmentRecord, authorised auth: Day) -> Day {
            order == .authorisation ? auth : (record.startDate ?? auth)
        }
    }

    public static func find(child c: Int, in data: CensusData, from start: Day, to end: Day, rules: Rules = .standard) -> FirstAssessment? {
        var best: FirstAssessment?
        for e in data.episodeRange(ofChild: c) {
            for a in data.assessmentRange(ofEpisode: e) {
                let record = data.assessments[a]
                guard let auth = record.authorisationDate, let factors = rules.factorData(record) else { continue }
                let order = rules.orderDate(record, authorised: auth)
                guard order >= start, order <= end else { continue }
                best = FirstAssessment.keeping(best, record, factors: factors, authorised: auth, order: order, tie: rules.tie)
            }
        }
        return best
    }

    /// The first assessment so far after meeting `record` (with `factors` as its factor data, authorised
    /// on `auth`, placed on `order` in the year): the earlier `order`; on the same day, the union of the
    /// factors and the earlier start, or under `.earliestStart` the one started first (the union when
    /// they started the same day too).
    static func keeping(_ best: FirstAssessment?, _ record: AssessmentRecord, factors: FactorSet, authorised auth: Day,
                        order: Day, tie: SameDayTie) -> FirstAssessment {
        let start = record.startDate ?? auth
        let mine = FirstAssessment(authorisation: auth, factors: factors, start: start, order: order)
        guard let b = best, order >= b.order else { return mine }
        guard order == b.order else { return b }
        if tie == .earliestStart && start != b.start { return start < b.start ? mine : b }
        return FirstAssessment(authorisation: min(b.authorisation, auth), factors: b.factors.union(factors),
                               start: min(b.start, start), order: order)
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
