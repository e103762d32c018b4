import CINModel

/// A cohort rule over the first assessment's factor codes: `4B | 5B`, `(4B|5B) & 3B & !21`.
/// Grammar: or := and ('|' and)* ; and := unary ('&' unary)* ; unary := '!' unary | '(' or ')' | CODE.
public indirect enum CohortExpression: Hashable, Sendable, CustomStringConvertible {
    case factor(String)
    case not(CohortExpression)
    case and(CohortExpression, CohortExpression)
    case or(CohortExpression, CohortExpression)

    /// Compiled form: evaluated per child on the factor bits, with no string work.
    public func matches(_ factors: UInt64) -> Bool {
        switch self {
        case .factor(let code): return factors & (AssessmentFactor.bit(code)?.rawValue ?? 0) != 0
        case .not(let e): return !e.matches(factors)
        case .and(let a, let b): return a.matches(factors) && b.matches(factors)
        case .or(let a, let b): return a.matches(factors) || b.matches(factors)
        }
    }

    public var description: String { render(top: true) }
    private func render(top: Bool) -> String {
        switch self {
        case .factor(let c): return c
        case .not(let e): return "!" + e.render(top: false)
        case .and(let a, let b): let s = "\(a.render(top: false)) & \(b.render(top: false))"; return top ? s : "(\(s))"
        case .or(let a, let b): let s = "\(a.render(top: false)) | \(b.render(top: false))"; return top ? s : "(\(s))"
        }
    }
}

public struct CohortExpressionError: Error, Equatable, CustomStringConvertible {
    /// 0-based character offset into the text.
    public var position: Int
    public var message: String
    public var text: String
    /// The text, a caret under the fault, and the message.
    public var description: String {
        "\(text)\n\(String(repeating: " ", count: position))^ \(message)"
    }
    public var shortDescription: String { "at character \(position + 1): \(message)" }
}

public enum CohortExpressionParser {
    /// Parses `NAME=EXPR` (a named custom cohort).
    public static func parseDefinition(_ text: String) throws(CohortExpressionError) -> CohortDefinition {
        let chars = Array(text)
        guard let eq = chars.firstIndex(of: "=") else {
            throw CohortExpressionError(position: 0, message: "expected NAME=EXPRESSION, e.g. F=6B & !4B", text: text)
        }
        let name = String(chars[..<eq]).trimmingSpaces
        guard !name.isEmpty else { throw CohortExpressionError(position: 0, message: "the cohort needs a name before '='", text: text) }
        guard name.count <= 24, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw CohortExpressionError(position: 0, message: "a cohort name is up to 24 letters, digits, '-' or '_'", text: text)
        }
        let expr = try parse(text, from: eq + 1)
        return CohortDefinition(id: name, label: String(chars[(eq + 1)...]).trimmingSpaces, expression: expr)
    }

    public static func parse(_ text: String) throws(CohortExpressionError) -> CohortExpression {
        try parse(text, from: 0)
    }

    static func parse(_ text: String, from start: Int) throws(CohortExpressionError) -> CohortExpression {
        var p = Parser(chars: Array(text), pos: start, text: text)
        p.skipSpaces()
        guard p.pos < p.chars.count else { throw p.error("empty expression: give factor codes, e.g. 4B | 5B") }
        let e = try p.parseOr()
        p.skipSpaces()
        if p.pos < p.chars.count {
            throw p.error(p.chars[p.pos] == ")" ? "unmatched ')'" : "unexpected '\(p.chars[p.pos])': expected &, | or the end")
        }
        return e
    }

    struct Parser {
        let chars: [Character]
        var pos: Int
        let text: String
        var depth = 0

        func error(_ m: String) -> CohortExpressionError { CohortExpressionError(position: min(pos, chars.count), message: m, text: text) }
        mutating func skipSpaces() { while pos < chars.count, chars[pos] == " " || chars[pos] == "\t" { pos += 1 } }

        mutating func parseOr() throws(CohortExpressionError) -> CohortExpression {
            var left = try parseAnd()
            while true {
                skipSpaces()
                guard pos < chars.count, chars[pos] == "|" else { return left }
                pos += 1
                left = .or(left, try parseAnd())
            }
        }
        mutating func parseAnd() throws(CohortExpressionError) -> CohortExpression {
            var left = try parseUnary()
            while true {
                skipSpaces()
                guard pos < chars.count, chars[pos] == "&" else { return left }
                pos += 1
                left = .and(left, try parseUnary())
            }
        }
        mutating func parseUnary() throws(CohortExpressionError) -> CohortExpression {
            skipSpaces()
            guard pos < chars.count else { throw error("the expression ends where a factor code, '!' or '(' was expected") }
            // A run of '!' is read in a loop, not by recursion (60,000 of them must not overflow the
            // stack), and pairs cancel: !!x is x.
            var negations = 0
            while pos < chars.count, chars[pos] == "!" {
                negations += 1
                pos += 1
                skipSpaces()
            }
            if negations > 0 {
                guard pos < chars.count else { throw error("the expression ends where a factor code or '(' was expected after '!'") }
                let operand = try parseUnary()
                return negations % 2 == 1 ? .not(operand) : operand
            }
            let c = chars[pos]
            if c == "(" {
                depth += 1
                guard depth <= 100 else { throw error("parentheses nested too deeply") }
                let open = pos
                pos += 1
                let e = try parseOr()
                skipSpaces()
                guard pos < chars.count, chars[pos] == ")" else {
                    throw CohortExpressionError(position: open, message: "'(' is never closed", text: text)
                }
                pos += 1
                depth -= 1
                return e
            }
            let start = pos
            while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber { pos += 1 }
            guard pos > start else { throw error("expected a factor code, '!' or '(' but found '\(c)'") }
            let code = String(chars[start..<pos]).uppercased()
            guard AssessmentFactor.bit(code) != nil else {
                throw CohortExpressionError(position: start, message: "'\(code)' is not an assessment factor code (1A..24A, 20, 21)", text: text)
            }
            return .factor(code)
        }
    }
}
