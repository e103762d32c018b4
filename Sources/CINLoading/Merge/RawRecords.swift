import CINModel

/// Records as read from a file, before validation: every value is the string in the file.
/// Both loaders produce these and hand them to `CensusBuilder`, so that the XML and the flat
/// file are checked by the same rules and merged by the same code.
struct RawChild: Equatable {
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
    /// XML: the line of the first of a run of identical copies of this child element that followed it
    /// (`XMLReturnHandler.keep`).
    var repeatedAtLine: Int?

    /// The same values, wherever they were read.
    func hasSameContent(as other: RawChild) -> Bool { withoutLines == other.withoutLines }

    private var withoutLines: RawChild {
        var c = self
        c.line = 0
        c.repeatedAtLine = nil
        for e in c.episodes.indices {
            c.episodes[e].line = 0
            c.episodes[e].joinedBlankReferralLines = []
            for i in c.episodes[e].assessments.indices { c.episodes[e].assessments[i].line = 0 }
            for i in c.episodes[e].section47s.indices { c.episodes[e].section47s[i].line = 0 }
            for i in c.episodes[e].protectionPlans.indices { c.episodes[e].protectionPlans[i].line = 0 }
            for i in c.episodes[e].cinPlans.indices { c.episodes[e].cinPlans[i].line = 0 }
        }
        return c
    }
}

struct RawEpisode: Equatable {
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

struct RawAssessment: Equatable {
    var line: Int
    var startDate = ""
    var internalReviewDate = ""
    var authorisationDate = ""
    /// One entry per code as written (duplicates kept, so they can be reported).
    var factors: [String] = []
    /// True when the file had a factors container that was empty (`<FactorsIdentifiedAtAssessment/>`).
    var emptyFactorContainer = false
}

struct RawSection47: Equatable {
    var line: Int
    var startDate = ""
    var initialCPCTarget = ""
    var dateOfInitialCPC = ""
    var icpcNotRequired = ""
}

struct RawProtectionPlan: Equatable {
    var line: Int
    var startDate = ""
    var endDate = ""
    var initialCategory = ""
    var latestCategory = ""
    var numberOfPreviousPlans = ""
}

struct RawCINPlan: Equatable {
    var line: Int
    var startDate = ""
    var endDate = ""
}
