/// What docs/definitions.md says of how a child can move between two readings of one choice: the rules a
/// reader of the definitions knows, which the protection of a side by side must hold as the reader does
/// (`ReleaseModel.linkReadings` bounds the movements they rule out at 0).
extension ReadingChoice {
    /// Whether a child can be in `a` of `dimension` under reading `from` and in `b` under reading `to`, as the
    /// definitions read.
    /// - Definition 5 (`age-at`): the authorisation is on or after the start (for the first assessment of a
    ///   same-day tie too: the earliest authorisation is on or after the earliest start), so aged at
    ///   authorisation a child is in the same band as at the start or the next one (Unborn to Under 1 when born in
    ///   between; an assessment authorised within a year of its start, as a reader may take it, crosses at most one
    ///   band); 16+ has no band above; Unknown (no birth date and no expected one) is Unknown at any date, and
    ///   no child becomes Unknown.
    /// - Definition 9 (`need-episode`): an episode referred after the authorisation inside the window (`later`)
    ///   is open in the window (`first`), so a child with no episode open in the window (None under `first`) has
    ///   none under `later` either.
    /// Every other pair of values of every choice is possible.
    public func canMove(_ dimension: Dimension, from: String, to: String, value a: String, to b: String) -> Bool {
        guard from != to, a != b else { return true }
        switch (self, dimension) {
        case (.ageAt, .ageBand):
            let unknown = AgeBand.labels[Int(AgeBand.unknown.rawValue)]
            guard a != unknown, b != unknown, let i = AgeBand.labels.firstIndex(of: a), let j = AgeBand.labels.firstIndex(of: b) else {
                return false
            }
            // Aged at the later date, the band is the same or the next one: a reader may take an assessment to be
            // authorised within a year of its start (the statutory timescale is 45 working days), too short to cross
            // a whole band (Under 1, the shortest, is a year), and the protection must hold what a reader may take.
            return AgeBandDate(rawValue: to) == .authorisation ? j == i + 1 : j == i - 1
        case (.needEpisode, .need):
            guard let none = Dimension.need.values.last else { return true }
            // None under `first` is None under `later`.
            return NeedEpisodeRule(rawValue: from) == .first ? a != none : b != none
        default:
            return true
        }
    }

    /// Whether `canMove` rules out any movement at all for this choice (the choices with rules).
    public var hasMoveRules: Bool { self == .ageAt || self == .needEpisode }
}
