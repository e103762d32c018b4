/// Reads the liiatools CIN "flat file": one row per dated event, child and episode values repeated
/// on every row. Consecutive rows of one child in one return are gathered into one raw child (one raw
/// episode per distinct set of episode values), which `CensusBuilder` validates and merges exactly as
/// an XML child; an assessment's start and authorisation rows rebuild one assessment, and stacked
/// years merge as XML returns do. A row whose child values differ from the previous row's starts a new
/// group, so every distinct value is still validated and every conflict still reported.
enum FlatFileLoader {
    /// The event types a row's `Type` names, matched on the field's bytes (no String per row).
    enum EventType: String, CaseIterable {
        case referral = "CINreferralDate", closure = "CINclosureDate"
        case assessmentStart = "AssessmentActualStartDate", assessmentAuthorisation = "AssessmentAuthorisationDate"
        case cinPlanStart = "CINPlanStartDate", cinPlanEnd = "CINPlanEndDate", section47 = "S47ActualStartDate"
        case planStart = "CPPstartDate", planEnd = "CPPendDate", planReview = "CPPreviewDate"

        static let table: [(bytes: [UInt8], type: EventType)] = allCases.map { (Array($0.rawValue.utf8), $0) }

        static func match(_ field: ArraySlice<UInt8>) -> EventType? {
            for entry in table where entry.bytes.count == field.count && entry.bytes.elementsEqual(field) { return entry.type }
            return nil
        }
    }
    static let childColumns = ["UPN", "PersonBirthDate", "ExpectedPersonBirthDate", "GenderCurrent", "Sex",
                               "PersonDeathDate", "Ethnicity", "Disabilities"]
    /// The episode's values; DateOfInitialCPC last, since on S47 rows it holds the enquiry's own date.
    static let episodeColumns = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
                                 "ReasonForClosure", "ReferralNFA", "DateOfInitialCPC"]

    /// Column positions, resolved once from the header.
    struct Columns {
        var index: [String: Int] = [:]
        func callAsFunction(_ name: String) -> Int { index[name] ?? -1 }
    }

    /// Rows gathered for one child in one return (a class: it is changed row by row, never copied).
    final class Group {
        var child: RawChild
        var year: Int
        var idBytes: ArraySlice<UInt8>
        var yearBytes: ArraySlice<UInt8>
        var childSignature: [UInt8]
        /// Episode signatures (their column bytes), parallel to `child.episodes`: a child has a few
        /// episodes per return, so a linear scan beats hashing the bytes.
        var episodeSignatures: [[UInt8]] = []

        init(child: RawChild, year: Int, idBytes: ArraySlice<UInt8>, yearBytes: ArraySlice<UInt8>, childSignature: [UInt8]) {
            self.child = child; self.year = year; self.idBytes = idBytes; self.yearBytes = yearBytes
            self.childSignature = childSignature
        }
    }

    /// Loads one flat file. The builder runs on a second thread while this one parses (see
    /// `PipelinedBuilderFeed`); an I/O error is rethrown after the builder has caught up.
    static func load(reader: ByteReader, file: String, into target: CensusBuilder) throws(LoadError) {
        let feed = PipelinedBuilderFeed(builder: target)
        defer { feed.drain() }
        try load(reader: reader, file: file, feed: feed)
    }

    static func load(reader: ByteReader, file: String, feed builder: BuilderFeed) throws(LoadError) {
        var csv = CSVRecordReader(reader: reader)
        do {
            guard try csv.next() != nil else {
                builder.fileProblem(file: file, line: 1, .missingColumn, .skipped, "empty file: no header row")
                builder.noteFailedFile(file)
                return
            }
        } catch {
            switch error {
            case .io(let e): throw e
            case .malformed(let line, let message):
                builder.fileProblem(file: file, line: line, .wrongColumnCount, .stopped, "header row unreadable: \(message)")
                builder.noteFailedFile(file)
                return
            }
        }
        let header = csv.strings
        var columns = Columns()
        for (i, raw) in header.enumerated() {
            var name = raw.trimmingSpaces
            if i == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            if columns.index[name] != nil {
                builder.fileProblem(file: file, line: 1, .duplicateColumn, .ignored,
                                    "column '\(name.prefix(40))' appears more than once; the first is used")
            } else { columns.index[name] = i }
        }
        for required in ["LAchildID", "Type"] where columns.index[required] == nil {
            builder.fileProblem(file: file, line: 1, .missingColumn, .skipped, "required column '\(required)' is missing: file not loaded")
            builder.noteFailedFile(file)
            return
        }
        if columns.index["YEAR"] == nil {
            builder.fileProblem(file: file, line: 1, .missingYear, .kept,
                                "no YEAR column: the return year of each row is unknown, so conflicting values merge in file order")
        }
        let width = header.count
        let idColumn = columns("LAchildID"), typeColumn = columns("Type"), yearColumn = columns("YEAR")
        let genderColumn = columns.index["GenderCurrent"] != nil ? columns("GenderCurrent") : columns("Sex")
        let childCols = childColumns.map { columns($0) }
        let episodeCols = episodeColumns.map { columns($0) }
        let episodeColsOfS47Rows = Array(episodeCols.dropLast())
        // Column positions resolved once (a dictionary lookup per field per row was a tenth of the time).
        let colAssessmentActualStartDate = columns("AssessmentActualStartDate")
        let colAssessmentAuthorisationDate = columns("AssessmentAuthorisationDate")
        let colAssessmentInternalReviewDate = columns("AssessmentInternalReviewDate")
        let colCINPlanEndDate = columns("CINPlanEndDate")
        let colCINPlanStartDate = columns("CINPlanStartDate")
        let colCINclosureDate = columns("CINclosureDate")
        let colCINreferralDate = columns("CINreferralDate")
        let colCPPendDate = columns("CPPendDate")
        let colCPPstartDate = columns("CPPstartDate")
        let colDateOfInitialCPC = columns("DateOfInitialCPC")
        let colFactors = columns("Factors")
        let colICPCnotRequired = columns("ICPCnotRequired")
        let colInitialCPCtarget = columns("InitialCPCtarget")
        let colInitialCategoryOfAbuse = columns("InitialCategoryOfAbuse")
        let colLatestCategoryOfAbuse = columns("LatestCategoryOfAbuse")
        let colNumberOfPreviousCPP = columns("NumberOfPreviousCPP")
        let colPrimaryNeedCode = columns("PrimaryNeedCode")
        let colReasonForClosure = columns("ReasonForClosure")
        let colReferralNFA = columns("ReferralNFA")
        let colReferralSource = columns("ReferralSource")
        let colS47ActualStartDate = columns("S47ActualStartDate")
        var missingTypeColumns: Set<String> = []
        var typeHasColumn: [EventType: Bool] = [:]
        for t in EventType.allCases { typeHasColumn[t] = columns.index[t.rawValue] != nil }
        var group: Group?
        var signature: [UInt8] = []
        signature.reserveCapacity(256)

        func flush() {
            if let g = group {
                let refDate = g.year > 0 ? Day(year: g.year, month: 3, day: 31) : nil
                builder.add(g.child, from: .init(file: file, year: g.year, referenceDate: refDate))
            }
            group = nil
        }
        /// The bytes of some columns, separated, as one comparable value.
        func sign(_ cols: [Int], into out: inout [UInt8]) {
            out.removeAll(keepingCapacity: true)
            for c in cols { out.append(contentsOf: csv.bytes(c)); out.append(0x1F) }
        }

        while true {
            let line: Int
            do {
                guard let l = try csv.next() else { break }
                line = l
            } catch {
                switch error {
                case .io(let e): throw e
                case .malformed(let l, let message):
                    flush()
                    builder.fileProblem(file: file, line: l, .wrongColumnCount, .stopped, "\(message); rows before it were kept")
                    builder.endOfFile(file)
                    return
                }
            }
            if csv.fieldCount == 1 && csv.string(0).trimmingSpaces.isEmpty { continue }  // blank line
            guard csv.fieldCount == width else {
                let id = csv.string(idColumn).trimmingSpaces
                builder.fileProblem(file: file, line: line, .wrongColumnCount, .skipped,
                                    "\(id.isEmpty ? "" : "child \(id): ")row has \(csv.fieldCount) fields, the header \(width): row not loaded")
                continue
            }
            guard let type = EventType.match(csv.bytes(typeColumn)) ?? EventType(rawValue: csv.string(typeColumn).trimmingSpaces) else {
                let type = csv.string(typeColumn).trimmingSpaces
                let year = Int(csv.string(yearColumn).trimmingSpaces) ?? 0
                builder.problem(.init(file: file, year: year, referenceDate: nil), line: line, child: csv.string(idColumn).trimmingSpaces,
                                .unknownRowType, .skipped, "Type '\(type.prefix(40))' is not a CIN flat-file event type: row not loaded")
                continue
            }
            if !typeHasColumn[type, default: false] && type != .planReview {
                if missingTypeColumns.insert(type.rawValue).inserted {
                    builder.fileProblem(file: file, line: line, .missingColumn, .skipped,
                                        "rows of Type \(type.rawValue) need a '\(type.rawValue)' column, which is missing: those rows not loaded")
                }
                continue
            }
            // Same child, same return, same child values as the group so far: add to it.
            sign(childCols, into: &signature)
            if let g = group, g.idBytes == csv.bytes(idColumn), g.yearBytes == csv.bytes(yearColumn), g.childSignature == signature {
            } else {
                flush()
                var child = RawChild(line: line)
                child.id = csv.string(idColumn)
                child.upn = csv.string(childCols[0])
                child.birthDate = csv.string(childCols[1])
                child.expectedBirthDate = csv.string(childCols[2])
                child.gender = csv.string(genderColumn)
                child.deathDate = csv.string(childCols[5])
                child.ethnicity = csv.string(childCols[6])
                child.disabilities = csv.string(childCols[7]).split(separator: ",").map(String.init)
                group = Group(child: child, year: Int(csv.string(yearColumn).trimmingSpaces) ?? 0,
                              idBytes: csv.bytes(idColumn), yearBytes: csv.bytes(yearColumn), childSignature: signature)
            }
            guard let g = group else { continue }
            // The row's episode, by its episode values (on S47 rows, without DateOfInitialCPC).
            let isS47 = type == .section47
            sign(isS47 ? episodeColsOfS47Rows : episodeCols, into: &signature)
            if isS47 { signature.append(0xFF) }
            let e: Int
            if let existing = g.episodeSignatures.firstIndex(of: signature) { e = existing } else {
                var ep = RawEpisode(line: line)
                ep.referralDate = csv.string(colCINreferralDate)
                ep.referralSource = csv.string(colReferralSource)
                ep.primaryNeed = csv.string(colPrimaryNeedCode)
                ep.closureDate = csv.string(colCINclosureDate)
                ep.reasonForClosure = csv.string(colReasonForClosure)
                ep.referralNFA = csv.string(colReferralNFA)
                if !isS47 { ep.dateOfInitialCPC = csv.string(colDateOfInitialCPC) }
                e = g.child.episodes.count
                g.child.episodes.append(ep)
                g.episodeSignatures.append(signature)
            }
            switch type {
            case .assessmentStart, .assessmentAuthorisation:
                var a = RawAssessment(line: line)
                a.startDate = csv.string(colAssessmentActualStartDate)
                a.internalReviewDate = csv.string(colAssessmentInternalReviewDate)
                a.authorisationDate = csv.string(colAssessmentAuthorisationDate)
                a.factors = csv.string(colFactors).split(separator: ",").map(String.init)
                g.child.episodes[e].assessments.append(a)
            case .cinPlanStart, .cinPlanEnd:
                var p = RawCINPlan(line: line)
                p.startDate = csv.string(colCINPlanStartDate)
                p.endDate = csv.string(colCINPlanEndDate)
                g.child.episodes[e].cinPlans.append(p)
            case .section47:
                // liiatools writes the enquiry's own DateOfInitialCPC into this row's DateOfInitialCPC
                // column, so here it belongs to the section 47, not the episode.
                var s = RawSection47(line: line)
                s.startDate = csv.string(colS47ActualStartDate)
                s.initialCPCTarget = csv.string(colInitialCPCtarget)
                s.dateOfInitialCPC = csv.string(colDateOfInitialCPC)
                s.icpcNotRequired = csv.string(colICPCnotRequired)
                g.child.episodes[e].section47s.append(s)
            case .planStart, .planEnd, .planReview:
                var p = RawProtectionPlan(line: line)
                p.startDate = csv.string(colCPPstartDate)
                p.endDate = csv.string(colCPPendDate)
                p.initialCategory = csv.string(colInitialCategoryOfAbuse)
                p.latestCategory = csv.string(colLatestCategoryOfAbuse)
                p.numberOfPreviousPlans = csv.string(colNumberOfPreviousCPP)
                g.child.episodes[e].protectionPlans.append(p)
            default:
                break
            }
        }
        flush()
        builder.endOfFile(file)
    }
}
