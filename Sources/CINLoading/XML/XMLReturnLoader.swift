import CINModel

/// The elements of a CIN return this loader knows, classified once per distinct name (by the
/// tokenizer's name id) so that each element costs an integer switch, not string comparisons.
enum CINElement: UInt8 {
    case unclassified, other
    case message, header, collectionDetails, collection, year, referenceDate, source, children, child
    case childIdentifiers, laChildID, upn, formerUPN, upnUnknown, personBirthDate, expectedPersonBirthDate
    case genderCurrent, sex, personDeathDate, childCharacteristics, ethnicity, disabilities, disability
    case cinDetails, cinReferralDate, referralSource, primaryNeedCode, cinClosureDate, reasonForClosure
    case dateOfInitialCPC, referralNFA, assessments, assessmentActualStartDate, assessmentInternalReviewDate
    case assessmentAuthorisationDate, factorsIdentifiedAtAssessment, assessmentFactors, cinPlanDates
    case cinPlanStartDate, cinPlanEndDate, section47, s47ActualStartDate, initialCPCTarget, icpcNotRequired
    case childProtectionPlans, cppStartDate, cppEndDate, initialCategoryOfAbuse, latestCategoryOfAbuse
    case numberOfPreviousCPP, reviews, preProceedings, lea

    static let byName: [String: CINElement] = [
        "Message": .message, "Header": .header, "CollectionDetails": .collectionDetails, "Collection": .collection,
        "Year": .year, "ReferenceDate": .referenceDate, "Source": .source, "Children": .children, "Child": .child,
        "ChildIdentifiers": .childIdentifiers, "LAchildID": .laChildID, "UPN": .upn, "FormerUPN": .formerUPN,
        "UPNunknown": .upnUnknown, "PersonBirthDate": .personBirthDate, "ExpectedPersonBirthDate": .expectedPersonBirthDate,
        "GenderCurrent": .genderCurrent, "Sex": .sex, "PersonDeathDate": .personDeathDate,
        "ChildCharacteristics": .childCharacteristics, "Ethnicity": .ethnicity, "Disabilities": .disabilities,
        "Disability": .disability, "CINdetails": .cinDetails, "CINreferralDate": .cinReferralDate,
        "ReferralSource": .referralSource, "PrimaryNeedCode": .primaryNeedCode, "CINclosureDate": .cinClosureDate,
        "ReasonForClosure": .reasonForClosure, "DateOfInitialCPC": .dateOfInitialCPC, "ReferralNFA": .referralNFA,
        "Assessments": .assessments, "AssessmentActualStartDate": .assessmentActualStartDate,
        "AssessmentInternalReviewDate": .assessmentInternalReviewDate,
        "AssessmentAuthorisationDate": .assessmentAuthorisationDate,
        "FactorsIdentifiedAtAssessment": .factorsIdentifiedAtAssessment, "AssessmentFactors": .assessmentFactors,
        "CINPlanDates": .cinPlanDates, "CINPlanStartDate": .cinPlanStartDate, "CINPlanEndDate": .cinPlanEndDate,
        "Section47": .section47, "S47ActualStartDate": .s47ActualStartDate, "InitialCPCtarget": .initialCPCTarget,
        "ICPCnotRequired": .icpcNotRequired, "ChildProtectionPlans": .childProtectionPlans,
        "CPPstartDate": .cppStartDate, "CPPendDate": .cppEndDate, "InitialCategoryOfAbuse": .initialCategoryOfAbuse,
        "LatestCategoryOfAbuse": .latestCategoryOfAbuse, "NumberOfPreviousCPP": .numberOfPreviousCPP,
        "Reviews": .reviews, "PreProceedingsandFGDM": .preProceedings, "LEA": .lea,
    ]

    /// Containers whose contents this product does not use: skipped silently, as the schema defines them.
    var isIgnoredContainer: Bool { self == .source || self == .preProceedings || self == .reviews }
    var isKnownContainer: Bool {
        switch self {
        case .message, .header, .collectionDetails, .children, .child, .childIdentifiers, .childCharacteristics,
             .disabilities, .cinDetails, .assessments, .factorsIdentifiedAtAssessment, .cinPlanDates, .section47,
             .childProtectionPlans: return true
        default: return false
        }
    }
}

/// Reads one CIN census XML return (root `<Message>`) into raw records for `CensusBuilder`.
/// Children are collected per file and added at the end, because the header (which names the
/// collection year) may legally come after the children: element order must not matter.
struct XMLReturnHandler: XMLEventHandler {
    let file: String
    var year = 0
    var referenceDateText = ""
    /// Where the header's Year and ReferenceDate were (0 when absent): a header problem names its line.
    var yearLine = 0
    var referenceDateLine = 0
    /// Header/Source/LEA: the authority's code, which with LAchildID identifies a child.
    var lea = ""
    var children: [RawChild] = []
    var notes: [(line: Int, rule: LoadRule, detail: String)] = []
    var rootName: String?

