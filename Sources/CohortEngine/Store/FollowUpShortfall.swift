/// A follow-up window that runs past the last return loaded: what happened to a child after that
/// return (a later episode of need, a plan, an outcome) is not in the data, so the follow-up's counts
/// are too low, not wrong by chance. Every output that states the year states this too (stderr,
/// `release.json`, the workbook's notes, the Markdown footer), so a short window cannot pass unseen.
public struct FollowUpShortfall: Equatable, Sendable {
    /// The reporting year whose window it is.
    public var year: Int
    public var followUpYears: Int
    /// The last return year loaded (its return ends 31 March of that year).
    public var lastReturnYear: Int

    /// Nil when the window ends inside the returns (`AnalysisSettings.followUpCovered`) or nothing loaded.
    public init?(settings: AnalysisSettings, returnYears: [Int]) {
        guard let last = returnYears.max(),
              !AnalysisSettings.followUpCovered(year: settings.year, followUpYears: settings.followUpYears, returnYears: returnYears)
        else { return nil }
        year = settings.year; followUpYears = settings.followUpYears; lastReturnYear = last
    }

    /// The last day a window of the year can reach: 31 March, follow-up years after the year's end.
    public var windowEnds: String { "\(year + followUpYears)-03-31" }

    /// One sentence, as stderr, the notes and the footer say it.
    public var sentence: String {
        "the \(followUpYears)-year follow-up of \(year - 1)-\(String(year).suffix(2)) runs to 31 March \(year + followUpYears), "
            + "past the last return loaded (\(lastReturnYear - 1)-\(String(lastReturnYear).suffix(2)), to 31 March \(lastReturnYear)): "
            + "needs, plans and outcomes after that are missing, so the follow-up's counts are incomplete"
    }
}

extension CohortEngine {
    /// This engine's year and window against the returns it loaded.
    public var followUpShortfall: FollowUpShortfall? { FollowUpShortfall(settings: settings, returnYears: data.returnYears) }
}
