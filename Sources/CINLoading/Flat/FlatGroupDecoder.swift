import CINModel

/// The clean path's reading half, on the parsing thread: a group whose every value is plainly valid
/// is read into values (dates as day numbers, codes through `ByteCodeTable`) with the DfE rules'
/// findings on them, for the builder's thread to merge (`FlatGroupReader`). A group with any value
/// it is not sure of is left to the general path.
///
/// Reading here, not on the builder's thread, is what lets the two threads share the work:
/// `CINX_TIMING` on 1.8M children showed the parsing thread waiting 5.3 s of its 9.3 s for the
/// builder, which read and merged every group (docs/performance.md). Nothing here touches the
/// builder: the result depends on the group's bytes, its year and the rule switches only.
final class FlatGroupDecoder {
    private let columns: FlatColumns
    private let rules: RuleSwitches
    private var episodes = FlatEpisodeFinder()
    /// The month table and the code lists, held here: reading a global in the loop costs a check of
    /// its lazy initialiser (`swift_once`) per field, about 1% of a flat load's instructions.
    private let months = CleanField.MonthTable.shared
    private let genders = ByteCodeTable.gender, ethnicities = ByteCodeTable.ethnicity, disabilityCodes = ByteCodeTable.disability
    private let sources = ByteCodeTable.referralSource, needs = ByteCodeTable.primaryNeed
    private let reasons = ByteCodeTable.reasonForClosure, categories = ByteCodeTable.categoryOfAbuse
    private let factorCodes = ByteCodeTable.factor
    /// The reference date and the census year of the last group's year (consecutive groups nearly
    /// always share it; working them out per group and per episode was 2% of a flat load).
    private var yearDates: (year: Int, reference: Day?, census: ClosedRange<Day>?) = (0, nil, nil)
    /// The DfE rules' lists of one episode's records, emptied and refilled for each episode (kept here
    /// between groups, so an episode costs no allocation).
    private var ruleLists = DfERules.Lists()

    init(columns: FlatColumns, rules: RuleSwitches) {
        self.columns = columns; self.rules = rules
    }

    /// A year's reference date (31 March) and census year, from the one-entry memo.
    @inline(__always)
    private func dates(ofYear year: Int) -> (reference: Day?, census: ClosedRange<Day>?) {
        if year != yearDates.year {
            let reference = year > 0 ? Day(year: year, month: 3, day: 31) : nil
            yearDates = (year, reference, reference.map { DfERules.censusPeriod(referenceDate: $0) })
        }
        return (yearDates.reference, yearDates.census)
    }

    /// Reads rows `first ..< first + count` of a batch (one child in one return of `year`, 0 when
    /// unknown) into `out`; the group's index there, or nil (having added nothing) when any value
    /// needs the general path.
    func decode(_ b: FlatRowBatch.View, first: Int, count: Int, year: Int, into out: inout CleanGroups) -> Int? {
        let mark = out.mark
        guard let group = read(b, first: first, count: count, year: year, into: &out, from: mark) else {
            out.truncate(to: mark)
            return nil
        }
        out.groups.append(group)
        return out.groups.count - 1
    }

