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
        /// Clauses of two or three factors that every child of the part satisfies and no shorter clause
        /// (nor a forced factor) implies: each literal is `bit + 1` (has the factor) or `-(bit + 1)` (lacks
        /// it). "B without C or D" has (4B or 5B): every child has one of them, which a forced factor
        /// cannot say.
        public var clauses: [[Int]] = []
    }
    public var cohortIDs: [String]
    public var parts: [Part]

    /// Most factors whose every combination is enumerated; rules over more are treated as unknown.
    public static let maxEnumeratedFactors = 18

    /// Parts made elsewhere (a filtered release read with the standard one splits these).
    init(cohortIDs: [String], parts: [Part]) { self.cohortIDs = cohortIDs; self.parts = parts }

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
        // membership -> the assignments (as indices over factorBits) the part allows
        var allowed: [UInt64: [UInt32]] = [:]
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
            allowed[mask, default: []].append(UInt32(truncatingIfNeeded: assignment))
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
            var part = Part(membership: mask, inPopulation: true, forcedFactors: forced)
            if enumerated > 0 { part.clauses = CohortParts.clauses(allowed: allowed[mask] ?? [], bits: factorBits) }
            return part
        }
        // A cohort whose rule is unknown is modelled as a part of its own, unrelated to the others.
        for k in cohorts.indices where !known.contains(k) {
            parts.append(Part(membership: 1 << UInt64(k), inPopulation: false, forcedFactors: [:]))
        }
        self.parts = parts
    }

    /// The minimal clauses of two or three literals over `bits` that every assignment in `allowed` (bit i:
    /// `bits[i]`) satisfies. A clause holds when no allowed assignment falsifies all its literals; which
    /// sign patterns occur is collected per pair and per triple in one pass over the assignments
    /// (2^k assignments in all over the parts, k at most `maxEnumeratedFactors`).
    static func clauses(allowed: [UInt32], bits: [Int]) -> [[Int]] {
        let k = bits.count
        guard k >= 2, !allowed.isEmpty else { return [] }
        // Literal a of variable i: true when the assignment has it with sign s (s = 1: has the factor).
        var seenSingle = [UInt8](repeating: 0, count: k)              // bit v: value v seen
        var seenPair = [UInt8](repeating: 0, count: k * k)            // bit (vi*2+vj) seen, i < j
        // Triples only up to 14 factors (2^14 assignments x 364 triples); past that, pairs (the rules of
        // more than 14 factors are long custom expressions, read by their pairs and forced factors).
        let triples = k >= 3 && k <= 14
        var seenTriple = [UInt8](repeating: 0, count: triples ? k * k * k : 0)
        for a in allowed {
            for i in 0..<k {
                let vi = Int((a >> UInt32(i)) & 1)
                seenSingle[i] |= UInt8(1 << vi)
                for j in (i + 1)..<max(i + 1, k) {
                    let vj = Int((a >> UInt32(j)) & 1)
                    seenPair[i * k + j] |= UInt8(1 << (vi * 2 + vj))
                    if triples {
                        for l in (j + 1)..<max(j + 1, k) {
                            let vl = Int((a >> UInt32(l)) & 1)
                            seenTriple[(i * k + j) * k + l] |= UInt8(1 << (vi * 4 + vj * 2 + vl))
                        }
                    }
                }
            }
        }
        // A clause over values (v...) is falsified by the assignment whose variables take the opposite
        // values; it holds when that combination is never seen. Literal sign: has the factor when the
        // falsifying value is 0.
        func literal(_ i: Int, falsifiedBy v: Int) -> Int { v == 0 ? bits[i] + 1 : -(bits[i] + 1) }
        func unitHolds(_ i: Int, _ v: Int) -> Bool { seenSingle[i] & UInt8(1 << v) == 0 }
        var out: [[Int]] = []
        var pairHolds = Set<Int>()   // (i*k+j)*4 + combo
        for i in 0..<k {
            for j in (i + 1)..<max(i + 1, k) {
                for combo in 0..<4 where seenPair[i * k + j] & UInt8(1 << combo) == 0 {
                    let vi = combo >> 1, vj = combo & 1
                    pairHolds.insert((i * k + j) * 4 + combo)
                    if unitHolds(i, vi) || unitHolds(j, vj) { continue }
                    out.append([literal(i, falsifiedBy: vi), literal(j, falsifiedBy: vj)])
                }
            }
        }
        guard triples else { return out }
        for i in 0..<k {
            for j in (i + 1)..<k {
                for l in (j + 1)..<max(j + 1, k) {
                    let seen = seenTriple[(i * k + j) * k + l]
                    for combo in 0..<8 where seen & UInt8(1 << combo) == 0 {
                        let vi = combo >> 2, vj = (combo >> 1) & 1, vl = combo & 1
                        if unitHolds(i, vi) || unitHolds(j, vj) || unitHolds(l, vl) { continue }
                        if pairHolds.contains((i * k + j) * 4 + vi * 2 + vj) || pairHolds.contains((i * k + l) * 4 + vi * 2 + vl)
                            || pairHolds.contains((j * k + l) * 4 + vj * 2 + vl) { continue }
                        out.append([literal(i, falsifiedBy: vi), literal(j, falsifiedBy: vj), literal(l, falsifiedBy: vl)])
                    }
                }
            }
        }
        return out
    }

    /// Parts inside cohort `id` (empty when the cohort is unknown here or cannot hold children).
    public func parts(inCohort id: String) -> [Int] {
        guard let k = cohortIDs.firstIndex(of: id) else { return [] }
        return parts.indices.filter { parts[$0].membership & (1 << UInt64(k)) != 0 }
    }

    public var populationParts: [Int] { parts.indices.filter { parts[$0].inPopulation } }
}
