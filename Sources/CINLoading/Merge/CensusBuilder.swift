import Foundation
import CINModel

/// Validates raw records and merges them across returns into one `CensusData`.
///
/// One class, its jobs in one file each: this file holds the state, the authorities and the report;
/// `CensusBuilder+Validation` turns a return's raw strings into values and reports what is wrong;
/// `CensusBuilder+Merging` adds or merges validated values (the flat file's clean path calls it
/// directly); `CensusBuilder+Finish` hands the merged records to `CensusSort`. The rules themselves are
/// in `Rules/`.
///
/// Merge keys (docs/data-format.md): children by (authority, LAchildID); episodes by (child, CINreferralDate);
/// assessments by (episode, AssessmentActualStartDate, or the authorisation date when the start is
/// missing); section 47s, child protection plans and CIN plans by (episode, start date).
/// When two returns give different non-blank values, the later return's value wins and the
/// conflict is reported; a blank never erases a value.
final class CensusBuilder {
    var report = LoadReport()
    var data = CensusData()
    var childIndex = ChildIDIndex()
    var episodeIndex = ChainIndex()
    var assessmentIndex = ChainIndex()
    var section47Index = ChainIndex()
    var planIndex = ChainIndex()
    var cinPlanIndex = ChainIndex()
    /// Problems already reported, so that a flat file's repeated rows report a fault once.
    var reported: Set<ProblemDigest> = []
    var years: Set<Int> = []
    /// Dates written DD/MM/YYYY per file: reported once per file, with the count.
    var dayMonthYearDates: [String: Int] = [:]

    /// The load rules checked (`Rules/`): all of them, except in tests that switch one off.
    var rules = RuleSwitches()

    /// The child made just after the last child already known: a return lists its children in the same
    /// order each year, so the next known child read is often that one, and checking it (one comparison
    /// of two short strings, in memory read in order) saves a hash lookup that misses the cache. A new
    /// child does not move it.
    var nextChildGuess = 0

    /// Authorities by `Authority.key`, as indexes into `data.authorities` (0: the unnamed one).
    private var authorityIndex: [String: UInt16] = [Authority.unnamed.key: 0]
    /// `data.authorities`' labels, kept apart for `problem`: a merge reports a conflict while it holds
    /// an access to `data` (it updates a record in place), and reading `data` then is an exclusivity
    /// violation (a trap in debug builds, found by the csvdiff fuzzer).
    private var authorityLabels: [String] = CensusData().authorities.map(\.label)

    /// Where the record being added came from.
    struct Origin {
        var file: String
        var year: Int
        var referenceDate: Day?
        /// Index of the record's authority (`authority(written:)`); 0 for a file that names none.
        var authority: UInt16
        init(file: String, year: Int, referenceDate: Day?, authority: UInt16 = 0) {
            self.file = file; self.year = year; self.referenceDate = referenceDate; self.authority = authority
        }
    }

    /// The index of the authority a file names (its `LEA` or `LA` value as written), added on first
    /// sight. Beyond 65,535 distinct authorities (no real data has more than ~150), the rest share
    /// the last index rather than wrap into another authority's.
    func authority(written: String) -> UInt16 {
        let a = LocalAuthorityCodes.resolve(written)
        if let i = authorityIndex[a.key] { return i }
        guard data.authorities.count < Int(UInt16.max) else { return UInt16.max - 1 }
        let i = UInt16(data.authorities.count)
        data.authorities.append(a)
        authorityLabels.append(a.label)
        authorityIndex[a.key] = i
        return i
    }

    init() {}

    func noteFile(_ path: String) { report.files.append(path) }
    func noteFailedFile(_ path: String) { report.failedFiles.append(path) }

    func problem(_ origin: Origin, line: Int, child: String, _ rule: LoadRule, _ action: LoadAction, _ detail: String) {
        let key = ProblemDigest(file: origin.file, authority: origin.authority, child: child, rule: rule, detail: detail)
        guard reported.insert(key).inserted else { return }
        var p = LoadProblem(file: origin.file, line: line, childID: child, rule: rule, action: action, detail: detail)
        if authorityLabels.indices.contains(Int(origin.authority)) { p.authority = authorityLabels[Int(origin.authority)] }
        report.add(p)
    }

    /// A problem that is about a whole file rather than a record.
    func fileProblem(file: String, line: Int, _ rule: LoadRule, _ action: LoadAction, _ detail: String) {
        report.add(LoadProblem(file: file, line: line, childID: "", rule: rule, action: action, detail: detail))
        // A file read only in part (a malformed row or element stopped it) was not loaded whole: it
        // fails the run like an unreadable one (report and explore: exit 2, or --keep-going).
        if action == .stopped && !report.failedFiles.contains(file) { report.failedFiles.append(file) }
    }

    /// A return year seen (the clean flat-file path; `add` notes its own).
    func noteYear(_ year: Int) {
        // Called per group: a Set insert (a hash) only when the year changes.
        if year > 0 && year != lastNotedYear { years.insert(year); lastNotedYear = year }
    }
    private var lastNotedYear = 0

    func incrementDayMonthYear(_ file: String) { dayMonthYearDates[file, default: 0] += 1 }

    /// Fields per file where an integer was written with a decimal point (`1.0`): one note per file.
    private var decimalIntegerFields: [String: Set<String>] = [:]
    func noteDecimalInteger(file: String, field: String) { decimalIntegerFields[file, default: []].insert(field) }

    func endOfFile(_ file: String) {
        if let fields = decimalIntegerFields[file], !fields.isEmpty {
            report.add(LoadProblem(file: file, line: 0, childID: "", rule: .decimalIntegers, action: .kept,
                                   detail: "integers written with a decimal point (1.0, 2021.0: a pandas export?) were read as integers in \(fields.sorted().joined(separator: ", "))"))
        }
        if let n = dayMonthYearDates[file], n > 0 {
            report.add(LoadProblem(file: file, line: 0, childID: "", rule: .dayMonthYearDate, action: .kept,
                                   detail: "\(n) date(s) written DD/MM/YYYY (a spreadsheet round trip?) were read as day/month/year"))
        }
    }

}
