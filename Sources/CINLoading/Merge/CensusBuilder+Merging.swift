import CINModel
import CinxPrefetch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adding or merging validated values, shared by the validating path and the flat file's clean path,
/// by the merge keys of docs/data-format.md. A conflict between two returns' values is decided and
/// reported by `Merger` (FieldValidation.swift), the one merge rule.
extension CensusBuilder {
    private func findChild(_ id: String, authority: UInt16) -> Int32? {
        findChild(hash: ChildIDIndex.hash(id, authority: authority)) {
            data.children[Int($0)].authority == authority && data.children[Int($0)].id == id
        }
    }

    /// The child with this ID in this authority, from the file's bytes (which must be ASCII, so that
    /// they are the UTF-8 of the String the child was stored with).
    func findChild(asciiID bytes: UnsafeBufferPointer<UInt8>, authority: UInt16) -> Int32? {
        findChild(hash: ChildIDIndex.hash(bytes, authority: authority)) {
            data.children[Int($0)].authority == authority && CensusBuilder.sameBytes(data.children[Int($0)].id, bytes)
        }
    }

    /// Brings in the index slot of a child to be looked up by `findChild(asciiID:authority:)` two groups on.
    @inline(__always) func prefetchChildSlot(asciiID bytes: UnsafeBufferPointer<UInt8>, authority: UInt16) {
        childIndex.prefetch(ChildIDIndex.hash(bytes, authority: authority))
    }

    /// Brings in the record of the child to be merged next (its slot was brought in by
    /// `prefetchChildSlot` a group before): `mergeChild`'s first read of the record missed every cache on
    /// a national file (perf: 5% of the flat load's time). A hint only; nothing is read from the record.
    @inline(__always) func prefetchChildRecord(asciiID bytes: UnsafeBufferPointer<UInt8>, authority: UInt16) {
        guard let index = childIndex.candidate(ChildIDIndex.hash(bytes, authority: authority)) else { return }
        data.children.withUnsafeBufferPointer { children in
            guard let base = children.baseAddress, index >= 0, Int(index) < children.count else { return }
            // A record spans two cache lines.
            let record = UnsafeRawPointer(base + Int(index))
            cinx_prefetch(record)
            cinx_prefetch(record + MemoryLayout<ChildRecord>.stride - 1)
        }
    }

    /// Whether a String's UTF-8 is these bytes: one memcmp over the String's own storage (the generic
    /// `elementsEqual` went byte by byte through the UTF-8 view, a cost on every group of a flat file).
    @inline(__always) static func sameBytes(_ s: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let utf8 = s.utf8
        guard utf8.count == bytes.count else { return false }
        let same = utf8.withContiguousStorageIfAvailable { stored -> Bool in
            guard let a = stored.baseAddress, let b = bytes.baseAddress else { return stored.isEmpty }
            return memcmp(a, b, bytes.count) == 0
        }
        return same ?? utf8.elementsEqual(bytes)
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
            // A child restated as it was (most children, in every later return): the merge below
            // would change nothing but the year, so the record is not copied out and back.
            // Read in place through the buffer: the array's subscript copied the record (two Strings
            // retained and released) once per group.
            if data.children.withUnsafeBufferPointer({ $0[Int(existing)].isRestated(by: v, upn: upn) }) {
                data.children[Int(existing)].sourceYear = max(data.children[Int(existing)].sourceYear, year)
                return existing
            }
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
        childIndex.insert(ChildIDIndex.hash(id, authority: authority), childIdx) { known in
            let child = data.children[Int(known)]
            return ChildIDIndex.hash(child.id, authority: child.authority)
        }
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
        Self.mergeByStart(into: &data.section47s, index: &section47Index, episode: episode, start: v.start,
                          ctx: ctx, line: line, year: year, update: { s, m in
            m.merge(&s.initialCPCTarget, v.target, "InitialCPCtarget")
            m.merge(&s.dateOfInitialCPC, v.icpc, "DateOfInitialCPC")
            if let nr = v.notRequired, year >= s.sourceYear { s.icpcNotRequired = nr }
        }, new: {
            Section47Record(episode: episode, startDate: v.start, initialCPCTarget: v.target,
                            dateOfInitialCPC: v.icpc, icpcNotRequired: v.notRequired ?? false, sourceYear: year)
        })
    }

