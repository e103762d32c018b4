/// Reads one CIN census XML return (root `<Message>`) into raw records for `CensusBuilder`.
/// Children are collected per file and added at the end, because the header (which names the
/// collection year) may legally come after the children: element order must not matter.
struct XMLReturnHandler: XMLEventHandler {
    let file: String
    var year = 0
    var referenceDateText = ""
    var children: [RawChild] = []
    var notes: [(line: Int, rule: LoadRule, detail: String)] = []
    var rootName: String?

    private var path: [String] = []
    private var child: RawChild?
    private var episode: RawEpisode?
    private var assessment: RawAssessment?
    private var section47: RawSection47?
    private var plan: RawProtectionPlan?
    private var cinPlan: RawCINPlan?
    private var unknownSeen: Set<String> = []
    private var strayNoted = false
    private var ignoredDepth = 0

    init(file: String) { self.file = file }

    /// Containers whose contents this product does not use: skipped silently, as the schema defines them.
    static let ignoredContainers: Set<String> = ["Source", "PreProceedingsandFGDM", "Reviews"]
    static let knownContainers: Set<String> = [
        "Message", "Header", "CollectionDetails", "Children", "Child", "ChildIdentifiers", "ChildCharacteristics",
        "Disabilities", "CINdetails", "Assessments", "FactorsIdentifiedAtAssessment", "CINPlanDates", "Section47",
        "ChildProtectionPlans",
    ]

    mutating func startElement(_ name: String, line: Int) {
        if rootName == nil { rootName = name }
        path.append(name)
        if ignoredDepth > 0 { ignoredDepth += 1; return }
        if XMLReturnHandler.ignoredContainers.contains(name) { ignoredDepth = 1; return }
        switch name {
        case "Child": child = RawChild(line: line)
        case "CINdetails": episode = RawEpisode(line: line)
        case "Assessments": assessment = RawAssessment(line: line)
        case "FactorsIdentifiedAtAssessment": assessment?.emptyFactorContainer = true
        case "Section47": section47 = RawSection47(line: line)
        case "ChildProtectionPlans": plan = RawProtectionPlan(line: line)
        case "CINPlanDates": cinPlan = RawCINPlan(line: line)
        default: break
        }
    }

    mutating func endElement(_ name: String, text: String?, line: Int) {
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        defer { path.removeLast() }
        if ignoredDepth > 0 { ignoredDepth -= 1; return }
        switch name {
        case "Child":
            if let c = child { children.append(c) }
            child = nil
            return
        case "CINdetails":
            if let e = episode { child?.episodes.append(e) }
            episode = nil
            return
        case "Assessments":
            if let a = assessment { episode?.assessments.append(a) }
            assessment = nil
            return
        case "Section47":
            if let s = section47 { episode?.section47s.append(s) }
            section47 = nil
            return
        case "ChildProtectionPlans":
            if let p = plan { episode?.protectionPlans.append(p) }
            plan = nil
            return
        case "CINPlanDates":
            if let p = cinPlan { episode?.cinPlans.append(p) }
            cinPlan = nil
            return
        default: break
        }
        guard let value = text else {
            if !XMLReturnHandler.knownContainers.contains(name) { noteUnknown(name, parent: parent, line: line) }
            return
        }
        if !assign(name, parent: parent, value: value) {
            if XMLReturnHandler.knownContainers.contains(name) { return }  // an empty container
            noteUnknown(name, parent: parent, line: line)
        }
    }

    mutating func strayText(line: Int) {
        guard !strayNoted else { return }
        strayNoted = true
        notes.append((line, .strayText, "text between elements ignored (first at this line; later ones not listed)"))
    }

    private mutating func noteUnknown(_ name: String, parent: String, line: Int) {
        let key = parent + "/" + name
        guard unknownSeen.insert(key).inserted else { return }
        notes.append((line, .unknownElement, "element <\(name)> in <\(parent)> is not in any CIN schema: ignored (first occurrence)"))
    }

