import CINModel

/// A deterministic, fictional authority's CIN history, from which annual returns are cut
/// (`SyntheticExtract+Returns.swift`) and written as XML or flat CSV. Distributions, and the calibration of
/// the cohorts to a published FOI answer, are in docs/demo-data.md; a few deliberate data-quality faults
/// (`faults`) give the load report something to show.
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
        /// Set only for a child whose last episode closed with RC2 (died), on that closure date.
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
        /// The child's plans before this one (written as at least 1: see `SyntheticExtract+Returns`).
        public var previousPlans: Int
    }

    public var children: [Child]
    public var firstYear: Int
    public var lastYear: Int
    public var authority: GeneratedAuthority
    /// Whether the deliberate faults (docs/demo-data.md) were injected.
    public var faults: Bool

    /// `children` children referred between 1 April (firstYear-1) and 31 March lastYear, numbered from
    /// C1000000 whatever the authority (IDs are unique only within an authority, as in real returns).
    /// With `faults` false the same random draws are made, so the extract differs only by the faults.
    public init(children count: Int, seed: UInt64, firstYear: Int = 2015, lastYear: Int = 2020,
                authority: GeneratedAuthority = .demo, faults: Bool = true) {
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.authority = authority
        self.faults = faults
        var rng = SplitMix64(seed: seed)
        let dataStart = Day(year: firstYear - 1, month: 4, day: 1) ?? Day(number: 0)
        let dataEnd = Day(year: lastYear, month: 3, day: 31) ?? Day(number: 0)
        let span = Int(dataEnd.number - dataStart.number)
        let ethnicityWeights = [560, 20, 5, 60, 8, 20, 12, 15, 20, 20, 35, 20, 15, 20, 40, 10, 5, 25, 15, 35]
        let needWeights = [30, 520, 50, 50, 100, 150, 30, 10, 50, 10]
        let sources = ReferralSource.list.codes.filter { !$0.isEmpty && $0 != "5D" }
        let authorityCode = Int(authority.code) ?? 999
        let generator = EpisodeGenerator(dataEnd: dataEnd, sources: sources, needWeights: needWeights,
                                         faults: faults, prevalence: authority.prevalence)
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
            // 3% not known: the DfE codes say why (not obtained or refused); the schema requires a value.
            if rng.chance(30) { ethnicity = rng.chance(650) ? "NOBT" : "REFU" }
            if rng.chance(1) && faults { ethnicity = "XXXX" }  // fault: not a DfE code
            var earlier: String? = nil
            var correctionYear = 0
            if rng.chance(4) {
                earlier = Ethnicity.list.codes[rng.below(20)]
                correctionYear = rng.between(firstYear + 1, lastYear)
                if earlier == ethnicity || !faults { earlier = nil }
            }
            let gender = ["1", "2", "9"][rng.weighted([48, 48, 4])]
            var disabilities: [String] = []
            if rng.chance(80) { disabilities.append(Disability.list.codes[rng.between(1, 12)]) }

            var episodes: [Episode] = []
            var death: Day? = nil
            var referral = firstReferral
            let adulthood = birth.addingYears(18)
            let episodeCount = [1, 2, 3][rng.weighted([60, 28, 12])]
            for _ in 0..<episodeCount {
                guard referral <= dataEnd, referral < adulthood else { break }
                let ep = generator.episode(referral: referral, birth: birth, rng: &rng)
                episodes.append(ep)
                guard let closed = ep.closure else { break }
                // Adoption, death and transfer to adult services end the child's time in this authority's care.
                if ep.reason == "RC2" { death = closed }
                if ["RC1", "RC2", "RC6"].contains(ep.reason) { break }
                referral = closed.adding(days: rng.between(20, 500))
            }
            var cppSoFar = rng.chance(150) ? rng.between(1, 2) : 0
            for e in episodes.indices {
                for p in episodes[e].plans.indices {
                    episodes[e].plans[p].previousPlans = cppSoFar
                    cppSoFar += 1
                }
            }
            // Characters 2-4 of a UPN are the allocating authority; the rest is unique per child here.
            let upn = UPN.make(authority: authorityCode, establishment: 1000 + (n / 1000) % 9000,
                               year: birth.components.year + 5, serial: n % 1000)
            out.append(Child(id: "C\(1_000_000 + n)", upn: upn, birth: birth,
                             expectedBirth: expected, gender: gender, ethnicity: ethnicity, earlierEthnicity: earlier,
                             correctionYear: correctionYear, disabilities: disabilities,
                             death: death, bothBirthDates: rng.chance(2) && faults, episodes: episodes))
        }
        children = out
    }

    /// A pooled extract: `authorities` fictional authorities (`GeneratedAuthority.pool`) sharing `children`
    /// between them (the first ones take the remainder), each numbering its children from the same start so
    /// that their LAchildIDs overlap. Authority i is generated from seed + i, so one authority is exactly
    /// `SyntheticExtract(children:seed:)`.
    public static func pooled(authorities: Int, children: Int, seed: UInt64, firstYear: Int = 2015, lastYear: Int = 2020,
                              faults: Bool = true) -> [SyntheticExtract] {
        let pool = GeneratedAuthority.pool(authorities)
        return pool.enumerated().map { i, authority in
            let share = children / pool.count + (i < children % pool.count ? 1 : 0)
            return SyntheticExtract(children: share, seed: seed &+ UInt64(i), firstYear: firstYear, lastYear: lastYear,
                                    authority: authority, faults: faults)
        }
    }
}
