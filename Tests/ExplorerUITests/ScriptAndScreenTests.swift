import Testing
import CINModel
import CohortEngine
@testable import ExplorerUI

@Suite struct ScriptAndScreenTests {
    @Test func scriptAndKeysReachTheSameView() throws {
        var scripted = UIFixture.state()
        try ScriptRunner.run("drill B; by age; drill 1-4; by ethnicity", on: &scripted)
        var keyed = UIFixture.state()
        keyed.press(.down, .enter, .enter, .right, .right, .enter, .char("2"))
        #expect(scripted.breadcrumb == keyed.breadcrumb)
        #expect(scripted.model == keyed.model)
    }

    @Test func scriptErrorsNameTheStatement() {
        var s = UIFixture.state()
        #expect(throws: ScriptRunner.Failure.self) { try ScriptRunner.run("drill B; by shoe size", on: &s) }
        do { try ScriptRunner.run("drill Z", on: &s) } catch { #expect(error.statement == 1) }
        #expect(throws: ScriptRunner.Failure.self) { try ScriptRunner.run("cohort F=4B &", on: &s) }
    }

    @Test func wideCharactersTakeTwoColumns() {
        var screen = Screen(width: 10, height: 1)
        let used = screen.put("名前ab", x: 0, y: 0)
        #expect(used == 6)
        #expect(screen.line(0) == "名前ab")
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.fit("名前名前名前", 5) == "名前~")
    }

    @Test func randomKeysKeepInvariants() {
        // A short soak: random keys and resizes; after each step the cursor is on the table, the
        // breadcrumb has one part per drill level, and visible counts are the engine's.
        var s = UIFixture.state()
        var rng = SplitMix64(seed: 2024)
        let keys: [Key] = [.up, .down, .left, .right, .enter, .escape, .backspace, .pageUp, .pageDown, .home, .end,
                           .char(" "), .char("f"), .char("%"), .char("s"), .char("r"), .char("u"), .char("c"), .char("?"),
                           .char("d"), .char("n"), .char("1"), .char("3"), .char("j"), .char("k"), .char("x")]
        for step in 0..<4000 {
            if rng.chance(20) {
                s.handle(.resize(width: [1, 30, 60, 80, 120, 500][rng.below(6)], height: [1, 10, 14, 24, 40, 200][rng.below(6)]))
            } else {
                s.handle(keys[rng.below(keys.count)])
            }
            if s.wantsQuit { s = UIFixture.state() }
            if case .prompt = s.overlay { s.handle(.escape) }
            _ = Renderer.render(s)
            let f = s.frame
            if !s.model.rowIDs.isEmpty {
                #expect(f.cursorRow >= 0 && f.cursorRow < s.model.rowIDs.count, "step \(step)")
                #expect(f.cursorColumn >= 0 && f.cursorColumn < s.model.columns.count, "step \(step)")
            }
            #expect(s.breadcrumb.components(separatedBy: " > ").count == 1 + f.crumbs.count + (f.dimension == nil ? 0 : 1))
            if step % 200 == 0, case .breakdown(let d) = f.kind, s.percentMode == .counts {
                let t = UIFixture.engine.table(d, filter: s.effectiveFilter)
                // The engine here has default settings; compare only when the state's match.
                if s.engine.settings == UIFixture.engine.settings && s.engine.cohorts.count == t.rows.count {
                    for (r, id) in s.model.rowIDs.enumerated() {
                        let er = t.rows.firstIndex { $0.id == id } ?? 0
                        #expect(s.model.cells[r].map(\.count) == t.counts[er])
                    }
                }
            }
        }
    }
}

import CursesAdapter

@Suite struct KeyDecoderTests {
    @Test func controlCodesAndCharacters() {
        #expect(KeyDecoder.decode(scalar: 13) == .enter)
        #expect(KeyDecoder.decode(scalar: 27) == .escape)
        #expect(KeyDecoder.decode(scalar: 127) == .backspace)
        #expect(KeyDecoder.decode(scalar: 3) == .ctrl("c"))
        #expect(KeyDecoder.decode(scalar: 19) == .ctrl("s"))
        #expect(KeyDecoder.decode(scalar: 0x540D) == .char("名"))
        #expect(KeyDecoder.decode(scalar: 0xD800) == nil)   // not a scalar
        #expect(KeyMap.command(for: .ctrl("c")) == .forceQuit)
        #expect(KeyMap.command(for: .ctrl("s")) == .exportView)
    }
}
