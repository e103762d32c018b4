/// The one key table. Help and the footer read it, so they cannot drift from the bindings.
public enum KeyMap {
    public static let bindings: [(Key, Command)] = [
        (.up, .moveUp), (.char("k"), .moveUp), (.down, .moveDown), (.char("j"), .moveDown),
        (.left, .moveLeft), (.char("h"), .moveLeft), (.right, .moveRight), (.char("l"), .moveRight),
        (.pageUp, .pageUp), (.pageDown, .pageDown), (.home, .moveHome), (.char("g"), .moveHome),
        (.end, .moveEnd), (.char("G"), .moveEnd),
        (.enter, .drill), (.escape, .goBack), (.backspace, .goBack),
        (.char(" "), .toggleCohort), (.char("c"), .cohortPanel), (.char("+"), .addCohort), (.char("f"), .factorPanel),
        (.char("%"), .cyclePercent), (.char("r"), .toggleReveal), (.char("s"), .sortColumn),
        (.char("y"), .setYear), (.char("w"), .setFollowUp), (.char("N"), .toggleNeedEpisode), (.char("t"), .setThreshold),
        (.char("e"), .exportView), (.ctrl("s"), .exportView), (.char("E"), .exportAll),
        (.char("?"), .help), (.char("d"), .dataQuality), (.char("u"), .undo),
        (.ctrl("l"), .redraw), (.char("P"), .meetingMode), (.char("b"), .toggleBars), (.char("Y"), .copyCommand), (.char(":"), .commandLine), (.char("/"), .search), (.char("n"), .searchNext),
        (.char("q"), .quit), (.ctrl("c"), .forceQuit),
    ]

    public static func command(for key: Key) -> Command? {
        bindings.first { $0.0 == key }?.1
    }

    /// All keys bound to a command, e.g. "Up/k".
    public static func keys(for command: Command) -> String {
        bindings.filter { $0.1 == command }.map { $0.0.name }.joined(separator: "/")
    }

    /// The footer's short list for the main views, with each hint's rank: on a narrow screen the
    /// highest ranks go first, so `? help` and `q quit` always stay.
    public static let footerCommands: [(Command, String, rank: Int)] = [
        (.drill, "drill", 2), (.goBack, "back", 3), (.toggleCohort, "hide", 9), (.factorPanel, "factors", 6), (.addCohort, "cohort", 10),
        (.cyclePercent, "count/%", 5), (.sortColumn, "sort", 7), (.exportView, "export", 4), (.search, "search", 8),
        (.undo, "undo", 8), (.help, "help", 0), (.quit, "quit", 0),
    ]

    /// The footer line for a screen `width` columns wide.
    public static func footer(width: Int) -> String {
        var hints = footerCommands
        func text() -> String {
            hints.map { hint in "\(bindings.first { $0.1 == hint.0 }?.0.name ?? "") \(hint.1)" }.joined(separator: "  ")
        }
        while DisplayWidth.of(text()) > width, let worst = hints.indices.max(by: { hints[$0].rank < hints[$1].rank }),
              hints[worst].rank > 0 {
            hints.remove(at: worst)
        }
        return text()
    }
}
