import CINModel

/// Turns a flat file's row groups into records, on the builder's thread.
///
/// Two paths with one result. The clean path reads a group's bytes straight into values (dates as
/// day numbers, codes through `ByteCodeTable`) and merges them; it accepts only values that are
/// plainly valid, so it has no problem to report but the DfE rules' findings on valid values
/// (`DfERules`, reported by both paths at the same point). At the first field it is not sure of, it gives
/// the whole group to the general path, which builds a `RawChild` of Strings and hands it to
/// `CensusBuilder.add`, the same validation the XML loader uses, which reports what is wrong.
/// Both merge through the same `CensusBuilder.merge…` calls in the same order (child, then each
/// episode with its assessments, section 47s, plans and CIN plans), so the model and the report are
/// the same whichever path a group took; tests check it on every fault the loader knows.
final class FlatGroupReader {
    private let columns: FlatColumns
    private let file: String
    private let builder: CensusBuilder
    private let fastPath: Bool
    /// Groups read by each path (tests check that both are exercised).
    private(set) var cleanGroups = 0
    private(set) var generalGroups = 0

    init(columns: FlatColumns, file: String, builder: CensusBuilder, fastPath: Bool) {
        self.columns = columns; self.file = file; self.builder = builder; self.fastPath = fastPath
    }

    /// The origin of the last group (a file's groups come year by year, and authority by authority).
    private var originYear = Int.min
    private lazy var origin = CensusBuilder.Origin(file: file, year: 0, referenceDate: nil)
    /// The last group's LA bytes and their authority: a file's groups come authority by authority,
    /// so a group costs a byte comparison, not a String and a lookup.
    private var lastAuthorityBytes: [UInt8] = []
    private var lastAuthority: UInt16 = 0

    func apply(_ batch: FlatRowBatch) {
        batch.withView { apply(batch.items, $0) }
    }

    private func apply(_ items: [FlatRowBatch.Item], _ batch: FlatRowBatch.View) {
        for item in items {
            switch item {
            case .group(let first, let count, let year):
                let authority = authorityOf(batch, row: first)
                if year != originYear || authority != origin.authority {
                    originYear = year
                    if batch.field(first, columns.year).contains(46) { builder.noteDecimalInteger(file: file, field: "YEAR") }
                    origin = CensusBuilder.Origin(file: file, year: year, referenceDate: year > 0 ? Day(year: year, month: 3, day: 31) : nil,
                                                  authority: authority)
                }
                if fastPath && addClean(batch, first: first, count: count, origin: origin) {
                    cleanGroups += 1
                } else {
                    generalGroups += 1
                    builder.add(rawChild(batch, first: first, count: count), from: origin)
                }
            case .problem(var origin, let authority, let line, let child, let rule, let action, let detail):
                origin.authority = builder.authority(written: authority)
                builder.problem(origin, line: line, child: child, rule, action, detail)
            case .fileProblem(let line, let rule, let action, let detail):
                builder.fileProblem(file: file, line: line, rule, action, detail)
            case .endOfFile:
                builder.endOfFile(file)
            }
        }
    }

    /// The authority of a row (its LA column).
    private func authorityOf(_ b: FlatRowBatch.View, row: Int) -> UInt16 {
        let bytes = b.field(row, columns.authority)
        if bytes.elementsEqual(lastAuthorityBytes) { return lastAuthority }
        lastAuthorityBytes = Array(bytes)
        lastAuthority = builder.authority(written: String(decoding: bytes, as: UTF8.self))
        return lastAuthority
    }

    // MARK: - Episodes of a group

    /// The group's episodes: the first row of each distinct set of episode values (on S47 rows,
    /// without DateOfInitialCPC, and never shared with other rows' episodes), and each row's episode.
    /// A row marked as continuing the row before's episode is not compared again.
    private var episodeFirstRows: [Int] = []
    private var episodeOfS47: [Bool] = []
    private var rowEpisodes: [Int] = []

