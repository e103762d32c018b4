import CINModel

/// The disjoint parts of a (possibly filtered) population that an attacker knows exist: every
/// combination of cohort memberships that the cohorts' factor rules allow. For A-E these are A;
/// B without C or D; C without E; D without E; and E. Published counts are sums over these parts,
/// which is what links the tables of one release (docs/privacy.md).
///
/// The parts come from the rules alone, never from the data: what an attacker can know.
public struct CohortParts: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        /// Bit k: the part lies inside cohort k (of `cohortIDs`).
        public var membership: UInt64
        /// Inside the population (false only for cohorts whose rule is unknown, modelled apart).
        public var inPopulation: Bool
        /// Per factor code (AssessmentFactor order): true when every child of the part has it,
        /// false when none has, nil when the rules leave it open.
        public var forcedFactors: [Int: Bool]
    }
    public var cohortIDs: [String]
    public var parts: [Part]

    /// Most factors whose every combination is enumerated; rules over more are treated as unknown.
    public static let maxEnumeratedFactors = 18

    /// - Parameters:
    ///   - cohorts: each cohort's id and rule (nil: the rule is unknown, e.g. a hand-edited release).
    ///   - filter: the release's filter; its factor and cohort conditions narrow the parts.
    public init(cohorts: [(id: String, rule: CohortExpression?)], filter: Filter = .none) {
        cohortIDs = cohorts.map(\.id)
        var factorBits: [Int] = []
        func collect(_ e: CohortExpression) {
            switch e {
            case .factor(let code):
                if let b = AssessmentFactor.bit(code)?.rawValue, b != 0 {
                    let k = b.trailingZeroBitCount
                    if !factorBits.contains(k) { factorBits.append(k) }
                }
            case .not(let x): collect(x)
            case .and(let x, let y), .or(let x, let y): collect(x); collect(y)
            }
        }
        for c in cohorts { if let r = c.rule { collect(r) } }
        for k in 0..<64 where (filter.requiredFactors.rawValue | filter.excludedFactors.rawValue) & (1 << UInt64(k)) != 0 {
            if !factorBits.contains(k) { factorBits.append(k) }
        }
        factorBits.sort()
        var known = cohorts.indices.filter { cohorts[$0].rule != nil }
        if factorBits.count > CohortParts.maxEnumeratedFactors { known = [] }
        let required = filter.requiredFactors.rawValue, excluded = filter.excludedFactors.rawValue
        let filterCohorts = filter.cohorts.compactMap { id in cohorts.firstIndex { $0.id == id } }
        let unknownFilterCohort = filter.cohorts.contains { id in !cohorts.contains { $0.id == id } }

        // membership -> (forced-true bits, forced-false bits) over the enumerated factors
        var seen: [UInt64: (all: UInt64, none: UInt64)] = [:]
        var order: [UInt64] = []
        let enumerated = known.isEmpty ? 0 : factorBits.count
        let enumeratedMask = factorBits.reduce(UInt64(0)) { $0 | (1 << UInt64($1)) }
        for assignment in 0..<(UInt64(1) << UInt64(enumerated)) {
            var factors: UInt64 = 0
            for (i, k) in factorBits.enumerated() where enumerated > 0 && assignment & (1 << UInt64(i)) != 0 { factors |= 1 << UInt64(k) }
            if enumerated > 0 {
                if factors & required != required || factors & excluded != 0 { continue }
            }
            var mask: UInt64 = 0
            for k in known where cohorts[k].rule?.matches(factors) == true { mask |= 1 << UInt64(k) }
            if filterCohorts.contains(where: { mask & (1 << UInt64($0)) == 0 }) || unknownFilterCohort { continue }
            if let s = seen[mask] {
                seen[mask] = (s.all & factors, s.none & ~factors)
            } else {
                seen[mask] = (factors, enumeratedMask & ~factors)
                order.append(mask)
            }
        }
        var parts: [Part] = order.map { mask in
            let s = seen[mask] ?? (0, 0)
            var forced: [Int: Bool] = [:]
            for k in factorBits {
                if s.all & (1 << UInt64(k)) != 0 { forced[k] = true } else if s.none & (1 << UInt64(k)) != 0 { forced[k] = false }
            }
            return Part(membership: mask, inPopulation: true, forcedFactors: forced)
        }
        // A cohort whose rule is unknown is modelled as a part of its own, unrelated to the others.
        for k in cohorts.indices where !known.contains(k) {
            parts.append(Part(membership: 1 << UInt64(k), inPopulation: false, forcedFactors: [:]))
        }
        self.parts = parts
    }

    /// Parts inside cohort `id` (empty when the cohort is unknown here or cannot hold children).
    public func parts(inCohort id: String) -> [Int] {
        guard let k = cohortIDs.firstIndex(of: id) else { return [] }
        return parts.indices.filter { parts[$0].membership & (1 << UInt64(k)) != 0 }
    }

    public var populationParts: [Int] { parts.indices.filter { parts[$0].inPopulation } }
}
