import CINModel

/// The load rules on values already read: one date against another or the return's reference date,
/// and the factor codes of an assessment. Each rule is written once, in the function of the record it
/// reads below, as its `LoadRule`, its action and its finding (the report's detail when the values
/// break it, nil when they pass). The paths differ only in what they do with a rule, the `RuleSink`
/// they pass: the validating path (`CensusBuilder.add`, which XML returns always take) reports every
/// rule broken (`RuleReporter`); the flat file's clean path (`FlatGroupDecoder`) asks whether all
/// pass (`RuleJudge`) and otherwise hands the group to the validating path, which reports. `DfERules`
/// holds the DfE's rules, which both paths report.
protocol RuleSink {
    /// One rule on `subject`, in order; false stops the rest (the clean path stops at the first broken
    /// rule). `finding` is not called for a rule switched off.
    func rule<S>(_ rule: LoadRule, _ action: LoadAction, _ subject: S, _ finding: (S) -> String?) -> Bool
}

/// Which rules a load checks: every one, except in tests, which switch one off at a time to show
/// that both paths consult it (a path with a private copy of a rule would not change).
struct RuleSwitches {
    var disabled: Set<LoadRule> = []

    @inline(__always)
    func checks(_ rule: LoadRule) -> Bool { disabled.isEmpty || !disabled.contains(rule) }
}

/// The clean path's sink: true while every rule checked passes.
struct RuleJudge: RuleSink {
    let switches: RuleSwitches
    @inline(__always)
    func rule<S>(_ rule: LoadRule, _ action: LoadAction, _ subject: S, _ finding: (S) -> String?) -> Bool {
        !switches.checks(rule) || finding(subject) == nil
    }
}

/// The validating path's sink: reports every rule broken, against the record it was read from.
struct RuleReporter: RuleSink {
    let builder: CensusBuilder
    let origin: CensusBuilder.Origin
    let line: Int
    let child: String
    @inline(__always)
    func rule<S>(_ rule: LoadRule, _ action: LoadAction, _ subject: S, _ finding: (S) -> String?) -> Bool {
        if builder.rules.checks(rule), let detail = finding(subject) {
            builder.problem(origin, line: line, child: child, rule, action, detail)
        }
        return true
    }
}

/// Lists the rules a function below checks, without checking them (`ValueRules.all`).
final class RuleLister: RuleSink {
    private(set) var rules: [LoadRule] = []
    func rule<S>(_ rule: LoadRule, _ action: LoadAction, _ subject: S, _ finding: (S) -> String?) -> Bool {
        rules.append(rule)
        return true
    }
}

/// The rules on one record's validated values, by the record they read, in the order the validating
/// path reports them. Each returns whether all passed (for a sink that stops, up to the first broken).
enum ValueRules {
    /// A child's dates as one return gives them, with that return's reference date.
    struct ChildDates { var birth: Day?; var expected: Day?; var referenceDate: Day? }
    struct EpisodeDates { var referral: Day; var closure: Day? }
    struct AssessmentDates { var start: Day?; var authorisation: Day? }
    /// One factor code of an assessment (a known code), with the factors given before it.
    struct FactorCode { var code: String; var bit: FactorSet; var before: FactorSet; var year: Int }

    /// A return's header: the collection Year and the ReferenceDate, as the XML return gives them (a
    /// flat file has no header: its `YEAR` is the only statement of the year). The census year ends on
    /// the reference date, 31 March of Year; a header that contradicts itself leaves the return's year,
    /// which orders the merge and bounds the DfE rules' census year, in doubt.
    struct Header { var year: Int; var referenceDate: Day? }

    @inline(__always) @discardableResult
    static func header<K: RuleSink>(_ h: Header, into sink: K) -> Bool {
        sink.rule(.yearNotReferenceDateYear, .kept, h) { h in
            guard h.year > 0, let ref = h.referenceDate, ref.components.year != h.year else { return nil }
            return "collection Year \(h.year) does not match the ReferenceDate \(ref), whose year is \(ref.components.year); Year \(h.year) used"
        }
        && sink.rule(.referenceDateNot31March, .kept, h) { h in
            guard let ref = h.referenceDate else { return nil }
            let c = ref.components
            return c.month == 3 && c.day == 31 ? nil : "ReferenceDate \(ref) is not 31 March (a census year ends on 31 March); the DfE rules' census year ends on it as given"
        }
    }