    private func findEpisodes(_ b: FlatRowBatch.View, first: Int, count: Int) {
        episodeFirstRows.removeAll(keepingCapacity: true)
        episodeOfS47.removeAll(keepingCapacity: true)
        rowEpisodes.removeAll(keepingCapacity: true)
        for r in first..<(first + count) {
            if b.continuesEpisode[r], let previous = rowEpisodes.last {
                rowEpisodes.append(previous)
                continue
            }
            let isS47 = b.types[r] == .section47
            let cols = isS47 ? columns.episodeOfS47Rows : columns.episode
            var found = -1
            for (e, er) in episodeFirstRows.enumerated() where episodeOfS47[e] == isS47 && b.sameFields(er, r, cols) {
                found = e
                break
            }
            if found < 0 {
                found = episodeFirstRows.count
                episodeFirstRows.append(r)
                episodeOfS47.append(isS47)
            }
            rowEpisodes.append(found)
        }
    }

    // MARK: - The general path

    /// The child's and the episode's fields copied as written, with their columns.
    private lazy var childText: [(WritableKeyPath<RawChild, String>, Int)] = [
        (\.id, columns.id), (\.upn, columns.upn), (\.birthDate, columns.birthDate),
        (\.expectedBirthDate, columns.expectedBirthDate), (\.gender, columns.gender), (\.deathDate, columns.deathDate),
        (\.ethnicity, columns.ethnicity),
    ]
    private lazy var episodeText: [(WritableKeyPath<RawEpisode, String>, Int)] = [
        (\.referralDate, columns.referralDate), (\.referralSource, columns.referralSource), (\.primaryNeed, columns.primaryNeed),
        (\.closureDate, columns.closureDate), (\.reasonForClosure, columns.reasonForClosure), (\.referralNFA, columns.referralNFA),
    ]

    /// The group as Strings, exactly as in the file, for `CensusBuilder.add` to validate.
    func rawChild(_ b: FlatRowBatch.View, first: Int, count: Int) -> RawChild {
        let c = columns
        var child = RawChild(line: b.lines[first])
        for (field, column) in childText { child[keyPath: field] = b.string(first, column) }
        child.disabilities = b.string(first, c.disabilities).split(separator: ",").map(String.init)
        findEpisodes(b, first: first, count: count)
        for (e, r) in episodeFirstRows.enumerated() {
            var ep = RawEpisode(line: b.lines[r])
            for (field, column) in episodeText { ep[keyPath: field] = b.string(r, column) }
            if !episodeOfS47[e] { ep.dateOfInitialCPC = b.string(r, c.dateOfInitialCPC) }
            child.episodes.append(ep)
        }
        for r in first..<(first + count) {
            let e = rowEpisodes[r - first]
            let line = b.lines[r]
            switch b.types[r] {
            case .assessmentStart, .assessmentAuthorisation:
                var a = RawAssessment(line: line)
                a.startDate = b.string(r, c.assessmentStart)
                a.internalReviewDate = b.string(r, c.assessmentReview)
                a.authorisationDate = b.string(r, c.assessmentAuthorisation)
                a.factors = b.string(r, c.factors).split(separator: ",").map(String.init)
                child.episodes[e].assessments.append(a)
            case .cinPlanStart, .cinPlanEnd:
                var p = RawCINPlan(line: line)
                p.startDate = b.string(r, c.cinPlanStart)
                p.endDate = b.string(r, c.cinPlanEnd)
                child.episodes[e].cinPlans.append(p)
            case .section47:
                // liiatools writes the enquiry's own DateOfInitialCPC into this row's DateOfInitialCPC
                // column, so here it belongs to the section 47, not the episode.
                var s = RawSection47(line: line)
                s.startDate = b.string(r, c.s47Start)
                s.initialCPCTarget = b.string(r, c.initialCPCTarget)
                s.dateOfInitialCPC = b.string(r, c.dateOfInitialCPC)
                s.icpcNotRequired = b.string(r, c.icpcNotRequired)
                child.episodes[e].section47s.append(s)
            case .planStart, .planEnd, .planReview:
                var p = RawProtectionPlan(line: line)
                p.startDate = b.string(r, c.cppStart)
                p.endDate = b.string(r, c.cppEnd)
                p.initialCategory = b.string(r, c.initialCategory)
                p.latestCategory = b.string(r, c.latestCategory)
                p.numberOfPreviousPlans = b.string(r, c.previousPlans)
                child.episodes[e].protectionPlans.append(p)
            case .referral, .closure:
                break
            }
        }
        joinBlankReferrals(&child)
        return child
    }

