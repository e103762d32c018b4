/// The options that change a definition's reading (docs/definitions.md, 1 and 9).
public struct AnalysisSettings: Hashable, Sendable {
    /// Reporting year Y: 1 April Y-1 to 31 March Y.
    public var year: Int
    /// Follow-up window length in years from the first assessment's authorisation.
    public var followUpYears: Int
    public var needEpisode: NeedEpisodeRule

    public init(year: Int = 2017, followUpYears: Int = 2, needEpisode: NeedEpisodeRule = .first) {
        self.year = year; self.followUpYears = followUpYears; self.needEpisode = needEpisode
    }
}

/// Which episode gives the primary need in the follow-up window.
public enum NeedEpisodeRule: String, Hashable, Sendable, CaseIterable {
    /// The first episode of need open at any time in the window (the default).
    case first
    /// The first episode of need referred after the authorisation date, inside the window.
    case later
}
