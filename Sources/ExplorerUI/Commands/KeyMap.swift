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
        (.ctrl("l"), .redraw), (.char(":"), .commandLine), (.char("/"), .search), (.char("n"), .searchNext),
        (.char("q"), .quit), (.ctrl("c"), .forceQuit),
    ]

    public static func command(for key: Key) -> Command? {
        bindings.first { $0.0 == key }?.1
    }

    /// All keys bound to a command, e.g. "Up/k".
    public static func keys(for command: Command) -> String {
        bindings.filter { $0.1 == command }.map { $0.0.name }.joined(separator: "/")
    }

    /// The footer's short list for the main views.
    public static let footerCommands: [(Command, String)] = [
        (.drill, "drill"), (.goBack, "back"), (.toggleCohort, "hide"), (.factorPanel, "factors"), (.addCohort, "cohort"),
        (.cyclePercent, "count/%"), (.sortColumn, "sort"), (.exportView, "export"), (.undo, "undo"), (.help, "help"), (.quit, "quit"),
    ]
}
