// libFuzzer harness: any text through the cohort-expression parser, and a parsed rule evaluated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let d = try? CohortExpressionParser.parseDefinition(text) {
        _ = d.expression.matches(0x5555_5555_5555_5555)
        _ = d.expression.description
    }
    do { _ = try CohortExpressionParser.parse(text) } catch { _ = error.description }
    return 0
}
