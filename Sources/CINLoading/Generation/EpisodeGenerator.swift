import CINModel

/// Draws one episode of need (referral to closure) for a synthetic child, and the factors of its
/// assessments. The factor rates are calibrated to Coventry's published answer to the cohort FOI for
/// 2016-17 (targets and achieved rates in docs/demo-data.md).
struct EpisodeGenerator {
    let dataEnd: Day
    let sources: [String]
    let needWeights: [Int]
    let faults: Bool
    /// Scales the rate of 4B (the authority's `prevalence`).
    let prevalence: Double

    func episode(referral: Day, birth: Day, rng: inout SplitMix64) -> SyntheticExtract.Episode {
        let source = sources[rng.below(sources.count)]
        var need = "N\(rng.weighted(needWeights))"
        if rng.chance(1) && faults { need = "N12" }  // fault: unknown need code
        if rng.chance(70) {
            // No further action: closed within days, no assessment.
            var closure = referral.adding(days: rng.between(0, 5))
            if rng.chance(10) && faults { closure = referral.adding(days: -rng.between(1, 5)) }  // fault: closure before referral
            return .init(referral: referral, source: source, need: need, closure: closure <= dataEnd ? closure : nil,
                         reason: "RC8", nfa: true, assessments: [], section47s: [], plans: [], cinPlans: [])
        }
        var assessments: [SyntheticExtract.Assessment] = []
        var start = referral.adding(days: rng.between(0, 12))
        var last = start
        for i in 0..<(rng.chance(120) ? 2 : 1) {
            if i > 0 { start = last.adding(days: rng.between(30, 200)) }
            let auth: Day? = rng.chance(15) ? nil : start.adding(days: rng.between(3, 45))
            let review: Day? = rng.chance(300) ? start.adding(days: rng.between(1, 10)) : nil
            let factors = auth.map { factorCodes(authorised: $0, rng: &rng) } ?? []
            assessments.append(.init(start: start, review: review, authorisation: auth, factors: factors))
            last = auth ?? start
        }
        var s47s: [SyntheticExtract.Section47] = []
        var plans: [SyntheticExtract.Plan] = []
        if rng.chance(180) {
            let s = referral.adding(days: rng.between(0, 10))
            let icpc: Day? = rng.chance(600) ? s.adding(days: rng.between(8, 20)) : nil
            s47s.append(.init(start: s, target: s.adding(days: 15), icpc: icpc, icpcNotRequired: icpc == nil && rng.chance(300)))
            if let c = icpc, rng.chance(650) {
                let cats = ["NEG", "EMO", "PHY", "SAB", "MUL"]
                let initial = cats[rng.weighted([45, 35, 8, 4, 8])]
                let latest = rng.chance(850) ? initial : cats[rng.below(5)]
                plans.append(.init(start: c, end: c.adding(days: rng.between(90, 700)), initialCategory: initial,
                                   latestCategory: latest, previousPlans: 0))
                last = max(last, plans[0].end ?? c)
            }
        }
        var cinPlans: [(Day, Day?)] = []
        if rng.chance(350), let a = assessments.last?.authorisation {
            let s = a.adding(days: rng.between(1, 20))
            let e = s.adding(days: rng.between(60, 400))
            cinPlans.append((s, e))
            last = max(last, e)
        }
        var closure: Day? = last.adding(days: rng.between(10, 200))
        // Anything after the last return's reference date is not known yet.
        if let c = closure, c > dataEnd { closure = nil }
        for i in plans.indices where (plans[i].end ?? dataEnd) > dataEnd { plans[i].end = nil }
        for i in cinPlans.indices where (cinPlans[i].1 ?? dataEnd) > dataEnd { cinPlans[i].1 = nil }
        let reason = closure.map { closureReason(on: $0, birth: birth, servicesGiven: !plans.isEmpty || !cinPlans.isEmpty, rng: &rng) } ?? ""
        return .init(referral: referral, source: source, need: need, closure: closure, reason: reason, nfa: false,
                     assessments: assessments, section47s: s47s, plans: plans, cinPlans: cinPlans)
    }

    /// A reason that fits the case: RC8 (no further action after assessment) only when no plan followed,
    /// adoption (RC1) only for a child under 16, transfer to adult services (RC6) only from 17, and the
    /// rare RC2 (died) makes the closure the child's death date (the caller records it).
    func closureReason(on closure: Day, birth: Day, servicesGiven: Bool, rng: inout SplitMix64) -> String {
        let under16 = closure < birth.addingYears(16)
        let from17 = closure >= birth.addingYears(17)
        // RC1 ... RC8
        let weights = [under16 ? 1 : 0, 1, 5, 5, 8, from17 ? 40 : 0, servicesGiven ? 75 : 35, servicesGiven ? 0 : 45]
        return "RC\(rng.weighted(weights) + 1)"
    }

    /// Factors for one authorised assessment; codes follow the schema of the authorisation's year.
    ///
    /// Cohort B (4B or 5B) is 24% of Coventry's population; inside B, 3B (domestic violence) is 52% and
    /// substance misuse (1B or 2B) 41%, and the two go together (E, both, is 28% of B). Maltreatment rates
    /// differ between A and B (neglect 15% and 30%, emotional abuse 26% and 44%).
    func factorCodes(authorised: Day, rng: inout SplitMix64) -> [String] {
        let split = CensusSchema(collectionYear: CensusSchema.collectionYear(of: authorised)).splitAbuseFactors
        var f: [String] = []
        let has4B = rng.chance(Int((205 * prevalence).rounded()))
        let has5B = rng.chance(42)
        if has4B { f.append("4B") }
        if has5B { f.append("5B") }
        let inB = has4B || has5B
        // Per mille, in A and in B.
        let domesticViolence = rng.chance(inB ? 518 : 220)
        let substance = rng.chance(inB ? (domesticViolence ? 535 : 280) : 160)
        if domesticViolence { f.append("3B") }
        if substance {
            // Alcohol only, drugs only, or both.
            let which = rng.weighted([45, 40, 15])
            if which != 1 { f.append("1B") }
            if which != 0 { f.append("2B") }
        }
        if rng.chance(inB ? 303 : 153) { f.append("16A") }
        if rng.chance(inB ? 445 : 260) { f.append("17A") }
        if rng.chance(inB ? 173 : 166) { f.append(split ? (rng.chance(500) ? "18B" : "18C") : "18A") }
        if rng.chance(inB ? 67 : 79) { f.append(split ? (rng.chance(500) ? "19B" : "19C") : "19A") }
        for (code, p) in [("3A", 80), ("4A", 60), ("14A", 40), ("6B", 30), ("10A", 30), ("11A", 20), ("20", 50), ("1A", 20), ("2A", 30), ("8F", 3), ("9A", 5)] {
            if rng.chance(p) { f.append(code) }
        }
        if f.isEmpty { f.append("21") }
        else if rng.chance(2) && faults { f.append("21") }   // fault: 21 with other factors
        if rng.chance(3) && faults { f.append("RB") }         // fault: not a factor code
        if rng.chance(2) && faults, let first = f.first { f.append(first) }  // fault: duplicate factor
        return f
    }
}
