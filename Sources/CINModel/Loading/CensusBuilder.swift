import Foundation

/// Validates raw records and merges them across returns into one `CensusData`.
///
/// Merge keys (docs/data-format.md): children by (authority, LAchildID); episodes by (child, CINreferralDate);
/// assessments by (episode, AssessmentActualStartDate, or the authorisation date when the start is
/// missing); section 47s, child protection plans and CIN plans by (episode, start date).
/// When two returns give different non-blank values, the later return's value wins and the
/// conflict is reported; a blank never erases a value.
public final class CensusBuilder {
    public private(set) var report = LoadReport()
    private var data = CensusData()
    private var childIndex = ChildIDIndex()
    private var episodeIndex = ChainIndex()
    private var assessmentIndex = ChainIndex()
    private var section47Index = ChainIndex()
    private var planIndex = ChainIndex()
    private var cinPlanIndex = ChainIndex()
    /// Problems already reported, so that a flat file's repeated rows report a fault once.
    private var reported: Set<ReportedKey> = []
    private var years: Set<Int> = []
    /// Dates written DD/MM/YYYY per file: reported once per file, with the count.
    public private(set) var dayMonthYearDates: [String: Int] = [:]

    static let earliestPlausible = Day(year: 1900, month: 1, day: 1)!
    static let latestPlausible = Day(year: 2040, month: 12, day: 31)!

    struct ReportedKey: Hashable { var file: String; var authority: UInt16; var child: String; var rule: LoadRule; var detail: String }

    /// Authorities by `Authority.key`, as indexes into `data.authorities` (0: the unnamed one).
    private var authorityIndex: [String: UInt16] = [Authority.unnamed.key: 0]

    /// Where the record being added came from.
    public struct Origin {
        public var file: String
        public var year: Int
        public var referenceDate: Day?
        /// Index of the record's authority (`authority(written:)`); 0 for a file that names none.
        public var authority: UInt16
        public init(file: String, year: Int, referenceDate: Day?, authority: UInt16 = 0) {
            self.file = file; self.year = year; self.referenceDate = referenceDate; self.authority = authority
        }
    }

    /// The index of the authority a file names (its `LEA` or `LA` value as written), added on first
    /// sight. Beyond 65,535 distinct authorities (no real data has more than ~150), the rest share
    /// the last index rather than wrap into another authority's.
    public func authority(written: String) -> UInt16 {
        let a = LocalAuthorityCodes.resolve(written)
        if let i = authorityIndex[a.key] { return i }
        guard data.authorities.count < Int(UInt16.max) else { return UInt16.max - 1 }
        let i = UInt16(data.authorities.count)
        data.authorities.append(a)
        authorityIndex[a.key] = i
        return i
    }

    public init() {}

    public func noteFile(_ path: String) { report.files.append(path) }
    public func noteFailedFile(_ path: String) { report.failedFiles.append(path) }

    public func problem(_ origin: Origin, line: Int, child: String, _ rule: LoadRule, _ action: LoadAction, _ detail: String) {
        let key = ReportedKey(file: origin.file, authority: origin.authority, child: child, rule: rule, detail: detail)
        guard reported.insert(key).inserted else { return }
        var p = LoadProblem(file: origin.file, line: line, childID: child, rule: rule, action: action, detail: detail)
        if data.authorities.indices.contains(Int(origin.authority)) { p.authority = data.authorities[Int(origin.authority)].label }
        report.add(p)
    }

    /// A problem that is about a whole file rather than a record.
    public func fileProblem(file: String, line: Int, _ rule: LoadRule, _ action: LoadAction, _ detail: String) {
        report.add(LoadProblem(file: file, line: line, childID: "", rule: rule, action: action, detail: detail))
        // A file read only in part (a malformed row or element stopped it) was not loaded whole: it
        // fails the run like an unreadable one (report and explore: exit 2, or --keep-going).
        if action == .stopped && !report.failedFiles.contains(file) { report.failedFiles.append(file) }
    }

    /// A return year seen (the clean flat-file path; `add` notes its own).
    func noteYear(_ year: Int) {
        // Called per group: a Set insert (a hash) only when the year changes.
        if year > 0 && year != lastNotedYear { years.insert(year); lastNotedYear = year }
    }
    private var lastNotedYear = 0

    func incrementDayMonthYear(_ file: String) { dayMonthYearDates[file, default: 0] += 1 }

