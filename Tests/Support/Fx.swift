#if DEBUG
import CINModel
@testable import CINLoading

/// Small hand-built histories, as the raw records a return gives. Dates are ISO strings; every child
/// goes through the real validation and merge code (`CensusBuilder`). Internal (test targets use
/// `@testable import CINTestSupport`): its values are the loader's internal raw records.
enum Fx {
    static func child(_ id: String, birth: String = "2010-05-01", expected: String = "", ethnicity: String = "WBRI",
                      gender: String = "1", disabilities: [String] = [], _ episodes: RawEpisode...) -> RawChild {
        var c = RawChild(line: 1)
        c.id = id; c.birthDate = birth; c.expectedBirthDate = expected; c.ethnicity = ethnicity
        c.gender = gender; c.disabilities = disabilities; c.episodes = episodes
        return c
    }

    static func episode(_ referral: String, closure: String = "", need: String = "N1", nfa: Bool = false,
                        plans: [RawProtectionPlan] = [], _ assessments: RawAssessment...) -> RawEpisode {
        var e = RawEpisode(line: 1)
        e.referralDate = referral; e.closureDate = closure; e.primaryNeed = need
        e.referralNFA = nfa ? "true" : "false"; e.assessments = assessments; e.protectionPlans = plans
        return e
    }

    static func assessment(start: String, auth: String, _ factors: String...) -> RawAssessment {
        var a = RawAssessment(line: 1)
        a.startDate = start; a.authorisationDate = auth; a.factors = factors
        return a
    }

    static func plan(start: String, category: String) -> RawProtectionPlan {
        var p = RawProtectionPlan(line: 1)
        p.startDate = start; p.initialCategory = category
        return p
    }

    /// One return (year 2017 unless given) holding every child.
    static func data(year: Int = 2017, _ children: RawChild...) -> CensusData {
        data(returns: [(year, children)])
    }

    static func data(returns: [(Int, [RawChild])]) -> CensusData {
        let b = CensusBuilder()
        for (year, children) in returns {
            for c in children { b.add(c, from: .init(file: "fixture-\(year)", year: year, referenceDate: Day(year: year, month: 3, day: 31))) }
        }
        return b.finish().0
    }

    /// A generated extract's returns, each child through the validating path (no files written).
    static func data(_ extract: SyntheticExtract, file: String = "gen") -> CensusData {
        let b = CensusBuilder()
        for (year, c) in extract.allReturnRecords() { b.add(c, from: .init(file: file, year: year, referenceDate: Day(year: year, month: 3, day: 31))) }
        return b.finish().0
    }
}
#endif
