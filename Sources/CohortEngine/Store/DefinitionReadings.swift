/// The readings of the FOI's words that docs/definitions.md documents as choices (sections 2, 3, 5, 8
/// and 9), each an option whose first case is cinx's reading. `AnalysisSettings` holds one of each.

/// Section 9: which episode gives the primary need in the follow-up window.
public enum NeedEpisodeRule: String, Hashable, Sendable, CaseIterable {
    /// The first episode of need open at any time in the window (the default).
    case first
    /// The first episode of need referred after the window's start, inside the window.
    case later
}

/// Section 2: whether factor code 21 ("no factors identified") is factor data.
public enum Code21Rule: String, Hashable, Sendable, CaseIterable {
    /// Code 21 counts: the assessment recorded that it found no factors (the default).
    case counts
    /// Code 21 is not a factor: it is dropped from the factors, and an assessment left with none has no
    /// factor data.
    case ignored
}

/// Section 3: which date places an assessment in the year and orders a child's assessments.
public enum FirstAssessmentRule: String, Hashable, Sendable, CaseIterable {
    /// The authorisation date, when the factors are known (the default).
    case authorisation
    /// The start date (the authorisation date when the start is missing); the assessment must still be
    /// authorised with factor data.
    case start
}

/// Section 5: the date the age band is taken at.
public enum AgeBandDate: String, Hashable, Sendable, CaseIterable {
    /// The first assessment's start date, or its authorisation date when the start is missing (the default).
    case start
    /// The first assessment's authorisation date.
    case authorisation
}

/// Section 9: the day the follow-up window opens.
public enum WindowStart: String, Hashable, Sendable, CaseIterable {
    /// The first assessment's authorisation date (the default).
    case authorisation
    /// The first assessment's start date (its authorisation date when the start is missing).
    case start
}

/// Section 3: what counts when two or more first assessments fall on the same first day.
public enum SameDayTie: String, Hashable, Sendable, CaseIterable {
    /// The union of their factors, aged at the earliest start among them (the default).
    case union
    /// The one started first (its own factors); assessments that also share that start are joined.
    case earliestStart = "earliest-start"
}

/// One documented choice, by the option that sets it: its readings, which is cinx's, and how a setting
/// reads or changes it. `ReadingComparison` and `--compare` go through this table.
public enum ReadingChoice: String, Hashable, Sendable, CaseIterable {
    case needEpisode = "need-episode"
    case code21 = "code-21"
    case firstAssessment = "first-assessment"
    case ageAt = "age-at"
    case windowFrom = "window-from"
    case sameDay = "same-day"

    /// The command-line option (`report --need-episode`, ...) and the `--keys` statement's verb.
    public var option: String { "--" + rawValue }

    /// Its readings, the default first.
    public var readings: [String] {
        switch self {
        case .needEpisode: return NeedEpisodeRule.allCases.map(\.rawValue)
        case .code21: return Code21Rule.allCases.map(\.rawValue)
        case .firstAssessment: return FirstAssessmentRule.allCases.map(\.rawValue)
        case .ageAt: return AgeBandDate.allCases.map(\.rawValue)
        case .windowFrom: return WindowStart.allCases.map(\.rawValue)
        case .sameDay: return SameDayTie.allCases.map(\.rawValue)
        }
    }

    /// cinx's reading.
    public var defaultReading: String { readings[0] }

    /// The section of docs/definitions.md that documents it.
    public var section: Int {
        switch self {
        case .code21: return 2
        case .firstAssessment, .sameDay: return 3
        case .ageAt: return 5
        case .needEpisode, .windowFrom: return 9
        }
    }

    /// Whether a side by side under another reading publishes only the number of children whose reading
    /// changes, not the other reading's table and movements: a choice of membership (no joint model of
    /// two memberships yet, docs/privacy.md). The age band publishes its tables: the rules of its moves (one
    /// band up at most, Unknown never) are in the model (`canMove`, `ReleaseModel.linkReadings`).
    public var publishesOnlyMovers: Bool { changesMembership }

    /// Whether another reading can move a child in or out of the population or between cohorts (the
    /// others only move a child between the values of one dimension).
    public var changesMembership: Bool {
        switch self {
        case .code21, .firstAssessment, .sameDay: return true
        case .needEpisode, .ageAt, .windowFrom: return false
        }
    }