    /// Rows whose CINreferralDate is blank (liiatools loses a value now and then) join the child's one
    /// episode in this return that they match: the same values in every other episode column, or blank
    /// there. With none or several such episodes they stay apart, and `CensusBuilder` skips them as
    /// before; either way each is reported.
    func joinBlankReferrals(_ child: inout RawChild) {
        guard child.episodes.contains(where: { $0.referralDate.trimmingSpaces.isEmpty }) else { return }
        func fits(_ blank: String, _ dated: String) -> Bool {
            let b = blank.trimmingSpaces
            return b.isEmpty || b == dated.trimmingSpaces
        }
        var kept: [RawEpisode] = []
        var blanks: [RawEpisode] = []
        for ep in child.episodes {
            if ep.referralDate.trimmingSpaces.isEmpty { blanks.append(ep) } else { kept.append(ep) }
        }
        var unjoined: [RawEpisode] = []
        for ep in blanks {
            let matches = kept.indices.filter { i in
                let d = kept[i]
                return fits(ep.referralSource, d.referralSource) && fits(ep.primaryNeed, d.primaryNeed)
                    && fits(ep.closureDate, d.closureDate) && fits(ep.reasonForClosure, d.reasonForClosure)
                    && fits(ep.referralNFA, d.referralNFA) && fits(ep.dateOfInitialCPC, d.dateOfInitialCPC)
            }
            guard matches.count == 1, let i = matches.first else { unjoined.append(ep); continue }
            kept[i].assessments += ep.assessments
            kept[i].section47s += ep.section47s
            kept[i].protectionPlans += ep.protectionPlans
            kept[i].cinPlans += ep.cinPlans
            kept[i].joinedBlankReferralLines.append(ep.line)
        }
        // The episodes in their first rows' order, as before (the order problems are reported in).
        child.episodes = (kept + unjoined).sorted { $0.line < $1.line }
    }

    // MARK: - The clean path

    private struct Pending<Values: Equatable> { var episode: Int; var line: Int; var values: Values }
    private struct KeyedAssessment: Equatable { var values: CensusBuilder.AssessmentValues; var keyDate: Day }

    /// Adds a record unless it repeats the one before it exactly (a flat file writes an assessment on
    /// its start and its authorisation rows, a plan on its start and end rows): merging the same
    /// values into the record just made changes nothing and reports nothing, so skipping it saves
    /// a hash lookup and gives the same model.
    @inline(__always)
    private static func add<V>(_ list: inout [Pending<V>], _ item: Pending<V>) {
        if let last = list.last, last.episode == item.episode, last.values == item.values { return }
        list.append(item)
    }
    private var episodes: [(line: Int, values: CensusBuilder.EpisodeValues)] = []
    private var assessments: [Pending<KeyedAssessment>] = []
    private var section47s: [Pending<CensusBuilder.Section47Values>] = []
    private var plans: [Pending<CensusBuilder.PlanValues>] = []
    private var cinPlans: [Pending<CensusBuilder.CINPlanValues>] = []

