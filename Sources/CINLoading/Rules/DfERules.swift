import CINModel

/// The DfE CIN validation rules that bear on the FOI tables, as csc-validator-be-cin 0.1.13 states
/// them (`cin_validator/rules/cin2022_23/rule_XXXX.py`). Each is checked on one episode as one return
/// gives it, with that return's reference date, as the DfE checks a return: not on the merged
/// records, where a later return's values would hide what an earlier return said.
///
/// Both loader paths call `check` with the same validated values, after merging the episode's records,
/// and report what it finds in the same order, so the two report the same. Findings are reported and the data kept as is (docs/data-format.md says what
/// each can do to the tables).
enum DfERules {
    struct Finding: Equatable { var rule: LoadRule; var line: Int; var detail: String }

    /// One episode's validated values and its records', each with the line it came from.
    struct Episode {
        var line: Int
        var values: CensusBuilder.EpisodeValues
        var lists = Lists()
        var assessments: [(line: Int, values: CensusBuilder.AssessmentValues)] {
            get { lists.assessments }
            _modify { yield &lists.assessments }
        }
        var section47s: [(line: Int, values: CensusBuilder.Section47Values)] {
            get { lists.section47s }
            _modify { yield &lists.section47s }
        }
        var plans: [(line: Int, values: CensusBuilder.PlanValues)] {
            get { lists.plans }
            _modify { yield &lists.plans }
        }
        var cinPlans: [(line: Int, values: CensusBuilder.CINPlanValues)] {
            get { lists.cinPlans }
            _modify { yield &lists.cinPlans }
        }
    }

    /// An episode's records, each with its line. The flat loader's decoder keeps one and refills it for
    /// each episode (an episode's four new arrays and their release were 4% of a flat load).
    struct Lists {
        var assessments: [(line: Int, values: CensusBuilder.AssessmentValues)] = []
        var section47s: [(line: Int, values: CensusBuilder.Section47Values)] = []
        var plans: [(line: Int, values: CensusBuilder.PlanValues)] = []
        var cinPlans: [(line: Int, values: CensusBuilder.CINPlanValues)] = []

        /// Empties the lists, keeping their storage. An empty list is left alone: emptying one goes
        /// through the standard library's general `replaceSubrange` (about 100 instructions).
        mutating func removeAll() {
            if !assessments.isEmpty { assessments.removeAll(keepingCapacity: true) }
            if !section47s.isEmpty { section47s.removeAll(keepingCapacity: true) }
            if !plans.isEmpty { plans.removeAll(keepingCapacity: true) }
            if !cinPlans.isEmpty { cinPlans.removeAll(keepingCapacity: true) }
        }
    }

    /// The census year a reference date closes: from the day after the same date a year before (the
    /// DfE's `make_census_period`: 2017-03-31 gives 2016-04-01 to 2017-03-31).
    static func censusPeriod(referenceDate ref: Day) -> ClosedRange<Day> {
        let c = ref.components
        let day = min(c.day, Day.daysIn(month: c.month, year: c.year - 1))
        let yearBefore = Day(year: c.year - 1, month: c.month, day: day) ?? ref.adding(days: -365)
        return yearBefore.adding(days: 1)...ref
    }

    /// Every finding on `e`, in a fixed order (rule by rule, records in the order given).
    /// `rules` says which are checked (all, but in tests that switch one off).
    static func check(_ episode: Episode, referenceDate: Day?, rules: RuleSwitches) -> [Finding] {
        check(line: episode.line, values: episode.values, episode.lists, referenceDate: referenceDate,
              censusYear: referenceDate.map { censusPeriod(referenceDate: $0) }, rules: rules)
    }

