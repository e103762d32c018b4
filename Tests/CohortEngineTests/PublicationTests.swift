import Testing
@testable import CohortEngine

/// The three rules every published number follows (`Publication+Rules.swift`), on numbers worked out by hand.
@Suite struct PublicationTests {
    @Test func percentagesRoundHalfUpOnTheExactFraction() {
        // 1/16 = 6.25% exactly: half up gives 6.3 (printf's %.1f on the double gives 6.2, half to even).
        #expect(Publication.percentTenths(1, of: 16) == 63)
        // 1/8 = 12.5% exactly: already one decimal.
        #expect(Publication.percentTenths(1, of: 8) == 125)
        // 1/3 = 33.33..%: 33.3; 2/3 = 66.66..%: 66.7.
        #expect(Publication.percentTenths(1, of: 3) == 333)
        #expect(Publication.percentTenths(2, of: 3) == 667)
        // 3/16 = 18.75%: 18.8; 1/40 = 2.5% exactly; 1/80 = 1.25%: 1.3; 1/2000 = 0.05%: 0.1.
        #expect(Publication.percentTenths(3, of: 16) == 188)
        #expect(Publication.percentTenths(1, of: 40) == 25)
        #expect(Publication.percentTenths(1, of: 80) == 13)
        #expect(Publication.percentTenths(1, of: 2000) == 1)
        // 1/2001 = 0.0499..%: 0.0; all of it: 100.0; none of it: 0.0; no base: none.
        #expect(Publication.percentTenths(1, of: 2001) == 0)
        #expect(Publication.percentTenths(7, of: 7) == 1000)
        #expect(Publication.percentTenths(0, of: 9) == 0)
        #expect(Publication.percentTenths(3, of: 0) == nil)
        #expect(Publication.percentText(tenths: 63) == "6.3")
        #expect(Publication.percentText(tenths: 1000) == "100.0")
        #expect(Publication.printedPercent(1, of: 16) == 6.3)
    }

    @Test func everyCellIsSpelledByOneRenderer() {
        #expect(Publication.Cell.hidden.text() == "c")
        #expect(Publication.Cell.shown(.count(12)).text() == "12")
        #expect(Publication.Cell.shown(.percent(tenths: 63)).text() == "6.3%")
        #expect(Publication.Cell.shown(.percent(tenths: 63)).text(percentSign: false) == "6.3")
        #expect(Publication.Cell.shown(.countAndPercent(1, tenths: 63)).text() == "1 (6.3%)")
        #expect(Publication.Cell.shown(.text("N1")).text() == "N1")
        #expect(Publication.Cell.shown(.countAndPercent(4, tenths: 250)).count == 4)
        #expect(Publication.Cell.hidden.count == nil)
        #expect(Publication.Cell.shown(.percent(tenths: 250)).percent == 25.0)
    }

    @Test func smallCountsAndThePopulation() {
        // 1..threshold hidden; 0 is a true zero; threshold 0 hides nothing.
        #expect([0, 1, 5, 6].map { Publication.isSmall($0, threshold: 5) } == [false, true, true, false])
        #expect(!Publication.isSmall(1, threshold: 0))
        #expect(Publication.Cell(count: 3, threshold: 5) == .hidden)
        #expect(Publication.Cell(count: 0, threshold: 5) == .shown(.count(0)))
        // A and B make up the population, wherever they stand; without both there is no base.
        #expect(Publication.populationRows(["B", "C", "A"]) == [2, 0])
        #expect(Publication.populationRows(["A", "C"]) == nil)
    }

    @Test func aProtectedSummaryPublishesSharesOnlyWhereItsCountAndThePopulationShow() throws {
        // 16 children: A 15, B 1. B's 1 is hidden, so A (16 - 1) is hidden too by the partition; the
        // population is shown. Shares: both withheld (their counts are hidden).
        let table = CohortTable(name: ReportTable.summary.name, dimension: nil,
                                rows: [.init(id: "A", label: "a"), .init(id: "B", label: "b")], columns: ["children"],
                                counts: [[15], [1]], population: 16, totalColumn: nil, allColumn: nil)
        let s = SuppressedTable(table: table, threshold: 5, hidden: [[true], [true]])
        let t = try #require(Publication.Table(protected: s))
        #expect(t.cells == [[.hidden], [.hidden]])
        #expect(t.shares == [.hidden, .hidden])
        #expect(t.population == .shown(.count(16)))
        // Shown counts get their share: 15 of 16 = 93.75% -> 93.8; 1 of 16 = 6.25% -> 6.3.
        let shown = try #require(Publication.Table(protected: SuppressedTable(table: table, threshold: 0, hidden: [[false], [false]])))
        #expect(shown.shares == [.shown(.percent(tenths: 938)), .shown(.percent(tenths: 63))])
    }
}
