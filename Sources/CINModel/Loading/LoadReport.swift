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
}