    /// The same, for an episode's values and its records' lists; `censusYear` is
    /// `censusPeriod(referenceDate:)` of `referenceDate` (a caller checking many episodes of one year
    /// works it out once).
    static func check(line: Int, values v: CensusBuilder.EpisodeValues, _ e: Lists, referenceDate: Day?, censusYear: ClosedRange<Day>?,
                      rules: RuleSwitches) -> [Finding] {
        var out: [Finding] = []
        func add(_ rule: LoadRule, _ line: Int, _ detail: @autoclosure () -> String) {
            guard rules.checks(rule) else { return }
            out.append(Finding(rule: rule, line: line, detail: "\(detail()) (DfE \(rule.dfeRule ?? ""))"))
        }
        let referral = v.referral
        // 1103, 2889, 1104, 1105: a record dated before its episode's referral.
        for a in e.assessments { if let s = a.values.start, s < referral {
            add(.dfe1103, a.line, "AssessmentActualStartDate \(s) is before CINreferralDate \(referral)") } }
        for s in e.section47s where s.values.start < referral {
            add(.dfe2889, s.line, "S47ActualStartDate \(s.values.start) is before CINreferralDate \(referral)") }
        for s in e.section47s { if let d = s.values.icpc, d < referral {
            add(.dfe1104, s.line, "DateOfInitialCPC \(d) of the section 47 enquiry is before CINreferralDate \(referral)") } }
        for p in e.plans where p.values.start < referral {
            add(.dfe1105, p.line, "CPPstartDate \(p.values.start) is before CINreferralDate \(referral)") }
        // 8565: activity after the episode's closure.
        if let closure = v.closure {
            var after: [(Int, String)] = []
            if let d = v.icpc, d > closure { after.append((line, "DateOfInitialCPC \(d)")) }
            for a in e.assessments {
                if let d = a.values.start, d > closure { after.append((a.line, "AssessmentActualStartDate \(d)")) }
                if let d = a.values.auth, d > closure { after.append((a.line, "AssessmentAuthorisationDate \(d)")) }
            }
            for s in e.section47s {
                if s.values.start > closure { after.append((s.line, "S47ActualStartDate \(s.values.start)")) }
                if let d = s.values.icpc, d > closure { after.append((s.line, "DateOfInitialCPC \(d)")) }
            }
            for p in e.plans { if let d = p.values.end, d > closure { after.append((p.line, "CPPendDate \(d)")) } }
            for p in e.cinPlans {
                if p.values.start > closure { after.append((p.line, "CINPlanStartDate \(p.values.start)")) }
                if let d = p.values.end, d > closure { after.append((p.line, "CINPlanEndDate \(d)")) }
            }
            for (line, what) in after { add(.dfe8565, line, "\(what) is after CINclosureDate \(closure)") }
        }
        // 8600, 8620, 8696, 4013, 8930: dates outside the return's census year.
        // The census year, once per episode; its text only when a finding names it (every episode is
        // checked, few have a finding).
        if let ref = referenceDate, let year = censusYear {
            func span() -> String { "\(year.lowerBound) to \(year.upperBound)" }
            if referral > ref { add(.dfe8600, line, "CINreferralDate \(referral) is after the reference date \(ref)") }
            if let c = v.closure, !year.contains(c) { add(.dfe8620, line, "CINclosureDate \(c) is outside the census year \(span())") }
            for a in e.assessments { if let d = a.values.auth, !year.contains(d) {
                add(.dfe8696, a.line, "AssessmentAuthorisationDate \(d) is outside the census year \(span())") } }
            for p in e.cinPlans { if let d = p.values.end, !year.contains(d) {
                add(.dfe4013, p.line, "CINPlanEndDate \(d) is outside the census year \(span())") } }
            for p in e.plans { if let d = p.values.end, !year.contains(d) {
                add(.dfe8930, p.line, "CPPendDate \(d) is outside the census year \(span())") } }
        }
        // 8831, 8832: a referral marked no further action (true or 1) with activity recorded against it.
        if v.nfa == true {
            var activity: [String] = []
            if v.icpc != nil { activity.append("DateOfInitialCPC") }
            if !e.section47s.isEmpty { activity.append("a section 47 enquiry") }
            if e.assessments.contains(where: { $0.values.start != nil || $0.values.auth != nil }) { activity.append("an assessment") }
            if !activity.isEmpty {
                add(.dfe8831, line, "referral \(referral) is marked no further action but has \(activity.joined(separator: ", "))")
            }
            if !e.plans.isEmpty { add(.dfe8832, line, "referral \(referral) is marked no further action but has a child protection plan") }
        }
        // 8569Q (a query): a referral made before the census year's first working day (a day before
        // the previous census's reference date, in effect) cannot be no further action in this
        // return; the DfE flags any ReferralNFA that is not false or 0, blank included.
        // The first working day is at most `EnglandWorkingDays.maxRoll` days after the census year's
        // first day: a referral on or after that day needs no calendar.
        if let year = censusYear, v.nfa != false, referral < year.lowerBound.adding(days: EnglandWorkingDays.maxRoll) {
            let firstWorkingDay = EnglandWorkingDays.onOrAfter(year.lowerBound)
            if referral < firstWorkingDay {
                add(.dfe8569Q, line, "referral \(referral), before the census year, has ReferralNFA \(v.nfa == true ? "true" : "blank or unreadable")")
            }
        }
        return out
    }
}

/// Working days in England as the DfE validator counts them near 1 April: weekends and the Easter bank
/// holidays (Good Friday, Easter Monday), the only bank holidays that can fall within days of it.
enum EnglandWorkingDays {
    /// `d` if it is a working day, else the next one (pandas' `CustomBusinessDay(n=0)` roll-forward,
    /// which the DfE's `collection_start - england_working_days(1)` amounts to).
    static func onOrAfter(_ d: Day) -> Day {
        var day = d
        for _ in 0..<maxRoll where !isWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The most days `onOrAfter` moves a date (no run of holidays and weekends is longer).
    static let maxRoll = 10

    static func isWorkingDay(_ d: Day) -> Bool {
        // 1970-01-01 was a Thursday: weekday 0 = Thursday, 2 = Saturday, 3 = Sunday.
        let weekday = ((Int(d.number) % 7) + 7) % 7
        if weekday == 2 || weekday == 3 { return false }
        let easter = easterSunday(year: d.components.year)
        return d != easter.adding(days: -2) && d != easter.adding(days: 1)
    }

    /// The Gregorian Easter Sunday (the anonymous Gregorian algorithm).
    static func easterSunday(year y: Int) -> Day {
        let a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return Day(year: y, month: month, day: day) ?? Day(number: 0)
    }
}
