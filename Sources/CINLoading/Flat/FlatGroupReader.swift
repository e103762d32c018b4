import CINModel

/// Merges a flat file's row groups, on the builder's thread.
///
/// Two paths with one result. A clean group was read on the parsing thread (`FlatGroupDecoder`: only
/// values that are plainly valid, so it has no problem to report but the DfE rules' findings on valid
/// values, reported by both paths at the same point); here it is merged. Any other group goes to the
/// general path, which builds a `RawChild` of Strings and hands it to `CensusBuilder.add`, the same
/// validation the XML loader uses, which reports what is wrong.
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
        origin = CensusBuilder.Origin(file: file, year: 0, referenceDate: nil)
    }

    /// The origin of the last group (a file's groups come year by year, and authority by authority).
    private var originYear = Int.min
    /// Set in `init`, not lazily: a lazy property's getter copied the Origin (its file String) per group.
    private var origin: CensusBuilder.Origin
    /// The last group's LA bytes and their authority: a file's groups come authority by authority,
    /// so a group costs a byte comparison, not a String and a lookup.
    private var lastAuthorityBytes: [UInt8] = []
    private var lastAuthority: UInt16 = 0

    /// Reads the groups the parsing thread left unread (nil: the general path alone).
    var decoder: FlatGroupDecoder?

    /// The file's size when known (`ByteReader.expectedBytes`): once a part of it has been merged,
    /// the builder reserves room for the rest (`reserveAfter`).
    var expectedBytes: Int?
    /// Row bytes merged so far, and whether the builder has reserved its room.
    private var bytesMerged = 0
    private var reserved = false
    /// The builder reserves once this share of the file's bytes, and at least `reserveMinimum`, has
    /// been merged: early enough to save most of the growth, late enough for a projection from the
    /// records per byte seen (a file's years and authorities are alike in their density).
    static let reserveAfter = 1.0 / 32
    static let reserveMinimum = 1 << 20
    /// `reserveMinimum` but in tests, which reserve in small files.
    var reserveMinimum = FlatGroupReader.reserveMinimum

    func apply(_ batch: FlatRowBatch) {
        if let decoder { batch.readGroups(decoder) }
        batch.withView { apply(batch.items, $0, clean: batch.clean) }
        bytesMerged += batch.byteCount
        if !reserved, let expected = expectedBytes, bytesMerged >= reserveMinimum,
           Double(bytesMerged) >= Double(expected) * FlatGroupReader.reserveAfter {
            reserved = true
            builder.reserve(scale: Double(expected) / Double(bytesMerged))
        }
    }

    private func apply(_ items: [FlatRowBatch.Item], _ batch: FlatRowBatch.View, clean: CleanGroups) {
        for k in items.indices {
            switch items[k] {
            case .group(let first, let count, let year, let state):
                // The children of the next two groups are looked up after this one is merged: the
                // record of the next (its slot came in a group ago) and the slot of the one after are
                // asked for now, so that their cache misses overlap this merge.
                if fastPath, k + 1 < items.count, case .group(let next, _, _, _) = items[k + 1] {
                    builder.prefetchChildRecord(asciiID: batch.field(next, columns.id), authority: origin.authority)
                    if k + 2 < items.count, case .group(let after, _, _, _) = items[k + 2] {
                        builder.prefetchChildSlot(asciiID: batch.field(after, columns.id), authority: origin.authority)
                    }
                }
                let authority = authorityOf(batch, row: first)
                if year != originYear || authority != origin.authority {
                    originYear = year
                    if batch.field(first, columns.year).contains(46) { builder.noteDecimalInteger(file: file, field: "YEAR") }
                    origin = CensusBuilder.Origin(file: file, year: year, referenceDate: year > 0 ? Day(year: year, month: 3, day: 31) : nil,
                                                  authority: authority)
                }
                // A read group's index is into this batch's `clean` (groups never cross a batch).
                assert({ if case .read(let k) = state { return k < clean.groups.count } else { return true } }())
                if fastPath, case .read(let k) = state, k < clean.groups.count {
                    mergeClean(batch, first: first, clean.groups[k], from: clean, origin: origin)
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
        // Compared as raw bytes: the generic `elementsEqual` was 1.3% of a flat load's CPU.
        if lastAuthorityBytes.withUnsafeBufferPointer({ FlatRowBatch.same(bytes, $0) }) { return lastAuthority }
        lastAuthorityBytes = Array(bytes)
        lastAuthority = builder.authority(written: String(decoding: bytes, as: UTF8.self))
        return lastAuthority
    }

    /// The general path's episodes of a group.
    private var episodes = FlatEpisodeFinder()

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
        episodes.find(b, first: first, count: count, columns: c)
        for (e, r) in episodes.firstRows.enumerated() {
            var ep = RawEpisode(line: b.lines[r])
            for (field, column) in episodeText { ep[keyPath: field] = b.string(r, column) }
            if !episodes.ofS47[e] { ep.dateOfInitialCPC = b.string(r, c.dateOfInitialCPC) }
            child.episodes.append(ep)
        }
        for r in first..<(first + count) {
            let e = episodes.rowEpisodes[r - first]
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
        // The episodes in their first rows' order (the order problems are reported in).
        child.episodes = (kept + unjoined).sorted { $0.line < $1.line }
    }

    // MARK: - The clean path

    /// Merges a group the parsing thread read, in the order `CensusBuilder.add` would.
    private func mergeClean(_ b: FlatRowBatch.View, first: Int, _ g: CleanGroups.Group, from clean: CleanGroups,
                            origin: CensusBuilder.Origin) {
        let c = columns
        // A child already seen (most, in a file of stacked years) is found from the ID's bytes and
        // its stored ID and UPN Strings are reused; an ID with non-ASCII bytes is looked up as a String.
        let idBytes = b.field(first, c.id)
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
        let child = builder.mergeChild(id: id, authority: origin.authority, found: ascii ? .some(found) : nil, upn: upn, g.child,
                                       ctx: ctx, line: b.lines[first], year: year)
        // By index, not through slices (a slice of each list per episode was a retain and a release).
        for (e, k) in g.episodes.enumerated() {
            let ep = clean.episodes[k]
            let epIdx = builder.mergeEpisode(ep.values, child: child, ctx: ctx, line: ep.line, year: year)
            for i in g.assessments where clean.assessments[i].episode == e {
                let a = clean.assessments[i]
                builder.mergeAssessment(a.values.values, keyDate: a.values.keyDate, episode: epIdx, ctx: ctx, line: a.line, year: year)
            }
            for i in g.section47s where clean.section47s[i].episode == e {
                builder.mergeSection47(clean.section47s[i].values, episode: epIdx, ctx: ctx, line: clean.section47s[i].line, year: year)
            }
            for i in g.plans where clean.plans[i].episode == e {
                builder.mergePlan(clean.plans[i].values, episode: epIdx, ctx: ctx, line: clean.plans[i].line, year: year)
            }
            for i in g.cinPlans where clean.cinPlans[i].episode == e {
                builder.mergeCINPlan(clean.cinPlans[i].values, episode: epIdx, ctx: ctx, line: clean.cinPlans[i].line, year: year)
            }
            // The DfE rules' findings, where `CensusBuilder.addEpisode` reports them (after the
            // episode's records; a record repeated on a later row adds no finding: the builder
            // reports a finding once per child, file and detail).
            for i in g.findings where clean.findings[i].episode == e {
                let f = clean.findings[i].finding
                builder.problem(origin, line: f.line, child: id, f.rule, .kept, f.detail)
            }
        }
    }
}