    /// Reads and merges a group whose every value is plainly valid; false (having changed nothing)
    /// when any value needs the general path.
    private func addClean(_ b: FlatRowBatch.View, first: Int, count: Int, origin: CensusBuilder.Origin) -> Bool {
        let c = columns
        // The child. An ID with surrounding blanks, or none, goes to the general path.
        let idBytes = b.field(first, c.id)
        guard let idFirst = idBytes.first, let idLast = idBytes.last, idFirst > 32, idLast > 32 else { return false }
        guard case let birth? = date(b, first, c.birthDate), case let expected? = date(b, first, c.expectedBirthDate),
              case let death? = date(b, first, c.deathDate) else { return false }
        let rules = builder.rules
        let judge = RuleJudge(switches: rules)
        guard ValueRules.child(.init(birth: birth, expected: expected, referenceDate: origin.referenceDate), into: judge) else { return false }
        guard case let gender? = CleanField.code(b.field(first, c.gender), .gender),
              case let ethnicity? = CleanField.code(b.field(first, c.ethnicity), .ethnicity),
              case let disabilities? = disabilityBits(b.field(first, c.disabilities)) else { return false }

        findEpisodes(b, first: first, count: count)
        episodes.removeAll(keepingCapacity: true)
        for (e, r) in episodeFirstRows.enumerated() {
            guard case let referral?? = date(b, r, c.referralDate),
                  case let source? = CleanField.code(b.field(r, c.referralSource), .referralSource),
                  case let need? = CleanField.code(b.field(r, c.primaryNeed), .primaryNeed),
                  case let closure? = date(b, r, c.closureDate),
                  case let reason? = CleanField.code(b.field(r, c.reasonForClosure), .reasonForClosure),
                  case let nfa? = CleanField.bool(b.field(r, c.referralNFA)) else { return false }
            guard ValueRules.episode(.init(referral: referral, closure: closure), into: judge) else { return false }
            var icpc: Day? = nil
            if !episodeOfS47[e] {
                guard case let d? = date(b, r, c.dateOfInitialCPC) else { return false }
                icpc = d
            }
            episodes.append((b.lines[r], .init(referral: referral, source: source, need: need, closure: closure, reason: reason,
                                               icpc: icpc, nfa: nfa)))
        }

        assessments.removeAll(keepingCapacity: true); section47s.removeAll(keepingCapacity: true)
        plans.removeAll(keepingCapacity: true); cinPlans.removeAll(keepingCapacity: true)
        for r in first..<(first + count) {
            let e = rowEpisodes[r - first]
            let line = b.lines[r]
            switch b.types[r] {
            case .assessmentStart, .assessmentAuthorisation:
                guard case let start? = date(b, r, c.assessmentStart), case let review? = date(b, r, c.assessmentReview),
                      case let auth? = date(b, r, c.assessmentAuthorisation), let keyDate = start ?? auth else { return false }
                guard ValueRules.assessment(.init(start: start, authorisation: auth), into: judge),
                      let factors = factorSet(b.field(r, c.factors), year: origin.year, judge: judge) else { return false }
                Self.add(&assessments, .init(episode: e, line: line,
                                             values: .init(values: .init(start: start, review: review, auth: auth, factors: factors), keyDate: keyDate)))
            case .cinPlanStart, .cinPlanEnd:
                guard case let start?? = date(b, r, c.cinPlanStart), case let end? = date(b, r, c.cinPlanEnd) else { return false }
                Self.add(&cinPlans, .init(episode: e, line: line, values: .init(start: start, end: end)))
            case .section47:
                guard case let start?? = date(b, r, c.s47Start), case let target? = date(b, r, c.initialCPCTarget),
                      case let icpc? = date(b, r, c.dateOfInitialCPC),
                      case let notRequired? = CleanField.bool(b.field(r, c.icpcNotRequired)) else { return false }
                Self.add(&section47s, .init(episode: e, line: line, values: .init(start: start, target: target, icpc: icpc, notRequired: notRequired)))
            case .planStart, .planEnd, .planReview:
                guard case let start?? = date(b, r, c.cppStart), case let end? = date(b, r, c.cppEnd),
                      case let initial? = CleanField.code(b.field(r, c.initialCategory), .categoryOfAbuse),
                      case let latest? = CleanField.code(b.field(r, c.latestCategory), .categoryOfAbuse),
                      case let previous? = CleanField.smallInt(b.field(r, c.previousPlans)) else { return false }
                Self.add(&plans, .init(episode: e, line: line,
                                   values: .init(start: start, end: end, initial: initial, latest: latest, previous: previous)))
            case .referral, .closure:
                break
            }
        }

        // Everything is valid: merge, in the order `CensusBuilder.add` would.
        // A child already seen (most, in a file of stacked years) is found from the ID's bytes and
        // its stored ID and UPN Strings are reused; an ID with non-ASCII bytes is looked up as a String.
        let ascii = idBytes.allSatisfy { $0 < 128 }
        let found: Int32? = ascii ? builder.findChild(asciiID: idBytes, authority: origin.authority) : nil
        let id = found.map(builder.childID) ?? b.string(first, c.id)
        let upnBytes = b.field(first, c.upn)
        let upn: String
        if let f = found, case let stored = builder.childUPN(f), CensusBuilder.sameBytes(stored, upnBytes) { upn = stored }
        else { upn = b.string(first, c.upn) }
        let year = Int16(clamping: origin.year)
        builder.noteYear(origin.year)
        let ctx = Context(builder: builder, origin: origin, child: id)
        let child = builder.mergeChild(id: id, authority: origin.authority, found: ascii ? .some(found) : nil, upn: upn,
                                       .init(birth: birth, expected: expected, death: death, gender: gender, ethnicity: ethnicity,
                                             disabilities: disabilities),
                                       ctx: ctx, line: b.lines[first], year: year)
        for (e, ep) in episodes.enumerated() {
            let epIdx = builder.mergeEpisode(ep.values, child: child, ctx: ctx, line: ep.line, year: year)
            for a in assessments where a.episode == e {
                builder.mergeAssessment(a.values.values, keyDate: a.values.keyDate, episode: epIdx, ctx: ctx, line: a.line, year: year)
            }
            for s in section47s where s.episode == e { builder.mergeSection47(s.values, episode: epIdx, ctx: ctx, line: s.line, year: year) }
            for p in plans where p.episode == e { builder.mergePlan(p.values, episode: epIdx, ctx: ctx, line: p.line, year: year) }
            for p in cinPlans where p.episode == e { builder.mergeCINPlan(p.values, episode: epIdx, ctx: ctx, line: p.line, year: year) }
            // The DfE rules, reported where `CensusBuilder.addEpisode` reports them (after the episode's
            // records), from the same values (a record repeated on a later row adds no finding: the
            // builder reports a finding once per child, file and detail).
            var checked = DfERules.Episode(line: ep.line, values: ep.values)
            for a in assessments where a.episode == e { checked.assessments.append((a.line, a.values.values)) }
            for s in section47s where s.episode == e { checked.section47s.append((s.line, s.values)) }
            for p in plans where p.episode == e { checked.plans.append((p.line, p.values)) }
            for p in cinPlans where p.episode == e { checked.cinPlans.append((p.line, p.values)) }
            for f in DfERules.check(checked, referenceDate: origin.referenceDate, rules: rules) {
                builder.problem(origin, line: f.line, child: id, f.rule, .kept, f.detail)
            }
        }
        return true
    }

    /// A clean date field: `.some(nil)` blank, `.some(day)`, or nil to take the general path.
    @inline(__always)
    private func date(_ b: FlatRowBatch.View, _ row: Int, _ column: Int) -> Day?? {
        switch CleanField.date(b.field(row, column)) {
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
            guard let v = ByteCodeTable.disability.value(piece) else { ok = false; return }
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
            guard ok, let bit = ByteCodeTable.factor.value(piece) else { ok = false; return }
            let mask = UInt64(1) << UInt64(bit)
            let code = FactorCode(code: ByteCodeTable.factor.codeOfValue[Int(bit)], bit: FactorSet(rawValue: mask),
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
