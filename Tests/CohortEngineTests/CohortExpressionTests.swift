import Testing
import CINModel
@testable import CohortEngine
@testable import CINLoading
@testable import CINTestSupport

@Suite struct CohortExpressionTests {
    func bits(_ codes: String...) -> UInt64 { FactorSet(codes: codes).rawValue }

    @Test func parsesPrecedenceAndNegation() throws {
        let e = try CohortExpressionParser.parse("4B | 5B & !3B")  // & binds tighter: 4B | (5B & !3B)
        #expect(e.matches(bits("4B", "3B")))
        #expect(e.matches(bits("5B")))
        #expect(!e.matches(bits("5B", "3B")))
        let p = try CohortExpressionParser.parse("(4b|5B) & (1B | 2B)")
        #expect(p == CohortDefinition.standard[2].expression)
    }

    @Test func definitionWithName() throws {
        let d = try CohortExpressionParser.parseDefinition("F=6B & !4B")
        #expect(d.id == "F")
        #expect(d.expression.matches(bits("6B")))
        #expect(!d.expression.matches(bits("6B", "4B")))
    }

    @Test(arguments: [
        ("4B & ", 5, "ends"),
        ("4B && 3B", 4, "expected a factor code"),
        ("(4B | 3B", 0, "never closed"),
        ("4B)", 2, "unmatched"),
        ("4B & QQ", 5, "'QQ' is not an assessment factor"),
        ("", 0, "empty"),
        ("4B 3B", 3, "unexpected '3'"),
    ])
    func errorsPointAtTheCharacter(text: String, position: Int, fragment: String) {
        do {
            _ = try CohortExpressionParser.parse(text)
            Issue.record("\(text) should not parse")
        } catch {
            #expect(error.position == position, "\(text): \(error.message)")
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.description.contains("^"))
        }
    }

    @Test func badDefinitions() {
        #expect(throws: CohortExpressionError.self) { try CohortExpressionParser.parseDefinition("no equals") }
        #expect(throws: CohortExpressionError.self) { try CohortExpressionParser.parseDefinition("=4B") }
        #expect(throws: CohortExpressionError.self) { try CohortExpressionParser.parseDefinition("F G=4B") }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "(", count: 5000) + "4B" + String(repeating: ")", count: 5000)
        #expect(throws: CohortExpressionError.self) { try CohortExpressionParser.parse(text) }
        let nots = String(repeating: "!", count: 100) + "4B"
        #expect((try? CohortExpressionParser.parse(nots))?.matches(FactorSet(codes: ["4B"]).rawValue) == true)
    }

    @Test func customCohortInTheEngine() throws {
        let a = Fx.assessment(start: "2016-06-02", auth: "2016-06-20", "6B")
        var b = Fx.assessment(start: "2016-06-02", auth: "2016-06-20"); b.factors = ["6B", "4B"]
        var engine = Fx.engine(Fx.data(Fx.child("K1", Fx.episode("2016-06-01", a)), Fx.child("K2", Fx.episode("2016-06-01", b))))
        try engine.addCohort(CohortExpressionParser.parseDefinition("F=6B & !4B"))
        let s = engine.summary()
        #expect(s.rows.map(\.id) == ["A", "B", "C", "D", "E", "F"])
        #expect(s.row("F") == ["children": 1])
        #expect(throws: CohortEngine.CohortError.self) { try engine.addCohort(CohortExpressionParser.parseDefinition("F=4B")) }
        engine.removeCohort(id: "F")
        #expect(engine.summary().rows.count == 5)
    }
}

@Suite struct NegationRunTests {
    @Test func aLongRunOfNegationsIsReadWithoutRecursion() throws {
        // 60,000 '!' once overflowed the stack (SIGSEGV); pairs cancel.
        let even = String(repeating: "!", count: 60_000) + "4B"
        #expect(try CohortExpressionParser.parse(even) == .factor("4B"))
        let odd = String(repeating: "! ", count: 60_001) + "4B"
        #expect(try CohortExpressionParser.parse(odd) == .not(.factor("4B")))
        #expect(throws: CohortExpressionError.self) { try CohortExpressionParser.parse(String(repeating: "!", count: 10)) }
    }
}
