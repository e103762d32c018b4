/// The key table of the table views (summary and breakdowns). Help, the footer and the user guide's
/// key table (checked by a test) read it, so they cannot drift from the bindings.
public enum KeyMap {
    public static let table = KeyTable<Command>(
        title: "KEYS IN THE TABLES",
        bindings: [
            .init(.moveUp, .up, .char("k")), .init(.moveDown, .down, .char("j")),
            .init(.moveLeft, .left, .char("h")), .init(.moveRight, .right, .char("l")),
            .init(.pageUp, .pageUp), .init(.pageDown, .pageDown),
            .init(.moveHome, .home, .char("g")), .init(.moveEnd, .end, .char("G")),
            .init(.drill, .enter), .init(.goBack, .escape, .backspace),
            .init(.toggleCohort, .char(" ")), .init(.cohortPanel, .char("c")), .init(.addCohort, .char("+")),
            .init(.factorPanel, .char("f")),
            .init(.cyclePercent, .char("%")), .init(.toggleReveal, .char("r")), .init(.sortColumn, .char("s")),
            .init(.setYear, .char("y")), .init(.setFollowUp, .char("w")), .init(.toggleNeedEpisode, .char("N")),
            .init(.setReading, .char("R")), .init(.compareReadings, .char("D")),
            .init(.setThreshold, .char("t")),
            .init(.exportView, .char("e"), .ctrl("s")), .init(.exportAll, .char("E")),
            .init(.help, .char("?")), .init(.dataQuality, .char("d")), .init(.undo, .char("u")),
            .init(.redraw, .ctrl("l")), .init(.meetingMode, .char("P")), .init(.toggleBars, .char("b")),
            .init(.trendView, .char("T")),
            .init(.copyCommand, .char("Y")), .init(.commandLine, .char(":")), .init(.search, .char("/")),
            .init(.searchNext, .char("n")),
            .init(.quit, .char("q")), .init(.forceQuit, .ctrl("c")),
        ],
        // `? help` and `q quit` always stay.
        footer: [
            .init(.drill, label: "drill", rank: 2), .init(.goBack, label: "back", rank: 3),
            .init(.toggleCohort, label: "hide", rank: 9), .init(.factorPanel, label: "factors", rank: 6),
            .init(.addCohort, label: "cohort", rank: 10), .init(.cyclePercent, label: "count/%", rank: 5),
            .init(.sortColumn, label: "sort", rank: 7), .init(.exportView, label: "export", rank: 4),
            .init(.search, label: "search", rank: 8), .init(.undo, label: "undo", rank: 8),
            .init(.help, label: "help", rank: 0), .init(.quit, label: "quit", rank: 0),
        ])

    public static func command(for key: Key) -> Command? { table.action(for: key) }

    /// All keys bound to a command, e.g. "Up/k".
    public static func keys(for command: Command) -> String { table.keys(for: command) }

    /// The first key of a command, as messages name it ("c shows the cohort panel").
    public static func key(for command: Command) -> String { table.key(for: command) }

    /// The footer line for a screen `width` columns wide.
    public static func footer(width: Int) -> String { table.footer(width: width) }
}