    /// The open elements' kinds and names. A name is its interned id, or, below zero, -1 minus its
    /// place in `uninterned` (the Strings of names the tokenizer did not intern, rare): a String per
    /// element, retained here and released at its end, was a visible part of the load.
    private let path = OpenElementPath()
    private var uninterned: [String] = []
    private var classified = [CINElement](repeating: .unclassified, count: 512)
    /// The String of each interned name, decoded when it is first classified.
    private var nameOfID = [String](repeating: "", count: 512)
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

    /// The element a name is: looked up once per interned name (`classify`), then read by its id.
    @inline(__always)
    private mutating func kind(_ name: XMLName) -> CINElement {
        if name.id >= 0 && name.id < classified.count {
            let k = classified[name.id]
            if k != .unclassified { return k }
        }
        return classify(name)
    }

    @inline(never)
    private mutating func classify(_ name: XMLName) -> CINElement {
        guard name.id >= 0 && name.id < classified.count else { return CINElement.byName[name.string] ?? .other }
        let string = name.string
        let found = CINElement.byName[string] ?? .other
        classified[name.id] = found
        nameOfID[name.id] = string
        return found
    }

    mutating func startElement(_ name: XMLName, line: Int) {
        if rootName == nil { rootName = name.string }
        let k = kind(name)
        if name.id >= 0 {
            path.append(k, name: name.id)
        } else {
            uninterned.append(name.string)
            path.append(k, name: -uninterned.count)
        }
        if ignoredDepth > 0 { ignoredDepth += 1; return }
        if k.isIgnoredContainer { ignoredDepth = 1; return }
        switch k {
        case .child: child = RawChild(line: line)
        case .cinDetails: episode = RawEpisode(line: line)
        case .assessments: assessment = RawAssessment(line: line)
        case .factorsIdentifiedAtAssessment: assessment?.emptyFactorContainer = true
        case .section47: section47 = RawSection47(line: line)
        case .childProtectionPlans: plan = RawProtectionPlan(line: line)
        case .cinPlanDates: cinPlan = RawCINPlan(line: line)
        default: break
        }
    }

