import CINModel

/// Counts that describe what a load produced: what `cinx validate` prints and tests compare
/// between the XML and flat-file forms of one extract.
public struct LoadSummary: Equatable, Sendable, Codable {
    public var children: Int
    public var episodes: Int
    public var assessments: Int
    public var assessmentsWithFactors: Int
    public var section47s: Int
    public var protectionPlans: Int
    public var cinPlans: Int
    /// Assessments with factor data by the collection year of their authorisation date.
    public var assessmentsWithFactorsByYear: [String: Int]
    /// How many assessments carry each factor code.
    public var factorCodes: [String: Int]
    /// Children by authority (`Authority.label`), when the load has more than one; nil otherwise.
    public var childrenByAuthority: [String: Int]?

    public init(_ data: CensusData) {
        children = data.children.count
        episodes = data.episodes.count
        assessments = data.assessments.count
        assessmentsWithFactors = data.assessmentsWithFactors
        section47s = data.section47s.count
        protectionPlans = data.protectionPlans.count
        cinPlans = data.cinPlans.count
        // Per assessment only its set factor bits are visited and its year is counted as a number (a
        // String per assessment and a test of every bit were 1.5% of `cinx validate` on a flat file).
        var byYear: [Int: Int] = [:]
        var codes = [Int](repeating: 0, count: AssessmentFactor.list.count)
        for a in data.assessments {
            var bits = a.factors.rawValue
            while bits != 0 {
                let i = bits.trailingZeroBitCount
                if i < codes.count { codes[i] += 1 }
                bits &= bits &- 1
            }
            guard a.hasFactorData, let auth = a.authorisationDate else { continue }
            byYear[CollectionYear.of(auth), default: 0] += 1
        }
        assessmentsWithFactorsByYear = Dictionary(uniqueKeysWithValues: byYear.map { (String($0.key), $0.value) })
        var named: [String: Int] = [:]
        for (i, n) in codes.enumerated() where n > 0 { named[AssessmentFactor.list.codes[i]] = n }
        factorCodes = named
        var perAuthority = [Int](repeating: 0, count: data.authorities.count)
        for c in data.children where Int(c.authority) < perAuthority.count { perAuthority[Int(c.authority)] += 1 }
        let present = perAuthority.indices.filter { perAuthority[$0] > 0 }
        childrenByAuthority = present.count > 1
            ? Dictionary(present.map { (data.authorities[$0].label, perAuthority[$0]) }, uniquingKeysWith: +) : nil
    }
}
