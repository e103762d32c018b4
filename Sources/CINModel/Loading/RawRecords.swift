/// Records as read from a file, before validation: every value is the string in the file.
/// Both loaders produce these and hand them to `CensusBuilder`, so that the XML and the flat
/// file are checked by the same rules and merged by the same code.
public struct RawChild {
    public var line: Int
    public var id = ""
    public var upn = ""
    public var birthDate = ""
    public var expectedBirthDate = ""
    public var deathDate = ""
    public var gender = ""
    public var ethnicity = ""
    public var disabilities: [String] = []
    public var episodes: [RawEpisode] = []
    public init(line: Int) { self.line = line }
}

public struct RawEpisode {
    public var line: Int
    public var referralDate = ""
    public var referralSource = ""
    public var primaryNeed = ""
    public var closureDate = ""
    public var reasonForClosure = ""
    public var dateOfInitialCPC = ""
    public var referralNFA = ""
    public var assessments: [RawAssessment] = []
    public var section47s: [RawSection47] = []
    public var protectionPlans: [RawProtectionPlan] = []
    public var cinPlans: [RawCINPlan] = []
    /// Lines of flat-file rows with a blank CINreferralDate whose records were joined to this episode
    /// (`FlatGroupReader.joinBlankReferrals`); reported when the episode is added.
    public var joinedBlankReferralLines: [Int] = []
    public init(line: Int) { self.line = line }
}

public struct RawAssessment {
    public var line: Int
    public var startDate = ""
    public var internalReviewDate = ""
    public var authorisationDate = ""
    /// One entry per code as written (duplicates kept, so they can be reported).
    public var factors: [String] = []
    /// True when the file had a factors container that was empty (`<FactorsIdentifiedAtAssessment/>`).
    public var emptyFactorContainer = false
    public init(line: Int) { self.line = line }
}

public struct RawSection47 {
    public var line: Int
    public var startDate = ""
    public var initialCPCTarget = ""
    public var dateOfInitialCPC = ""
    public var icpcNotRequired = ""
    public init(line: Int) { self.line = line }
}

public struct RawProtectionPlan {
    public var line: Int
    public var startDate = ""
    public var endDate = ""
    public var initialCategory = ""
    public var latestCategory = ""
    public var numberOfPreviousPlans = ""
    public init(line: Int) { self.line = line }
}

public struct RawCINPlan {
    public var line: Int
    public var startDate = ""
    public var endDate = ""
    public init(line: Int) { self.line = line }
}
