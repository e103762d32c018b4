import Testing
import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

/// Definitions 1-9 of docs/definitions.md on hand-built fixtures; expected counts worked out in comments.
@Suite struct DefinitionTests {
    /// Definitions 1-4. Year 2017 = 1 April 2016 .. 31 March 2017.
    @Test func populationFirstAssessmentAndCohorts() {
        let data = Fx.data(
            // C1: two assessments in the year; the first (1 May, 21 only) decides: cohort A.
            Fx.child("C1", Fx.episode("2016-04-20", Fx.assessment(start: "2016-04-21", auth: "2016-05-01", "21"),
                                                    Fx.assessment(start: "2016-08-01", auth: "2016-09-01", "4B"))),
            // C2: two assessments authorised the same day in different episodes: union {4B, 3B, 1B}: B, C, D, E.
            Fx.child("C2", Fx.episode("2016-06-01", Fx.assessment(start: "2016-06-02", auth: "2016-07-01", "4B")),
                           Fx.episode("2016-06-15", Fx.assessment(start: "2016-06-16", auth: "2016-07-01", "3B", "1B"))),
            // C3: 31 March 2016 is in 2015-16 and does not count; 1 April 2016 {5B, 2B}: B, C.
            Fx.child("C3", Fx.episode("2016-03-01", Fx.assessment(start: "2016-03-02", auth: "2016-03-31", "4B"),
                                                    Fx.assessment(start: "2016-03-20", auth: "2016-04-01", "5B", "2B"))),
            // C4: only an earlier-year assessment: not in the population.
            Fx.child("C4", Fx.episode("2016-01-01", Fx.assessment(start: "2016-01-02", auth: "2016-03-31", "4B"))),
            // C5: authorised 1 April 2017, the next year: not in the population.
            Fx.child("C5", Fx.episode("2017-03-01", Fx.assessment(start: "2017-03-02", auth: "2017-04-01", "4B"))),
            // C6: authorised but no factors: not factor data.
            Fx.child("C6", Fx.episode("2016-05-01", Fx.assessment(start: "2016-05-02", auth: "2016-06-01"))),
            // C7: factors but never authorised: not factor data.
            Fx.child("C7", Fx.episode("2016-05-01", Fx.assessment(start: "2016-05-02", auth: "", "4B"))),
            // C8: authorised on the last day of the year {5B, 3B}: B, D.
            Fx.child("C8", Fx.episode("2017-03-01", Fx.assessment(start: "2017-03-02", auth: "2017-03-31", "5B", "3B")))
        )
        let engine = Fx.engine(data)
        // Population: C1, C2, C3, C8.
        #expect(engine.populationSize == 4)
        let s = engine.reportedSummary()
        // A = {C1}; B = {C2, C3, C8}; C = {C2, C3}; D = {C2, C8}; E = {C2}.
        #expect(s.counts.map { $0[0] } == [1, 3, 2, 2, 1])
        #expect(s.population == 4)
    }

    /// Definition 5: age band at the first assessment's start.
    @Test func ageBands() {
        func kid(_ id: String, birth: String, expected: String = "", start: String, auth: String = "2016-07-20") -> RawChild {
            Fx.child(id, birth: birth, expected: expected, Fx.episode("2016-05-01", Fx.assessment(start: start, auth: auth, "4B")))
        }
        let data = Fx.data(
            kid("U1", birth: "2016-07-10", start: "2016-07-01"),               // born after the start, before authorisation: Unborn
            kid("U2", birth: "", expected: "2016-12-01", start: "2016-07-01"), // expected date only: Unborn
            kid("X", birth: "", start: "2016-07-01"),                           // neither date: Unknown
            kid("B1", birth: "2011-06-15", start: "2016-06-15"),               // fifth birthday on the start date: 5-9
            kid("B2", birth: "2011-06-16", start: "2016-06-15"),               // fifth birthday the next day: 1-4
            kid("L1", birth: "2012-02-29", start: "2017-02-28", auth: "2017-03-01"), // 29 Feb birth, 28 Feb in a common year: still 4: 1-4
            kid("L2", birth: "2012-02-29", start: "2017-03-01", auth: "2017-03-02"), // 1 March: 5: 5-9
            kid("Z", birth: "2016-06-01", start: "2016-06-01"),                 // born on the start date: Under 1
            kid("T", birth: "2000-06-01", start: "2016-06-01"),                 // 16th birthday: 16+
            kid("T2", birth: "2000-06-02", start: "2016-06-01"),                // a day short of 16: 10-15
            kid("S", birth: "2011-06-15", start: "", auth: "2016-06-15")        // no start: authorisation date used: 5-9
        )
        let t = Fx.engine(data).reported(.ageBand)
        #expect(t.nonZero("B") == ["Unborn": 2, "Under 1": 1, "1-4": 2, "5-9": 3, "10-15": 1, "16+": 1, "Unknown": 1, "Total": 11])
        #expect(t.nonZero("A").isEmpty)
    }

