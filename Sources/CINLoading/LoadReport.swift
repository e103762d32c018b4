import CINModel

/// Every problem found while loading, with where it was and what was done about it.
/// Nothing is dropped silently: a record is skipped or a value cleared only when it cannot be used,
/// and each time one line is added here. Lines name the one child they are about and no more.
public struct LoadProblem: Sendable, Equatable {
    public var file: String
    /// 1-based line in the (decompressed) file; 0 when not known.
    public var line: Int
    public var childID: String
    /// The child's authority as shown (`Authority.label`) when the load has several; empty otherwise.
    public var authority: String = ""
    public var rule: LoadRule
    public var action: LoadAction
    public var detail: String

    public init(file: String, line: Int, childID: String, rule: LoadRule, action: LoadAction, detail: String) {
        self.file = file; self.line = line; self.childID = childID; self.rule = rule; self.action = action; self.detail = detail
    }

    public var formatted: String {
        let who = childID.isEmpty ? "" : authority.isEmpty ? " child \(childID):" : " child \(childID) of \(authority):"
        return "\(file):\(line):\(who) \(rule.rawValue): \(detail) [\(action.rawValue)]"
    }
}

public enum LoadAction: String, Sendable, Codable {
    case kept = "kept as is"
    case cleared = "value cleared"
    case skipped = "record skipped"
    case merged = "later return's value used"
    case stopped = "rest of file not loaded"
    case ignored = "ignored"
    case joined = "joined the child's only matching episode"
}

/// The rules a load checks. Raw values are the stable names used in reports and JSON.
public enum LoadRule: String, Sendable, CaseIterable, Codable {
    case unreadableFile = "unreadable-file"
    case malformedXML = "malformed-xml"
    case notACINReturn = "not-a-cin-return"
    case missingColumn = "missing-column"
    case duplicateColumn = "duplicate-column"
    case wrongColumnCount = "wrong-column-count"
    case unknownRowType = "unknown-row-type"
    case missingChildID = "missing-child-id"
    case duplicateChildInReturn = "duplicate-child-in-return"
    case missingReferralDate = "missing-referral-date"
    case unparseableDate = "unparseable-date"
    case dayMonthYearDate = "day-month-year-date"
    case implausibleDate = "implausible-date"
    case closureBeforeReferral = "closure-before-referral"
    case authorisationBeforeStart = "authorisation-before-start"
    case birthAfterReferenceDate = "birth-after-reference-date"
    case birthAndExpectedBirth = "birth-and-expected-birth-date"
    case unknownCode = "unknown-code"
    case codeOutsideSchemaYear = "code-outside-schema-year"
    case factor21WithOthers = "factor-21-with-others"
    case duplicateFactor = "duplicate-factor"
    case emptyFactors = "empty-factors"
    case unknownElement = "unknown-element"
    case strayText = "stray-text"
    case mergeConflict = "merge-conflict"
    case missingYear = "missing-year"
    case yearNotReferenceDateYear = "year-not-reference-date-year"
    case referenceDateNot31March = "reference-date-not-31-march"
    case decimalIntegers = "decimal-integers"
    case monthOnlyBirthDates = "month-only-birth-dates"
    // The DfE's CIN validation rules (csc-validator-be-cin 0.1.13, cin2022_23) that bear on the FOI
    // tables; each is checked within one return, as the DfE checks it (DfERules).
    case dfe1103 = "dfe-1103-assessment-before-referral"
    case dfe2889 = "dfe-2889-s47-before-referral"
    case dfe1104 = "dfe-1104-icpc-before-referral"
    case dfe1105 = "dfe-1105-cpp-before-referral"
    case dfe8565 = "dfe-8565-activity-after-closure"
    case dfe8600 = "dfe-8600-referral-after-reference-date"
    case dfe8620 = "dfe-8620-closure-outside-census-year"
    case dfe8696 = "dfe-8696-assessment-authorised-outside-census-year"
    case dfe4013 = "dfe-4013-cin-plan-end-outside-census-year"
    case dfe8930 = "dfe-8930-cpp-end-outside-census-year"
    case dfe8831 = "dfe-8831-activity-on-nfa-referral"
    case dfe8832 = "dfe-8832-cpp-on-nfa-referral"
    case dfe8569Q = "dfe-8569Q-nfa-referral-before-census-year"

    /// The DfE validation rule number this kind implements, if it is one of the DfE's rules.
    public var dfeRule: String? {
        guard rawValue.hasPrefix("dfe-") else { return nil }
        return String(rawValue.dropFirst(4).prefix { $0 != "-" })
    }

