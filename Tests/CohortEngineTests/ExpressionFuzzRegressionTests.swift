import Testing
import Foundation
import CINModel
@testable import CohortEngine

/// Replays the expression fuzzer's crash inputs and seeds (Fuzz/) through the parser: each either
/// parses to an expression that prints and parses back to itself, matching the same children, or is
/// refused with a message; none crashes.
@Suite struct ExpressionFuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz").path

    static func inputs() -> [(name: String, text: String)] {
        var out: [(String, String)] = []
        for dir in ["crashes/expression", "corpus/expression"] {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(dir)")) ?? []).sorted() where !name.hasPrefix(".") {
                let data = (try? Data(contentsOf: URL(fileURLWithPath: "\(root)/\(dir)/\(name)"))) ?? Data()
                out.append(("\(dir)/\(name)", String(decoding: data, as: UTF8.self)))
            }
        }
        return out
    }

    /// Factor sets to match on: none, all, and alternating bits.
    static let masks: [UInt64] = [0, ~0, 0x5555_5555_5555_5555, 0xAAAA_AAAA_AAAA_AAAA]

    @Test func everyInputParsesBackToItselfOrIsRefusedWithAMessage() {
        let inputs = Self.inputs()
        #expect(inputs.contains { $0.name == "corpus/expression/e0.txt" })
        for (name, text) in inputs {
            let expression: CohortExpression?
            if let d = try? CohortExpressionParser.parseDefinition(text) { expression = d.expression }
            else if let e = try? CohortExpressionParser.parse(text) { expression = e }
            else { expression = nil }
            guard let expression else {
                do { _ = try CohortExpressionParser.parse(text); Issue.record("\(name) parsed the second time") } catch {
                    #expect(!error.description.isEmpty, "\(name)")
                }
                continue
            }
            let again = try? CohortExpressionParser.parse(expression.description)
            #expect(again == expression, "\(name): \(expression.description)")
            for m in Self.masks { #expect(again?.matches(m) == expression.matches(m), "\(name)") }
        }
    }

    @Test func theSeedsMeanWhatTheySay() throws {
        // F=6B & !4B: a definition, F, with 6B and without 4B.
        let f = try CohortExpressionParser.parseDefinition("F=6B & !4B")
        #expect(f.id == "F")
        let six = try #require(AssessmentFactor.bit("6B")).rawValue, four = try #require(AssessmentFactor.bit("4B")).rawValue
        #expect(f.expression.matches(six) && !f.expression.matches(six | four))
        // A dangling operator, an empty rule and an empty name are refused.
        for bad in ["4B &", "Z=", "=4B"] {
            #expect(throws: CohortExpressionError.self) { _ = try CohortExpressionParser.parseDefinition(bad) }
        }
    }
}
