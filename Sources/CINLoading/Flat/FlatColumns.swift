import CINModel

/// Positions of the flat file's columns, resolved once from the header (-1 for a column the file
/// does not have: its value reads as blank).
struct FlatColumns: Sendable {
    let width: Int
    let id, type, year, gender: Int
    /// liiatools' `LA`: the authority's name (or code), which with LAchildID identifies a child.
    let authority: Int
    /// Columns whose values are the child's: a row that differs in any of them starts a new group.
    let child: [Int]
    /// Columns whose values are the episode's; DateOfInitialCPC last, since on S47 rows it holds the
    /// enquiry's own date (those rows' episodes are told apart without it).
    let episode: [Int]
    let episodeOfS47Rows: [Int]
    let upn, birthDate, expectedBirthDate, deathDate, ethnicity, disabilities: Int
    let referralDate, referralSource, primaryNeed, closureDate, reasonForClosure, referralNFA, dateOfInitialCPC: Int
    let assessmentStart, assessmentReview, assessmentAuthorisation, factors: Int
    let cinPlanStart, cinPlanEnd: Int
    let s47Start, initialCPCTarget, icpcNotRequired: Int
    let cppStart, cppEnd, initialCategory, latestCategory, previousPlans: Int
    /// The run of columns from the first to the last child column, YEAR and LA, and from the first to the
    /// last episode column: when two plain rows have the same bytes over a run, they have the same
    /// values in every column of it (one comparison instead of one per column; see `FlatRowBatch`).
    let childRun: ClosedRange<Int>?
    let episodeRun: ClosedRange<Int>?
    /// Whether each event type's date column is present (indexed by `EventType.ordinal`).
    let typeHasColumn: [Bool]

    init(index: [String: Int], width: Int) {
        func c(_ name: String) -> Int { index[name] ?? -1 }
        self.width = width
        id = c("LAchildID"); type = c("Type"); year = c("YEAR"); authority = c("LA")
        gender = index["GenderCurrent"] != nil ? c("GenderCurrent") : c("Sex")
        upn = c("UPN"); birthDate = c("PersonBirthDate"); expectedBirthDate = c("ExpectedPersonBirthDate")
        deathDate = c("PersonDeathDate"); ethnicity = c("Ethnicity"); disabilities = c("Disabilities")
        referralDate = c("CINreferralDate"); referralSource = c("ReferralSource"); primaryNeed = c("PrimaryNeedCode")
        closureDate = c("CINclosureDate"); reasonForClosure = c("ReasonForClosure"); referralNFA = c("ReferralNFA")
        dateOfInitialCPC = c("DateOfInitialCPC")
        // Both gender columns: a row that changes either one starts a new group.
        child = [upn, birthDate, expectedBirthDate, c("GenderCurrent"), c("Sex"), deathDate, ethnicity, disabilities]
        episode = [referralDate, referralSource, primaryNeed, closureDate, reasonForClosure, referralNFA, dateOfInitialCPC]
        episodeOfS47Rows = Array(episode.dropLast())
        assessmentStart = c("AssessmentActualStartDate"); assessmentReview = c("AssessmentInternalReviewDate")
        assessmentAuthorisation = c("AssessmentAuthorisationDate"); factors = c("Factors")
        cinPlanStart = c("CINPlanStartDate"); cinPlanEnd = c("CINPlanEndDate")
        s47Start = c("S47ActualStartDate"); initialCPCTarget = c("InitialCPCtarget"); icpcNotRequired = c("ICPCnotRequired")
        cppStart = c("CPPstartDate"); cppEnd = c("CPPendDate"); initialCategory = c("InitialCategoryOfAbuse")
        latestCategory = c("LatestCategoryOfAbuse"); previousPlans = c("NumberOfPreviousCPP")
        typeHasColumn = FlatFileLoader.EventType.allCases.map { index[$0.rawValue] != nil }
        func run(_ cols: [Int]) -> ClosedRange<Int>? {
            let present = cols.filter { $0 >= 0 }
            guard let lo = present.min(), let hi = present.max() else { return nil }
            return lo...hi
        }
        childRun = run(child + [year, authority])
        episodeRun = run(episode)
    }
}
