import Testing
import Foundation
import CINModel
import CohortEngine
@testable import ExplorerUI
@testable import CINLoading

/// Random keys and resizes (1x1 to 500x200) against the in-memory screen. After every step: the
/// breadcrumb is the filter stack's, the cursor is on screen, every visible count equals a naive
/// recount from the index, and nothing traps. CI runs 20,000 steps; `CINX_SOAK_STEPS=1000000`
/// runs the full soak (docs/reliability.md).
@Suite struct UISoakTests {
    static var steps: Int { Int(ProcessInfo.processInfo.environment["CINX_SOAK_STEPS"] ?? "") ?? 20_000 }

    /// Counts children per visible row and column straight from the index columns.
    static func naiveCounts(_ s: ExplorerState) -> [[Int]]? {
        let e = s.engine
        let f = s.effectiveFilter
        guard case .breakdown(let d) = s.frame.kind else { return nil }
        var out: [[Int]] = []
        for id in s.model.rowIDs {
            guard let cohort = e.cohorts.first(where: { $0.id == id }) else { return nil }
            var row = [Int](repeating: 0, count: d.columns.count)
            for i in 0..<e.index.count {
                let factors = e.index.factors[i]
                guard cohort.expression.matches(factors),
                      factors & f.requiredFactors.rawValue == f.requiredFactors.rawValue,
                      factors & f.excludedFactors.rawValue == 0,
                      f.cohorts.allSatisfy({ c in e.cohorts.first { $0.id == c }?.expression.matches(factors) ?? false }),
                      f.dimensions.allSatisfy({ cond in
                          (0..<cond.dimension.values.count).contains { cond.values.contains($0) && e.index.valueBits(cond.dimension, i) & (1 << UInt64($0)) != 0 }
                      })
                else { continue }
                let bits = e.index.valueBits(d, i)
                if d.isMultiValued {
                    row[0] += 1
                    for v in 0..<d.values.count where bits & (1 << UInt64(v)) != 0 { row[v + 1] += 1 }
                } else {
                    for v in 0..<d.values.count where bits & (1 << UInt64(v)) != 0 { row[v] += 1 }
                    row[d.values.count] += 1
                }
            }
            out.append(row)
        }
        return out
    }

    @Test func randomKeysAndResizes() {
        var s = UIFixture.state()
        var rng = SplitMix64(seed: 1_000_003)
        let keys: [Key] = [.up, .down, .left, .right, .enter, .escape, .backspace, .pageUp, .pageDown, .home, .end, .tab, .delete,
                           .char(" "), .char("f"), .char("%"), .char("s"), .char("r"), .char("u"), .char("c"), .char("?"), .char("d"),
                           .char("n"), .char("1"), .char("2"), .char("3"), .char("7"), .char("0"), .char("j"), .char("k"), .char("h"),
                           .char("l"), .char("g"), .char("G"), .char("x"), .char("+"), .char("-"), .char("i"), .char("y"), .char("w"),
                           .char("t"), .char("e"), .char("E"), .char("q"), .char("名"), .ctrl("s")]
        let sizes = [(1, 1), (2, 3), (30, 10), (59, 13), (60, 14), (80, 24), (120, 40), (200, 60), (500, 200)]
        var checkedCounts = 0
        for step in 0..<Self.steps {
            if rng.chance(30) {
                let (w, h) = sizes[rng.below(sizes.count)]
                s.handle(.resize(width: w, height: h))
            } else {
                s.handle(keys[rng.below(keys.count)])
            }
            // Prompts: answer some, cancel the rest, so no file is written and settings stay sane.
            if case .prompt(let p) = s.overlay {
                switch p.kind {
                case .threshold where rng.chance(500): for _ in p.text { s.handle(.backspace) }; s.handle(.char("3")); s.handle(.enter)
                case .addCohort where rng.chance(300): s.type("Q\(step % 7)=4B & !3B"); s.handle(.enter); if case .prompt = s.overlay { s.handle(.escape) }
                default: s.handle(.escape)
                }
            }
            if s.wantsQuit { s = UIFixture.state(width: s.screenWidth, height: s.screenHeight) }
            let screen = Renderer.render(s)
            #expect(screen.width == s.screenWidth && screen.height == s.screenHeight)
            // Breadcrumb = the stack's drill steps, and the filter is derived from the same steps.
            let f = s.frame
            let expectedCrumb = (["All"] + s.crumbs(f.steps) + (f.dimension.map { ["by \($0.title)"] } ?? [])).joined(separator: " > ")
            #expect(s.breadcrumb == expectedCrumb, "step \(step)")
            #expect(s.effectiveFilter.cohorts == f.steps.filter.cohorts)
            // Cursor on the table and on screen.
            if !s.model.rowIDs.isEmpty && s.overlay == .none && s.screenWidth >= ExplorerState.minimumWidth && s.screenHeight >= ExplorerState.minimumHeight {
                #expect(f.cursorRow >= f.scrollRow && f.cursorRow < f.scrollRow + s.tableRowsVisible, "step \(step)")
                let layout = TableLayout(model: s.model, screenWidth: s.screenWidth)
                #expect(layout.visibleColumns(from: f.scrollColumn, screenWidth: s.screenWidth).contains(f.cursorColumn), "step \(step)")
            }
            // Every visible count equals a naive recount (counts view; every 10th step to keep CI fast).
            if step % 10 == 0, s.percentMode == .counts, let expected = Self.naiveCounts(s) {
                #expect(s.model.cells.map { $0.map(\.count) } == expected, "step \(step) \(s.breadcrumb)")
                if !s.reveal && s.threshold > 0 {
                    for row in s.model.cells { for c in row where c.count >= 1 && c.count <= s.threshold { #expect(c.text == "c") } }
                }
                checkedCounts += 1
            }
        }
        #expect(checkedCounts > 0)
    }
}
