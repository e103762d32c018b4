import Testing
import Foundation
@testable import CINModel
@testable import CINLoading

/// The generator's returns follow the DfE's census-year and consistency rules that the schema cannot check.
@Suite struct GeneratorConsistencyTests {
    static let extract = SyntheticExtract(children: 4000, seed: 2017, firstYear: 2015, lastYear: 2024)

    @Test func everyDatedRecordFallsInItsReturnsYear() throws {
        let e = Self.extract
        var checked = 0
        for (year, c) in e.allReturnRecords() {
            let start = try #require(Day(year: year - 1, month: 4, day: 1)), ref = try #require(Day(year: year, month: 3, day: 31))
            func inYear(_ s: String) -> Bool { s.isEmpty || DateParser.parse(s).map { $0 >= start && $0 <= ref } == true }
            for ep in c.episodes {
                #expect(DateParser.parse(ep.referralDate).map { $0 <= ref } == true)
                #expect(inYear(ep.closureDate), "closure \(ep.closureDate) in \(year)")
                #expect(ep.dateOfInitialCPC.isEmpty, "ICPC sits at section 47 level only")
                for a in ep.assessments { #expect(inYear(a.authorisationDate)); checked += 1 }
                for s in ep.section47s { #expect(inYear(s.dateOfInitialCPC)) }
                for p in ep.protectionPlans {
                    #expect(inYear(p.endDate))
                    #expect((Int(p.numberOfPreviousPlans) ?? 0) >= 1, "liiatools' schemas want a positive integer")
                }
                for p in ep.cinPlans { #expect(inYear(p.endDate)) }
                #expect(year >= 2022 || ep.cinPlans.isEmpty, "CINPlanDates entered the return in 2021-22")
            }
            #expect(!c.ethnicity.isEmpty)
        }
        #expect(checked > 1000)
    }

    @Test func closureReasonsFitTheCase() throws {
        var died = 0, adult = 0
        for c in Self.extract.children {
            for (i, ep) in c.episodes.enumerated() {
                guard let closed = ep.closure else { continue }
                switch ep.reason {
                case "RC2":
                    died += 1
                    #expect(c.death == closed && i == c.episodes.count - 1, "died: death date is the closure, nothing after")
                case "RC6":
                    adult += 1
                    #expect(closed >= c.birth.addingYears(17), "adult services only from 17")
                case "RC1":
                    #expect(closed < c.birth.addingYears(16) && i == c.episodes.count - 1)
                case "RC8":
                    #expect(ep.plans.isEmpty && ep.cinPlans.isEmpty, "no further action means no plan")
                default:
                    break
                }
            }
            if c.death != nil { #expect(c.episodes.last?.reason == "RC2") }
            #expect(c.episodes.allSatisfy { $0.referral < c.birth.addingYears(18) })
        }
        #expect(died > 0 && adult > 0)
    }

    @Test func yearSpecificCodesFollowTheSchema() {
        for (year, c) in Self.extract.allReturnRecords() {
            let schema = CensusSchema(collectionYear: year)
            #expect(["0", "1", "2", "9", "M", "F", "U"].contains(c.gender))
            #expect(schema.usesSex == ["M", "F", "U"].contains(c.gender))
            for ep in c.episodes {
                #expect(ep.referralNFA == schema.flag(true) || ep.referralNFA == schema.flag(false))
                for a in ep.assessments {
                    let old = a.factors.contains { $0 == "18A" || $0 == "19A" }
                    let new = a.factors.contains { ["18B", "18C", "19B", "19C"].contains($0) }
                    #expect(!(old && schema.splitAbuseFactors) && !(new && !schema.splitAbuseFactors))
                }
            }
        }
    }

    @Test func faultsOffChangesOnlyTheFaults() {
        let with = SyntheticExtract(children: 800, seed: 9), without = SyntheticExtract(children: 800, seed: 9, faults: false)
        #expect(zip(with.children, without.children).allSatisfy { $0.id == $1.id && $0.birth == $1.birth && $0.episodes.first?.referral == $1.episodes.first?.referral })
        let faulty = with.children.flatMap(\.episodes).flatMap(\.assessments).filter { $0.factors.contains("RB") }
        #expect(!faulty.isEmpty)
        #expect(!without.children.flatMap(\.episodes).flatMap(\.assessments).contains { $0.factors.contains("RB") })
        #expect(!without.children.contains { $0.ethnicity == "XXXX" || $0.earlierEthnicity != nil || $0.bothBirthDates })
    }
}