    /// What the choice is about, in words an FOI officer can send.
    public var question: String {
        switch self {
        case .needEpisode: return "which episode of need gives the primary need in the follow-up"
        case .code21: return "whether code 21 (\"no factors identified\") counts as factor data"
        case .firstAssessment: return "whether the first assessment is placed and ordered by its authorisation or its start date"
        case .ageAt: return "whether the age band is taken at the assessment's start or its authorisation"
        case .windowFrom: return "whether the two-year window opens at the assessment's authorisation or its start"
        case .sameDay: return "whether assessments on the same first day count together or only the one started first"
        }
    }

    /// One reading in words.
    public func describe(_ reading: String) -> String {
        switch (self, reading) {
        case (.needEpisode, "first"): return "the first episode of need open in the window"
        case (.needEpisode, _): return "the first episode of need referred after the assessment"
        case (.code21, "counts"): return "code 21 counts as factor data"
        case (.code21, _): return "code 21 is not factor data"
        case (.firstAssessment, "authorisation"): return "the first assessment authorised in the year"
        case (.firstAssessment, _): return "the first assessment started in the year"
        case (.ageAt, "start"): return "age at the assessment's start"
        case (.ageAt, _): return "age at the assessment's authorisation"
        case (.windowFrom, "authorisation"): return "window from the authorisation date"
        case (.windowFrom, _): return "window from the start date"
        case (.sameDay, "union"): return "same-day assessments: the union of their factors"
        case (.sameDay, _): return "same-day assessments: the one started first"
        }
    }

    /// The reading `settings` use.
    public func reading(in settings: AnalysisSettings) -> String {
        switch self {
        case .needEpisode: return settings.needEpisode.rawValue
        case .code21: return settings.code21.rawValue
        case .firstAssessment: return settings.firstAssessment.rawValue
        case .ageAt: return settings.ageAt.rawValue
        case .windowFrom: return settings.windowFrom.rawValue
        case .sameDay: return settings.sameDay.rawValue
        }
    }

    /// `settings` with this choice read as `reading`; nil when it is not one of its readings.
    public func setting(_ reading: String, in settings: AnalysisSettings) -> AnalysisSettings? {
        var s = settings
        switch self {
        case .needEpisode: guard let r = NeedEpisodeRule(rawValue: reading) else { return nil }; s.needEpisode = r
        case .code21: guard let r = Code21Rule(rawValue: reading) else { return nil }; s.code21 = r
        case .firstAssessment: guard let r = FirstAssessmentRule(rawValue: reading) else { return nil }; s.firstAssessment = r
        case .ageAt: guard let r = AgeBandDate(rawValue: reading) else { return nil }; s.ageAt = r
        case .windowFrom: guard let r = WindowStart(rawValue: reading) else { return nil }; s.windowFrom = r
        case .sameDay: guard let r = SameDayTie(rawValue: reading) else { return nil }; s.sameDay = r
        }
        return s
    }

    /// The usage of its option, e.g. `--code-21 counts|ignored`.
    public var usage: String { option + " " + readings.joined(separator: "|") }
}

extension AnalysisSettings {
    /// The choices whose reading is not cinx's, with their readings (`release.json`'s `readings`), in
    /// the order of `ReadingChoice.allCases`; need-episode is left out (it has its own field).
    public var otherReadings: [(choice: ReadingChoice, reading: String)] {
        ReadingChoice.allCases.filter { $0 != .needEpisode }.compactMap { c in
            let r = c.reading(in: self)
            return r == c.defaultReading ? nil : (c, r)
        }
    }

    /// The other readings as words for a note, e.g. `--code-21 ignored, --age-at authorisation`; nil
    /// when every choice but the need episode is cinx's.
    public var otherReadingsText: String? {
        let o = otherReadings
        return o.isEmpty ? nil : o.map { "\($0.choice.option) \($0.reading)" }.joined(separator: ", ")
    }

    /// These settings in another year: the same reading of every choice and the same window.
    public func inYear(_ y: Int) -> AnalysisSettings {
        var s = self
        s.year = y
        return s
    }
}