    private func read(_ b: FlatRowBatch.View, first: Int, count: Int, year: Int, into out: inout CleanGroups,
                      from mark: CleanGroups.Mark) -> CleanGroups.Group? {
        let c = columns
        let (referenceDate, censusYear) = year > 0 ? dates(ofYear: year) : (nil, nil)
        // The child. An ID with surrounding blanks, or none, goes to the general path.
        let idBytes = b.field(first, c.id)
        guard let idFirst = idBytes.first, let idLast = idBytes.last, idFirst > 32, idLast > 32 else { return nil }
        guard case let birth? = date(b, first, c.birthDate), case let expected? = date(b, first, c.expectedBirthDate),
              case let death? = date(b, first, c.deathDate) else { return nil }
        let judge = RuleJudge(switches: rules)
        guard ValueRules.child(.init(birth: birth, expected: expected, referenceDate: referenceDate), into: judge) else { return nil }
        guard case let gender? = CleanField.code(b.field(first, c.gender), genders),
              case let ethnicity? = CleanField.code(b.field(first, c.ethnicity), ethnicities),
              case let disabilities? = disabilityBits(b.field(first, c.disabilities)) else { return nil }

        episodes.find(b, first: first, count: count, columns: c)
        for (e, r) in episodes.firstRows.enumerated() {
            guard case let referral?? = date(b, r, c.referralDate),
                  case let source? = CleanField.code(b.field(r, c.referralSource), sources),
                  case let need? = CleanField.code(b.field(r, c.primaryNeed), needs),
                  case let closure? = date(b, r, c.closureDate),
                  case let reason? = CleanField.code(b.field(r, c.reasonForClosure), reasons),
                  case let nfa? = CleanField.bool(b.field(r, c.referralNFA)) else { return nil }
            guard ValueRules.episode(.init(referral: referral, closure: closure), into: judge) else { return nil }
            var icpc: Day? = nil
            if !episodes.ofS47[e] {
                guard case let d? = date(b, r, c.dateOfInitialCPC) else { return nil }
                icpc = d
            }
            out.episodes.append((b.lines[r], .init(referral: referral, source: source, need: need, closure: closure, reason: reason,
                                                   icpc: icpc, nfa: nfa)))
        }

        // The row that gave the group's last assessment (-1: none yet).
        var lastAssessmentRow = -1
        for r in first..<(first + count) {
            let e = episodes.rowEpisodes[r - first]
            let line = b.lines[r]
            switch b.types[r] {
            case .assessmentStart, .assessmentAuthorisation:
                // An assessment is written on its start and its authorisation rows: a row whose
                // assessment fields are the bytes of the last assessment's row, in the same episode,
                // reads as the same values, which `CleanGroups.add` would drop (and its rules passed
                // then). Comparing four fields is a fraction of reading them (the factor rules most).
                if lastAssessmentRow >= 0, episodes.rowEpisodes[lastAssessmentRow - first] == e,
                   sameAssessment(b, lastAssessmentRow, r) { continue }
                lastAssessmentRow = r
                guard case let start? = date(b, r, c.assessmentStart), case let review? = date(b, r, c.assessmentReview),
                      case let auth? = date(b, r, c.assessmentAuthorisation), let keyDate = start ?? auth else { return nil }
                guard ValueRules.assessment(.init(start: start, authorisation: auth), into: judge),
                      let factors = factorSet(b.field(r, c.factors), year: year, judge: judge) else { return nil }
                CleanGroups.add(&out.assessments, from: mark.assessments,
                                .init(episode: e, line: line,
                                      values: .init(values: .init(start: start, review: review, auth: auth, factors: factors), keyDate: keyDate)))
            case .cinPlanStart, .cinPlanEnd:
                guard case let start?? = date(b, r, c.cinPlanStart), case let end? = date(b, r, c.cinPlanEnd) else { return nil }
                CleanGroups.add(&out.cinPlans, from: mark.cinPlans, .init(episode: e, line: line, values: .init(start: start, end: end)))
            case .section47:
                guard case let start?? = date(b, r, c.s47Start), case let target? = date(b, r, c.initialCPCTarget),
                      case let icpc? = date(b, r, c.dateOfInitialCPC),
                      case let notRequired? = CleanField.bool(b.field(r, c.icpcNotRequired)) else { return nil }
                CleanGroups.add(&out.section47s, from: mark.section47s,
                                .init(episode: e, line: line, values: .init(start: start, target: target, icpc: icpc, notRequired: notRequired)))
            case .planStart, .planEnd, .planReview:
                guard case let start?? = date(b, r, c.cppStart), case let end? = date(b, r, c.cppEnd),
                      case let initial? = CleanField.code(b.field(r, c.initialCategory), categories),
                      case let latest? = CleanField.code(b.field(r, c.latestCategory), categories),
                      case let previous? = CleanField.smallInt(b.field(r, c.previousPlans)) else { return nil }
                CleanGroups.add(&out.plans, from: mark.plans,
                                .init(episode: e, line: line, values: .init(start: start, end: end, initial: initial, latest: latest, previous: previous)))
            case .referral, .closure:
                break
            }
        }

        // The DfE rules on each episode's values (reported after the episode's records, where
        // `CensusBuilder.addEpisode` reports them).
        var lists = DfERules.Lists()
        swap(&lists, &ruleLists)
        defer { swap(&lists, &ruleLists) }
        for e in 0..<(out.episodes.count - mark.episodes) {
            let ep = out.episodes[mark.episodes + e]
            lists.removeAll()
            // By index, not over slices: a slice per list and episode retained and released its array.
            for i in mark.assessments..<out.assessments.count where out.assessments[i].episode == e {
                lists.assessments.append((out.assessments[i].line, out.assessments[i].values.values))
            }
            for i in mark.section47s..<out.section47s.count where out.section47s[i].episode == e {
                lists.section47s.append((out.section47s[i].line, out.section47s[i].values))
            }
            for i in mark.plans..<out.plans.count where out.plans[i].episode == e { lists.plans.append((out.plans[i].line, out.plans[i].values)) }
            for i in mark.cinPlans..<out.cinPlans.count where out.cinPlans[i].episode == e {
                lists.cinPlans.append((out.cinPlans[i].line, out.cinPlans[i].values))
            }
            for f in DfERules.check(line: ep.line, values: ep.values, lists, referenceDate: referenceDate, censusYear: censusYear,
                                    rules: rules) { out.findings.append((e, f)) }
        }
        return CleanGroups.Group(child: .init(birth: birth, expected: expected, death: death, gender: gender, ethnicity: ethnicity,
                                              disabilities: disabilities),
                                 episodes: mark.episodes..<out.episodes.count, assessments: mark.assessments..<out.assessments.count,
                                 section47s: mark.section47s..<out.section47s.count, plans: mark.plans..<out.plans.count,
                                 cinPlans: mark.cinPlans..<out.cinPlans.count, findings: mark.findings..<out.findings.count)
    }