    struct PlanValues: Equatable { var start: Day; var end: Day?; var initial: UInt8?, latest: UInt8?; var previous: Int16? }

    func mergePlan(_ v: PlanValues, episode: Int32, ctx: Context, line: Int, year: Int16) {
        Self.mergeByStart(into: &data.protectionPlans, index: &planIndex, episode: episode, start: v.start,
                          ctx: ctx, line: line, year: year, update: { p, m in
            m.merge(&p.endDate, v.end, "CPPendDate")
            // Categories are stored with 0 for none; the merge rule works on optionals.
            var i: UInt8? = p.initialCategory == 0 ? nil : p.initialCategory
            m.merge(&i, v.initial, "InitialCategoryOfAbuse", show: { CategoryOfAbuse.list.codes[Int($0)] }); p.initialCategory = i ?? 0
            var l: UInt8? = p.latestCategory == 0 ? nil : p.latestCategory
            m.merge(&l, v.latest, "LatestCategoryOfAbuse", show: { CategoryOfAbuse.list.codes[Int($0)] }); p.latestCategory = l ?? 0
            if let n = v.previous, year >= p.sourceYear { p.numberOfPreviousPlans = n }
        }, new: {
            ProtectionPlanRecord(episode: episode, startDate: v.start, endDate: v.end, initialCategory: v.initial ?? 0,
                                 latestCategory: v.latest ?? 0, numberOfPreviousPlans: v.previous ?? -1, sourceYear: year)
        })
    }

    struct CINPlanValues: Equatable { var start: Day; var end: Day? }

    func mergeCINPlan(_ v: CINPlanValues, episode: Int32, ctx: Context, line: Int, year: Int16) {
        Self.mergeByStart(into: &data.cinPlans, index: &cinPlanIndex, episode: episode, start: v.start,
                          ctx: ctx, line: line, year: year, update: { p, m in
            m.merge(&p.endDate, v.end, "CINPlanEndDate")
        }, new: {
            CINPlanRecord(episode: episode, startDate: v.start, endDate: v.end, sourceYear: year)
        })
    }

    /// An episode's section 47s, protection plans and CIN plans are each keyed by their start date and
    /// merge alike: one seen before takes the incoming values by the merge rule (`update`, given the
    /// `Merger` for the two returns) and the later return's year; a new one is appended and indexed.
    @inline(__always)
    private static func mergeByStart<R: StampedWithReturnYear>(
        into records: inout [R], index: inout ChainIndex, episode: Int32, start: Day, ctx: Context, line: Int,
        year: Int16, update: (inout R, Merger) -> Void, new: () -> R
    ) {
        if let existing = index.find(episode, start.number) {
            var r = records[Int(existing)]
            update(&r, Merger(ctx: ctx, line: line, existingYear: r.sourceYear, incomingYear: year))
            r.sourceYear = max(r.sourceYear, year)
            records[Int(existing)] = r
        } else {
            index.insert(episode, start.number, Int32(records.count))
            records.append(new())
        }
    }
}

private extension ChildRecord {
    /// Whether every value given is the one stored (a value not given never changes one): then the
    /// merge has nothing to set and no conflict to report. `upn` as in the file, the stored one trimmed.
    func isRestated(by v: CensusBuilder.ChildValues, upn: String) -> Bool {
        (v.birth == nil || v.birth == birthDate) && (v.expected == nil || v.expected == expectedBirthDate)
            && (v.death == nil || v.death == deathDate) && (upn.isEmpty || upn == self.upn)
            && (v.gender == nil || v.gender == gender) && (v.ethnicity == nil || v.ethnicity == ethnicity)
            && (v.disabilities == nil || v.disabilities == disabilities)
    }
}

/// A record that remembers the collection year of the return that last set its values (the merge rule).
protocol StampedWithReturnYear { var sourceYear: Int16 { get set } }
extension Section47Record: StampedWithReturnYear {}
extension ProtectionPlanRecord: StampedWithReturnYear {}
extension CINPlanRecord: StampedWithReturnYear {}
