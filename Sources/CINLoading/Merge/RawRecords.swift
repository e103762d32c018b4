import CINModel

/// Records as read from a file, before validation: every value is the string in the file.
/// Both loaders produce these and hand them to `CensusBuilder`, so that the XML and the flat
/// file are checked by the same rules and merged by the same code.
struct RawChild {
    var line: Int
    var id = ""
    var upn = ""
    var birthDate = ""
    var expectedBirthDate = ""
    var deathDate = ""
    var gender = ""
    var ethnicity = ""
    var disabilities: [String] = []
    var episodes: [RawEpisode] = []
}

struct RawEpisode {
    var line: Int
    var referralDate = ""
    var referralSource = ""
    var primaryNeed = ""
    var closureDate = ""
    var reasonForClosure = ""
    var dateOfInitialCPC = ""
    var referralNFA = ""
    var assessments: [RawAssessment] = []
    var section47s: [RawSection47] = []
    var protectionPlans: [RawProtectionPlan] = []
    var cinPlans: [RawCINPlan] = []
    /// Lines of flat-file rows with a blank CINreferralDate whose records were joined to this episode
    /// (`FlatGroupReader.joinBlankReferrals`); reported when the episode is added.
    var joinedBlankReferralLines: [Int] = []
}

struct RawAssessment {
    var line: Int
    var startDate = ""
    var internalReviewDate = ""
    var authorisationDate = ""
    /// One entry per code as written (duplicates kept, so they can be reported).
    var factors: [String] = []
    /// True when the file had a factors container that was empty (`<FactorsIdentifiedAtAssessment/>`).
    var emptyFactorContainer = false
}

struct RawSection47 {
    var line: Int
    var startDate = ""
    var initialCPCTarget = ""
    var dateOfInitialCPC = ""
    var icpcNotRequired = ""
}

struct RawProtectionPlan {
    var line: Int
    var startDate = ""
    var endDate = ""
    var initialCategory = ""
    var latestCategory = ""
    var numberOfPreviousPlans = ""
}

struct RawCINPlan {
    var line: Int
    var startDate = ""
    var endDate = ""
}
