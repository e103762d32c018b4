import CINModel

/// The columnar index for one reporting year: one entry per child in the population (children with
/// an assessment with factor data authorised in the year), each column a compact array, so that a
/// cohort x dimension table is one pass over a few arrays. Built once per load and settings.
public struct CohortIndex: Sendable, Equatable {
    public let settings: AnalysisSettings
    /// Index into `CensusData.children` of each population member.
    public let child: [Int32]
    /// Factor bits of the first assessment (the union when several are authorised that day).
    public let factors: [UInt64]
    /// The first assessment's authorisation date (day number).
    public let authorisation: [Int32]
    /// Single-valued columns, indexed by `Dimension.columnSlot`.
    public let ageBand: [UInt8]
    public let ethnicity: [UInt8]
    public let ethnicGroup: [UInt8]
    public let gender: [UInt8]
    public let disability: [UInt8]
    public let need: [UInt8]
    public let protectionCategory: [UInt8]
    /// The child's `AuthorityColumns` column.
    public let authority: [UInt8]
    /// Follow-up outcome bits (`FollowUp.Outcome`).
    public let outcomes: [UInt8]

    public var count: Int { child.count }

    /// - Parameter authorityColumns: the data's authority columns, when the caller has them already.
    public init(data: CensusData, settings: AnalysisSettings, authorityColumns: AuthorityColumns? = nil) {
        self.settings = settings
        let start = CollectionYear.start(settings.year)
        let end = CollectionYear.end(settings.year)
        var child: [Int32] = [], factors: [UInt64] = [], auth: [Int32] = []
        var age: [UInt8] = [], eth: [UInt8] = [], grp: [UInt8] = [], gen: [UInt8] = [], dis: [UInt8] = []
        var need: [UInt8] = [], cat: [UInt8] = [], out: [UInt8] = [], authority: [UInt8] = []
        let authorityColumns = authorityColumns ?? AuthorityColumns(data: data)
        let rules = FirstAssessment.Rules(settings)
        for c in data.children.indices {
            guard let first = FirstAssessment.find(child: c, in: data, from: start, to: end, rules: rules) else { continue }
            let record = data.children[c]
            child.append(Int32(c))
            factors.append(first.factors.rawValue)
            auth.append(first.authorisation.number)
            age.append(AgeBand.at(first.ageDate(settings.ageAt), birth: record.birthDate, expectedBirth: record.expectedBirthDate).rawValue)
            eth.append(record.ethnicity)
            grp.append(Ethnicity.group(of: record.ethnicity))
            gen.append(Gender.dimensionValue(record.gender))
            dis.append(record.hasDisability ? 0 : 1)
            authority.append(authorityColumns.column(ofChild: record))
            let f = FollowUp.compute(child: c, first: first, in: data, settings: settings)
            need.append(f.need)
            cat.append(f.protectionCategory)
            out.append(f.outcomes)
        }
        self.child = child; self.factors = factors; self.authorisation = auth
        ageBand = age; ethnicity = eth; ethnicGroup = grp; gender = gen; disability = dis
        self.need = need; protectionCategory = cat; outcomes = out; self.authority = authority
    }

    /// An index of columns filled elsewhere (the all-years build).
    init(settings: AnalysisSettings, columns c: CohortIndexColumns.Joined) {
        self.settings = settings
        child = c.child; factors = c.factors; authorisation = c.authorisation
        ageBand = c.ageBand; ethnicity = c.ethnicity; ethnicGroup = c.ethnicGroup; gender = c.gender; disability = c.disability
        need = c.need; protectionCategory = c.protectionCategory; outcomes = c.outcomes; authority = c.authority
    }

    /// The single-valued column for a dimension, or nil for multi-valued ones.
    func column(_ d: Dimension) -> [UInt8]? {
        switch d {
        case .ageBand: return ageBand
        case .ethnicity: return ethnicity
        case .ethnicGroup: return ethnicGroup
        case .gender: return gender
        case .disability: return disability
        case .need: return need
        case .protectionCategory: return protectionCategory
        case .authority: return authority
        case .maltreatment, .outcomes, .factor: return nil
        }
    }
}
