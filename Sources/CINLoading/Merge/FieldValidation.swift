import CINModel

/// Turns raw strings into model values, reporting each fault against the record it came from.
struct Context {
    let builder: CensusBuilder
    let origin: CensusBuilder.Origin
    let child: String

    /// `raw` trimmed, with an integer written `1.0` read as `1` (noted once per file).
    func integerText(_ raw: String, _ field: String) -> String {
        let s = raw.trimmingSpaces
        guard let digits = DecimalInteger.strip(s) else { return s }
        builder.noteDecimalInteger(file: origin.file, field: field)
        return digits
    }

    func date(_ raw: String, _ field: String, line: Int) -> Day? {
        // An ISO date within the plausible years, nearly every date of a return, is read from its
        // bytes as the flat loader's clean path reads it (`CleanField.date`, which gives the day the
        // general reading below gives, or declines): no trimmed copy, no general parse. The general
        // parse was an eighth of an XML load's instructions (callgrind, docs/performance.md).
        if raw.utf8.count == 10, case .day(let day)? = raw.utf8.withContiguousStorageIfAvailable({ CleanField.date($0) }) {
            return day
        }
        let s = raw.trimmingSpaces
        if s.isEmpty { return nil }
        guard let (day, form) = DateParser.parse(s.utf8) else {
            builder.problem(origin, line: line, child: child, .unparseableDate, .cleared, "\(field) '\(s.prefix(40))' is not a date")
            return nil
        }
        if form == .dayMonthYear { builder.incrementDayMonthYear(origin.file) }
        guard day >= ValueRules.earliestPlausible, day <= ValueRules.latestPlausible else {
            builder.problem(origin, line: line, child: child, .implausibleDate, .cleared,
                            "\(field) \(day) is outside \(ValueRules.plausibleYears.lowerBound)-\(ValueRules.plausibleYears.upperBound)")
            return nil
        }
        return day
    }

    /// `1`/`true` (any case) is true, `0`/`false` false, blank nil; anything else is reported and nil.
    func bool(_ raw: String, _ field: String, line: Int) -> Bool? {
        let s = integerText(raw, field).lowercased()
        switch s {
        case "": return nil
        case "1", "true": return true
        case "0", "false": return false
        default:
            builder.problem(origin, line: line, child: child, .unknownCode, .cleared, "\(field) '\(s.prefix(20))' is not true/false/1/0")
            return nil
        }
    }

    func code(_ raw: String, _ list: CodeList, _ field: String, line: Int) -> UInt8? {
        let s = integerText(raw, field)
        if s.isEmpty { return nil }
        guard let v = list.index(of: s) else { unknownCode(field, s, line: line); return nil }
        return UInt8(v)
    }

    func unknownCode(_ field: String, _ value: String, line: Int) {
        builder.problem(origin, line: line, child: child, .unknownCode, .cleared,
                        "\(field) '\(value.prefix(20))' is not a code in any schema year")
    }

    /// Factor codes, validated against the union of all schema years, then by the factor rules
    /// (`ValueRules.factorCode`, `ValueRules.factors`).
    func factors(_ raw: RawAssessment, line: Int) -> FactorSet {
        var set = FactorSet()
        if raw.emptyFactorContainer && raw.factors.allSatisfy({ $0.trimmingSpaces.isEmpty }) {
            builder.problem(origin, line: line, child: child, .emptyFactors, .kept, "FactorsIdentifiedAtAssessment is empty")
        }
        for f in raw.factors {
            let code = integerText(f, "AssessmentFactors")
            if code.isEmpty { continue }
            guard let bit = AssessmentFactor.bit(code) else {
                builder.problem(origin, line: line, child: child, .unknownCode, .cleared,
                                "AssessmentFactors '\(code.prefix(20))' is not a factor code in any schema year")
                continue
            }
            ValueRules.factorCode(.init(code: code, bit: bit, before: set, year: origin.year),
                                  into: builder.reporter(origin, line: line, child: child))
            set.insert(bit)
        }
        ValueRules.factors(set, into: builder.reporter(origin, line: line, child: child))
        return set
    }
}

/// Applies the merge rule to one field and reports conflicts.
struct Merger {
    let ctx: Context
    let line: Int
    let existingYear: Int16
    let incomingYear: Int16

    func merge<T: Equatable>(_ field: inout T?, _ incoming: T?, _ name: String, showValues: Bool = true,
                             show: ((T) -> String)? = nil) {
        guard let new = incoming else { return }
        guard let old = field else { field = new; return }
        if old == new { return }
        let laterWins = incomingYear >= existingYear
        var detail = "\(name) differs between returns"
        if showValues {
            let render: (T) -> String = show ?? { "\($0)" }
            detail += " (\(existingYear): \(render(old)), \(incomingYear): \(render(new)))"
        } else {
            detail += " (\(existingYear) and \(incomingYear))"
        }
        ctx.builder.problem(ctx.origin, line: line, child: ctx.child, .mergeConflict, .merged, detail)
        if laterWins { field = new }
    }
}