    /// Whether two rows have the same bytes in the four assessment columns.
    @inline(__always)
    private func sameAssessment(_ b: FlatRowBatch.View, _ x: Int, _ y: Int) -> Bool {
        let c = columns
        return FlatRowBatch.same(b.field(x, c.assessmentStart), b.field(y, c.assessmentStart))
            && FlatRowBatch.same(b.field(x, c.assessmentAuthorisation), b.field(y, c.assessmentAuthorisation))
            && FlatRowBatch.same(b.field(x, c.assessmentReview), b.field(y, c.assessmentReview))
            && FlatRowBatch.same(b.field(x, c.factors), b.field(y, c.factors))
    }

    /// A clean date field: `.some(nil)` blank, `.some(day)`, or nil to take the general path.
    @inline(__always)
    private func date(_ b: FlatRowBatch.View, _ row: Int, _ column: Int) -> Day?? {
        switch CleanField.date(b.field(row, column), months) {
        case .blank: return .some(nil)
        case .day(let d): return .some(d)
        case .bail: return nil
        }
    }

    /// Comma-separated disability codes, each known: their bits (`.some(nil)` when none).
    private func disabilityBits(_ f: UnsafeBufferPointer<UInt8>) -> UInt16?? {
        var bits: UInt16? = nil
        var ok = true
        forEachPiece(f) { piece in
            guard let v = disabilityCodes.value(piece) else { ok = false; return }
            bits = (bits ?? 0) | (1 << v)
        }
        return ok ? .some(bits) : nil
    }

    /// Comma-separated factor codes, each known and passing the factor rules (`ValueRules.factorCode`,
    /// `ValueRules.factors`); nil otherwise (the general path reports which).
    private func factorSet(_ f: UnsafeBufferPointer<UInt8>, year: Int, judge: RuleJudge) -> FactorSet? {
        var bits: UInt64 = 0
        var ok = true
        forEachPiece(f) { piece in
            guard ok, let bit = factorCodes.value(piece) else { ok = false; return }
            let mask = UInt64(1) << UInt64(bit)
            let code = FactorCode(code: factorCodes.codeOfValue[Int(bit)], bit: FactorSet(rawValue: mask),
                                  before: FactorSet(rawValue: bits), year: year)
            guard ValueRules.factorCode(code, into: judge) else { ok = false; return }
            bits |= mask
        }
        guard ok else { return nil }
        let set = FactorSet(rawValue: bits)
        return ValueRules.factors(set, into: judge) ? set : nil
    }
    private typealias FactorCode = ValueRules.FactorCode

    /// Calls `body` with each non-empty piece between commas.
    @inline(__always)
    private func forEachPiece(_ f: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        for i in 0...f.count where i == f.count || f[i] == 44 {
            if i > start { body(UnsafeBufferPointer(rebasing: f[start..<i])) }
            start = i + 1
        }
    }
}
