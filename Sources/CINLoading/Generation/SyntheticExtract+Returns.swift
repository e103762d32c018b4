import CINModel

extension SyntheticExtract {
    var years: ClosedRange<Int> { firstYear...lastYear }

    /// The child as the return for collection year `year` shows them, or nil when they are not in it.
    ///
    /// What a return holds follows the DfE's census-year rules, so that each return passes them and the
    /// schema of its year (`CensusSchema`):
    /// - an episode open at any time in the year (1 April to 31 March); its closure date, if known, is in
    ///   the year (rule 8620);
    /// - of that episode, the assessments, section 47 enquiries, CIN plans and child protection plans not
    ///   finished before the year: an authorisation, ICPC (or, without one, the ICPC target), plan end
    ///   date is in the year or not yet known (rules 8696, 4013 and the like);
    /// - dates after the reference date are not known yet, so they are blank in that return and filled in
    ///   by a later one (which the merge must reconcile);
    /// - the ICPC date sits at section 47 level only, never repeated on the episode;
    /// - CIN plans only from 2021-22, when the return gained them.
    func returnRecord(of child: Child, year: Int) -> RawChild? {
        guard let ref = Day(year: year, month: 3, day: 31), let yearStart = Day(year: year - 1, month: 4, day: 1) else { return nil }
        let schema = CensusSchema(collectionYear: year)
        func known(_ d: Day?) -> String { d.map { $0 <= ref ? $0.description : "" } ?? "" }
        /// A record ending on `end` (nil: never, or not yet) belongs in this return unless it ended before the year.
        func current(_ end: Day?) -> Bool { end.map { $0 >= yearStart } ?? true }
        var episodes: [RawEpisode] = []
        for ep in child.episodes where ep.referral <= ref && current(ep.closure) {
            var r = RawEpisode(line: 0)
            r.referralDate = ep.referral.description
            r.referralSource = ep.source
            r.primaryNeed = ep.need
            r.closureDate = known(ep.closure)
            r.reasonForClosure = r.closureDate.isEmpty ? "" : ep.reason
            r.referralNFA = schema.flag(ep.nfa)
            for a in ep.assessments where a.start <= ref && current(a.authorisation) {
                var ra = RawAssessment(line: 0)
                ra.startDate = a.start.description
                ra.internalReviewDate = known(a.review)
                ra.authorisationDate = known(a.authorisation)
                ra.factors = ra.authorisationDate.isEmpty ? [] : a.factors
                r.assessments.append(ra)
            }
            for s in ep.section47s where s.start <= ref && current(s.icpc ?? s.target) {
                var rs = RawSection47(line: 0)
                rs.startDate = s.start.description
                rs.initialCPCTarget = s.target.description
                rs.dateOfInitialCPC = known(s.icpc)
                rs.icpcNotRequired = schema.flag(s.icpcNotRequired)
                r.section47s.append(rs)
            }
            for p in ep.plans where p.start <= ref && current(p.end) {
                var rp = RawProtectionPlan(line: 0)
                rp.startDate = p.start.description
                rp.endDate = known(p.end)
                rp.initialCategory = p.initialCategory
                rp.latestCategory = p.latestCategory
                // liiatools' schemas type NumberOfPreviousCPP as xs:positiveInteger, so a first plan is
                // written as 1 (the DfE's own specification allows 0).
                rp.numberOfPreviousPlans = String(max(p.previousPlans, 1))
                r.protectionPlans.append(rp)
            }
            if schema.hasCINPlanDates {
                for p in ep.cinPlans where p.start <= ref && current(p.end) {
                    var rp = RawCINPlan(line: 0)
                    rp.startDate = p.start.description
                    rp.endDate = known(p.end)
                    r.cinPlans.append(rp)
                }
            }
            episodes.append(r)
        }
        guard !episodes.isEmpty else { return nil }
        var c = RawChild(line: 0)
        c.id = child.id
        c.upn = child.upn
        let born = child.birth <= ref
        if born {
            c.birthDate = child.birth.description
            if child.bothBirthDates, let e = child.expectedBirth { c.expectedBirthDate = e.description }
            c.gender = schema.gender(child.gender)
        } else {
            c.expectedBirthDate = (child.expectedBirth ?? child.birth).description
            c.gender = schema.gender("0")
        }
        c.deathDate = known(child.death)
        c.ethnicity = (child.earlierEthnicity != nil && year < child.correctionYear) ? (child.earlierEthnicity ?? "") : child.ethnicity
        c.disabilities = child.disabilities.isEmpty ? ["NONE"] : child.disabilities
        c.episodes = episodes
        return c
    }

    /// Every return's records, in year order: what a loader should rebuild.
    func allReturnRecords() -> [(year: Int, child: RawChild)] {
        var out: [(Int, RawChild)] = []
        for y in years { for c in children { if let r = returnRecord(of: c, year: y) { out.append((y, r)) } } }
        return out
    }
}
