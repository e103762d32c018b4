import CINModel

/// Definition 9 and the follow-up outcomes: what happened in the window from the first
/// assessment's authorisation date (or its start, `--window-from start`) to the same calendar day
/// `followUpYears` later.
public enum FollowUp {
    /// Outcome bits.
    public static let protectionPlanStarted: UInt8 = 1
    public static let furtherReferral: UInt8 = 2
    public static let furtherAssessment: UInt8 = 4
    public static let outcomeLabels = ["CPP started", "Further referral", "Further assessment", "None of these"]

    /// The outcomes columns (bit k: column k) of an outcome value: no outcome is "None of these".
    @inline(__always)
    static func outcomeBits(_ o: UInt8) -> UInt64 { o == 0 ? 1 << 3 : UInt64(o) }

    /// Need column values: 0...9 = N0...N9, 10 = Unknown (episode without a code), 11 = None.
    public static let needUnknown: UInt8 = 10
    public static let needNone: UInt8 = 11
    /// Protection category values: 0...4 = NEG, PHY, SAB, EMO, MUL; 5 = not recorded; 6 = no plan.
    public static let categoryLabels = ["Neglect", "Physical abuse", "Sexual abuse", "Emotional abuse", "Multiple", "Not recorded", "No plan"]

    public struct Result: Equatable {
        public var need: UInt8
        public var protectionCategory: UInt8
        public var outcomes: UInt8
    }

    public static func window(from auth: Day, years: Int) -> ClosedRange<Day> { auth...auth.addingYears(years) }

    public static func compute(child c: Int, first: FirstAssessment, in data: CensusData, settings: AnalysisSettings) -> Result {
        let auth = first.windowStart(settings.windowFrom)
        let windowEnd = auth.addingYears(settings.followUpYears)
        var need = needNone
        var outcomes: UInt8 = 0
        var firstPlanStart: Day?
        var category: UInt8 = 6
        // Episodes are sorted by referral date, so the first match is the first by referral date.
        for e in data.episodeRange(ofChild: c) {
            let ep = data.episodes[e]
            if ep.referralDate > auth && ep.referralDate <= windowEnd { outcomes |= furtherReferral }
            for a in data.assessmentRange(ofEpisode: e) {
                if let s = data.assessments[a].startDate, s > auth, s <= windowEnd { outcomes |= furtherAssessment }
            }
            for p in data.planRange(ofEpisode: e) {
                guard let s = data.protectionPlans[p].startDate, s >= auth, s <= windowEnd else { continue }
                outcomes |= protectionPlanStarted
                if firstPlanStart.map({ s < $0 }) ?? true {
                    firstPlanStart = s
                    let initial = data.protectionPlans[p].initialCategory
                    category = initial == 0 ? 5 : initial - 1
                }
            }
            guard need == needNone, !ep.referralNFA else { continue }
            let qualifies: Bool
            switch settings.needEpisode {
            case .first:
                qualifies = ep.referralDate <= windowEnd && (ep.closureDate.map { $0 >= auth } ?? true)
            case .later:
                qualifies = ep.referralDate > auth && ep.referralDate <= windowEnd
            }
            if qualifies { need = ep.primaryNeed <= 9 ? ep.primaryNeed : needUnknown }
        }
        return Result(need: need, protectionCategory: category, outcomes: outcomes)
    }
}