    /// Fields per file where an integer was written with a decimal point (`1.0`): one note per file.
    private var decimalIntegerFields: [String: Set<String>] = [:]
    func noteDecimalInteger(file: String, field: String) { decimalIntegerFields[file, default: []].insert(field) }

    public func endOfFile(_ file: String) {
        if let fields = decimalIntegerFields[file], !fields.isEmpty {
            report.add(LoadProblem(file: file, line: 0, childID: "", rule: .decimalIntegers, action: .kept,
                                   detail: "integers written with a decimal point (1.0, 2021.0: a pandas export?) were read as integers in \(fields.sorted().joined(separator: ", "))"))
        }
        if let n = dayMonthYearDates[file], n > 0 {
            report.add(LoadProblem(file: file, line: 0, childID: "", rule: .dayMonthYearDate, action: .kept,
                                   detail: "\(n) date(s) written DD/MM/YYYY (a spreadsheet round trip?) were read as day/month/year"))
        }
    }

    // MARK: - Adding records

    public func add(_ raw: RawChild, from origin: Origin) {
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
        if birth != nil && expected != nil {
            problem(origin, line: raw.line, child: id, .birthAndExpectedBirth, .kept,
                    "both PersonBirthDate and ExpectedPersonBirthDate given; both kept")
        }
        if let b = birth, let ref = origin.referenceDate, b > ref {
            problem(origin, line: raw.line, child: id, .birthAfterReferenceDate, .kept,
                    "PersonBirthDate \(b) is after the return's reference date \(ref)")
        }
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
        for ep in raw.episodes { addEpisode(ep, child: childIdx, ctx: ctx, year: year) }
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
        if let c = closure, c < referral {
            problem(ctx.origin, line: raw.line, child: ctx.child, .closureBeforeReferral, .kept,
                    "CINclosureDate \(c) is before CINreferralDate \(referral)")
        }
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
        for a in raw.assessments { if let v = addAssessment(a, episode: epIdx, ctx: ctx, year: year) { checked.assessments.append((a.line, v)) } }
        for s in raw.section47s { if let v = addSection47(s, episode: epIdx, ctx: ctx, year: year) { checked.section47s.append((s.line, v)) } }
        for p in raw.protectionPlans { if let v = addPlan(p, episode: epIdx, ctx: ctx, year: year) { checked.plans.append((p.line, v)) } }
        for p in raw.cinPlans { if let v = addCINPlan(p, episode: epIdx, ctx: ctx, year: year) { checked.cinPlans.append((p.line, v)) } }
        for f in DfERules.check(checked, referenceDate: ctx.origin.referenceDate) {
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
        if let s = start, let a = auth, a < s {
            problem(ctx.origin, line: raw.line, child: ctx.child, .authorisationBeforeStart, .kept,
                    "AssessmentAuthorisationDate \(a) is before AssessmentActualStartDate \(s)")
        }
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


    // MARK: - Merging validated values (shared by the validating path and the flat file's clean rows)

    /// The child made just after the last child already known: a return lists its children in the same
    /// order each year, so the next known child read is often that one, and checking it (one comparison
    /// of two short strings, in memory read in order) saves a hash lookup that misses the cache. A new
    /// child does not move it (on the 200k file this took hits from 11% to 19% of lookups).
    private var nextChildGuess = 0

    private func findChild(_ id: String, authority: UInt16) -> Int32? {
        findChild(hash: ChildIDIndex.hash(id, authority: authority)) {
            data.children[Int($0)].authority == authority && data.children[Int($0)].id == id
        }
    }

    /// The child with this ID in this authority, from the file's bytes (which must be ASCII, so that
    /// they are the UTF-8 of the String the child was stored with).
    func findChild(asciiID bytes: UnsafeBufferPointer<UInt8>, authority: UInt16) -> Int32? {
        findChild(hash: ChildIDIndex.hash(bytes, authority: authority)) {
            data.children[Int($0)].authority == authority && data.children[Int($0)].id.utf8.elementsEqual(bytes)
        }
    }

    /// The guess first, then the index; `isChild` says whether a child has the ID sought.
    private func findChild(hash: @autoclosure () -> UInt64, isChild: (Int32) -> Bool) -> Int32? {
        let guess = nextChildGuess
        if guess < data.children.count, isChild(Int32(guess)) { return Int32(guess) }
        return childIndex.find(hash(), isChild: isChild)
    }

    /// A stored child's ID and UPN (the clean path reuses them rather than making new Strings).
    func childID(_ index: Int32) -> String { data.children[Int(index)].id }
    func childUPN(_ index: Int32) -> String { data.children[Int(index)].upn }

    /// A child's validated values.
    struct ChildValues {
        var birth: Day?, expected: Day?, death: Day?
        var gender: UInt8?, ethnicity: UInt8?, disabilities: UInt16?
    }

    /// Adds or merges a child; `upn` as in the file (a new child stores it trimmed).
    /// `found` is the child's index when the caller has already looked it up (`.some(nil)`: not there).
    func mergeChild(id: String, authority: UInt16, found: Int32?? = nil, upn: String, _ v: ChildValues, ctx: Context, line: Int,
                    year: Int16) -> Int32 {
        if let existing = found ?? findChild(id, authority: authority) {
            nextChildGuess = Int(existing) + 1
            var c = data.children[Int(existing)]
            let m = Merger(ctx: ctx, line: line, existingYear: c.sourceYear, incomingYear: year)
            m.merge(&c.birthDate, v.birth, "PersonBirthDate")
            m.merge(&c.expectedBirthDate, v.expected, "ExpectedPersonBirthDate")
            m.merge(&c.deathDate, v.death, "PersonDeathDate")
            var upnOpt: String? = c.upn.isEmpty ? nil : c.upn
            m.merge(&upnOpt, upn.isEmpty ? nil : upn, "UPN", showValues: false)
            c.upn = upnOpt ?? ""
            if let g = v.gender, let birth = Gender.birth(earlier: year >= c.sourceYear ? c.gender : g,
                                                          later: year >= c.sourceYear ? g : c.gender) {
                // 0 (not recorded or unborn) then 1, 2 or 9 in a later return: the child was born.
                c.gender = birth
            } else {
                var gOpt: UInt8? = c.gender == 0 ? nil : c.gender
                m.merge(&gOpt, v.gender, "GenderCurrent/Sex", show: { Gender.list.codes[Int($0)] })
                c.gender = gOpt ?? 0
            }
            var eOpt: UInt8? = c.ethnicity == Ethnicity.unknown ? nil : c.ethnicity
            m.merge(&eOpt, v.ethnicity, "Ethnicity", show: { Ethnicity.list.codes[Int($0)] })
            c.ethnicity = eOpt ?? Ethnicity.unknown
            var dOpt: UInt16? = c.disabilities == 0 ? nil : c.disabilities
            m.merge(&dOpt, v.disabilities, "Disabilities", showValues: false)
            c.disabilities = dOpt ?? 0
            c.sourceYear = max(c.sourceYear, year)
            data.children[Int(existing)] = c
            return existing
        }
        let childIdx = Int32(data.children.count)
        childIndex.insert(ChildIDIndex.hash(id, authority: authority), childIdx)
        var record = ChildRecord(id: id, upn: upn.trimmingSpaces, birthDate: v.birth, expectedBirthDate: v.expected,
                                 deathDate: v.death, gender: v.gender ?? 0, ethnicity: v.ethnicity ?? Ethnicity.unknown,
                                 disabilities: v.disabilities ?? 0, sourceYear: year)
        record.authority = authority
        data.children.append(record)
        return childIdx
    }

    /// An episode's validated values.
    struct EpisodeValues {
        var referral: Day
        var source: UInt8?, need: UInt8?
        var closure: Day?
        var reason: UInt8?
        var icpc: Day?
        var nfa: Bool?
    }

    func mergeEpisode(_ v: EpisodeValues, child: Int32, ctx: Context, line: Int, year: Int16) -> Int32 {
        if let existing = episodeIndex.find(child, v.referral.number) {
            var e = data.episodes[Int(existing)]
            let m = Merger(ctx: ctx, line: line, existingYear: e.sourceYear, incomingYear: year)
            var srcOpt: UInt8? = e.referralSource == 0 ? nil : e.referralSource
            m.merge(&srcOpt, v.source, "ReferralSource", show: { ReferralSource.list.codes[Int($0)] }); e.referralSource = srcOpt ?? 0
            var needOpt: UInt8? = e.primaryNeed == PrimaryNeed.unknown ? nil : e.primaryNeed
            m.merge(&needOpt, v.need, "PrimaryNeedCode", show: { PrimaryNeed.list.codes[Int($0)] }); e.primaryNeed = needOpt ?? PrimaryNeed.unknown
            m.merge(&e.closureDate, v.closure, "CINclosureDate")
            var reasonOpt: UInt8? = e.reasonForClosure == 0 ? nil : e.reasonForClosure
            m.merge(&reasonOpt, v.reason, "ReasonForClosure", show: { ReasonForClosure.list.codes[Int($0)] }); e.reasonForClosure = reasonOpt ?? 0
            m.merge(&e.dateOfInitialCPC, v.icpc, "DateOfInitialCPC")
            // NFA: a later return's explicit value wins; blank keeps the earlier one.
            if let nfa = v.nfa, nfa != e.referralNFA, year >= e.sourceYear { e.referralNFA = nfa }
            e.sourceYear = max(e.sourceYear, year)
            data.episodes[Int(existing)] = e
            return existing
        }
        let epIdx = Int32(data.episodes.count)
        episodeIndex.insert(child, v.referral.number, epIdx)
        data.episodes.append(EpisodeRecord(child: child, referralDate: v.referral, referralSource: v.source ?? 0,
                                           primaryNeed: v.need ?? PrimaryNeed.unknown, closureDate: v.closure,
                                           reasonForClosure: v.reason ?? 0, dateOfInitialCPC: v.icpc,
                                           referralNFA: v.nfa ?? false, sourceYear: year))
        return epIdx
    }

    struct AssessmentValues: Equatable { var start: Day?, review: Day?, auth: Day?; var factors: FactorSet }

    /// `keyDate` is the start date, or the authorisation date when there is no start.
    func mergeAssessment(_ v: AssessmentValues, keyDate: Day, episode: Int32, ctx: Context, line: Int, year: Int16) {
        // Keyed by the start date, or by the authorisation date with bit 30 flipped when there is no start,
        // so the two kinds of key never collide (validated dates are within ±25,567 days of 1970).
        let key = v.start != nil ? keyDate.number : keyDate.number ^ 0x4000_0000
        if let existing = assessmentIndex.find(episode, key) ?? sameAssessmentByAuthorisation(v, episode: episode, year: year) {
            var a = data.assessments[Int(existing)]
            let m = Merger(ctx: ctx, line: line, existingYear: a.sourceYear, incomingYear: year)
            m.merge(&a.startDate, v.start, "AssessmentActualStartDate")
            m.merge(&a.internalReviewDate, v.review, "AssessmentInternalReviewDate")
            m.merge(&a.authorisationDate, v.auth, "AssessmentAuthorisationDate")
            var f: FactorSet? = a.factors.rawValue == 0 ? nil : a.factors
            m.merge(&f, v.factors.rawValue == 0 ? nil : v.factors, "AssessmentFactors", show: { $0.codes.joined(separator: ",") })
            a.factors = f ?? FactorSet()
            a.sourceYear = max(a.sourceYear, year)
            data.assessments[Int(existing)] = a
        } else {
            assessmentIndex.insert(episode, key, Int32(data.assessments.count))
            data.assessments.append(AssessmentRecord(episode: episode, startDate: v.start, internalReviewDate: v.review,
                                                     authorisationDate: v.auth, factors: v.factors, sourceYear: year))
        }
    }

    /// The assessment another return gave with a blank start date: matched by its authorisation date
    /// (liiatools and hand edits lose a start date now and then; without this it would count twice).
    /// Only across returns (an assessment of another year's return) and only when exactly one matches.
    private func sameAssessmentByAuthorisation(_ v: AssessmentValues, episode: Int32, year: Int16) -> Int32? {
        guard let auth = v.auth else { return nil }
        if let start = v.start {
            // An earlier-read return left the start blank: its record is keyed by the authorisation date.
            guard let r = assessmentIndex.find(episode, auth.number ^ 0x4000_0000) else { return nil }
            let a = data.assessments[Int(r)]
            return a.sourceYear != year && (a.startDate == nil || a.startDate == start) ? r : nil
        }
        // This return leaves the start blank: the episode's one assessment of another return authorised that day.
        guard let records = assessmentIndex.records(of: episode) else { return nil }
        let matches = records.filter {
            let a = data.assessments[Int($0)]
            return a.authorisationDate == auth && a.sourceYear != year
        }
        return matches.count == 1 ? matches[0] : nil
    }

    struct Section47Values: Equatable { var start: Day; var target: Day?, icpc: Day?; var notRequired: Bool? }

    func mergeSection47(_ v: Section47Values, episode: Int32, ctx: Context, line: Int, year: Int16) {
        if let existing = section47Index.find(episode, v.start.number) {
            var s = data.section47s[Int(existing)]
            let m = Merger(ctx: ctx, line: line, existingYear: s.sourceYear, incomingYear: year)
            m.merge(&s.initialCPCTarget, v.target, "InitialCPCtarget")
            m.merge(&s.dateOfInitialCPC, v.icpc, "DateOfInitialCPC")
            if let nr = v.notRequired, year >= s.sourceYear { s.icpcNotRequired = nr }
            s.sourceYear = max(s.sourceYear, year)
            data.section47s[Int(existing)] = s
        } else {
            section47Index.insert(episode, v.start.number, Int32(data.section47s.count))
            data.section47s.append(Section47Record(episode: episode, startDate: v.start, initialCPCTarget: v.target,
                                                  dateOfInitialCPC: v.icpc, icpcNotRequired: v.notRequired ?? false, sourceYear: year))
        }
    }

    struct PlanValues: Equatable { var start: Day; var end: Day?; var initial: UInt8?, latest: UInt8?; var previous: Int16? }

    func mergePlan(_ v: PlanValues, episode: Int32, ctx: Context, line: Int, year: Int16) {
        if let existing = planIndex.find(episode, v.start.number) {
            var p = data.protectionPlans[Int(existing)]
            let m = Merger(ctx: ctx, line: line, existingYear: p.sourceYear, incomingYear: year)
            m.merge(&p.endDate, v.end, "CPPendDate")
            var i: UInt8? = p.initialCategory == 0 ? nil : p.initialCategory
            m.merge(&i, v.initial, "InitialCategoryOfAbuse", show: { CategoryOfAbuse.list.codes[Int($0)] }); p.initialCategory = i ?? 0
            var l: UInt8? = p.latestCategory == 0 ? nil : p.latestCategory
            m.merge(&l, v.latest, "LatestCategoryOfAbuse", show: { CategoryOfAbuse.list.codes[Int($0)] }); p.latestCategory = l ?? 0
            if let n = v.previous, year >= p.sourceYear { p.numberOfPreviousPlans = n }
            p.sourceYear = max(p.sourceYear, year)
            data.protectionPlans[Int(existing)] = p
        } else {
            planIndex.insert(episode, v.start.number, Int32(data.protectionPlans.count))
            data.protectionPlans.append(ProtectionPlanRecord(episode: episode, startDate: v.start, endDate: v.end,
                                                            initialCategory: v.initial ?? 0, latestCategory: v.latest ?? 0,
                                                            numberOfPreviousPlans: v.previous ?? -1, sourceYear: year))
        }
    }

    struct CINPlanValues: Equatable { var start: Day; var end: Day? }

    func mergeCINPlan(_ v: CINPlanValues, episode: Int32, ctx: Context, line: Int, year: Int16) {
        if let existing = cinPlanIndex.find(episode, v.start.number) {
            var p = data.cinPlans[Int(existing)]
            Merger(ctx: ctx, line: line, existingYear: p.sourceYear, incomingYear: year).merge(&p.endDate, v.end, "CINPlanEndDate")
            p.sourceYear = max(p.sourceYear, year)
            data.cinPlans[Int(existing)] = p
        } else {
            cinPlanIndex.insert(episode, v.start.number, Int32(data.cinPlans.count))
            data.cinPlans.append(CINPlanRecord(episode: episode, startDate: v.start, endDate: v.end, sourceYear: year))
        }
    }

    // MARK: - Finishing

    /// Sorts and links the merged records. The builder must not be used afterwards: its records have
    /// been moved out.
    public func finish() -> (CensusData, LoadReport) {
        // The merge indexes are no longer needed: free them before sorting, and take each array out of
        // `data` so that sorting works in place rather than on a copy (peak memory on national files).
        childIndex = ChildIDIndex()
        episodeIndex = ChainIndex(); assessmentIndex = ChainIndex(); section47Index = ChainIndex()
        planIndex = ChainIndex(); cinPlanIndex = ChainIndex()
        reported = []
        var out = CensusData()
        swap(&out.children, &data.children)
        out.authorities = data.authorities
        // With one authority (or none named), a problem's child ID alone says who it is: problems
        // name the authority only when there are several, so single-authority output is unchanged.
        if Set(out.children.map(\.authority)).count <= 1 && data.authorities.count <= 2 { report.clearAuthorities() }
        out.returnYears = years.sorted()
        noteBirthDatePrecision(out.children)
        // Episodes by (child, referral date).
        var episodes: [EpisodeRecord] = []
        swap(&episodes, &data.episodes)
        let epOrder = episodes.indices.sorted {
            let a = episodes[$0], b = episodes[$1]
            return (a.child, a.referralDate.number) < (b.child, b.referralDate.number)
        }
        var epNew = [Int32](repeating: 0, count: episodes.count)
        for (newIdx, old) in epOrder.enumerated() { epNew[old] = Int32(newIdx) }
        // Assessments (the most records) are relinked and sorted on a second thread meanwhile.
        let episodeCount = episodes.count
        let assessments = SendableBox<[AssessmentRecord]>([])
        swap(&assessments.value, &data.assessments)
        let assessmentStart = SendableBox<[Int32]>([])
        let relinkedEpisodes = epNew
        let done = DispatchSemaphore(value: 0)
        let relinkAssessments = {
            CensusBuilder.relink(&assessments.value, to: relinkedEpisodes)
            assessmentStart.value = CensusBuilder.offsets(parents: assessments.value.map(\.episode), parentCount: episodeCount)
            done.signal()
        }
        // Without memory for a thread, here and now.
        if !DetachedThread.start(relinkAssessments) { relinkAssessments() }
        out.episodes = epOrder.map { episodes[$0] }
        episodes = []
        out.episodeStart = CensusBuilder.offsets(parents: out.episodes.map(\.child), parentCount: out.children.count)
        swap(&out.protectionPlans, &data.protectionPlans)
        CensusBuilder.relink(&out.protectionPlans, to: epNew)
        out.planStart = CensusBuilder.offsets(parents: out.protectionPlans.map(\.episode), parentCount: out.episodes.count)
        swap(&out.section47s, &data.section47s)
        CensusBuilder.relink(&out.section47s, to: epNew)
        swap(&out.cinPlans, &data.cinPlans)
        CensusBuilder.relink(&out.cinPlans, to: epNew)
        done.wait()
        swap(&out.assessments, &assessments.value)
        out.assessmentStart = assessmentStart.value
        return (out, report)
    }

    /// Birth dates (nearly) all on the 1st: one note for the load, and the counts on the report.
    private func noteBirthDatePrecision(_ children: [ChildRecord]) {
        let precision = BirthDatePrecision(children)
        report.birthDatePrecision = precision
        guard precision.monthOnly else { return }
        report.add(LoadProblem(file: report.files.count == 1 ? report.files[0] : "(all files)", line: 0, childID: "",
                               rule: .monthOnlyBirthDates, action: .kept,
                               detail: "\(precision.onFirstOfMonth) of \(precision.known) birth dates fall on the 1st of the month: they look cut to the month (liiatools does this), so age bands are approximate"))
    }

    /// Points each record at its episode's new index and sorts by (episode, date), in place.
    static func relink<T: EpisodeChildRecord>(_ records: inout [T], to epNew: [Int32]) {
        for i in records.indices { records[i].episode = epNew[Int(records[i].episode)] }
        records.sort { ($0.episode, $0.sortDate?.number ?? Int32.min) < ($1.episode, $1.sortDate?.number ?? Int32.min) }
    }

    /// CSR offsets for records sorted by parent index.
    static func offsets(parents: [Int32], parentCount: Int) -> [Int32] {
        var counts = [Int32](repeating: 0, count: parentCount + 1)
        for p in parents { counts[Int(p) + 1] += 1 }
        for i in 0..<parentCount { counts[i + 1] += counts[i] }
        return counts
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, CR and LF (the only white space the census files hold).
    public var trimmingSpaces: String {
        // Fast path: nearly every value in a return has no surrounding white space.
        if let f = utf8.first, let l = utf8.last, f > 32, l > 32 { return self }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}

/// Hands a value to another thread and back (the owner waits for that thread before reading it).
final class SendableBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// A record that belongs to an episode and is ordered within it by a date.
protocol EpisodeChildRecord {
    var episode: Int32 { get set }
    var sortDate: Day? { get }
}

extension AssessmentRecord: EpisodeChildRecord { var sortDate: Day? { startDate ?? authorisationDate } }
extension ProtectionPlanRecord: EpisodeChildRecord { var sortDate: Day? { startDate } }
extension Section47Record: EpisodeChildRecord { var sortDate: Day? { startDate } }
extension CINPlanRecord: EpisodeChildRecord { var sortDate: Day? { startDate } }