    /// Stores a leaf value; false when the element is not one this schema has in that place.
    private mutating func assign(_ name: String, parent: String, value: String) -> Bool {
        switch parent {
        case "CollectionDetails":
            switch name {
            case "Year": year = Int(value) ?? 0
            case "ReferenceDate": referenceDateText = value
            case "Collection": break
            default: return false
            }
        case "ChildIdentifiers":
            guard child != nil else { return false }
            switch name {
            case "LAchildID": child?.id = value
            case "UPN": child?.upn = value
            case "FormerUPN", "UPNunknown": break
            case "PersonBirthDate": child?.birthDate = value
            case "ExpectedPersonBirthDate": child?.expectedBirthDate = value
            case "GenderCurrent", "Sex": child?.gender = value
            case "PersonDeathDate": child?.deathDate = value
            default: return false
            }
        case "ChildCharacteristics":
            guard name == "Ethnicity", child != nil else { return false }
            child?.ethnicity = value
        case "Disabilities":
            guard name == "Disability", child != nil else { return false }
            child?.disabilities.append(value)
        case "CINdetails":
            guard episode != nil else { return false }
            switch name {
            case "CINreferralDate": episode?.referralDate = value
            case "ReferralSource": episode?.referralSource = value
            case "PrimaryNeedCode": episode?.primaryNeed = value
            case "CINclosureDate": episode?.closureDate = value
            case "ReasonForClosure": episode?.reasonForClosure = value
            case "DateOfInitialCPC": episode?.dateOfInitialCPC = value
            case "ReferralNFA": episode?.referralNFA = value
            default: return false
            }
        case "Assessments":
            guard assessment != nil else { return false }
            switch name {
            case "AssessmentActualStartDate": assessment?.startDate = value
            case "AssessmentInternalReviewDate": assessment?.internalReviewDate = value
            case "AssessmentAuthorisationDate": assessment?.authorisationDate = value
            default: return false
            }
        case "FactorsIdentifiedAtAssessment":
            guard name == "AssessmentFactors", assessment != nil else { return false }
            assessment?.factors.append(value)
        case "CINPlanDates":
            guard cinPlan != nil else { return false }
            switch name {
            case "CINPlanStartDate": cinPlan?.startDate = value
            case "CINPlanEndDate": cinPlan?.endDate = value
            default: return false
            }
        case "Section47":
            guard section47 != nil else { return false }
            switch name {
            case "S47ActualStartDate": section47?.startDate = value
            case "InitialCPCtarget": section47?.initialCPCTarget = value
            case "DateOfInitialCPC": section47?.dateOfInitialCPC = value
            case "ICPCnotRequired": section47?.icpcNotRequired = value
            default: return false
            }
        case "ChildProtectionPlans":
            guard plan != nil else { return false }
            switch name {
            case "CPPstartDate": plan?.startDate = value
            case "CPPendDate": plan?.endDate = value
            case "InitialCategoryOfAbuse": plan?.initialCategory = value
            case "LatestCategoryOfAbuse": plan?.latestCategory = value
            case "NumberOfPreviousCPP": plan?.numberOfPreviousPlans = value
            default: return false
            }
        default:
            return false
        }
        return true
    }
}

enum XMLReturnLoader {
    /// Loads one XML return. Children complete before a syntax error are kept and the error is
    /// reported with its line; the rest of that file is not loaded.
    static func load(reader: ByteReader, file: String, into builder: CensusBuilder) throws(LoadError) {
        var handler = XMLReturnHandler(file: file)
        var tokenizer = XMLTokenizer(reader: reader)
        var syntaxError: XMLSyntaxError?
        do {
            try tokenizer.parse(&handler)
        } catch {
            switch error {
            case .io(let e): throw e
            case .syntax(let s): syntaxError = s
            }
        }
        if let root = handler.rootName, root != "Message" {
            builder.fileProblem(file: file, line: 1, .notACINReturn, .skipped,
                                "root element is <\(root)>, not <Message>: not a CIN census return")
            builder.noteFailedFile(file)
            return
        }
        if let s = syntaxError {
            builder.fileProblem(file: file, line: s.line, .malformedXML, .stopped,
                                "malformed XML: \(s.message); \(handler.children.count) complete child record(s) before it were kept")
            if handler.rootName == nil { builder.noteFailedFile(file); return }
        }
        let referenceDate = DateParser.parse(handler.referenceDateText)
        var year = handler.year
        if year == 0 {
            if let r = referenceDate { year = r.components.year }
            builder.fileProblem(file: file, line: 0, .missingYear, .kept,
                                year == 0 ? "no collection Year or ReferenceDate in the header: later-return merge order unknown"
                                          : "no collection Year in the header: \(year) taken from the ReferenceDate")
        }
        for note in handler.notes {
            builder.fileProblem(file: file, line: note.line, note.rule, .ignored, note.detail)
        }
        let origin = CensusBuilder.Origin(file: file, year: year, referenceDate: referenceDate)
        var seen: Set<String> = []
        for child in handler.children {
            let id = child.id.trimmingSpaces
            if !id.isEmpty && !seen.insert(id).inserted {
                builder.problem(origin, line: child.line, child: id, .duplicateChildInReturn, .merged,
                                "LAchildID appears more than once in this return; the records were merged")
            }
            builder.add(child, from: origin)
        }
    }
}
