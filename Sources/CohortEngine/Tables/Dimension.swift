import CINModel

/// What a table breaks cohorts down by. Single-valued dimensions put each child in exactly one
/// column and end with `Total`; multi-valued ones (a child can count in several columns) start
/// with `All`, the cohort size, as the FOI's maltreatment table does.
public enum Dimension: String, CaseIterable, Sendable, Hashable {
    case ageBand = "age"
    case ethnicity
    case ethnicGroup = "ethnic-group"
    case gender
    case disability
    case maltreatment
    case need
    case outcomes
    case protectionCategory = "cpp-category"
    case factor
    /// The child's local authority: its values are the authorities in the data
    /// (`CohortEngine.labels(of:)`), not a fixed code list.
    case authority

    public var title: String {
        switch self {
        case .ageBand: return "age band"
        case .ethnicity: return "ethnicity"
        case .ethnicGroup: return "ethnic group"
        case .gender: return "gender"
        case .disability: return "disability"
        case .maltreatment: return "maltreatment"
        case .need: return "primary need in follow-up"
        case .outcomes: return "follow-up outcomes"
        case .protectionCategory: return "CPP initial category in follow-up"
        case .factor: return "assessment factor"
        case .authority: return "authority"
        }
    }

    /// Value labels, without the Total/All column. Empty for `authority`, whose values depend on the
    /// data: use `CohortEngine.labels(of:)`, which answers for every dimension.
    public var values: [String] {
        switch self {
        case .ageBand: return AgeBand.labels
        case .ethnicity: return Ethnicity.list.codes + ["Unknown"]
        case .ethnicGroup: return Ethnicity.groupNames
        case .gender: return Gender.names
        case .disability: return ["Disabled", "Not disabled"]
        case .maltreatment: return Maltreatment.labels
        case .need: return PrimaryNeed.list.codes + ["Unknown", "None"]
        case .outcomes: return FollowUp.outcomeLabels
        case .protectionCategory: return FollowUp.categoryLabels
        case .factor: return AssessmentFactor.list.codes
        case .authority: return []
        }
    }

    /// Whether the values come from the data rather than a code list.
    public var valuesFromData: Bool { self == .authority }

    public var isMultiValued: Bool { self == .maltreatment || self == .outcomes || self == .factor }

    /// Column headers as tables print them.
    public var columns: [String] { isMultiValued ? ["All"] + values : values + ["Total"] }

    /// Dimension by CLI/table name (`age`, `ethnic-group`, ...).
    public init?(name: String) {
        self.init(rawValue: name)
    }
}

/// Definition 7: maltreatment columns and the factor codes each covers.
public enum Maltreatment {
    public static let labels = ["16A", "17A", "18A", "19A"]
    public static let names = ["Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse"]
    public static let masks: [UInt64] = [
        FactorSet(codes: ["16A"]).rawValue,
        FactorSet(codes: ["17A"]).rawValue,
        FactorSet(codes: ["18A", "18B", "18C"]).rawValue,
        FactorSet(codes: ["19A", "19B", "19C"]).rawValue,
    ]
    /// `masks` as a tuple, for loops that hoist them (no array read per child).
    static let maskTuple = (masks[0], masks[1], masks[2], masks[3])

    /// The maltreatment columns (bit k: column k) a first assessment's factors fall in.
    @inline(__always)
    static func bits(of f: UInt64, masks m: (UInt64, UInt64, UInt64, UInt64) = maskTuple) -> UInt64 {
        var bits: UInt64 = f & m.0 != 0 ? 1 : 0
        if f & m.1 != 0 { bits |= 2 }
        if f & m.2 != 0 { bits |= 4 }
        if f & m.3 != 0 { bits |= 8 }
        return bits
    }
}

extension CohortIndex {
    /// Bit set of the dimension values child `i` has (one bit for single-valued dimensions).
    @inline(__always)
    public func valueBits(_ d: Dimension, _ i: Int) -> UInt64 {
        switch d {
        case .maltreatment:
            return Maltreatment.bits(of: factors[i])
        case .outcomes:
            return FollowUp.outcomeBits(outcomes[i])
        case .factor:
            return factors[i]
        default:
            guard let col = column(d) else { return 0 }
            return 1 << UInt64(col[i])
        }
    }
}
