import CINModel

/// The validating path: a return's raw strings, as either loader read them, become values (`Context`
/// reads each field and reports what is wrong with it), the rules in `Rules/` are checked, and the
/// values are merged (`CensusBuilder+Merging`).
extension CensusBuilder {
    func add(_ raw: RawChild, from origin: Origin) {
        let id = raw.id.trimmingSpaces
        guard !id.isEmpty else {
            // Not through `problem`, which reports a fault once per child and file: every child
            // without an ID is a different child, each reported at its own line.
            report.add(LoadProblem(file: origin.file, line: raw.line, childID: "", rule: .missingChildID, action: .skipped,
                                   detail: "a child with no LAchildID (\(raw.episodes.count) episode(s) not loaded)"))
            return
        }
        if origin.year > 0 { years.insert(origin.year) }
        let year = Int16(clamping: origin.year)
        let ctx = Context(builder: self, origin: origin, child: id)
        let birth = ctx.date(raw.birthDate, "PersonBirthDate", line: raw.line)
        let expected = ctx.date(raw.expectedBirthDate, "ExpectedPersonBirthDate", line: raw.line)
        ValueRules.child(.init(birth: birth, expected: expected, referenceDate: origin.referenceDate),
                         into: reporter(origin, line: raw.line, child: id))
        let death = ctx.date(raw.deathDate, "PersonDeathDate", line: raw.line)
        var gender: UInt8? = nil
        let g = ctx.integerText(raw.gender, "GenderCurrent/Sex")
        if !g.isEmpty {
            if let v = Gender.index(of: g) { gender = v } else { ctx.unknownCode("GenderCurrent/Sex", g, line: raw.line) }
        }
        var ethnicity: UInt8? = nil
        let e = raw.ethnicity.trimmingSpaces
        if !e.isEmpty {
            if let v = Ethnicity.list.index(of: e) { ethnicity = UInt8(v) } else { ctx.unknownCode("Ethnicity", e, line: raw.line) }
        }
        var disabilities: UInt16? = nil
        for d in raw.disabilities {
            let code = d.trimmingSpaces
            if code.isEmpty { continue }
            if let v = Disability.list.index(of: code) { disabilities = (disabilities ?? 0) | (1 << UInt16(v)) }
            else { ctx.unknownCode("Disability", code, line: raw.line) }
        }

        let values = ChildValues(birth: birth, expected: expected, death: death, gender: gender, ethnicity: ethnicity,
                                 disabilities: disabilities)
        let childIdx = mergeChild(id: id, authority: origin.authority, upn: raw.upn, values, ctx: ctx, line: raw.line, year: year)
        // By index, so that each record is passed as stored rather than copied out (see XMLReturnLoader.apply).
        for i in raw.episodes.indices { addEpisode(raw.episodes[i], child: childIdx, ctx: ctx, year: year) }
    }

    private func addEpisode(_ raw: RawEpisode, child: Int32, ctx: Context, year: Int16) {
        guard let referral = ctx.date(raw.referralDate, "CINreferralDate", line: raw.line) else {
            let subs = raw.assessments.count + raw.section47s.count + raw.protectionPlans.count
            problem(ctx.origin, line: raw.line, child: ctx.child, .missingReferralDate, .skipped,
                    "episode without a usable CINreferralDate (\(raw.referralDate.isEmpty ? "blank" : "'\(raw.referralDate)'")); it and its \(subs) assessment/S47/plan record(s) not loaded")
            return
        }
        var source: UInt8? = nil
        let s = ctx.integerText(raw.referralSource, "ReferralSource")
        if !s.isEmpty { if let v = ReferralSource.list.index(of: s) { source = UInt8(v) } else { ctx.unknownCode("ReferralSource", s, line: raw.line) } }
        var need: UInt8? = nil
        let n = raw.primaryNeed.trimmingSpaces
        if !n.isEmpty { if let v = PrimaryNeed.list.index(of: n) { need = UInt8(v) } else { ctx.unknownCode("PrimaryNeedCode", n, line: raw.line) } }
        let closure = ctx.date(raw.closureDate, "CINclosureDate", line: raw.line)
        ValueRules.episode(.init(referral: referral, closure: closure), into: reporter(ctx.origin, line: raw.line, child: ctx.child))
        var reason: UInt8? = nil
        let r = raw.reasonForClosure.trimmingSpaces
        if !r.isEmpty { if let v = ReasonForClosure.list.index(of: r) { reason = UInt8(v) } else { ctx.unknownCode("ReasonForClosure", r, line: raw.line) } }
        let icpc = ctx.date(raw.dateOfInitialCPC, "DateOfInitialCPC", line: raw.line)
        let nfa = ctx.bool(raw.referralNFA, "ReferralNFA", line: raw.line)

        for line in raw.joinedBlankReferralLines {
            problem(ctx.origin, line: line, child: ctx.child, .missingReferralDate, .joined,
                    "row with a blank CINreferralDate joined the child's only matching episode in this return (referral \(referral))")
        }
        let values = EpisodeValues(referral: referral, source: source, need: need, closure: closure, reason: reason, icpc: icpc, nfa: nfa)
        let epIdx = mergeEpisode(values, child: child, ctx: ctx, line: raw.line, year: year)
        var checked = DfERules.Episode(line: raw.line, values: values)
        for i in raw.assessments.indices { if let v = addAssessment(raw.assessments[i], episode: epIdx, ctx: ctx, year: year) { checked.assessments.append((raw.assessments[i].line, v)) } }
        for i in raw.section47s.indices { if let v = addSection47(raw.section47s[i], episode: epIdx, ctx: ctx, year: year) { checked.section47s.append((raw.section47s[i].line, v)) } }
        for i in raw.protectionPlans.indices { if let v = addPlan(raw.protectionPlans[i], episode: epIdx, ctx: ctx, year: year) { checked.plans.append((raw.protectionPlans[i].line, v)) } }
        for i in raw.cinPlans.indices { if let v = addCINPlan(raw.cinPlans[i], episode: epIdx, ctx: ctx, year: year) { checked.cinPlans.append((raw.cinPlans[i].line, v)) } }
        for f in DfERules.check(checked, referenceDate: ctx.origin.referenceDate, rules: rules) {
            problem(ctx.origin, line: f.line, child: ctx.child, f.rule, .kept, f.detail)
        }
    }

