import Testing
import CohortEngine
import CINRelease

/// A writer that refuses a release names the cells that fail, never what an attacker could narrow
/// them to: the release was not published, so its ranges are facts nobody holding the files could
/// have worked out, and the refusal (stderr, the explorer's message line) is output like any other.
@Suite struct RefusalTests {
    /// An age table whose Total gives its one hidden cell away: 45 - 40 = 5 children unborn.
    static let broken = PublishedRelease(
        tables: [.init(name: "age", columns: ["Unborn", "Under 1", "1-4", "5-9", "10-15", "16+", "Unknown", "Total"],
                       rowIDs: ["A"], cells: [[nil, 10, 10, 10, 10, 0, 0, 45]])],
        cohorts: PublishedRelease.knownRules(ids: ["A"]))

    @Test func theRefusalNamesTheCellAndNotItsRange() throws {
        let audit = DisclosureAudit.audit(Self.broken, protection: 5)
        try #require(!audit.isClean)
        // The owner's audit of a published release may print the range (anyone can compute it) ...
        #expect(ReleaseCheck.describe(audit) == ["age A Unborn: an attacker can narrow it to 5..5 (exact)"])
        // ... a refusal may not.
        let refusal = ReleaseCheck.refusal(audit)
        #expect(refusal == ["age A Unborn: could be narrowed to fewer than 6 possible values"])
        #expect(!refusal.joined().contains("5") && !refusal.joined().contains("exact") && !refusal.joined().contains(".."))
    }

    @Test func aContradictionIsNamedWithoutNumbers() {
        // The Total says 9 where the bands add up to 5.
        let odd = PublishedRelease(
            tables: [.init(name: "age", columns: ["Unborn", "Under 1", "1-4", "5-9", "10-15", "16+", "Unknown", "Total"],
                           rowIDs: ["A"], cells: [[1, 1, 1, 1, 1, 0, 0, 9]])],
            cohorts: PublishedRelease.knownRules(ids: ["A"]))
        let audit = DisclosureAudit.audit(odd, protection: 5)
        #expect(!audit.consistent)
        #expect(ReleaseCheck.refusal(audit).allSatisfy { !$0.contains(where: \.isNumber) })
    }
}
