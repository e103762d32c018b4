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

    public mutating func absorb(_ other: LoadReport) {
        for p in other.problems { add(p) }
        // Counts beyond the stored problems.
        for (rule, n) in other.countsByRule {
            let stored = other.problems.lazy.filter { $0.rule == rule }.count
            if n > stored { countsByRule[rule, default: 0] += n - stored }
        }
        files += other.files
        failedFiles += other.failedFiles
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
