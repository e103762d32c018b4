import Testing
import CINModel
import CINRelease
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

/// The side-by-side view of readings (docs/definitions.md, "Readings side by side"): each reading's table,
/// the movements between them, and their protection beside the standard release.
@Suite struct ReadingComparisonTests {
    /// The need fixture of `DefinitionTests.primaryNeedInFollowUp` (every child in B, first assessment authorised
    /// 2016-06-20, window to 2018-06-20). first -> later, child by child:
    /// P1 N4 -> N4; P2 N2 -> None (its episode is the assessment's, not a later referral); P3 N6 -> N6;
    /// P4 None -> None; P5 Unknown -> Unknown; P6 None -> None; P7 N8 -> N8.
    static func needData() -> CensusData {
        let a = Fx.assessment(start: "2016-06-02", auth: "2016-06-20", "4B")
        return Fx.data(
            Fx.child("P1", Fx.episode("2016-06-01", closure: "2016-06-19", need: "N1", a), Fx.episode("2017-01-01", need: "N4")),
            Fx.child("P2", Fx.episode("2016-06-01", closure: "2016-06-20", need: "N2", a)),
            Fx.child("P3", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a), Fx.episode("2016-08-01", closure: "2016-08-01", need: "N3", nfa: true),
                     Fx.episode("2017-02-01", need: "N6")),
            Fx.child("P4", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a)),
            Fx.child("P5", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a), Fx.episode("2017-01-01", need: "")),
            Fx.child("P6", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a), Fx.episode("2018-06-21", need: "N7")),
            Fx.child("P7", Fx.episode("2016-06-01", closure: "2016-06-10", need: "N5", a), Fx.episode("2018-06-20", need: "N8")))
    }

    @Test func needEpisodeMovements() throws {
        let engine = Fx.engine(Self.needData())
        let c = try #require(ReadingComparison.compute(engine: engine, choice: .needEpisode, table: .dimension(.need)))
        #expect(c.base.nonZero("B") == ["N2": 1, "N4": 1, "N6": 1, "N8": 1, "Unknown": 1, "None": 2, "Total": 7])
        let alt = try #require(c.alternatives.first)
        #expect(c.alternatives.count == 1 && alt.from == "first" && alt.reading == "later")
        #expect(alt.table.nonZero("B") == ["N4": 1, "N6": 1, "N8": 1, "Unknown": 1, "None": 3, "Total": 7])
        // One child moves: P2, N2 -> None. Every other stays in its cell.
        #expect(alt.movers == 1)
        let moves = try #require(alt.movements)
        #expect(moves.name == "need@need-episode:first>later")
        #expect(moves.nonZero("B") == ["N2>None": 1, "N4>N4": 1, "N6>N6": 1, "N8>N8": 1, "Unknown>Unknown": 1, "None>None": 2, "Total": 7])
        #expect(moves.nonZero("A").isEmpty)
    }

    /// The code-21 fixture of `ReadingTests.code21` (K1 to K4; the tests below say what each does).
    static var code21Children: [RawChild] {
        [
            Fx.child("K1", Fx.episode("2016-04-20", Fx.assessment(start: "2016-04-21", auth: "2016-05-01", "21"))),
            Fx.child("K2", Fx.episode("2016-04-20", Fx.assessment(start: "2016-04-21", auth: "2016-05-01", "21"),
                                                    Fx.assessment(start: "2016-08-01", auth: "2016-09-01", "4B"))),
            Fx.child("K3", Fx.episode("2016-05-20", Fx.assessment(start: "2016-05-21", auth: "2016-06-01", "21", "6B"))),
            Fx.child("K4", Fx.episode("2016-06-20", Fx.assessment(start: "2016-06-21", auth: "2016-07-01", "4B"))),
        ]
    }

    /// A choice of membership: the code-21 fixture of `ReadingTests.code21`. K1 leaves the population (its only
    /// assessment is {21}); K2 moves from A to B; K3 and K4 stay: 2 movers, and no movement table.
    @Test func membershipChoiceCountsMoversOnly() throws {
        let data = Fx.data(returns: [(2017, Self.code21Children)])
        let c = try #require(ReadingComparison.compute(engine: Fx.engine(data), choice: .code21, table: .summary))
        let alt = try #require(c.alternatives.first)
        #expect(alt.movers == 2)
        #expect(alt.movements == nil)
        #expect(alt.table.counts.map { $0[0] } == [1, 2, 0, 0, 0])
        // Under cinx's readings the joint model of code-21 holds: the other reading's table and the movements between
        // cohorts are published in place of the movers (`MembershipReadingsTests`).
        let joint = ReadingComparisonRelease.protect(engine: Fx.engine(data), comparisons: [c], threshold: 5)
        let both = try #require(joint.comparisons.first?.alternatives.first)
        #expect(both.table != nil && both.movements != nil && !both.moversPublished)
        // Where it is not built (a same-day tie read as the earliest start; no child here has one, so the same
        // movers): only the movers, hidden (2 is from 1 to 5).
        let earliest = Fx.engine(data, AnalysisSettings(sameDay: .earliestStart))
        let other = try #require(ReadingComparison.compute(engine: earliest, choice: .code21, table: .summary))
        let set = ReadingComparisonRelease.protect(engine: earliest, comparisons: [other], threshold: 5)
        let published = try #require(set.comparisons.first?.alternatives.first)
        #expect(published.table == nil && published.movements == nil && published.moversPublished && published.movers == nil)
    }

    /// The movers of two tables of one choice subtract (the review read 621 - 618 = 3 children who keep their cohort
    /// under `--code-21 ignored` but change age band). On the code-21 fixture above: the summary's movers are K1 and K2
    /// (2, both change cohorts or leave); the factor table's are K1, K2 and K3, whose 21 goes (3): 3 - 2 = 1 child
    /// keeps its cohort and changes a factor. Two more children keep every cell at 2 or more: K5 (B, 4B) and K6 (A,
    /// 6B), who stay as they are. So at threshold 1 the standard factor table shows A's 21 = 3 (K1, K2, K3), A's 6B
    /// = 2 (K3, K6), B's 4B = 2 (K4, K5); the summary's 2 is shown (at most A's 21: it bounds nothing), and the factor
    /// table's 3, shown beside it, would give that 1 away: hidden. Read under `--same-day earliest-start` (no child
    /// here has a same-day tie: the same children move), where the joint model of code-21 is not built and its movers
    /// are published.
    @Test func moversOfTwoTablesDoNotSubtractToASmallCount() throws {
        let data = Fx.data(returns: [(2017, Self.code21Children + [
            Fx.child("K5", Fx.episode("2016-06-20", Fx.assessment(start: "2016-06-21", auth: "2016-07-01", "4B"))),
            Fx.child("K6", Fx.episode("2016-06-20", Fx.assessment(start: "2016-06-21", auth: "2016-07-01", "6B")))])])
        let engine = Fx.engine(data, AnalysisSettings(sameDay: .earliestStart))
        let summary = try #require(ReadingComparison.compute(engine: engine, choice: .code21, table: .summary))
        let factor = try #require(ReadingComparison.compute(engine: engine, choice: .code21, table: .dimension(.factor)))
        #expect(summary.alternatives.first.map { [$0.movers, $0.cohortMovers] } == [2, 2])
        #expect(factor.alternatives.first.map { [$0.movers, $0.cohortMovers] } == [3, 2])
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: [summary, factor], threshold: 1)
        let published = set.comparisons.map { $0.alternatives.first }
        #expect(published.first??.moversPublished == true && published.first??.movers == 2)
        #expect(published.last??.moversPublished == true && published.last??.movers == nil)
    }

    /// Section 5's fixture of `ReadingTests.ageAtStartOrAuthorisation` with two more children. start -> authorisation,
    /// child by child (every one in B):
    /// G1 1-4 -> 5-9 (4 at the start 1 June 2016, 5 on 15 June, authorised 20 June); G2 Unborn -> Under 1 (born
    /// 10 July, between the start and the authorisation); G3 5-9 -> 5-9; G4 5-9 -> 5-9 (no start: aged at the
    /// authorisation either way); G5 Unknown -> Unknown (no birth date); G6 authorised 1 June, before its start
    /// 20 June, and 5 on 15 June: 5-9 at the start, 1-4 at authorisation, down a band.
    static func ageData(withDownMove: Bool) -> CensusData {
        func kid(_ id: String, birth: String, start: String, auth: String) -> RawChild {
            Fx.child(id, birth: birth, Fx.episode("2016-05-01", Fx.assessment(start: start, auth: auth, "4B")))
        }
        var children = [kid("G1", birth: "2011-06-15", start: "2016-06-01", auth: "2016-06-20"),
                        kid("G2", birth: "2016-07-10", start: "2016-07-01", auth: "2016-07-20"),
                        kid("G3", birth: "2010-05-01", start: "2016-06-01", auth: "2016-06-20"),
                        kid("G4", birth: "2011-06-15", start: "", auth: "2016-06-15"),
                        kid("G5", birth: "", start: "2016-06-01", auth: "2016-06-20")]
        if withDownMove { children.append(kid("G6", birth: "2011-06-15", start: "2016-06-20", auth: "2016-06-01")) }
        let b = CensusBuilder()
        for c in children { b.add(c, from: .init(file: "fixture-2017", year: 2017, referenceDate: Day(year: 2017, month: 3, day: 31))) }
        return b.finish().0
    }

    @Test func ageBandMovementsAndTheirRules() throws {
        let c = try #require(ReadingComparison.compute(engine: Fx.engine(Self.ageData(withDownMove: false)), choice: .ageAt,
                                                       table: .dimension(.ageBand)))
        let alt = try #require(c.alternatives.first)
        #expect(c.base.nonZero("B") == ["Unborn": 1, "1-4": 1, "5-9": 2, "Unknown": 1, "Total": 5])
        #expect(alt.table.nonZero("B") == ["Under 1": 1, "5-9": 3, "Unknown": 1, "Total": 5])
        // G1 and G2 move, each up; G3, G4 and G5 stay.
        #expect(alt.movers == 2 && alt.obeysMoveRules)
        let moves = try #require(alt.movements)
        #expect(moves.nonZero("B") == ["Unborn>Under 1": 1, "1-4>5-9": 1, "5-9>5-9": 2, "Unknown>Unknown": 1, "Total": 5])
        // G6, authorised before it started, moves down a band: the extract breaks definition 5's rule.
        let broken = try #require(ReadingComparison.compute(engine: Fx.engine(Self.ageData(withDownMove: true)), choice: .ageAt,
                                                            table: .dimension(.ageBand))?.alternatives.first)
        #expect(broken.movements?.nonZero("B")["5-9>1-4"] == 1 && !broken.obeysMoveRules)
        // Read the other way round (the run at authorisation), the same rule: aged at the start, only down.
        #expect(ReadingChoice.ageAt.canMove(.ageBand, from: "authorisation", to: "start", value: "5-9", to: "1-4"))
        #expect(!ReadingChoice.ageAt.canMove(.ageBand, from: "authorisation", to: "start", value: "1-4", to: "5-9"))
        #expect(!ReadingChoice.ageAt.canMove(.ageBand, from: "start", to: "authorisation", value: "16+", to: "Unknown"))
        #expect(!ReadingChoice.ageAt.canMove(.ageBand, from: "start", to: "authorisation", value: "Unknown", to: "Unborn"))
        // At most one band (an assessment authorised within a year of its start): Unborn to Under 1, never to 1-4.
        #expect(ReadingChoice.ageAt.canMove(.ageBand, from: "start", to: "authorisation", value: "Unborn", to: "Under 1"))
        #expect(!ReadingChoice.ageAt.canMove(.ageBand, from: "start", to: "authorisation", value: "Unborn", to: "1-4"))
        #expect(!ReadingChoice.ageAt.canMove(.ageBand, from: "start", to: "authorisation", value: "5-9", to: "16+"))
        #expect(!ReadingChoice.ageAt.canMove(.ageBand, from: "authorisation", to: "start", value: "16+", to: "5-9"))
        // Definition 9: None under `first` (no episode open in the window) is None under `later`; the window has no rule.
        #expect(ReadingChoice.needEpisode.canMove(.need, from: "first", to: "later", value: "N1", to: "None"))
        #expect(!ReadingChoice.needEpisode.canMove(.need, from: "first", to: "later", value: "None", to: "N1"))
        #expect(ReadingChoice.needEpisode.canMove(.need, from: "later", to: "first", value: "None", to: "N1"))
        #expect(!ReadingChoice.needEpisode.canMove(.need, from: "later", to: "first", value: "N1", to: "None"))
        #expect(ReadingChoice.windowFrom.canMove(.need, from: "authorisation", to: "start", value: "None", to: "N1"))
    }

    /// An extract that breaks the rule (G6 moves down) publishes nothing of the other reading: protected with the
    /// rule, its true counts would not fit the model (a reader who trusts definition 5 would be misled, and the
    /// protection could not prove what that reader learns), and without it a reader would use it anyway.
    @Test func anExtractBreakingTheRulePublishesNoAgeSideBySide() throws {
        let engine = Fx.engine(Self.ageData(withDownMove: true))
        let c = try #require(ReadingComparison.compute(engine: engine, choice: .ageAt, table: .dimension(.ageBand)))
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: [c], threshold: 5)
        let published = try #require(set.comparisons.first?.alternatives.first)
        #expect(published.table == nil && published.movements == nil && !published.moversPublished)
        #expect(set.withheldReason?.contains("age@age-at:authorisation") == true)
    }

    /// What the model with definition 5's rules proves, by hand. Cohort A's 60 children, every count shown: at the
    /// start Unborn 10, Under 1 20, 1-4 30; at authorisation Unborn 7, Under 1 23, 1-4 30; every movement hidden (at
    /// least 0); B empty. Aged later, a child is in the same band or a later one: the 30 aged 1-4 at the start are
    /// 1-4 at authorisation (5-9 and above are 0 there), so no Unborn child reached 1-4, and of the 10 Unborn, 7 are
    /// Unborn still (no one moves down into it): Unborn -> Under 1 is 3 exactly. The model holds this (the moves
    /// down and to or from Unknown are bounded at 0, structural zeros); without the bounds it would allow 0..10 (all
    /// 10 Unborn to Under 1 and 7 Under 1 down to Unborn; or 3 to 1-4 and 3 of 1-4 down to Under 1), and a
    /// protection proven on it would publish a movement a reader of the definitions pins exactly.
    @Test func theModelHoldsTheAgeBandsRules() throws {
        let fixture = AgeSideBySide(authorisation: [7, 23, 30])
        let model = fixture.model, cell = fixture.cell, range = fixture.range
        let up = try cell("Unborn", "Under 1"), skip = try cell("Unborn", "1-4")
        #expect(range(model, up) == (3, 3))
        #expect(range(model, skip) == (0, 0))
        // Down a band, and to or from Unknown: structural zeros (shown as 0 by the protection, as a 0 the filter forces).
        for (a, b) in [("1-4", "Under 1"), ("Under 1", "Unborn"), ("16+", "10-15"), ("Unknown", "16+"), ("Unborn", "Unknown")] {
            #expect(model.cells[try cell(a, b)].structuralZero, "\(a)>\(b)")
        }
        for (a, b) in [("Unborn", "Under 1"), ("10-15", "16+")] { #expect(!model.cells[try cell(a, b)].structuralZero) }
        // Two bands or more up: a structural zero too (at most one band).
        for (a, b) in [("Unborn", "1-4"), ("Unborn", "16+"), ("5-9", "16+")] { #expect(model.cells[try cell(a, b)].structuralZero, "\(a)>\(b)") }
        // The same model without the rules' bounds.
        var loose = model
        for i in model.cells.indices where model.cells[i].table == 3 && model.cells[i].structuralZero && model.cells[i].row == 0 {
            for u in model.cells[i].terms { loose.upperBounds[u] = nil }
        }
        #expect(range(loose, up) == (0, 10))
    }

    /// The one-band rule by hand (the review's attack on cohort A: with moves of two bands allowed, the hidden zeros
    /// of those moves protected Unborn and 16+; a reader who takes an assessment to be authorised within a year
    /// rules them out, and the shown 10-15 -> 16+ gave the rest away). Cohort A's 60 children, every count shown:
    /// at the start Unborn 10, Under 1 20, 1-4 30; at authorisation Unborn 7, Under 1 20, 1-4 33; every movement
    /// hidden. Up only: Unborn -> Under 1 = u, Unborn -> 1-4 = 3 - u (10 - 7 leave Unborn), Under 1 -> 1-4 = u
    /// (Under 1 stays at 20), and 1-4 gains 3 - u + u = 3: any u from 0 to 3. One band at most: Unborn -> 1-4 = 0,
    /// so u = 3 exactly. The model holds the one-band rule (the two-band move a structural zero) and pins 3; with
    /// only the up rule's bounds it allows 0..3.
    @Test func theModelHoldsTheOneBandRule() throws {
        let fixture = AgeSideBySide(authorisation: [7, 20, 33])
        let model = fixture.model, cell = fixture.cell, range = fixture.range
        let bands = AgeBand.labels, moveColumns = fixture.moveColumns
        let up = try cell("Unborn", "Under 1"), skip = try cell("Unborn", "1-4")
        #expect(model.cells[skip].structuralZero)
        #expect(range(model, up) == (3, 3))
        // Only the up rule: release the bounds of the moves two or more bands up (not those down or of Unknown).
        var upOnly = model
        for i in model.cells.indices where model.cells[i].table == 3 && model.cells[i].row == 0 && model.cells[i].structuralZero {
            let pair = moveColumns[model.cells[i].column].split(separator: ">").map(String.init)
            guard pair.count == 2, let a = bands.firstIndex(of: pair[0]), let b = bands.firstIndex(of: pair[1]),
                  pair[0] != "Unknown", pair[1] != "Unknown", b > a + 1 else { continue }
            for u in model.cells[i].terms { upOnly.upperBounds[u] = nil }
        }
        #expect(range(upOnly, up) == (0, 3))
    }

    /// On a generated extract the age band's side by side is published, protected with the rules: the standard
    /// release's age table as it is, every linked cell from 1 to the threshold hidden, the moves the rules rule out
    /// shown as 0, and the whole audits clean.
    @Test func theAgeBandSideBySideIsProtectedWithItsRules() throws {
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let c = try #require(ReadingComparison.compute(engine: engine, choice: .ageAt, table: .dimension(.ageBand)))
        let alt = try #require(c.alternatives.first)
        #expect(alt.obeysMoveRules && alt.movers > 5)
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: [c], threshold: 5)
        let audit = try #require(set.audit)
        #expect(set.withheldReason == nil && audit.isClean && audit.consistent, "\(audit.failures)")
        let published = try #require(set.comparisons.first?.alternatives.first)
        let t = try #require(published.table), m = try #require(published.movements)
        #expect(!published.moversPublished && t.table.counts == alt.table.counts)
        for (col, name) in m.table.columns.enumerated() where col != m.table.totalColumn {
            let pair = name.split(separator: ">").map(String.init)
            let possible = ReadingChoice.ageAt.canMove(.ageBand, from: "start", to: "authorisation", value: pair[0], to: pair[1])
            for r in m.table.rows.indices {
                let count = m.table.counts[r][col], hidden = m.isHidden(r, col)
                // Ruled out: 0 and shown. Possible: from 1 to 5 hidden; a 0 shown only where published zeros force it.
                if !possible { #expect(!hidden && count == 0, "\(name)") }
                else if count <= 5 { #expect(hidden || count == 0, "\(name) \(count)") }
            }
        }
    }

    /// The side by side's budget is counted in solver work, not seconds: a machine made slow (every solve sleeps
    /// first, as under load) spends the same work on the same searches, so it publishes what a quiet one does, and an
    /// allowance too small for the repair withholds the other reading's tables on both alike (with a budget in seconds
    /// a busy machine withheld what a quiet one published: two runs of one query a reader could subtract).
    @Test func theSameInputsPublishTheSameSideBySideOnAQuietMachineAndABusyOne() throws {
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let c = try #require(ReadingComparison.compute(engine: engine, choice: .ageAt, table: .dimension(.ageBand)))
        let quiet = ReadingComparisonRelease.protect(engine: engine, comparisons: [c], threshold: 5)
        #expect(quiet.withheldReason == nil && quiet.work > 0 && !quiet.stoppedByClock)
        var allowance = quiet.work
        var cut = quiet
        while allowance > 0 && cut.withheldReason == nil {
            allowance = allowance * 3 / 4
            cut = ReadingComparisonRelease.protect(engine: engine, comparisons: [c], threshold: 5, workAllowance: allowance)
        }
        #expect(cut.withheldReason?.contains("budget of work") == true && !cut.stoppedByClock)
        IntegerProgram.slowdownForTests = 2_000
        defer { IntegerProgram.slowdownForTests = 0 }
        let busy = ReadingComparisonRelease.protect(engine: engine, comparisons: [c], threshold: 5)
        let busyCut = ReadingComparisonRelease.protect(engine: engine, comparisons: [c], threshold: 5, workAllowance: allowance)
        IntegerProgram.slowdownForTests = 0
        #expect(busy.withheldReason == nil && busy.work == quiet.work && !busy.stoppedByClock)
        #expect(busyCut.withheldReason == cut.withheldReason && busyCut.work == cut.work)
        let shown = { (s: ReadingComparisonRelease.Set) in s.comparisons.flatMap { $0.alternatives.flatMap { [$0.table, $0.movements] } } }
        #expect(shown(busy) == shown(quiet))
        #expect(ReadingComparisonFormatter.csv(busy) == ReadingComparisonFormatter.csv(quiet))
    }

    /// All the work in the world but no time: the wall-clock safety stop withholds the other reading's tables and
    /// says that the clock, not the work, did it (the result is not repeatable on another machine).
    @Test func theSideBySidesWallClockSafetyStopWithholdsAndSaysSo() throws {
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let c = try #require(ReadingComparison.compute(engine: engine, choice: .ageAt, table: .dimension(.ageBand)))
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: [c], threshold: 5, safetySeconds: 0)
        #expect(set.stoppedByClock)
        #expect(set.withheldReason?.contains("wall-clock safety stop") == true)
        #expect(set.comparisons.first?.alternatives.first?.table == nil)
    }

    /// On generated extracts: the linked release keeps every standard cell as the standard release has it,
    /// hides every linked cell from 0 to the threshold, and audits clean; its shown cells are the true counts.
    @Test(arguments: [UInt64(31)])
    func protectedBesideTheStandardRelease(seed: UInt64) throws {
        let engine = PropertyTests.engine(seed: seed, children: 3000)
        let comparisons = [ReadingChoice.needEpisode, .windowFrom].compactMap {
            ReadingComparison.compute(engine: engine, choice: $0, table: .dimension(.need))
        }
        #expect(comparisons.count == 2)
        // A generous budget: a slow debug run must not end the search early (that withholds, as the CLI would).
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: comparisons, threshold: 5)
        let audit = try #require(set.audit)
        #expect(set.withheldReason == nil, "\(audit.failures)")
        #expect(audit.isClean && audit.consistent && !audit.ranges.isEmpty)
        let standard = ReportTables.protectedScope(engine: engine, threshold: 5)
        for (c, p) in zip(comparisons, set.comparisons) {
            #expect(p.base == standard.table(c.table.name))
            for (alt, published) in zip(c.alternatives, p.alternatives) {
                let t = try #require(published.table), m = try #require(published.movements)
                #expect(t.table.name == ReadingComparison.alternativeName(c.table.name, alt.choice, alt.reading))
                #expect(t.table.counts == alt.table.counts && t.table.columns == alt.table.columns && m.table == alt.movements)
                for s in [t, m] {
                    for r in s.table.counts.indices {
                        for col in s.table.counts[r].indices where col != s.table.totalColumn && s.table.counts[r][col] <= 5 {
                            #expect(s.isHidden(r, col) || s.table.counts[r][col] == 0, "\(s.table.name) \(r) \(col)")
                        }
                    }
                }
            }
        }
    }
}

