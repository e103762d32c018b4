/// Factors identified at assessment: the union of every schema year from 2016-17 to 2025-26
/// (18A/19A until 2019-20 and again in Social Finance's 2025 schema; 18B/18C/19B/19C from 2020-21;
/// 24A from 2021-22). A set of factors is a `FactorSet` (one bit per code, in this order).
public enum AssessmentFactor {
    public static let list = CodeList(name: "assessment factor", entries: [
        ("1A", "Alcohol misuse: child"), ("1B", "Alcohol misuse: parent/carer"), ("1C", "Alcohol misuse: other in household"),
        ("2A", "Drug misuse: child"), ("2B", "Drug misuse: parent/carer"), ("2C", "Drug misuse: other in household"),
        ("3A", "Domestic violence: child subject"), ("3B", "Domestic violence: parent/carer subject"),
        ("3C", "Domestic violence: other in household"),
        ("4A", "Mental health: child"), ("4B", "Mental health: parent/carer"), ("4C", "Mental health: other in household"),
        ("5A", "Learning disability: child"), ("5B", "Learning disability: parent/carer"),
        ("5C", "Learning disability: other in household"),
        ("6A", "Physical disability/illness: child"), ("6B", "Physical disability/illness: parent/carer"),
        ("6C", "Physical disability/illness: other in household"),
        ("7A", "Young carer"),
        ("8B", "Privately fostered: overseas, to return"), ("8C", "Privately fostered: overseas, to stay"),
        ("8D", "Privately fostered: UK, educational placement"), ("8E", "Privately fostered: UK, family arrangement"),
        ("8F", "Privately fostered: other"),
        ("9A", "Unaccompanied asylum-seeking child"), ("10A", "Going/being missing"),
        ("11A", "Child sexual exploitation"), ("12A", "Trafficking"), ("13A", "Gangs"),
        ("14A", "Socially unacceptable behaviour"), ("15A", "Self-harm"),
        ("16A", "Neglect"), ("17A", "Emotional abuse"), ("18A", "Physical abuse"),
        ("18B", "Physical abuse (child on child)"), ("18C", "Physical abuse (adult on child)"),
        ("19A", "Sexual abuse"), ("19B", "Sexual abuse (child on child)"), ("19C", "Sexual abuse (adult on child)"),
        ("20", "Other"), ("21", "No factors identified"),
        ("22A", "Female genital mutilation"), ("23A", "Abuse linked to faith or belief"),
        ("24A", "Child criminal exploitation"),
    ])

    /// The bit of one factor code, or nil for a code in no schema year.
    public static func bit(_ code: String) -> FactorSet? {
        list.index(of: code).map { FactorSet(rawValue: 1 << UInt64($0)) }
    }
    public static let noFactors = bit("21")!  // "21" is in the list above
}

/// A set of assessment factor codes, one bit per `AssessmentFactor.list` entry.
public struct FactorSet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(codes: [String]) {
        var bits: UInt64 = 0
        for c in codes { if let b = AssessmentFactor.bit(c) { bits |= b.rawValue } }
        self.rawValue = bits
    }
    /// Codes in list order.
    public var codes: [String] {
        AssessmentFactor.list.codes.indices.filter { rawValue & (1 << UInt64($0)) != 0 }
            .map { AssessmentFactor.list.codes[$0] }
    }
}