    @inline(__always) @discardableResult
    static func child<K: RuleSink>(_ c: ChildDates, into sink: K) -> Bool {
        sink.rule(.birthAndExpectedBirth, .kept, c) { c in
            c.birth != nil && c.expected != nil ? "both PersonBirthDate and ExpectedPersonBirthDate given; both kept" : nil
        }
        && sink.rule(.birthAfterReferenceDate, .kept, c) { c in
            guard let b = c.birth, let ref = c.referenceDate, b > ref else { return nil }
            return "PersonBirthDate \(b) is after the return's reference date \(ref)"
        }
    }

    @inline(__always) @discardableResult
    static func episode<K: RuleSink>(_ e: EpisodeDates, into sink: K) -> Bool {
        sink.rule(.closureBeforeReferral, .kept, e) { e in
            guard let c = e.closure, c < e.referral else { return nil }
            return "CINclosureDate \(c) is before CINreferralDate \(e.referral)"
        }
    }

    @inline(__always) @discardableResult
    static func assessment<K: RuleSink>(_ a: AssessmentDates, into sink: K) -> Bool {
        sink.rule(.authorisationBeforeStart, .kept, a) { a in
            guard let s = a.start, let auth = a.authorisation, auth < s else { return nil }
            return "AssessmentAuthorisationDate \(auth) is before AssessmentActualStartDate \(s)"
        }
    }

    @inline(__always) @discardableResult
    static func factorCode<K: RuleSink>(_ f: FactorCode, into sink: K) -> Bool {
        sink.rule(.duplicateFactor, .kept, f) { f in f.before.contains(f.bit) ? "factor \(f.code) given twice" : nil }
        && sink.rule(.codeOutsideSchemaYear, .kept, f) { f in
            f.year > 0 && !factorInSchema(f.bit, year: f.year) ? "factor \(f.code) is not in the \(f.year) schema" : nil
        }
    }

    @inline(__always) @discardableResult
    static func factors<K: RuleSink>(_ set: FactorSet, into sink: K) -> Bool {
        sink.rule(.factor21WithOthers, .kept, set) { set in
            guard set.contains(AssessmentFactor.noFactors) && set != AssessmentFactor.noFactors else { return nil }
            return "factor 21 (no factors identified) with other factors: \(set.codes.joined(separator: ","))"
        }
    }

    /// The header's rules (XML returns only; tests break each in a return's header).
    static var headerRules: [LoadRule] {
        let lister = RuleLister()
        header(.init(year: 0, referenceDate: nil), into: lister)
        return lister.rules
    }

    /// Every rule on a record's values above, read from the functions themselves (tests break each in turn).
    static var all: [LoadRule] {
        let lister = RuleLister()
        child(.init(birth: nil, expected: nil, referenceDate: nil), into: lister)
        episode(.init(referral: Day(number: 0), closure: nil), into: lister)
        assessment(.init(start: nil, authorisation: nil), into: lister)
        factorCode(.init(code: "", bit: FactorSet(), before: FactorSet(), year: 0), into: lister)
        factors(FactorSet(), into: lister)
        return lister.rules
    }

    /// Whether a factor (by its bit) exists in a schema year (collection year ending 31 March): some
    /// exist only in some years. Asked for every factor of every assessment, so it tests bits rather
    /// than comparing codes as strings.
    @inline(__always)
    static func factorInSchema(_ bit: FactorSet, year: Int) -> Bool {
        if bit.rawValue & SchemaYears.to2020AndFrom2025.rawValue != 0 { return year <= 2020 || year >= 2025 }
        if bit.rawValue & SchemaYears.from2021.rawValue != 0 { return year >= 2021 }
        if bit.rawValue & SchemaYears.from2022.rawValue != 0 { return year >= 2022 }
        return true
    }

    /// The factor codes whose schema years are limited.
    private enum SchemaYears {
        /// Social Finance's 2025 schema re-admits them.
        static let to2020AndFrom2025 = FactorSet(codes: ["18A", "19A"])
        static let from2021 = FactorSet(codes: ["18B", "18C", "19B", "19C"])
        static let from2022 = FactorSet(codes: ["24A"])
    }

    /// Dates outside these years are taken as typing errors (`implausible-date`, value cleared); the
    /// clean path's date reader accepts only these years too (`CleanField.MonthTable`).
    static let plausibleYears = 1900...2040
    static let earliestPlausible = Day(year: plausibleYears.lowerBound, month: 1, day: 1) ?? Day(number: Int32.min)
    static let latestPlausible = Day(year: plausibleYears.upperBound, month: 12, day: 31) ?? Day(number: Int32.max)
}

extension CensusBuilder {
    /// The validating path's sink for one record.
    func reporter(_ origin: Origin, line: Int, child: String) -> RuleReporter {
        RuleReporter(builder: self, origin: origin, line: line, child: child)
    }
}