    /// Definition 6, with a later return correcting ethnicity.
    @Test func ethnicityLatestReturnWinsAndGroups() {
        let y2017 = [Fx.child("E1", ethnicity: "WBRI", Fx.episode("2016-05-01", Fx.assessment(start: "2016-05-02", auth: "2016-05-20", "4B"))),
                     Fx.child("E2", ethnicity: "", Fx.episode("2016-05-01", Fx.assessment(start: "2016-05-02", auth: "2016-05-20", "4B"))),
                     Fx.child("E3", ethnicity: "XXXX", Fx.episode("2016-05-01", Fx.assessment(start: "2016-05-02", auth: "2016-05-20", "21")))]
        // The 2018 return corrects E1 to WOTH (the episode is still open).
        let y2018 = [Fx.child("E1", ethnicity: "WOTH", Fx.episode("2016-05-01"))]
        let engine = Fx.engine(Fx.data(returns: [(2018, y2018), (2017, y2017)]))
        let eth = engine.reported(.ethnicity)
        // B: E1 (WOTH) and E2 (blank: Unknown); A: E3 (not a DfE code: Unknown).
        #expect(eth.nonZero("B") == ["WOTH": 1, "Unknown": 1, "Total": 2])
        #expect(eth.nonZero("A") == ["Unknown": 1, "Total": 1])
        #expect(eth.columns.prefix(5) == ["WBRI", "WIRI", "WIRT", "WOTH", "WROM"])
        let groups = engine.reported(.ethnicGroup)
        #expect(groups.nonZero("B") == ["White": 1, "Unknown": 1, "Total": 2])
    }

    /// Definition 7: maltreatment columns, 18B/18C and 19B/19C counted with 18A and 19A.
    @Test func maltreatment() {
        func kid(_ id: String, _ f: String...) -> RawChild {
            var a = Fx.assessment(start: "2016-05-02", auth: "2016-05-20")
            a.factors = f
            return Fx.child(id, Fx.episode("2016-05-01", a))
        }
        let data = Fx.data(kid("M1", "4B", "16A", "17A"), kid("M2", "4B", "18B"), kid("M3", "5B", "19C", "18A"),
                           kid("M4", "4B"), kid("M5", "16A"), kid("M6", "21"))
        let t = Fx.engine(data).reported(.maltreatment)
        // B = M1..M4 (4): 16A M1; 17A M1; 18A M2, M3; 19A M3.
        #expect(t.row("B") == ["All": 4, "16A": 1, "17A": 1, "18A": 2, "19A": 1])
        // A = M5, M6 (2): 16A M5.
        #expect(t.row("A") == ["All": 2, "16A": 1, "17A": 0, "18A": 0, "19A": 0])
        #expect(t.columns == ["All", "16A", "17A", "18A", "19A"])
    }

