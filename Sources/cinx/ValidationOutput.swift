import CINLoading
import CINModel
import CohortEngine
import Foundation

enum ValidationText {
    /// validate prints every count in full, small ones too (the owner needs them to fix the data):
    /// what it prints is for the data owner and says so, unlike the counts `report` and the
    /// explorer print beside a release (docs/privacy.md).
    static let ownersView = "the data owner's view, NOT FOR PUBLICATION: every count in full, small ones too (cinx report and the explorer show those as c)"

    /// 0 clean, 1 problems but data loaded, 2 nothing usable loaded.
    static func exitStatus(_ r: CensusLoader.Result) -> Int {
        if r.data.children.isEmpty { return 2 }
        return r.report.totalProblems == 0 ? 0 : 1
    }

    static func render(summary s: LoadSummary, result: CensusLoader.Result, maxProblems: Int) -> String {
        var out = ownersView + "\n"
        for f in result.formats {
            out += "read \(f.file) (\(f.format == .xml ? "XML return" : "flat CSV")\(f.gzipped ? ", gzip" : ""))\n"
        }
        for f in result.report.failedFiles { out += "FAILED \(f)\n" }
        out += "returns: \(result.data.returnYears.map(String.init).joined(separator: ", "))\n"
        if let byAuthority = s.childrenByAuthority {
            out += "authorities: \(byAuthority.count)\n"
            for (a, n) in byAuthority.sorted(by: { $0.key < $1.key }) { out += "  \(a): \(n) children\n" }
        }
        out += "children: \(s.children)\nepisodes: \(s.episodes)\nassessments: \(s.assessments)\n"
        out += "assessments with factor data: \(s.assessmentsWithFactors)\n"
        out += "section 47 enquiries: \(s.section47s)\nchild protection plans: \(s.protectionPlans)\nCIN plans: \(s.cinPlans)\n"
        out += "assessments with factor data by year authorised:\n"
        for (y, n) in s.assessmentsWithFactorsByYear.sorted(by: { $0.key < $1.key }) { out += "  \(y): \(n)\n" }
        out += "factor codes:"
        for code in AssessmentFactor.list.codes { if let n = s.factorCodes[code] { out += " \(code)=\(n)" } }
        out += "\n"
        let report = result.report
        if report.monthOnlyBirthDates {
            for c in ValidationJSON.dayOfBirthCounts(result) { out += "warning: \(DayOfBirthSensitivity.warning(c))\n" }
        }
        out += "problems: \(report.totalProblems)\n"
        for rule in LoadRule.allCases { let n = report.count(rule); if n > 0 { out += "  \(rule.rawValue): \(n)\n" } }
        if !report.problems.isEmpty {
            out += "first problems:\n"
            for p in report.problems.prefix(maxProblems) { out += "  \(p.formatted)\n" }
            if report.totalProblems > maxProblems { out += "  ... (\(report.totalProblems - min(maxProblems, report.problems.count)) more; --format json lists them)\n" }
        }
        return out
    }
}

enum ValidationJSON {
    /// `authority` only when the load has several authorities; `dfeRule` only on the DfE's rules
    /// (each omitted otherwise: a one-authority load has no authority to name).
    struct Problem: Codable {
        var file: String; var line: Int; var childID: String
        var authority: String?
        var rule: String; var action: String; var detail: String
        var dfeRule: String?
    }
    /// Present only when birth dates are month-only.
    struct MonthOnlyBirthDates: Codable {
        var knownBirthDates: Int
        var onFirstOfMonth: Int
        /// Per return year: children in that year's population whose age band depends on the day of birth.
        var ageBandDependsOnDay: [String: Int]
        var population: [String: Int]
    }
    struct Document: Codable {
        var files: [String]
        var failedFiles: [String]
        var children: Int
        var episodes: Int
        var assessments: Int
        var assessmentsWithFactors: Int
        var section47s: Int
        var protectionPlans: Int
        var cinPlans: Int
        var assessmentsWithFactorsByYear: [String: Int]
        var factorCodes: [String: Int]
        /// Only when the load has several authorities (omitted otherwise).
        var childrenByAuthority: [String: Int]?
        var problemCounts: [String: Int]
        var problemsTotal: Int
        var problems: [Problem]
        var monthOnlyBirthDates: MonthOnlyBirthDates?
        /// Always true: the counts are the data owner's, small ones too (ValidationText.ownersView).
        var notForPublication = true
    }

    /// The count of definition 5's sensitive children for each return year loaded (validate has no --year).
    static func dayOfBirthCounts(_ result: CensusLoader.Result) -> [DayOfBirthSensitivity.Count] {
        result.data.returnYears.map { DayOfBirthSensitivity.count(data: result.data, year: $0) }
    }

    static func monthOnly(_ r: CensusLoader.Result) -> MonthOnlyBirthDates? {
        guard let p = r.report.birthDatePrecision, p.monthOnly else { return nil }
        let counts = dayOfBirthCounts(r)
        return MonthOnlyBirthDates(knownBirthDates: p.known, onFirstOfMonth: p.onFirstOfMonth,
                                   ageBandDependsOnDay: Dictionary(counts.map { (String($0.year), $0.dependOnDay) }, uniquingKeysWith: { a, _ in a }),
                                   population: Dictionary(counts.map { (String($0.year), $0.population) }, uniquingKeysWith: { a, _ in a }))
    }

    static func render(summary s: LoadSummary, result: CensusLoader.Result) -> String {
        let report = result.report
        var counts: [String: Int] = [:]
        for (rule, n) in report.countsByRule { counts[rule.rawValue] = n }
        let doc = Document(files: report.files, failedFiles: report.failedFiles, children: s.children, episodes: s.episodes,
                           assessments: s.assessments, assessmentsWithFactors: s.assessmentsWithFactors,
                           section47s: s.section47s, protectionPlans: s.protectionPlans, cinPlans: s.cinPlans,
                           assessmentsWithFactorsByYear: s.assessmentsWithFactorsByYear, factorCodes: s.factorCodes,
                           childrenByAuthority: s.childrenByAuthority, problemCounts: counts, problemsTotal: report.totalProblems,
                           problems: report.problems.map { Problem(file: $0.file, line: $0.line, childID: $0.childID,
                                                                   authority: $0.authority.isEmpty ? nil : $0.authority,
                                                                   rule: $0.rule.rawValue, action: $0.action.rawValue, detail: $0.detail,
                                                                   dfeRule: $0.rule.dfeRule) },
                           monthOnlyBirthDates: monthOnly(result))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(doc) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
