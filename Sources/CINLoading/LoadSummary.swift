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
        var byYear: [String: Int] = [:]
        var codes = [Int](repeating: 0, count: AssessmentFactor.list.count)
        for a in data.assessments {
            for i in 0..<codes.count where a.factors.rawValue & (1 << UInt64(i)) != 0 { codes[i] += 1 }
            guard a.hasFactorData, let auth = a.authorisationDate else { continue }
            byYear[String(CollectionYear.of(auth)), default: 0] += 1
        }
        assessmentsWithFactorsByYear = byYear
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