/// The hand-built age side by side of `ReadingComparisonTests`' rule tests: cohort A's 60 children, every count shown,
/// at the start Unborn 10, Under 1 20, 1-4 30 and at authorisation the three counts given; every movement of A hidden
/// (at least 0); B empty. Its model (`ReleaseModel` holds the rules of definition 5) and each movement cell's range.
struct AgeSideBySide {
    let moveColumns: [String]
    let model: ReleaseModel
    let hidden: [Bool]

    init(authorisation: [Int]) {
        let bands = AgeBand.labels
        let k = bands.count
        func row(_ v: [Int]) -> [Int?] { v + Array(repeating: 0, count: k - v.count) + [v.reduce(0, +)] }
        moveColumns = bands.flatMap { a in bands.map { ReadingComparison.movementColumn(from: a, to: $0) } } + ["Total"]
        let release = PublishedRelease(tables: [
            .init(name: "summary", columns: ["children"], rowIDs: ["A", "B"], cells: [[60], [0]]),
            .init(name: "age", columns: bands + ["Total"], rowIDs: ["A", "B"], cells: [row([10, 20, 30]), row([])]),
            .init(name: "age@age-at:authorisation", columns: bands + ["Total"], rowIDs: ["A", "B"], cells: [row(authorisation), row([])]),
            .init(name: "age@age-at:start>authorisation", columns: moveColumns, rowIDs: ["A", "B"],
                  cells: [Array(repeating: nil, count: k * k) + [60], Array(repeating: 0, count: k * k + 1)]),
        ], population: .shown(60), cohorts: PublishedRelease.knownRules(ids: ["A", "B"]), hiddenMinimum: 0)
        model = ReleaseModel(release)
        hidden = model.cells.map { $0.published == nil }
    }

    /// The model's cell of A's movement `from>to` (table 3, the movement table).
    func cell(_ from: String, _ to: String) throws -> Int {
        let column = try #require(moveColumns.firstIndex(of: ReadingComparison.movementColumn(from: from, to: to)))
        return try #require(model.cells.firstIndex { $0.table == 3 && $0.row == 0 && $0.column == column })
    }

    /// A cell's range as a reader of `m` (this model, or one with bounds released) works it out.
    func range(_ m: ReleaseModel, _ i: Int) -> (minimum: Int, maximum: Int?) {
        DisclosureAudit.exactRange(ReleaseSolver(model: m, hidden: hidden, hiddenMinimum: 0), cell: i, minimum: 0)
    }
}
