import Foundation
import CINModel
import CINLoading

// Inputs written as text (XML returns, flat-file rows) and loading them, through the public API.

/// Loads inline text as a file of that name.
public func loadText(_ text: String, name: String = "test.xml") -> CensusLoader.Result {
    CensusLoader.load(bytes: Array(text.utf8), name: name)
}

/// A minimal XML return around the given <Child> elements.
public func xmlReturn(year: Int = 2017, _ children: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Message>
      <Header><CollectionDetails><Collection>CIN</Collection><Year>\(year)</Year><ReferenceDate>\(year)-03-31</ReferenceDate></CollectionDetails></Header>
      <Children>
    \(children)
      </Children>
    </Message>
    """
}

/// A one-episode child with one assessment; each part can be overridden.
public func xmlChild(id: String = "C1", birth: String = "2010-05-01", extraIdentifiers: String = "", ethnicity: String = "WBRI",
              referral: String = "2016-06-01", closure: String = "", need: String = "N1",
              start: String = "2016-06-02", auth: String = "2016-06-20", factors: [String] = ["4B"], extraEpisode: String = "") -> String {
    let factorXML = factors.map { "<AssessmentFactors>\($0)</AssessmentFactors>" }.joined()
    return """
    <Child>
      <ChildIdentifiers><LAchildID>\(id)</LAchildID>\(birth.isEmpty ? "" : "<PersonBirthDate>\(birth)</PersonBirthDate>")<GenderCurrent>1</GenderCurrent>\(extraIdentifiers)</ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>\(ethnicity)</Ethnicity></ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>\(referral)</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>\(need)</PrimaryNeedCode>
        \(closure.isEmpty ? "" : "<CINclosureDate>\(closure)</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>")
        <ReferralNFA>false</ReferralNFA>
        <Assessments><AssessmentActualStartDate>\(start)</AssessmentActualStartDate><AssessmentAuthorisationDate>\(auth)</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment>\(factorXML)</FactorsIdentifiedAtAssessment></Assessments>
        \(extraEpisode)
      </CINdetails>
    </Child>
    """
}

public let flatHeader = "LAchildID,Date,Type,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure,DateOfInitialCPC,ReferralNFA,CINPlanStartDate,CINPlanEndDate,S47ActualStartDate,InitialCPCtarget,ICPCnotRequired,AssessmentActualStartDate,AssessmentInternalReviewDate,AssessmentAuthorisationDate,Factors,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP,UPN,FormerUPN,UPNunknown,PersonBirthDate,ExpectedPersonBirthDate,GenderCurrent,PersonDeathDate,PersonSchoolYear,Ethnicity,Disabilities,YEAR,LA"

extension LoadReport {
    public func has(_ rule: LoadRule) -> Bool { count(rule) > 0 }
}

public func temporaryDirectory() -> String {
    let dir = NSTemporaryDirectory() + "cinx-test-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
