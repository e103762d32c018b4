import CINModel

/// The values of a batch's clean groups, read on the parsing thread (`FlatGroupDecoder`) for the
/// builder's thread to merge (`FlatGroupReader`). Flat arrays with a range per group, emptied with
/// the batch and kept, so a group costs no allocation.
struct CleanGroups {
    /// A record read from one row, in its group's episode `episode` (0-based within the group).
    struct Pending<Values: Equatable> { var episode: Int; var line: Int; var values: Values }
    struct KeyedAssessment: Equatable { var values: CensusBuilder.AssessmentValues; var keyDate: Day }

    /// One clean group: the child's values and where its records and findings are.
    struct Group {
        var child: CensusBuilder.ChildValues
        var episodes: Range<Int>, assessments: Range<Int>, section47s: Range<Int>, plans: Range<Int>, cinPlans: Range<Int>
        /// The DfE rules' findings on the group's values, each with its episode.
        var findings: Range<Int>
    }

    var groups: [Group] = []
    var episodes: [(line: Int, values: CensusBuilder.EpisodeValues)] = []
    var assessments: [Pending<KeyedAssessment>] = []
    var section47s: [Pending<CensusBuilder.Section47Values>] = []
    var plans: [Pending<CensusBuilder.PlanValues>] = []
    var cinPlans: [Pending<CensusBuilder.CINPlanValues>] = []
    var findings: [(episode: Int, finding: DfERules.Finding)] = []

    mutating func removeAll() {
        groups.removeAll(keepingCapacity: true); episodes.removeAll(keepingCapacity: true)
        assessments.removeAll(keepingCapacity: true); section47s.removeAll(keepingCapacity: true)
        plans.removeAll(keepingCapacity: true); cinPlans.removeAll(keepingCapacity: true)
        findings.removeAll(keepingCapacity: true)
    }

    /// Adds a record unless it repeats the one before it exactly (a flat file writes an assessment on
    /// its start and its authorisation rows, a plan on its start and end rows): merging the same
    /// values into the record just made changes nothing and reports nothing, so skipping it saves
    /// a hash lookup and gives the same model. `from` is where the group's records start.
    @inline(__always)
    static func add<V>(_ list: inout [Pending<V>], from: Int, _ item: Pending<V>) {
        if list.count > from, let last = list.last, last.episode == item.episode, last.values == item.values { return }
        list.append(item)
    }

    /// Forgets what a group added after `mark` (it needs the general path after all).
    mutating func truncate(to mark: Mark) {
        episodes.removeSubrange(mark.episodes...); assessments.removeSubrange(mark.assessments...)
        section47s.removeSubrange(mark.section47s...); plans.removeSubrange(mark.plans...)
        cinPlans.removeSubrange(mark.cinPlans...); findings.removeSubrange(mark.findings...)
    }

    struct Mark { var episodes, assessments, section47s, plans, cinPlans, findings: Int }
    var mark: Mark {
        Mark(episodes: episodes.count, assessments: assessments.count, section47s: section47s.count,
             plans: plans.count, cinPlans: cinPlans.count, findings: findings.count)
    }
}
