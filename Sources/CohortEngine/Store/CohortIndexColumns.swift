import CINModel

/// A `CohortIndex`'s entries while they are found: one entry appended per population member, in
/// child order. The all-years build fills one of these per reporting year and per range of children,
/// and joins each year's ranges in child order into the index's columns, so its indexes equal the
/// single-year build's.
///
/// An entry is kept whole (one append per member) and split into columns once, at the join: twelve
/// appends per member, one per column, took a sixth of the all-years build in uniqueness checks and
/// growth (perf on the 1.8M-child pool).
struct CohortIndexColumns {
    /// One population member's values, as the columns will hold them.
    struct Entry {
        var factors: UInt64
        var child: Int32
        var authorisation: Int32
        var ageBand: UInt8, ethnicity: UInt8, ethnicGroup: UInt8, gender: UInt8, disability: UInt8
        var authority: UInt8, need: UInt8, protectionCategory: UInt8, outcomes: UInt8
    }

    private(set) var entries: [Entry] = []

    init() {}

    /// A child's own columns, the same whichever year the child is counted in.
    struct ChildValues {
        var ethnicity: UInt8, ethnicGroup: UInt8, gender: UInt8, disability: UInt8, authority: UInt8

        init(_ record: ChildRecord, authorityColumns: AuthorityColumns) {
            ethnicity = record.ethnicity
            ethnicGroup = Ethnicity.group(of: record.ethnicity)
            gender = Gender.dimensionValue(record.gender)
            disability = record.hasDisability ? 0 : 1
            authority = authorityColumns.column(ofChild: record)
        }
    }

    var count: Int { entries.count }

    mutating func append(child c: Int, first: FirstAssessment, ageBand age: AgeBand, values: ChildValues, followUp f: FollowUp.Result) {
        entries.append(Entry(factors: first.factors.rawValue, child: Int32(c), authorisation: first.authorisation.number,
                             ageBand: age.rawValue, ethnicity: values.ethnicity, ethnicGroup: values.ethnicGroup,
                             gender: values.gender, disability: values.disability, authority: values.authority,
                             need: f.need, protectionCategory: f.protectionCategory, outcomes: f.outcomes))
    }

    /// The columns of `parts`' entries, joined in order.
    struct Joined {
        var child: [Int32], factors: [UInt64], authorisation: [Int32]
        var ageBand: [UInt8], ethnicity: [UInt8], ethnicGroup: [UInt8], gender: [UInt8]
        var disability: [UInt8], need: [UInt8], protectionCategory: [UInt8], authority: [UInt8]
        var outcomes: [UInt8]

        init(_ parts: [CohortIndexColumns]) {
            let n = parts.reduce(0) { $0 + $1.count }
            /// One column of exactly `n` values, read from every part's entries in order.
            func column<T>(_ value: (Entry) -> T) -> [T] {
                // Not for an empty column: the standard library then sets the count of its shared
                // empty array (a data race ThreadSanitizer reports, though it writes the 0 already there).
                guard n > 0 else { return [] }
                return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                    var i = 0
                    for part in parts {
                        for e in part.entries where i < n {
                            buffer.initializeElement(at: i, to: value(e))
                            i += 1
                        }
                    }
                    initialized = i
                }
            }
            child = column(\.child); factors = column(\.factors); authorisation = column(\.authorisation)
            ageBand = column(\.ageBand); ethnicity = column(\.ethnicity); ethnicGroup = column(\.ethnicGroup)
            gender = column(\.gender); disability = column(\.disability); need = column(\.need)
            protectionCategory = column(\.protectionCategory); authority = column(\.authority); outcomes = column(\.outcomes)
        }
    }
}
