import Testing
import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

/// Each documented choice (docs/definitions.md, sections 2, 3, 5 and 9) under each of its readings, on a
/// hand-built fixture whose counts differ between them; expected counts worked out in comments. Year 2017
/// = 1 April 2016 .. 31 March 2017. Summary rows are A, B, C, D, E.
@Suite struct ReadingTests {
    /// Section 2, `--code-21 counts|ignored`.
    @Test func code21() {
        let data = Fx.data(
            // K1: code 21 only. counts: in the population, A. ignored: no factor data, not in the population.
            Fx.child("K1", Fx.episode("2016-04-20", Fx.assessment(start: "2016-04-21", auth: "2016-05-01", "21"))),
            // K2: 21 first, then 4B. counts: the first is {21}: A. ignored: the first is {4B}: B.
            Fx.child("K2", Fx.episode("2016-04-20", Fx.assessment(start: "2016-04-21", auth: "2016-05-01", "21"),
                                                    Fx.assessment(start: "2016-08-01", auth: "2016-09-01", "4B"))),
            // K3: 21 with 6B: A either way (ignored drops 21 and keeps 6B).
            Fx.child("K3", Fx.episode("2016-05-20", Fx.assessment(start: "2016-05-21", auth: "2016-06-01", "21", "6B"))),
            // K4: 4B: B either way.
            Fx.child("K4", Fx.episode("2016-06-20", Fx.assessment(start: "2016-06-21", auth: "2016-07-01", "4B"))))
        // counts: population K1..K4 = 4; A = K1, K2, K3; B = K4.
        let counts = Fx.engine(data)
        #expect(counts.populationSize == 4)
        #expect(counts.reportedSummary().counts.map { $0[0] } == [3, 1, 0, 0, 0])
        // ignored: population K2, K3, K4 = 3; A = K3; B = K2, K4.
        let ignored = Fx.engine(data, AnalysisSettings(code21: .ignored))
        #expect(ignored.populationSize == 3)
        #expect(ignored.reportedSummary().counts.map { $0[0] } == [1, 2, 0, 0, 0])
        // The factor table: 21 on K1, K2, K3's first assessments under counts; on none under ignored.
        #expect(counts.reported(.factor).row("A")["21"] == 3)
        #expect(ignored.reported(.factor).row("A")["21"] == 0)
    }

    /// Section 3, `--first-assessment authorisation|start`.
    @Test func firstAssessmentByAuthorisationOrStart() {
        let data = Fx.data(
            // F1: X started 15 March 2016 (2015-16), authorised 10 April 2016 {4B}; Y started and authorised in
            // May {21}. authorisation: X is first: B. start: X started before the year; Y is first: A.
            Fx.child("F1", Fx.episode("2016-03-10", Fx.assessment(start: "2016-03-15", auth: "2016-04-10", "4B"),
                                                    Fx.assessment(start: "2016-05-01", auth: "2016-05-20", "21"))),
            // F2: X started 1 June, authorised 1 September {4B}; Y started 1 July, authorised 1 August {21}.
            // authorisation: Y (1 August) is first: A. start: X (1 June) is first: B.
            Fx.child("F2", Fx.episode("2016-05-20", Fx.assessment(start: "2016-06-01", auth: "2016-09-01", "4B"),
                                                    Fx.assessment(start: "2016-07-01", auth: "2016-08-01", "21"))),
            // F3: started 20 March 2017, authorised 5 April 2017 (2017-18) {5B}. authorisation: not in the
            // population. start: started in the year: B.
            Fx.child("F3", Fx.episode("2017-03-15", Fx.assessment(start: "2017-03-20", auth: "2017-04-05", "5B"))),
            // F4: started and authorised in May {4B}: B either way.
            Fx.child("F4", Fx.episode("2016-04-25", Fx.assessment(start: "2016-05-01", auth: "2016-05-10", "4B"))))
        // authorisation: population F1, F2, F4 = 3; A = F2; B = F1, F4.
        let byAuthorisation = Fx.engine(data)
        #expect(byAuthorisation.populationSize == 3)
        #expect(byAuthorisation.reportedSummary().counts.map { $0[0] } == [1, 2, 0, 0, 0])
        // start: population F1..F4 = 4; A = F1; B = F2, F3, F4.
        let byStart = Fx.engine(data, AnalysisSettings(firstAssessment: .start))
        #expect(byStart.populationSize == 4)
        #expect(byStart.reportedSummary().counts.map { $0[0] } == [1, 3, 0, 0, 0])
    }