    /// The validated values merged (for the DfE rules), or nil when the record was not loaded.
    @discardableResult
    private func addAssessment(_ raw: RawAssessment, episode: Int32, ctx: Context, year: Int16) -> AssessmentValues? {
        let start = ctx.date(raw.startDate, "AssessmentActualStartDate", line: raw.line)
        let review = ctx.date(raw.internalReviewDate, "AssessmentInternalReviewDate", line: raw.line)
        let auth = ctx.date(raw.authorisationDate, "AssessmentAuthorisationDate", line: raw.line)
        guard let keyDate = start ?? auth else {
            problem(ctx.origin, line: raw.line, child: ctx.child, .unparseableDate, .skipped,
                    "assessment with neither a usable start nor authorisation date: not loaded")
            return nil
        }
        ValueRules.assessment(.init(start: start, authorisation: auth), into: reporter(ctx.origin, line: raw.line, child: ctx.child))
        let factors = ctx.factors(raw, line: raw.line)
        let values = AssessmentValues(start: start, review: review, auth: auth, factors: factors)
        mergeAssessment(values, keyDate: keyDate, episode: episode, ctx: ctx, line: raw.line, year: year)
        return values
    }

    @discardableResult
    private func addSection47(_ raw: RawSection47, episode: Int32, ctx: Context, year: Int16) -> Section47Values? {
        guard let start = requiredStart(raw.startDate, "S47ActualStartDate", of: "section 47 enquiry", ctx: ctx, line: raw.line) else { return nil }
        let target = ctx.date(raw.initialCPCTarget, "InitialCPCtarget", line: raw.line)
        let icpc = ctx.date(raw.dateOfInitialCPC, "DateOfInitialCPC", line: raw.line)
        let notRequired = ctx.bool(raw.icpcNotRequired, "ICPCnotRequired", line: raw.line)
        let values = Section47Values(start: start, target: target, icpc: icpc, notRequired: notRequired)
        mergeSection47(values, episode: episode, ctx: ctx, line: raw.line, year: year)
        return values
    }

    /// A record's start date, which it cannot be merged without; nil (reported: record not loaded) when unusable.
    private func requiredStart(_ raw: String, _ field: String, of record: String, ctx: Context, line: Int) -> Day? {
        guard let start = ctx.date(raw, field, line: line) else {
            problem(ctx.origin, line: line, child: ctx.child, .unparseableDate, .skipped,
                    "\(record) without a usable \(field): not loaded")
            return nil
        }
        return start
    }

    @discardableResult
    private func addPlan(_ raw: RawProtectionPlan, episode: Int32, ctx: Context, year: Int16) -> PlanValues? {
        guard let start = requiredStart(raw.startDate, "CPPstartDate", of: "child protection plan", ctx: ctx, line: raw.line) else { return nil }
        let end = ctx.date(raw.endDate, "CPPendDate", line: raw.line)
        let initial = ctx.code(raw.initialCategory, CategoryOfAbuse.list, "InitialCategoryOfAbuse", line: raw.line)
        let latest = ctx.code(raw.latestCategory, CategoryOfAbuse.list, "LatestCategoryOfAbuse", line: raw.line)
        let previous = Int16(ctx.integerText(raw.numberOfPreviousPlans, "NumberOfPreviousCPP"))
        let values = PlanValues(start: start, end: end, initial: initial, latest: latest, previous: previous)
        mergePlan(values, episode: episode, ctx: ctx, line: raw.line, year: year)
        return values
    }

    @discardableResult
    private func addCINPlan(_ raw: RawCINPlan, episode: Int32, ctx: Context, year: Int16) -> CINPlanValues? {
        guard let start = requiredStart(raw.startDate, "CINPlanStartDate", of: "CIN plan", ctx: ctx, line: raw.line) else { return nil }
        let end = ctx.date(raw.endDate, "CINPlanEndDate", line: raw.line)
        let values = CINPlanValues(start: start, end: end)
        mergeCINPlan(values, episode: episode, ctx: ctx, line: raw.line, year: year)
        return values
    }
}
