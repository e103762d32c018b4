import CINModel

/// Writes raw return records as a CIN census XML return or as liiatools flat-file rows.
enum XMLReturnWriter {
    /// `lea`: the authority's 3-digit code.
    static func header(year: Int, lea: String = GeneratedAuthority.demo.code) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Message>
          <Header>
            <CollectionDetails>
              <Collection>CIN</Collection>
              <Year>\(year)</Year>
              <ReferenceDate>\(year)-03-31</ReferenceDate>
            </CollectionDetails>
            <Source>
              <SourceLevel>L</SourceLevel>
              <LEA>\(lea)</LEA>
              <SoftwareCode>cinx generate</SoftwareCode>
              <Release>1</Release>
              <SerialNo>001</SerialNo>
              <DateTime>\(year)-05-01T09:00:00</DateTime>
            </Source>
          </Header>
          <Children>

        """
    }
    static let footer = "  </Children>\n</Message>\n"

    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 }) else { return s }
        return s.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
    }

    /// `year`: the return's collection year, which names the gender element (`Sex` from 2024-25).
    static func child(_ c: RawChild, year: Int = 2017) -> String {
        var x = "    <Child>\n      <ChildIdentifiers>\n"
        func el(_ name: String, _ v: String, _ indent: String) { if !v.isEmpty { x += "\(indent)<\(name)>\(escape(v))</\(name)>\n" } }
        el("LAchildID", c.id, "        ")
        el("UPN", c.upn, "        ")
        el("PersonBirthDate", c.birthDate, "        ")
        el("ExpectedPersonBirthDate", c.expectedBirthDate, "        ")
        el(CensusSchema(collectionYear: year).usesSex ? "Sex" : "GenderCurrent", c.gender, "        ")
        el("PersonDeathDate", c.deathDate, "        ")
        x += "      </ChildIdentifiers>\n      <ChildCharacteristics>\n"
        el("Ethnicity", c.ethnicity, "        ")
        if !c.disabilities.isEmpty {
            x += "        <Disabilities>\n"
            for d in c.disabilities { el("Disability", d, "          ") }
            x += "        </Disabilities>\n"
        }
        x += "      </ChildCharacteristics>\n"
        for e in c.episodes {
            x += "      <CINdetails>\n"
            let i = "        "
            el("CINreferralDate", e.referralDate, i)
            el("ReferralSource", e.referralSource, i)
            el("PrimaryNeedCode", e.primaryNeed, i)
            el("CINclosureDate", e.closureDate, i)
            el("ReasonForClosure", e.reasonForClosure, i)
            el("DateOfInitialCPC", e.dateOfInitialCPC, i)
            for a in e.assessments {
                x += "\(i)<Assessments>\n"
                el("AssessmentActualStartDate", a.startDate, i + "  ")
                el("AssessmentInternalReviewDate", a.internalReviewDate, i + "  ")
                el("AssessmentAuthorisationDate", a.authorisationDate, i + "  ")
                if !a.factors.isEmpty {
                    x += "\(i)  <FactorsIdentifiedAtAssessment>\n"
                    for f in a.factors { el("AssessmentFactors", f, i + "    ") }
                    x += "\(i)  </FactorsIdentifiedAtAssessment>\n"
                }
                x += "\(i)</Assessments>\n"
            }
            /// A record's element and its fields, one level in.
            func record(_ name: String, _ fields: KeyValuePairs<String, String>) {
                x += "\(i)<\(name)>\n"
                for (field, value) in fields { el(field, value, i + "  ") }
                x += "\(i)</\(name)>\n"
            }
            for p in e.cinPlans { record("CINPlanDates", ["CINPlanStartDate": p.startDate, "CINPlanEndDate": p.endDate]) }
            for s in e.section47s {
                record("Section47", ["S47ActualStartDate": s.startDate, "InitialCPCtarget": s.initialCPCTarget,
                                     "DateOfInitialCPC": s.dateOfInitialCPC, "ICPCnotRequired": s.icpcNotRequired])
            }
            el("ReferralNFA", e.referralNFA, i)
            for p in e.protectionPlans {
                record("ChildProtectionPlans", ["CPPstartDate": p.startDate, "CPPendDate": p.endDate,
                                                "InitialCategoryOfAbuse": p.initialCategory, "LatestCategoryOfAbuse": p.latestCategory,
                                                "NumberOfPreviousCPP": p.numberOfPreviousPlans])
            }
            x += "      </CINdetails>\n"
        }
        x += "    </Child>\n"
        return x
    }
}

/// The liiatools CIN flat file: one row per dated event, child and episode values on every row.
enum FlatFileWriter {
    static let columns = [
        "LAchildID", "Date", "Type", "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
        "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA", "CINPlanStartDate", "CINPlanEndDate",
        "S47ActualStartDate", "InitialCPCtarget", "ICPCnotRequired", "AssessmentActualStartDate",
        "AssessmentInternalReviewDate", "AssessmentAuthorisationDate", "Factors", "CPPstartDate", "CPPendDate",
        "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP", "UPN", "FormerUPN", "UPNunknown",
        "PersonBirthDate", "ExpectedPersonBirthDate", "GenderCurrent", "PersonDeathDate", "PersonSchoolYear",
        "Ethnicity", "Disabilities", "YEAR", "LA",
    ]
    static var header: String { columns.joined(separator: ",") + "\n" }

    static func field(_ s: String) -> String {
        var out: [UInt8] = []
        appendField(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one CSV field, quoted only when it must be (scans bytes, not Characters: the generator
    /// writes millions of fields).
    static func appendField(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            var special = false
            for b in u where b == 44 || b == 34 || b == 10 || b == 13 { special = true; break }
            guard special else { out.append(contentsOf: u); return }
            out.append(34)
            for b in u {
                if b == 34 { out.append(34) }
                out.append(b)
            }
            out.append(34)
        }
    }

    /// liiatools writes booleans as 1/0.
    static func flag(_ s: String) -> String {
        switch s.lowercased() { case "true", "1": return "1"; case "false", "0": return "0"; default: return s }
    }

    static func rows(_ c: RawChild, year: Int, la: String = "Demo") -> String {
        var out: [UInt8] = []
        appendRows(c, year: year, la: la, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the child's rows for one return to `out`.
    static func appendRows(_ c: RawChild, year: Int, la: String = "Demo", to out: inout [UInt8]) {
        var childTail: [UInt8] = []
        let tailFields = [c.upn, "", "", c.birthDate, c.expectedBirthDate, c.gender, c.deathDate, "",
                          c.ethnicity, c.disabilities.joined(separator: ","), String(year), la]
        for (i, f) in tailFields.enumerated() {
            if i > 0 { childTail.append(44) }
            appendField(f, to: &childTail)
        }
        for e in c.episodes {
            let nfa = flag(e.referralNFA)
            func row(_ date: String, _ type: String, icpc: String? = nil, plan: RawCINPlan? = nil, s47: RawSection47? = nil,
                     a: RawAssessment? = nil, cpp: RawProtectionPlan? = nil) {
                guard !date.isEmpty else { return }
                let cells: [String] = [
                    c.id, date, type, e.referralDate, e.referralSource, e.primaryNeed, e.closureDate, e.reasonForClosure,
                    icpc ?? e.dateOfInitialCPC, nfa, plan?.startDate ?? "", plan?.endDate ?? "",
                    s47?.startDate ?? "", s47?.initialCPCTarget ?? "", s47.map { flag($0.icpcNotRequired) } ?? "",
                    a?.startDate ?? "", a?.internalReviewDate ?? "", a?.authorisationDate ?? "",
                    a?.factors.joined(separator: ",") ?? "", cpp?.startDate ?? "", cpp?.endDate ?? "",
                    cpp?.initialCategory ?? "", cpp?.latestCategory ?? "", cpp?.numberOfPreviousPlans ?? "",
                ]
                for cell in cells { appendField(cell, to: &out); out.append(44) }
                out.append(contentsOf: childTail)
                out.append(10)
            }
            row(e.referralDate, "CINreferralDate")
            row(e.closureDate, "CINclosureDate")
            for a in e.assessments {
                row(a.startDate, "AssessmentActualStartDate", a: a)
                row(a.authorisationDate, "AssessmentAuthorisationDate", a: a)
            }
            for p in e.cinPlans {
                row(p.startDate, "CINPlanStartDate", plan: p)
                row(p.endDate, "CINPlanEndDate", plan: p)
            }
            for s in e.section47s { row(s.startDate, "S47ActualStartDate", icpc: s.dateOfInitialCPC, s47: s) }
            for p in e.protectionPlans {
                row(p.startDate, "CPPstartDate", cpp: p)
                row(p.endDate, "CPPendDate", cpp: p)
            }
        }
    }
}

extension String {
    func replacingAll(_ target: Character, _ replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count + 8)
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