    mutating func endElement(_ name: XMLName, text: String?, line: Int) {
        let k = path.kind(0)
        let parent = path.kind(1)
        // Read only for a note.
        func parentName() -> String {
            guard let n = path.name(1) else { return "" }
            if n >= 0 { return nameOfID.indices.contains(n) ? nameOfID[n] : "" }
            return uninterned.indices.contains(-n - 1) ? uninterned[-n - 1] : ""
        }
        defer {
            if path.removeLast() < 0 { uninterned.removeLast() }
        }
        if ignoredDepth > 0 {
            // Source is skipped but for its LEA, the authority of every child in the return.
            if ignoredDepth == 2, k == .lea, parent == .source, let text { lea = text }
            ignoredDepth -= 1
            return
        }
        // A finished record is moved into its parent (`take`), not copied: a copy retained every
        // array and String in it, and releasing the original released them again.
        switch k {
        case .child:
            if let c = child.take() { children.append(c) }
            return
        case .cinDetails:
            if let e = episode.take() { child?.episodes.append(e) }
            return
        case .assessments:
            if let a = assessment.take() { episode?.assessments.append(a) }
            return
        case .section47:
            if let s = section47.take() { episode?.section47s.append(s) }
            return
        case .childProtectionPlans:
            if let p = plan.take() { episode?.protectionPlans.append(p) }
            return
        case .cinPlanDates:
            if let p = cinPlan.take() { episode?.cinPlans.append(p) }
            return
        default: break
        }
        guard let value = text else {
            if !k.isKnownContainer { noteUnknown(name.string, parent: parentName(), line: line) }
            return
        }
        if parent == .collectionDetails {
            if k == .year { yearLine = line } else if k == .referenceDate { referenceDateLine = line }
        }
        if !assign(k, parent: parent, value: value) {
            if k.isKnownContainer { return }  // an empty container
            noteUnknown(name.string, parent: parentName(), line: line)
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
    private mutating func assign(_ k: CINElement, parent: CINElement, value: String) -> Bool {
        switch parent {
        case .collectionDetails:
            switch k {
            case .year: year = Int(value) ?? 0
            case .referenceDate: referenceDateText = value
            case .collection: break
            default: return false
            }
        case .childIdentifiers:
            guard child != nil else { return false }
            switch k {
            case .laChildID: child?.id = value
            case .upn: child?.upn = value
            case .formerUPN, .upnUnknown: break
            case .personBirthDate: child?.birthDate = value
            case .expectedPersonBirthDate: child?.expectedBirthDate = value
            case .genderCurrent, .sex: child?.gender = value
            case .personDeathDate: child?.deathDate = value
            default: return false
            }
        case .childCharacteristics:
            guard k == .ethnicity, child != nil else { return false }
            child?.ethnicity = value
        case .disabilities:
            guard k == .disability, child != nil else { return false }
            child?.disabilities.append(value)
        case .cinDetails:
            guard episode != nil else { return false }
            switch k {
            case .cinReferralDate: episode?.referralDate = value
            case .referralSource: episode?.referralSource = value
            case .primaryNeedCode: episode?.primaryNeed = value
            case .cinClosureDate: episode?.closureDate = value
            case .reasonForClosure: episode?.reasonForClosure = value
            case .dateOfInitialCPC: episode?.dateOfInitialCPC = value
            case .referralNFA: episode?.referralNFA = value
            default: return false
            }
        case .assessments:
            guard assessment != nil else { return false }
            switch k {
            case .assessmentActualStartDate: assessment?.startDate = value
            case .assessmentInternalReviewDate: assessment?.internalReviewDate = value
            case .assessmentAuthorisationDate: assessment?.authorisationDate = value
            default: return false
            }
        case .factorsIdentifiedAtAssessment:
            guard k == .assessmentFactors, assessment != nil else { return false }
            assessment?.factors.append(value)
        case .cinPlanDates:
            guard cinPlan != nil else { return false }
            switch k {
            case .cinPlanStartDate: cinPlan?.startDate = value
            case .cinPlanEndDate: cinPlan?.endDate = value
            default: return false
            }
        case .section47:
            guard section47 != nil else { return false }
            switch k {
            case .s47ActualStartDate: section47?.startDate = value
            case .initialCPCTarget: section47?.initialCPCTarget = value
            case .dateOfInitialCPC: section47?.dateOfInitialCPC = value
            case .icpcNotRequired: section47?.icpcNotRequired = value
            default: return false
            }
        case .childProtectionPlans:
            guard plan != nil else { return false }
            switch k {
            case .cppStartDate: plan?.startDate = value
            case .cppEndDate: plan?.endDate = value
            case .initialCategoryOfAbuse: plan?.initialCategory = value
            case .latestCategoryOfAbuse: plan?.latestCategory = value
            case .numberOfPreviousCPP: plan?.numberOfPreviousPlans = value
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
    /// A return read but not yet merged.
    struct ParsedReturn {
        var handler: XMLReturnHandler
        var syntaxError: XMLSyntaxError?
    }

    static func load(reader: ByteReader, file: String, into builder: CensusBuilder) throws(LoadError) {
        apply(try parse(reader: reader, file: file), file: file, into: builder)
    }

    /// Reads a whole return (a loader may merge one return while it reads the next); an I/O error
    /// means nothing of the file is merged.
    static func parse(reader: ByteReader, file: String) throws(LoadError) -> ParsedReturn {
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
        return ParsedReturn(handler: handler, syntaxError: syntaxError)
    }

    /// Validates and merges a return read by `parse`.
    static func apply(_ parsed: ParsedReturn, file: String, into builder: CensusBuilder) {
        let handler = parsed.handler
        if let root = handler.rootName, root != "Message" {
            builder.fileProblem(file: file, line: 1, .notACINReturn, .skipped,
                                "root element is <\(root)>, not <Message>: not a CIN census return")
            builder.noteFailedFile(file)
            return
        }
        if let s = parsed.syntaxError {
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
        let origin = CensusBuilder.Origin(file: file, year: year, referenceDate: referenceDate,
                                          authority: builder.authority(written: handler.lea))
        ValueRules.header(.init(year: handler.year, referenceDate: referenceDate),
                          into: builder.reporter(origin, line: handler.referenceDateLine > 0 ? handler.referenceDateLine : handler.yearLine, child: ""))
        // Sized for the return's children at once: growing it as it filled was a visible part of the
        // merging thread (perf, docs/performance.md).
        var seen = Set<String>(minimumCapacity: handler.children.count)
        // By index: the elements are passed as they are stored, where `for child in` copied each child
        // out of the array (a retain of every array and String in it, and a release after).
        for i in handler.children.indices {
            let id = handler.children[i].id.trimmingSpaces
            if !id.isEmpty && !seen.insert(id).inserted {
                builder.problem(origin, line: handler.children[i].line, child: id, .duplicateChildInReturn, .merged,
                                "LAchildID appears more than once in this return; the records were merged")
            }
            builder.add(handler.children[i], from: origin)
        }
    }
}
