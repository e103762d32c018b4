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
        let s = UIFixture.state()
        let cases: [(script: String, statement: Int, text: String)] = [
            ("drill B; by shoe size", 2, "by shoe size"),
            ("drill Z", 1, "drill Z"),
            ("back; cohort F=4B &", 2, "cohort F=4B &"),
            ("key NoSuchKey", 1, "key NoSuchKey"),
            ("frobnicate", 1, "frobnicate"),
        ]
        for c in cases {
            var t = s
            do {
                try ScriptRunner.run(c.script, on: &t)
                Issue.record("'\(c.script)' ran without an error")
            } catch {
                #expect(error.statement == c.statement, "\(c.script)")
                #expect(error.text == c.text)
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test func wideCharactersTakeTwoColumns() {
        var screen = Screen(width: 10, height: 1)
        let used = screen.put("名前ab", x: 0, y: 0)
        #expect(used == 6)
        #expect(screen.line(0) == "名前ab")
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.fit("名前名前名前", 5) == "名前~")
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
