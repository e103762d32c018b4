/// Reads the liiatools CIN "flat file": one row per dated event, child and episode values repeated
/// on every row. Each row becomes a raw child with one episode and at most one sub-record, and
/// `CensusBuilder` merges the rows, so an assessment's start and authorisation rows rebuild one
/// assessment and stacked years merge exactly as XML returns do.
enum FlatFileLoader {
    static let eventTypes: Set<String> = [
        "CINreferralDate", "CINclosureDate", "AssessmentActualStartDate", "AssessmentAuthorisationDate",
        "CINPlanStartDate", "CINPlanEndDate", "S47ActualStartDate", "CPPstartDate", "CPPendDate", "CPPreviewDate",
    ]

    static func load(reader: ByteReader, file: String, into builder: CensusBuilder) throws(LoadError) {
        var csv = CSVRecordReader(reader: reader)
        let header: [String]
        do {
            guard let h = try csv.next() else {
                builder.fileProblem(file: file, line: 1, .missingColumn, .skipped, "empty file: no header row")
                builder.noteFailedFile(file)
                return
            }
            header = h.fields
        } catch {
            switch error {
            case .io(let e): throw e
            case .malformed(let line, let message):
                builder.fileProblem(file: file, line: line, .wrongColumnCount, .stopped, "header row unreadable: \(message)")
                builder.noteFailedFile(file)
                return
            }
        }
        var columns: [String: Int] = [:]
        for (i, raw) in header.enumerated() {
            var name = raw.trimmingSpaces
            if i == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            if columns[name] != nil {
                builder.fileProblem(file: file, line: 1, .duplicateColumn, .ignored,
                                    "column '\(name.prefix(40))' appears more than once; the first is used")
            } else { columns[name] = i }
        }
        for required in ["LAchildID", "Type"] where columns[required] == nil {
            builder.fileProblem(file: file, line: 1, .missingColumn, .skipped, "required column '\(required)' is missing: file not loaded")
            builder.noteFailedFile(file)
            return
        }
        if columns["YEAR"] == nil {
            builder.fileProblem(file: file, line: 1, .missingYear, .kept,
                                "no YEAR column: the return year of each row is unknown, so conflicting values merge in file order")
        }
        let width = header.count
        func col(_ fields: [String], _ name: String) -> String {
            guard let i = columns[name], fields.indices.contains(i) else { return "" }
            return fields[i]
        }
        var missingTypeColumns: Set<String> = []
        while true {
            let record: (fields: [String], line: Int)
            do {
                guard let r = try csv.next() else { break }
                record = r
            } catch {
                switch error {
                case .io(let e): throw e
                case .malformed(let line, let message):
                    builder.fileProblem(file: file, line: line, .wrongColumnCount, .stopped, "\(message); rows before it were kept")
                    builder.endOfFile(file)
                    return
                }
            }
            let f = record.fields
            if f.count == 1 && f[0].trimmingSpaces.isEmpty { continue }  // blank line
            let id = col(f, "LAchildID").trimmingSpaces
            guard f.count == width else {
                builder.fileProblem(file: file, line: record.line, .wrongColumnCount, .skipped,
                                    "\(id.isEmpty ? "" : "child \(id): ")row has \(f.count) fields, the header \(width): row not loaded")
                continue
            }
            let yearText = col(f, "YEAR").trimmingSpaces
            let year = Int(yearText) ?? 0
            let refDate = year > 0 ? Day(year: year, month: 3, day: 31) : nil
            let origin = CensusBuilder.Origin(file: file, year: year, referenceDate: refDate)
            let type = col(f, "Type").trimmingSpaces
            guard eventTypes.contains(type) else {
                builder.problem(origin, line: record.line, child: id, .unknownRowType, .skipped,
                                "Type '\(type.prefix(40))' is not a CIN flat-file event type: row not loaded")
                continue
            }
            if columns[type] == nil && type != "CPPreviewDate" && missingTypeColumns.insert(type).inserted {
                builder.fileProblem(file: file, line: record.line, .missingColumn, .skipped,
                                    "rows of Type \(type) need a '\(type)' column, which is missing: those rows not loaded")
            }
            if columns[type] == nil && type != "CPPreviewDate" { continue }

            var child = RawChild(line: record.line)
            child.id = id
            child.upn = col(f, "UPN")
            child.birthDate = col(f, "PersonBirthDate")
            child.expectedBirthDate = col(f, "ExpectedPersonBirthDate")
            child.deathDate = col(f, "PersonDeathDate")
            child.gender = columns["GenderCurrent"] != nil ? col(f, "GenderCurrent") : col(f, "Sex")
            child.ethnicity = col(f, "Ethnicity")
            child.disabilities = col(f, "Disabilities").split(separator: ",").map(String.init)
            var ep = RawEpisode(line: record.line)
            ep.referralDate = col(f, "CINreferralDate")
            ep.referralSource = col(f, "ReferralSource")
            ep.primaryNeed = col(f, "PrimaryNeedCode")
            ep.closureDate = col(f, "CINclosureDate")
            ep.reasonForClosure = col(f, "ReasonForClosure")
            ep.referralNFA = col(f, "ReferralNFA")
            switch type {
            case "AssessmentActualStartDate", "AssessmentAuthorisationDate":
                var a = RawAssessment(line: record.line)
                a.startDate = col(f, "AssessmentActualStartDate")
                a.internalReviewDate = col(f, "AssessmentInternalReviewDate")
                a.authorisationDate = col(f, "AssessmentAuthorisationDate")
                a.factors = col(f, "Factors").split(separator: ",").map(String.init)
                ep.assessments.append(a)
                ep.dateOfInitialCPC = col(f, "DateOfInitialCPC")
            case "CINPlanStartDate", "CINPlanEndDate":
                var p = RawCINPlan(line: record.line)
                p.startDate = col(f, "CINPlanStartDate")
                p.endDate = col(f, "CINPlanEndDate")
                ep.cinPlans.append(p)
                ep.dateOfInitialCPC = col(f, "DateOfInitialCPC")
            case "S47ActualStartDate":
                // liiatools writes the enquiry's own DateOfInitialCPC into this row's DateOfInitialCPC
                // column, so here it belongs to the section 47, not the episode.
                var s = RawSection47(line: record.line)
                s.startDate = col(f, "S47ActualStartDate")
                s.initialCPCTarget = col(f, "InitialCPCtarget")
                s.dateOfInitialCPC = col(f, "DateOfInitialCPC")
                s.icpcNotRequired = col(f, "ICPCnotRequired")
                ep.section47s.append(s)
            case "CPPstartDate", "CPPendDate", "CPPreviewDate":
                var p = RawProtectionPlan(line: record.line)
                p.startDate = col(f, "CPPstartDate")
                p.endDate = col(f, "CPPendDate")
                p.initialCategory = col(f, "InitialCategoryOfAbuse")
                p.latestCategory = col(f, "LatestCategoryOfAbuse")
                p.numberOfPreviousPlans = col(f, "NumberOfPreviousCPP")
                ep.protectionPlans.append(p)
                ep.dateOfInitialCPC = col(f, "DateOfInitialCPC")
            default:
                ep.dateOfInitialCPC = col(f, "DateOfInitialCPC")
            }
            child.episodes = [ep]
            builder.add(child, from: origin)
        }
        builder.endOfFile(file)
    }
}
