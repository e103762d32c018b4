import Testing
import CINModel
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

    /// A choice of membership: the code-21 fixture of `ReadingTests.code21`. K1 leaves the population (its only
    /// assessment is {21}); K2 moves from A to B; K3 and K4 stay: 2 movers, and no movement table.
    @Test func membershipChoiceCountsMoversOnly() throws {
        let data = Fx.data(
            Fx.child("K1", Fx.episode("2016-04-20", Fx.assessment(start: "2016-04-21", auth: "2016-05-01", "21"))),
            Fx.child("K2", Fx.episode("2016-04-20", Fx.assessment(start: "2016-04-21", auth: "2016-05-01", "21"),
                                                    Fx.assessment(start: "2016-08-01", auth: "2016-09-01", "4B"))),
            Fx.child("K3", Fx.episode("2016-05-20", Fx.assessment(start: "2016-05-21", auth: "2016-06-01", "21", "6B"))),
            Fx.child("K4", Fx.episode("2016-06-20", Fx.assessment(start: "2016-06-21", auth: "2016-07-01", "4B"))))
        let c = try #require(ReadingComparison.compute(engine: Fx.engine(data), choice: .code21, table: .summary))
        let alt = try #require(c.alternatives.first)
        #expect(alt.movers == 2)
        #expect(alt.movements == nil)
        #expect(alt.table.counts.map { $0[0] } == [1, 2, 0, 0, 0])
        // Published: only the movers, hidden (2 is from 1 to 5).
        let set = ReadingComparisonRelease.protect(engine: Fx.engine(data), comparisons: [c], threshold: 5)
        let published = try #require(set.comparisons.first?.alternatives.first)
        #expect(published.table == nil && published.movements == nil && published.moversPublished && published.movers == nil)
    }

    /// The age band's side by side publishes only how many children change band: its moves go only up a band
    /// and Unknown never moves, rules the model does not hold, with which a reader undid it (docs/privacy.md).
    @Test func theAgeBandPublishesOnlyItsMovers() throws {
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let c = try #require(ReadingComparison.compute(engine: engine, choice: .ageAt, table: .dimension(.ageBand)))
        let alt = try #require(c.alternatives.first)
        #expect(alt.movers > 5)
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: [c], threshold: 5)
        let published = try #require(set.comparisons.first?.alternatives.first)
        #expect(published.table == nil && published.movements == nil && published.moversPublished && published.movers == alt.movers)
    }

    /// The age band's movers are at most the population less A's and B's Unknown and 16+ (a child moves only up a
    /// band, never from Unknown, and 16+ has no band above), which bounds their hidden ones. Generated extract,
    /// seed 31, 3000 children: A 498 children, 16+ 26, Unknown 0, all shown; B 170, 16+ 9 hidden, Unknown 0 shown;
    /// 9 movers. A reader learns B's 16+ <= 498 - 26 - 0 + 170 - 0 - 9 = 633, nothing: the room is A's
    /// 498 - 26 - 0 = 472 less B's shown 0, and 9 <= 472, so the number is shown. With A's 16+ hidden too the
    /// room is -0 - 0 = 0 < 9: hidden (a reader would learn A's 16+ + B's 16+ <= 668 - 0 - 9 = 659, no cut, but
    /// the rule does not weigh it); with B's size hidden, or no age table, hidden.
    @Test func theAgeBandsMoversAreHiddenWhenTheyBoundAHiddenCell() throws {
        let engine = PropertyTests.engine(seed: 31, children: 3000)
        let c = try #require(ReadingComparison.compute(engine: engine, choice: .ageAt, table: .dimension(.ageBand)))
        #expect(c.alternatives.first?.movers == 9)
        let standard = ReportTables.protectedScope(engine: engine, threshold: 5)
        let t = try #require(standard.tables.firstIndex { $0.table.name == ReportTable.dimension(.ageBand).name })
        let age = standard.tables[t].table
        let a = try #require(age.rows.firstIndex { $0.id == "A" }), b = try #require(age.rows.firstIndex { $0.id == "B" })
        let old = try #require(age.columns.firstIndex(of: "16+")), total = try #require(age.totalColumn)
        #expect(age.counts[a][old] == 26 && age.counts[b][old] == 9 && age.counts[a][total] == 498)
        #expect(!standard.tables[t].isHidden(a, old) && standard.tables[t].isHidden(b, old))
        #expect(ReadingComparisonRelease.ageMoversBoundNothing(9, standard: standard))
        #expect(ReadingComparisonRelease.ageMoversBoundNothing(472, standard: standard))
        #expect(!ReadingComparisonRelease.ageMoversBoundNothing(473, standard: standard))
        var hiding = standard
        hiding.tables[t].hidden[a][old] = true
        #expect(!ReadingComparisonRelease.ageMoversBoundNothing(9, standard: hiding))
        hiding = standard
        hiding.tables[t].hidden[b][total] = true
        #expect(!ReadingComparisonRelease.ageMoversBoundNothing(9, standard: hiding))
        var noAge = standard
        noAge.tables.remove(at: t)
        #expect(!ReadingComparisonRelease.ageMoversBoundNothing(9, standard: noAge))
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
        let set = ReadingComparisonRelease.protect(engine: engine, comparisons: comparisons, threshold: 5, budget: 900)
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
