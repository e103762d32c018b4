/// The in-memory census model: flat arrays of small value types, linked by index, so that the
/// engine scans contiguous memory. Codes are small integers (see `Codes/`), dates are `Day`s.
/// `sourceYear` is the collection year of the return that last set the record's values (merge rule).

public struct ChildRecord: Equatable, Sendable {
    public var id: String
    public var upn: String
    public var birthDate: Day?
    public var expectedBirthDate: Day?
    public var deathDate: Day?
    /// Index into `Gender.list` (0: not given).
    public var gender: UInt8
    /// Index into `Ethnicity.list`, or `Ethnicity.unknown`.
    public var ethnicity: UInt8
    /// One bit per `Disability.list` entry.
    public var disabilities: UInt16
    public var sourceYear: Int16
    /// Index into `CensusData.authorities` (0: the unnamed authority).
    public var authority: UInt16 = 0

    public init(id: String, upn: String = "", birthDate: Day? = nil, expectedBirthDate: Day? = nil,
                deathDate: Day? = nil, gender: UInt8 = 0, ethnicity: UInt8 = Ethnicity.unknown,
                disabilities: UInt16 = 0, sourceYear: Int16 = 0) {
        self.id = id; self.upn = upn; self.birthDate = birthDate; self.expectedBirthDate = expectedBirthDate
        self.deathDate = deathDate; self.gender = gender; self.ethnicity = ethnicity
        self.disabilities = disabilities; self.sourceYear = sourceYear
    }

    /// True when the child has a disability other than NONE.
    public var hasDisability: Bool { disabilities & ~1 != 0 }
}

/// One episode of need (a CINdetails block).
public struct EpisodeRecord: Equatable, Sendable {
    public var child: Int32
    public var referralDate: Day
    public var referralSource: UInt8
    /// 0...9 for N0...N9, `PrimaryNeed.unknown` otherwise.
    public var primaryNeed: UInt8
    public var closureDate: Day?
    public var reasonForClosure: UInt8
    public var dateOfInitialCPC: Day?
    /// ReferralNFA: `1`/`true` in any case is true; blank or absent is false.
    public var referralNFA: Bool
    public var sourceYear: Int16

    public init(child: Int32, referralDate: Day, referralSource: UInt8 = 0, primaryNeed: UInt8 = PrimaryNeed.unknown,
                closureDate: Day? = nil, reasonForClosure: UInt8 = 0, dateOfInitialCPC: Day? = nil,
                referralNFA: Bool = false, sourceYear: Int16 = 0) {
        self.child = child; self.referralDate = referralDate; self.referralSource = referralSource
        self.primaryNeed = primaryNeed; self.closureDate = closureDate; self.reasonForClosure = reasonForClosure
        self.dateOfInitialCPC = dateOfInitialCPC; self.referralNFA = referralNFA; self.sourceYear = sourceYear
    }
}

public struct AssessmentRecord: Equatable, Sendable {
    public var episode: Int32
    public var startDate: Day?
    public var internalReviewDate: Day?
    public var authorisationDate: Day?
    public var factors: FactorSet
    public var sourceYear: Int16

    public init(episode: Int32, startDate: Day?, internalReviewDate: Day? = nil, authorisationDate: Day?,
                factors: FactorSet, sourceYear: Int16 = 0) {
        self.episode = episode; self.startDate = startDate; self.internalReviewDate = internalReviewDate
        self.authorisationDate = authorisationDate; self.factors = factors; self.sourceYear = sourceYear
    }

    /// Definition 2: authorised, with at least one factor code (21 counts).
    public var hasFactorData: Bool { authorisationDate != nil && factors.rawValue != 0 }
}

public struct Section47Record: Equatable, Sendable {
    public var episode: Int32
    public var startDate: Day?
    public var initialCPCTarget: Day?
    public var dateOfInitialCPC: Day?
    public var icpcNotRequired: Bool
    public var sourceYear: Int16
    public init(episode: Int32, startDate: Day?, initialCPCTarget: Day? = nil, dateOfInitialCPC: Day? = nil,
                icpcNotRequired: Bool = false, sourceYear: Int16 = 0) {
        self.episode = episode; self.startDate = startDate; self.initialCPCTarget = initialCPCTarget
        self.dateOfInitialCPC = dateOfInitialCPC; self.icpcNotRequired = icpcNotRequired; self.sourceYear = sourceYear
    }
}

public struct ProtectionPlanRecord: Equatable, Sendable {
    public var episode: Int32
    public var startDate: Day?
    public var endDate: Day?
    /// Index into `CategoryOfAbuse.list`.
    public var initialCategory: UInt8
    public var latestCategory: UInt8
    public var numberOfPreviousPlans: Int16
    public var sourceYear: Int16
    public init(episode: Int32, startDate: Day?, endDate: Day? = nil, initialCategory: UInt8 = 0,
                latestCategory: UInt8 = 0, numberOfPreviousPlans: Int16 = -1, sourceYear: Int16 = 0) {
        self.episode = episode; self.startDate = startDate; self.endDate = endDate
        self.initialCategory = initialCategory; self.latestCategory = latestCategory
        self.numberOfPreviousPlans = numberOfPreviousPlans; self.sourceYear = sourceYear
    }
}

public struct CINPlanRecord: Equatable, Sendable {
    public var episode: Int32
    public var startDate: Day?
    public var endDate: Day?
    public var sourceYear: Int16
    public init(episode: Int32, startDate: Day?, endDate: Day? = nil, sourceYear: Int16 = 0) {
        self.episode = episode; self.startDate = startDate; self.endDate = endDate; self.sourceYear = sourceYear
    }
}
