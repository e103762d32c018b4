import Testing
@testable import CINModel
@testable import CINLoading

@Suite struct UPNTests {
    @Test func checkLetterOfPublishedExamples() {
        // The DfE's UPN guidance example H801200001001: 8*2 + 1*4 + 2*5 + 1*10 + 1*13 = 53; 53 mod 23 = 7 -> H.
        #expect(UPN.checkLetter(body: "801200001001") == "H")
        #expect(UPN.isValid("H801200001001"))
        #expect(!UPN.isValid("Z801200001001"))
        // Temporary UPN: a final letter counts as its index among the 23 check letters (A = 0).
        #expect(UPN.isValid("G80120000101A"))
    }

    @Test func malformedBodiesHaveNoCheckLetter() {
        #expect(UPN.checkLetter(body: "80120000100") == nil)       // 11 characters
        #expect(UPN.checkLetter(body: "8012000010A1") == nil)      // a letter before the last place
        #expect(UPN.checkLetter(body: "80120000100I") == nil)      // I is never a check-letter value
        #expect(!UPN.isValid(""))
    }

    @Test func madeUPNsAreValidAndCarryTheAuthority() {
        let u = UPN.make(authority: 991, establishment: 2345, year: 2011, serial: 7)
        #expect(u.count == 13 && u.dropFirst().hasPrefix("991234511007"))
        #expect(UPN.isValid(u))
    }

    @Test func everyGeneratedChildHasAValidDistinctUPN() {
        let e = SyntheticExtract(children: 3000, seed: 21)
        #expect(e.children.allSatisfy { UPN.isValid($0.upn) })
        #expect(Set(e.children.map(\.upn)).count == e.children.count)
    }
}