    /// The rule in words for a reader without the documentation (a workbook's notes), with the
    /// DfE's number where it is one of theirs: "A no-further-action referral before the census
    /// year (DfE rule 8569Q)". The raw value stays the name that reports and JSON use.
    public var title: String {
        let words: String
        switch self {
        case .unreadableFile: words = "A file could not be read"
        case .malformedXML: words = "A file is not well-formed XML"
        case .notACINReturn: words = "A file is not a CIN census return"
        case .missingColumn: words = "A CSV column is missing"
        case .duplicateColumn: words = "A CSV column appears twice"
        case .wrongColumnCount: words = "A CSV line has the wrong number of columns"
        case .unknownRowType: words = "A CSV line of an unknown type"
        case .missingChildID: words = "A child without an identifier"
        case .duplicateChildInReturn: words = "A child appears twice in one return"
        case .missingReferralDate: words = "An episode without a referral date"
        case .unparseableDate: words = "A date that cannot be read"
        case .dayMonthYearDate: words = "A date written day/month/year"
        case .implausibleDate: words = "An implausible date"
        case .closureBeforeReferral: words = "A closure before its referral"
        case .authorisationBeforeStart: words = "An assessment authorised before it started"
        case .birthAfterReferenceDate: words = "A birth date after the census date"
        case .birthAndExpectedBirth: words = "Both a birth date and an expected birth date"
        case .unknownCode: words = "A code the DfE does not define"
        case .codeOutsideSchemaYear: words = "A code not in use in the return's year"
        case .factor21WithOthers: words = "Factor 21 (no factors) beside other factors"
        case .duplicateFactor: words = "A factor given twice on one assessment"
        case .emptyFactors: words = "An assessment with an empty factor list"
        case .unknownElement: words = "An XML element the census does not define"
        case .strayText: words = "Stray text in the XML"
        case .mergeConflict: words = "Two returns disagree on a value"
        case .missingYear: words = "A return without its year"
        case .yearNotReferenceDateYear: words = "A return's year differs from its census date's year"
        case .referenceDateNot31March: words = "A census date that is not 31 March"
        case .decimalIntegers: words = "Whole numbers written with decimals"
        case .monthOnlyBirthDates: words = "Birth dates given to the month only"
        case .dfe1103: words = "An assessment before its referral"
        case .dfe2889: words = "A section 47 enquiry before its referral"
        case .dfe1104: words = "An initial child protection conference before its referral"
        case .dfe1105: words = "A child protection plan before its referral"
        case .dfe8565: words = "Activity after the episode closed"
        case .dfe8600: words = "A referral after the census date"
        case .dfe8620: words = "A closure outside the census year"
        case .dfe8696: words = "An assessment authorised outside the census year"
        case .dfe4013: words = "A CIN plan ending outside the census year"
        case .dfe8930: words = "A child protection plan ending outside the census year"
        case .dfe8831: words = "Activity on a no-further-action referral"
        case .dfe8832: words = "A child protection plan on a no-further-action referral"
        case .dfe8569Q: words = "A no-further-action referral before the census year"
        }
        return dfeRule.map { "\(words) (DfE rule \($0))" } ?? words
    }
}

public struct LoadReport: Sendable {
    /// Problems in the order found; after `maxStored` only the counts grow.
    public private(set) var problems: [LoadProblem] = []
    public private(set) var countsByRule: [LoadRule: Int] = [:]
    public var files: [String] = []
    /// Files that could not be read at all.
    public var failedFiles: [String] = []
    public static let maxStored = 100_000

    public init() {}

    public mutating func add(_ p: LoadProblem) {
        countsByRule[p.rule, default: 0] += 1
        if problems.count < LoadReport.maxStored { problems.append(p) }
    }

    /// Drops the authority from every problem (a load with one authority).
    mutating func clearAuthorities() {
        for i in problems.indices { problems[i].authority = "" }
    }

    public var totalProblems: Int { countsByRule.values.reduce(0, +) }
    public func count(_ rule: LoadRule) -> Int { countsByRule[rule] ?? 0 }

    /// Set when birth dates (nearly) all fall on the 1st of the month (`BirthDatePrecision`): age
    /// bands are then approximate.
    public var birthDatePrecision: BirthDatePrecision?
    public var monthOnlyBirthDates: Bool { birthDatePrecision?.monthOnly ?? false }
}