    /// Section 5, `--age-at start|authorisation`.
    @Test func ageAtStartOrAuthorisation() {
        func kid(_ id: String, birth: String, start: String, auth: String) -> RawChild {
            Fx.child(id, birth: birth, Fx.episode("2016-05-01", Fx.assessment(start: start, auth: auth, "4B")))
        }
        let data = Fx.data(
            kid("G1", birth: "2011-06-15", start: "2016-06-01", auth: "2016-06-20"),  // 4 at the start: 1-4; 5 at authorisation: 5-9
            kid("G2", birth: "2016-07-10", start: "2016-07-01", auth: "2016-07-20"),  // unborn at the start; under 1 at authorisation
            kid("G3", birth: "2010-05-01", start: "2016-06-01", auth: "2016-06-20"),  // 6 either way: 5-9
            kid("G4", birth: "2011-06-15", start: "", auth: "2016-06-15"))           // no start: the authorisation either way: 5-9
        // start: Unborn G2; 1-4 G1; 5-9 G3, G4.
        #expect(Fx.engine(data).reported(.ageBand).nonZero("B") == ["Unborn": 1, "1-4": 1, "5-9": 2, "Total": 4])
        // authorisation: Under 1 G2; 5-9 G1, G3, G4.
        #expect(Fx.engine(data, AnalysisSettings(ageAt: .authorisation)).reported(.ageBand).nonZero("B")
                    == ["Under 1": 1, "5-9": 3, "Total": 4])
    }

    /// Section 9, `--window-from authorisation|start`: every first assessment starts 1 May 2016 and is
    /// authorised 20 June 2016; two-year windows: [2016-06-20, 2018-06-20] or [2016-05-01, 2018-05-01].
    @Test func windowFromAuthorisationOrStart() {
        let a = Fx.assessment(start: "2016-05-01", auth: "2016-06-20", "4B")
        let data = Fx.data(
            // W1: the assessment's episode (N1) closed 15 May, between start and authorisation; then N4.
            // authorisation: N1 is not open in the window, N4 is: N4. start: N1 is open on 15 May: N1.
            Fx.child("W1", Fx.episode("2016-04-20", closure: "2016-05-15", need: "N1", a), Fx.episode("2016-09-01", need: "N4")),
            // W2: its episode (N2) open to 1 August: N2 either way.
            Fx.child("W2", Fx.episode("2016-04-20", closure: "2016-08-01", need: "N2", a)),
            // W3: its episode closed 30 April, before both windows; N7 referred 10 May 2018: inside the window
            // from authorisation (to 20 June 2018), after the one from the start (to 1 May 2018): N7 or None.
            Fx.child("W3", Fx.episode("2016-04-20", closure: "2016-04-30", need: "N1", a), Fx.episode("2018-05-10", need: "N7")))
        #expect(Fx.engine(data).reported(.need).nonZero("B") == ["N2": 1, "N4": 1, "N7": 1, "Total": 3])
        #expect(Fx.engine(data, AnalysisSettings(windowFrom: .start)).reported(.need).nonZero("B")
                    == ["N1": 1, "N2": 1, "None": 1, "Total": 3])
    }

    /// Section 3, `--same-day union|earliest-start`: two assessments authorised on the same first day (1 July 2016).
    @Test func sameDayUnionOrEarliestStart() {
        let data = Fx.data(
            // S1: X started 2 June {4B}, Y started 16 June {3B, 1B}. union {4B, 3B, 1B}: B, C, D, E.
            // earliest-start: X {4B}: B.
            Fx.child("S1", Fx.episode("2016-06-01", Fx.assessment(start: "2016-06-02", auth: "2016-07-01", "4B")),
                           Fx.episode("2016-06-15", Fx.assessment(start: "2016-06-16", auth: "2016-07-01", "3B", "1B"))),
            // S2: X started 10 June {21}, Y started 20 June {5B}. union {21, 5B}: B. earliest-start: X {21}: A.
            Fx.child("S2", Fx.episode("2016-06-01", Fx.assessment(start: "2016-06-10", auth: "2016-07-01", "21"),
                                                    Fx.assessment(start: "2016-06-20", auth: "2016-07-01", "5B"))),
            // S3: both started 10 June (in two episodes: one episode's assessments of one start date are one
            // assessment to the loader) {4B} and {2B}: joined either way {4B, 2B}: B, C.
            Fx.child("S3", Fx.episode("2016-06-01", Fx.assessment(start: "2016-06-10", auth: "2016-07-01", "4B")),
                           Fx.episode("2016-06-05", Fx.assessment(start: "2016-06-10", auth: "2016-07-01", "2B"))))
        // union: A none; B S1, S2, S3; C S1, S3; D S1; E S1.
        #expect(Fx.engine(data).reportedSummary().counts.map { $0[0] } == [0, 3, 2, 1, 1])
        // earliest-start: A S2; B S1, S3; C S3; D none; E none.
        #expect(Fx.engine(data, AnalysisSettings(sameDay: .earliestStart)).reportedSummary().counts.map { $0[0] } == [1, 2, 1, 0, 0])
    }

    /// Every choice's option parses each of its readings, and the default is the reading `AnalysisSettings()` holds.
    @Test func everyChoiceDefaultsToCinxsReading() {
        for choice in ReadingChoice.allCases {
            #expect(choice.reading(in: AnalysisSettings()) == choice.defaultReading)
            for r in choice.readings { #expect(choice.setting(r, in: AnalysisSettings()).map(choice.reading(in:)) == r) }
            #expect(choice.setting("nonsense", in: AnalysisSettings()) == nil)
        }
        #expect(AnalysisSettings().otherReadings.isEmpty)
    }
}
