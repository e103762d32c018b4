/// Whether a load's birth dates look cut to the month.
///
/// liiatools writes every PersonBirthDate as the 1st of its month (by design, to reduce
/// identifiability). About 1 in 30 real birth dates fall on the 1st, so when nearly all of them do,
/// the days were not kept and every age band near a birthday is uncertain (docs/definitions.md, 5).
public struct BirthDatePrecision: Sendable, Equatable {
    /// Children with a PersonBirthDate.
    public var known: Int
    /// Of those, born on the 1st of a month.
    public var onFirstOfMonth: Int

    /// At least this many known birth dates before judging (a handful of children can all be born
    /// on the 1st by chance: with 20, the chance is about 1 in 10^29).
    public static let minimumKnown = 20
    /// Share on the 1st at or above which the dates are taken as month-only. Real data have about
    /// 3.3%; a liiatools file 100%. 95% leaves room for a few dates typed by hand after the cut.
    public static let threshold = 0.95

    public init(known: Int, onFirstOfMonth: Int) { self.known = known; self.onFirstOfMonth = onFirstOfMonth }

    public init(_ children: [ChildRecord]) {
        var known = 0, first = 0
        for c in children {
            guard let b = c.birthDate else { continue }
            known += 1
            if b.components.day == 1 { first += 1 }
        }
        self.init(known: known, onFirstOfMonth: first)
    }

    public var monthOnly: Bool {
        known >= BirthDatePrecision.minimumKnown && Double(onFirstOfMonth) >= BirthDatePrecision.threshold * Double(known)
    }

    /// The latest birth date a month-only date stands for: the last day of its month.
    public static func lastDayOfMonth(_ d: Day) -> Day {
        let c = d.components
        return Day(year: c.year, month: c.month, day: Day.daysIn(month: c.month, year: c.year)) ?? d
    }
}
