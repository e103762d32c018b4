import CINModel

/// A `CohortIndex`'s columns while they are filled: one entry appended per population member, in
/// child order. The all-years build fills one of these per reporting year and per range of children,
/// and joins each year's ranges in child order, so its indexes equal the single-year build's.
struct CohortIndexColumns {
    var child: [Int32] = [], factors: [UInt64] = [], authorisation: [Int32] = []
    var ageBand: [UInt8] = [], ethnicity: [UInt8] = [], ethnicGroup: [UInt8] = [], gender: [UInt8] = []
    var disability: [UInt8] = [], need: [UInt8] = [], protectionCategory: [UInt8] = [], authority: [UInt8] = []
    var outcomes: [UInt8] = []

    init() {}

    /// Empty columns with room for `n` entries.
    init(capacity n: Int) {
        child.reserveCapacity(n); factors.reserveCapacity(n); authorisation.reserveCapacity(n)
        ageBand.reserveCapacity(n); ethnicity.reserveCapacity(n); ethnicGroup.reserveCapacity(n); gender.reserveCapacity(n)
        disability.reserveCapacity(n); need.reserveCapacity(n); protectionCategory.reserveCapacity(n)
        authority.reserveCapacity(n); outcomes.reserveCapacity(n)
    }

    /// A child's own columns, the same whichever year the child is counted in.
    struct ChildValues {
        var ethnicity: UInt8, ethnicGroup: UInt8, gender: UInt8, disability: UInt8, authority: UInt8

        init(_ record: ChildRecord, authorityColumns: AuthorityColumns) {
            ethnicity = record.ethnicity
            ethnicGroup = Ethnicity.group(of: record.ethnicity)
            gender = Gender.dimensionValue(record.gender)
            disability = record.hasDisability ? 0 : 1
            authority = authorityColumns.column(ofChild: record)
        }
    }

    mutating func append(child c: Int, first: FirstAssessment, ageBand age: AgeBand, values: ChildValues, followUp f: FollowUp.Result) {
        child.append(Int32(c))
        factors.append(first.factors.rawValue)
        authorisation.append(first.authorisation.number)
        ageBand.append(age.rawValue)
        ethnicity.append(values.ethnicity)
        ethnicGroup.append(values.ethnicGroup)
        gender.append(values.gender)
        disability.append(values.disability)
        authority.append(values.authority)
        need.append(f.need)
        protectionCategory.append(f.protectionCategory)
        outcomes.append(f.outcomes)
    }

    /// Appends another range's entries after these (the later children).
    mutating func append(contentsOf o: CohortIndexColumns) {
        child += o.child; factors += o.factors; authorisation += o.authorisation
        ageBand += o.ageBand; ethnicity += o.ethnicity; ethnicGroup += o.ethnicGroup; gender += o.gender
        disability += o.disability; need += o.need; protectionCategory += o.protectionCategory
        authority += o.authority; outcomes += o.outcomes
    }
}
