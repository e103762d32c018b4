import CINModel

/// A load rule on values already read: true or false for a record's values, and what the report
/// says when they break it. Each rule is written once, here or in `DfERules`, and both of a flat
/// file's paths consult the same one: the validating path (`CensusBuilder.add`, which XML returns
/// always take) reports every rule a record breaks (`CensusBuilder.reportBroken`); the clean path
/// (`FlatGroupReader.addClean`) asks whether all pass (`RuleSwitches.allPass`) and otherwise hands
/// the whole group to the validating path, which reports.
struct ValueRule<Subject>: Sendable {
    let rule: LoadRule
    let action: LoadAction
    /// The finding's detail when `subject` breaks the rule; nil when it passes (no String is made).
    let finding: @Sendable (Subject) -> String?

    init(_ rule: LoadRule, action: LoadAction = .kept, finding: @escaping @Sendable (Subject) -> String?) {
        self.rule = rule; self.action = action; self.finding = finding
    }
}

/// Which rules a load checks: every one, except in tests, which switch one off at a time to show
/// that both paths consult it (a path with a private copy of a rule would not change).
struct RuleSwitches {
    var disabled: Set<LoadRule> = []

    @inline(__always)
    func checks(_ rule: LoadRule) -> Bool { disabled.isEmpty || !disabled.contains(rule) }

    /// Whether `subject` passes every rule of `rules` that is checked.
    @inline(__always)
    func allPass<S>(_ rules: [ValueRule<S>], _ subject: S) -> Bool {
        for r in rules where checks(r.rule) && r.finding(subject) != nil { return false }
        return true
    }
}

/// The rules on one record's validated values, by the record they read, in the order the validating
/// path reports them.
enum ValueRules {
    /// A child's dates as one return gives them, with that return's reference date.
    struct ChildDates { var birth: Day?; var expected: Day?; var referenceDate: Day? }
    struct EpisodeDates { var referral: Day; var closure: Day? }
    struct AssessmentDates { var start: Day?; var authorisation: Day? }
    /// One factor code of an assessment (a known code), with the factors given before it.
    struct FactorCode { var code: String; var bit: FactorSet; var before: FactorSet; var year: Int }

    static let child: [ValueRule<ChildDates>] = [
        ValueRule(.birthAndExpectedBirth) { c in
            c.birth != nil && c.expected != nil ? "both PersonBirthDate and ExpectedPersonBirthDate given; both kept" : nil
        },
        ValueRule(.birthAfterReferenceDate) { c in
            guard let b = c.birth, let ref = c.referenceDate, b > ref else { return nil }
            return "PersonBirthDate \(b) is after the return's reference date \(ref)"
        },
    ]

    static let episode: [ValueRule<EpisodeDates>] = [
        ValueRule(.closureBeforeReferral) { e in
            guard let c = e.closure, c < e.referral else { return nil }
            return "CINclosureDate \(c) is before CINreferralDate \(e.referral)"
        },
    ]

    static let assessment: [ValueRule<AssessmentDates>] = [
        ValueRule(.authorisationBeforeStart) { a in
            guard let s = a.start, let auth = a.authorisation, auth < s else { return nil }
            return "AssessmentAuthorisationDate \(auth) is before AssessmentActualStartDate \(s)"
        },
    ]

    static let factorCode: [ValueRule<FactorCode>] = [
        ValueRule(.duplicateFactor) { f in f.before.contains(f.bit) ? "factor \(f.code) given twice" : nil },
        ValueRule(.codeOutsideSchemaYear) { f in
            f.year > 0 && !factorInSchema(f.code, year: f.year) ? "factor \(f.code) is not in the \(f.year) schema" : nil
        },
    ]

    static let factors: [ValueRule<FactorSet>] = [
        ValueRule(.factor21WithOthers) { set in
            guard set.contains(AssessmentFactor.noFactors) && set != AssessmentFactor.noFactors else { return nil }
            return "factor 21 (no factors identified) with other factors: \(set.codes.joined(separator: ","))"
        },
    ]

    /// Every rule above, for tests that break each in turn.
    static var all: [LoadRule] {
        child.map(\.rule) + episode.map(\.rule) + assessment.map(\.rule) + factorCode.map(\.rule) + factors.map(\.rule)
    }

    /// Factor codes that exist only in some schema years (collection year ending 31 March).
    static func factorInSchema(_ code: String, year: Int) -> Bool {
        switch code {
        case "18A", "19A": return year <= 2020 || year >= 2025  // Social Finance's 2025 schema re-admits them
        case "18B", "18C", "19B", "19C": return year >= 2021
        case "24A": return year >= 2022
        default: return true
        }
    }

    /// Dates outside these years are taken as typing errors (`implausible-date`, value cleared); the
    /// clean path's date reader accepts only these years too (`CleanField.MonthTable`).
    static let plausibleYears = 1900...2040
    static let earliestPlausible = Day(year: plausibleYears.lowerBound, month: 1, day: 1) ?? Day(number: Int32.min)
    static let latestPlausible = Day(year: plausibleYears.upperBound, month: 12, day: 31) ?? Day(number: Int32.max)
}

extension CensusBuilder {
    /// Reports every checked rule of `rules` that `subject` breaks, in order.
    func reportBroken<S>(_ rules: [ValueRule<S>], _ subject: S, _ origin: Origin, line: Int, child: String) {
        for r in rules where self.rules.checks(r.rule) {
            if let detail = r.finding(subject) { problem(origin, line: line, child: child, r.rule, r.action, detail) }
        }
    }
}
