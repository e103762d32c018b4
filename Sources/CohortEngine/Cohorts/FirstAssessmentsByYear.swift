import CINModel

/// A child's first assessment (definitions 2 and 3, as `FirstAssessment.find`) in each of several
/// reporting years, found in one walk of the child's assessments rather than one walk per year.
struct FirstAssessmentsByYear {
    /// Each year's first and last day, in the order of the years given.
    private let windows: [(start: Day, end: Day)]
    /// The first day of the earliest year and the last of the latest (most assessments fall outside).
    private let earliest: Day, latest: Day
    /// The scanned child's first assessment in each year (nil: none).
    private(set) var first: [FirstAssessment?]
    /// Positions of the years that have one, in the order they were found: `found[0..<foundCount]`
    /// (a fixed buffer, so that forgetting a child costs no array work).
    private(set) var found: [Int]
    private(set) var foundCount = 0

    private let rules: FirstAssessment.Rules

    /// - Parameter years: distinct reporting years.
    init(years: [Int], rules: FirstAssessment.Rules = .standard) {
        self.rules = rules
        windows = years.map { (CollectionYear.start($0), CollectionYear.end($0)) }
        earliest = windows.map(\.start).min() ?? Day(number: 0)
        latest = windows.map(\.end).max() ?? Day(number: -1)
        first = Array(repeating: nil, count: years.count)
        found = Array(repeating: 0, count: years.count)
    }

    /// Finds child `c`'s first assessment in every year, forgetting the previous child's.
    mutating func scan(child c: Int, in data: CensusData) {
        for i in 0..<foundCount { first[found[i]] = nil }
        foundCount = 0
        // A child's episodes are contiguous and so are their assessments: from the first episode's
        // first assessment to the next child's.
        let episodes = data.episodeRange(ofChild: c)
        guard !episodes.isEmpty else { return }
        for a in Int(data.assessmentStart[episodes.lowerBound])..<Int(data.assessmentStart[episodes.upperBound]) {
            let record = data.assessments[a]
            guard let auth = record.authorisationDate, let factors = rules.factorData(record) else { continue }
            let order = rules.orderDate(record, authorised: auth)
            guard order >= earliest, order <= latest,
                  let y = windows.firstIndex(where: { order >= $0.start && order <= $0.end }) else { continue }
            if first[y] == nil {
                found[foundCount] = y
                foundCount += 1
            }
            first[y] = FirstAssessment.keeping(first[y], record, factors: factors, authorised: auth, order: order, tie: rules.tie)
        }
    }
}
