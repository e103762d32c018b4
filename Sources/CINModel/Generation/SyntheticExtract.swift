/// A deterministic, fictional authority's CIN history, from which annual returns are cut
/// (`SyntheticExtract+Returns.swift`) and written as XML or flat CSV. Distributions are in
/// docs/demo-data.md; a few deliberate data-quality faults give the load report something to show.
public struct SyntheticExtract: Sendable {
    public struct Child: Sendable {
        public var id: String
        public var upn: String
        public var birth: Day
        /// Set for children first referred before birth (their returns before birth carry only this).
        public var expectedBirth: Day?
        public var gender: String
        public var ethnicity: String
        /// A value the returns before `correctionYear` carried, corrected later (a merge conflict).
        public var earlierEthnicity: String?
        public var correctionYear: Int
        public var disabilities: [String]
        public var death: Day?
        /// Fault: both PersonBirthDate and ExpectedPersonBirthDate in returns after birth.
        public var bothBirthDates: Bool
        public var episodes: [Episode]
    }
    public struct Episode: Sendable {
        public var referral: Day
        public var source: String
        public var need: String
        public var closure: Day?
        public var reason: String
        public var nfa: Bool
        public var assessments: [Assessment]
        public var section47s: [Section47]
        public var plans: [Plan]
        public var cinPlans: [(start: Day, end: Day?)]
    }
    public struct Assessment: Sendable {
        public var start: Day
        public var review: Day?
        public var authorisation: Day?
        public var factors: [String]
    }
    public struct Section47: Sendable {
        public var start: Day
        public var target: Day
        public var icpc: Day?
        public var icpcNotRequired: Bool
    }
    public struct Plan: Sendable {
        public var start: Day
        public var end: Day?
        public var initialCategory: String
        public var latestCategory: String
    }

    public var children: [Child]
    public var firstYear: Int
    public var lastYear: Int

    /// `children` children referred between 1 April (firstYear-1) and 31 March lastYear.
    public init(children count: Int, seed: UInt64, firstYear: Int = 2015, lastYear: Int = 2020) {
        self.firstYear = firstYear
        self.lastYear = lastYear
        var rng = SplitMix64(seed: seed)
        let dataStart = Day(year: firstYear - 1, month: 4, day: 1)!
        let dataEnd = Day(year: lastYear, month: 3, day: 31)!
        let span = Int(dataEnd.number - dataStart.number)
        let ethnicityWeights = [560, 20, 5, 60, 8, 20, 12, 15, 20, 20, 35, 20, 15, 20, 40, 10, 5, 25, 15, 35]
        let needWeights = [30, 520, 50, 50, 100, 150, 30, 10, 50, 10]
        let sources = ReferralSource.list.codes.filter { !$0.isEmpty && $0 != "5D" }
        var out: [Child] = []
        out.reserveCapacity(count)
        for n in 0..<count {
            let firstReferral = dataStart.adding(days: rng.below(max(span - 60, 1)))
            // Age at first referral.
            let band = rng.weighted([6, 12, 25, 25, 27, 5])
            let ageDays: Int
            switch band {
            case 0: ageDays = -rng.between(20, 180)
            case 1: ageDays = rng.between(0, 364)
            case 2: ageDays = rng.between(365, 5 * 365 - 1)
            case 3: ageDays = rng.between(5 * 365 + 2, 10 * 365 - 1)
            case 4: ageDays = rng.between(10 * 365 + 3, 16 * 365 - 1)
            default: ageDays = rng.between(16 * 365 + 5, 17 * 365 + 300)
            }
            let birth = firstReferral.adding(days: -ageDays)
            let expected: Day? = ageDays < 0 ? birth.adding(days: rng.between(-14, 14)) : nil
            var ethnicity = Ethnicity.list.codes[rng.weighted(ethnicityWeights)]
            if rng.chance(30) { ethnicity = "" }
            if rng.chance(1) { ethnicity = "XXXX" }  // fault: not a DfE code
            var earlier: String? = nil
            var correctionYear = 0
            if rng.chance(4) {
                earlier = Ethnicity.list.codes[rng.below(20)]
                correctionYear = rng.between(firstYear + 1, lastYear)
                if earlier == ethnicity { earlier = nil }
            }
            let gender = ["1", "2", "1", "2", "9"][rng.weighted([48, 48, 0, 0, 4])]
            var disabilities: [String] = []
            if rng.chance(80) { disabilities.append(Disability.list.codes[rng.between(1, 12)]) }

            var episodes: [Episode] = []
            var referral = firstReferral
            let episodeCount = [1, 2, 3][rng.weighted([60, 28, 12])]
            for _ in 0..<episodeCount {
                guard referral <= dataEnd else { break }
                var ep = SyntheticExtract.episode(referral: referral, dataEnd: dataEnd, sources: sources,
                                                  needWeights: needWeights, rng: &rng)
                if rng.chance(1) { ep.need = "N12" }  // fault: unknown need code
                episodes.append(ep)
                guard let closed = ep.closure else { break }
                referral = closed.adding(days: rng.between(20, 500))
            }
            let death: Day? = rng.chance(2) ? episodes.last.map { ($0.closure ?? $0.referral).adding(days: -1) } : nil
            out.append(Child(id: "C\(1_000_000 + n)", upn: "A\(100_000_000_000 + n * 7)", birth: birth,
                             expectedBirth: expected, gender: gender, ethnicity: ethnicity, earlierEthnicity: earlier,
                             correctionYear: correctionYear, disabilities: disabilities,
                             death: death.flatMap { $0 > birth ? $0 : nil },
                             bothBirthDates: rng.chance(2), episodes: episodes))
        }
        children = out
    }