    /// Definitions 8 and 9: the first episode of need open in the window; NFA referrals are not episodes of need.
    @Test func primaryNeedInFollowUp() {
        // Every child's first assessment is authorised 2016-06-20; the window runs to 2018-06-20.
        let a = Fx.assessment(start: "2016-06-02", auth: "2016-06-20", "4B")
        let data = Fx.data(
            // Closed the day before authorisation: not open; the next episode (N4) is.
            Fx.child("P1", Fx.episode("2016-06-01", closure: "2016-06-19", need: "N1", a), Fx.episode("2017-01-01", need: "N4")),
            // Closed on the authorisation date: open on the window's first day: N2.
            Fx.child("P2", Fx.episode("2016-06-01", closure: "2016-06-20", need: "N2", a)),
            // Closed before; an NFA referral (skipped); then N6.
            Fx.child("P3", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a), Fx.episode("2016-08-01", closure: "2016-08-01", need: "N3", nfa: true),
                     Fx.episode("2017-02-01", need: "N6")),
            // Nothing open in the window: None.
            Fx.child("P4", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a)),
            // The episode in the window has no need code: Unknown.
            Fx.child("P5", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a), Fx.episode("2017-01-01", need: "")),
            // Referred the day after the window ends: None.
            Fx.child("P6", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a), Fx.episode("2018-06-21", need: "N7")),
            // Referred on the window's last day: N8.
            Fx.child("P7", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a), Fx.episode("2018-06-20", need: "N8"))
        )
        let t = Fx.engine(data).reported(.need)
        #expect(t.nonZero("B") == ["N2": 1, "N4": 1, "N6": 1, "N8": 1, "Unknown": 1, "None": 2, "Total": 7])
        // `later`: the first episode referred after 2016-06-20 inside the window.
        // P1 N4; P2 None; P3 N6 (the NFA one skipped); P4 None; P5 Unknown; P6 None; P7 N8.
        let later = Fx.engine(data, AnalysisSettings(needEpisode: .later)).reported(.need)
        #expect(later.nonZero("B") == ["N4": 1, "N6": 1, "N8": 1, "Unknown": 1, "None": 3, "Total": 7])
    }

    /// Definition 9: a window from 29 February ends on 28 February in a common year, 29 February in a leap year.
    @Test func windowFrom29February() {
        let a = Fx.assessment(start: "2016-02-01", auth: "2016-02-29", "4B")
        let data = Fx.data(year: 2016,
            Fx.child("W1", Fx.episode("2016-01-15", closure: "2016-02-01", a), Fx.episode("2018-02-28", need: "N7")),
            Fx.child("W2", Fx.episode("2016-01-15", closure: "2016-02-01", a), Fx.episode("2018-03-01", need: "N7")),
            Fx.child("W3", Fx.episode("2016-01-15", closure: "2016-02-01", a), Fx.episode("2020-02-29", need: "N8")))
        // Two years: window ends 2018-02-28: W1 N7; W2 and W3 None.
        let two = Fx.engine(data, AnalysisSettings(year: 2016)).reported(.need)
        #expect(two.nonZero("B") == ["N7": 1, "None": 2, "Total": 3])
        // Four years: ends 2020-02-29: all three in.
        let four = Fx.engine(data, AnalysisSettings(year: 2016, followUpYears: 4)).reported(.need)
        #expect(four.nonZero("B") == ["N7": 2, "N8": 1, "Total": 3])
    }

    @Test func followUpOutcomes() {
        let a = Fx.assessment(start: "2016-06-02", auth: "2016-06-20", "4B")
        let data = Fx.data(
            // A plan starting in the window (NEG) and a further referral.
            Fx.child("O1", Fx.episode("2016-06-01", plans: [Fx.plan(start: "2016-07-01", category: "NEG")], a), Fx.episode("2017-05-01")),
            // A further assessment in a later episode (also a further referral).
            Fx.child("O2", Fx.episode("2016-06-01", closure: "2016-07-01", a),
                     Fx.episode("2017-01-01", Fx.assessment(start: "2017-01-02", auth: "2017-01-30", "21"))),
            // Nothing after.
            Fx.child("O3", Fx.episode("2016-06-01", a)))
        let engine = Fx.engine(data)
        #expect(engine.reported(.outcomes).row("B") == ["All": 3, "CPP started": 1, "Further referral": 2, "Further assessment": 1, "None of these": 1])
        #expect(engine.reported(.protectionCategory).nonZero("B") == ["Neglect": 1, "No plan": 2, "Total": 3])
    }

    @Test func genderAndDisability() {
        let a = Fx.assessment(start: "2016-06-02", auth: "2016-06-20", "4B")
        let data = Fx.data(Fx.child("G1", gender: "1", disabilities: ["AUT"], Fx.episode("2016-06-01", a)),
                           Fx.child("G2", gender: "F", disabilities: ["NONE"], Fx.episode("2016-06-01", a)),
                           Fx.child("G3", gender: "", Fx.episode("2016-06-01", a)))
        let engine = Fx.engine(data)
        #expect(engine.reported(.gender).nonZero("B") == ["Male": 1, "Female": 1, "Unknown": 1, "Total": 3])
        #expect(engine.reported(.disability).nonZero("B") == ["Disabled": 1, "Not disabled": 2, "Total": 3])
    }
}

extension CohortEngine {
    /// A table as `cinx report` counts it: every table of the release in one pass (the pattern tally,
    /// `ReportTables.protectedScope`'s counts), checked against the one-table count.
    func reported(_ d: Dimension, sourceLocation: SourceLocation = #_sourceLocation) -> CohortTable {
        let one = table(d)
        guard let t = tables(Dimension.allCases).tables.first(where: { $0.dimension == d }) else {
            Issue.record("no \(d.rawValue) table in the release's counts", sourceLocation: sourceLocation)
            return one
        }
        #expect(t == one, "the release's \(d.rawValue) table differs from the one-table count", sourceLocation: sourceLocation)
        return t
    }

    /// The summary as `cinx report` counts it, checked against the summary alone.
    func reportedSummary(sourceLocation: SourceLocation = #_sourceLocation) -> CohortTable {
        let t = tables(Dimension.allCases).summary
        #expect(t == summary(), "the release's summary differs from the summary alone", sourceLocation: sourceLocation)
        return t
    }
}
