/// Everything loaded, merged across returns. Arrays are sorted: episodes by (child, referral date),
/// assessments by (episode, start date), and `episodeRange(ofChild:)` / `assessmentRange(ofEpisode:)`
/// give each parent's contiguous slice, so the engine walks a child's history without lookups.
public struct CensusData: Sendable {
    public var children: [ChildRecord] = []
    public var episodes: [EpisodeRecord] = []
    public var assessments: [AssessmentRecord] = []
    public var section47s: [Section47Record] = []
    public var protectionPlans: [ProtectionPlanRecord] = []
    public var cinPlans: [CINPlanRecord] = []
    /// Collection years of the returns loaded (a flat file contributes each YEAR it holds).
    public var returnYears: [Int] = []
    /// The authorities children came from; `ChildRecord.authority` indexes it. Entry 0 is always
    /// the unnamed authority (files that name none), whether or not any child has it.
    public var authorities: [Authority] = [.unnamed]

    /// Offsets: child i owns episodes[episodeStart[i] ..< episodeStart[i+1]].
    public var episodeStart: [Int32] = [0]
    /// Offsets: episode j owns assessments[assessmentStart[j] ..< assessmentStart[j+1]].
    public var assessmentStart: [Int32] = [0]
    /// Offsets: episode j owns protectionPlans[planStart[j] ..< planStart[j+1]].
    public var planStart: [Int32] = [0]

    public init() {}

    public func episodeRange(ofChild i: Int) -> Range<Int> { Int(episodeStart[i])..<Int(episodeStart[i + 1]) }
    public func assessmentRange(ofEpisode j: Int) -> Range<Int> { Int(assessmentStart[j])..<Int(assessmentStart[j + 1]) }
    public func planRange(ofEpisode j: Int) -> Range<Int> { Int(planStart[j])..<Int(planStart[j + 1]) }

    /// A child's authority (the unnamed one for an index out of range).
    public func authority(ofChild i: Int) -> Authority {
        let a = Int(children[i].authority)
        return authorities.indices.contains(a) ? authorities[a] : .unnamed
    }

    public var assessmentsWithFactors: Int { assessments.reduce(0) { $0 + ($1.hasFactorData ? 1 : 0) } }
}