    static func episode(referral: Day, dataEnd: Day, sources: [String], needWeights: [Int],
                        rng: inout SplitMix64) -> Episode {
        let source = sources[rng.below(sources.count)]
        let need = "N\(rng.weighted(needWeights))"
        if rng.chance(70) {
            // No further action: closed within days, no assessment.
            var closure = referral.adding(days: rng.between(0, 5))
            if rng.chance(10) { closure = referral.adding(days: -rng.between(1, 5)) }  // fault: closure before referral
            return Episode(referral: referral, source: source, need: need, closure: closure <= dataEnd ? closure : nil,
                           reason: "RC8", nfa: true, assessments: [], section47s: [], plans: [], cinPlans: [])
        }
        var assessments: [Assessment] = []
        var start = referral.adding(days: rng.between(0, 12))
        var last = start
        for i in 0..<(rng.chance(120) ? 2 : 1) {
            if i > 0 { start = last.adding(days: rng.between(30, 200)) }
            let auth: Day? = rng.chance(15) ? nil : start.adding(days: rng.between(3, 45))
            let review: Day? = rng.chance(300) ? start.adding(days: rng.between(1, 10)) : nil
            let factors = auth.map { SyntheticExtract.factors(authorised: $0, rng: &rng) } ?? []
            assessments.append(Assessment(start: start, review: review, authorisation: auth, factors: factors))
            last = auth ?? start
        }
        var s47s: [Section47] = []
        var plans: [Plan] = []
        if rng.chance(180) {
            let s = referral.adding(days: rng.between(0, 10))
            let icpc: Day? = rng.chance(600) ? s.adding(days: rng.between(8, 20)) : nil
            s47s.append(Section47(start: s, target: s.adding(days: 15), icpc: icpc, icpcNotRequired: icpc == nil && rng.chance(300)))
            if let c = icpc, rng.chance(650) {
                let cats = ["NEG", "EMO", "PHY", "SAB", "MUL"]
                let initial = cats[rng.weighted([45, 35, 8, 4, 8])]
                let latest = rng.chance(850) ? initial : cats[rng.below(5)]
                plans.append(Plan(start: c, end: c.adding(days: rng.between(90, 700)), initialCategory: initial, latestCategory: latest))
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
        let reasons = ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8"]
        return Episode(referral: referral, source: source, need: need, closure: closure,
                       reason: closure == nil ? "" : reasons[rng.weighted([1, 1, 5, 5, 8, 3, 70, 7])], nfa: false,
                       assessments: assessments, section47s: s47s, plans: plans, cinPlans: cinPlans)
    }

    /// Factors for one authorised assessment; codes follow the schema of the authorisation's year.
    static func factors(authorised: Day, rng: inout SplitMix64) -> [String] {
        let c = authorised.components
        let collectionYear = c.month >= 4 ? c.year + 1 : c.year
        let split = collectionYear >= 2021
        var f: [String] = []
        let has4B = rng.chance(200)
        if has4B { f.append("4B") }
        if rng.chance(40) { f.append("5B") }
        // Domestic violence and substance misuse are more common alongside parental mental health.
        if rng.chance(has4B ? 380 : 220) { f.append("3B") }
        if rng.chance(has4B ? 170 : 90) { f.append("1B") }
        if rng.chance(has4B ? 150 : 90) { f.append("2B") }
        if rng.chance(140) { f.append("16A") }
        if rng.chance(220) { f.append("17A") }
        if rng.chance(90) { f.append(split ? (rng.chance(500) ? "18B" : "18C") : "18A") }
        if rng.chance(40) { f.append(split ? (rng.chance(500) ? "19B" : "19C") : "19A") }
        for (code, p) in [("3A", 80), ("4A", 60), ("14A", 40), ("6B", 30), ("10A", 30), ("11A", 20), ("20", 50), ("1A", 20), ("2A", 30), ("8F", 3), ("9A", 5)] {
            if rng.chance(p) { f.append(code) }
        }
        if f.isEmpty { f.append("21") }
        else if rng.chance(2) { f.append("21") }   // fault: 21 with other factors
        if rng.chance(3) { f.append("RB") }         // fault: not a factor code
        if rng.chance(2), let first = f.first { f.append(first) }  // fault: duplicate factor
        return f
    }
}
