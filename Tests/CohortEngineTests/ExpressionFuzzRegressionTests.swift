import Testing
import Foundation
@testable import CohortEngine

/// Replays the expression fuzzer's crash inputs and seeds (Fuzz/) through the parser.
@Suite struct ExpressionFuzzRegressionTests {
    @Test func expressionInputs() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz").path
        var count = 0
        for dir in ["crashes/expression", "corpus/expression"] {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(dir)")) ?? []) where !name.hasPrefix(".") {
                let data = (try? Data(contentsOf: URL(fileURLWithPath: "\(root)/\(dir)/\(name)"))) ?? Data()
                let text = String(decoding: data, as: UTF8.self)
                if let d = try? CohortExpressionParser.parseDefinition(text) { _ = d.expression.matches(0x5555_5555_5555_5555) }
                _ = try? CohortExpressionParser.parse(text)
                count += 1
            }
        }
        #expect(count >= 5)
    }
}
