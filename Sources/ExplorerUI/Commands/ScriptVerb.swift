import CohortEngine

/// The statements of a command script (`--keys`, the `:` command line) other than a command's long
/// name. The runner dispatches on this table, and help and the user guide (checked by a test) list it.
public enum ScriptVerb: String, CaseIterable, Sendable {
    case drill, by, back, hide, show, factor, cohort, percent, sort, year, followUp = "follow-up"
    case needEpisode = "need-episode"
    // The other documented choices, each by its option's name (`ReadingChoice`).
    case code21 = "code-21", firstAssessment = "first-assessment", ageAt = "age-at", windowFrom = "window-from", sameDay = "same-day"
    case threshold, key

    /// The documented choice a reading statement sets (need-episode's among them).
    public var readingChoice: ReadingChoice? {
        switch self {
        case .needEpisode: return .needEpisode
        case .code21: return .code21
        case .firstAssessment: return .firstAssessment
        case .ageAt: return .ageAt
        case .windowFrom: return .windowFrom
        case .sameDay: return .sameDay
        default: return nil
        }
    }

    /// The words that start the statement: its name, and any other name it answers to.
    public var names: [String] {
        switch self {
        case .cohort: return [rawValue, Command.addCohort.rawValue]
        default: return [rawValue]
        }
    }

    /// The statement's form, as help shows it.
    public var usage: String {
        switch self {
        case .drill: return "drill ROW|COLUMN|ROW:COLUMN"
        case .by: return "by DIMENSION"
        case .back: return "back"
        case .hide: return "hide ID"
        case .show: return "show ID"
        case .factor: return "factor CODE require|exclude|ignore"
        case .cohort: return "cohort NAME=EXPR"
        case .percent: return "percent counts|row|column|both"
        case .sort: return "sort COLUMN [asc|desc] | sort off"
        case .year: return "year Y"
        case .followUp: return "follow-up N"
        case .needEpisode: return "need-episode first|later"
        case .code21, .firstAssessment, .ageAt, .windowFrom, .sameDay:
            return rawValue + " " + (readingChoice?.readings.joined(separator: "|") ?? "")
        case .threshold: return "threshold N"
        case .key: return "key NAME"
        }
    }

    public var help: String {
        switch self {
        case .drill: return "move the cursor to that cohort, column or cell and drill"
        case .by: return "break down by " + ExplorerState.breakdowns.map(\.rawValue).joined(separator: ", ")
            + ", authority (an extract of several authorities), or trend (the cohorts by reporting year)"
        case .back: return "back one level"
        case .hide: return "hide a cohort"
        case .show: return "show a hidden cohort"
        case .factor: return "the factor panel's setting for one factor"
        case .cohort: return "add a cohort from an expression, e.g. F=6B & !4B"
        case .percent: return "the view of the numbers"
        case .sort: return "sort rows by a column (descending unless asc), or stop sorting"
        case .year: return "the reporting year, e.g. 2017 or 2016-17"
        case .followUp: return "the follow-up window in years"
        case .needEpisode: return "the need episode: first open in the window, or first referred after"
        case .code21, .firstAssessment, .ageAt, .windowFrom, .sameDay: return readingChoice?.question ?? ""
        case .threshold: return "the suppression threshold on screen (0 = off)"
        case .key: return "press one key by its name, as help names it (Enter, Esc, Down, Ctrl-S, x)"
        }
    }

    /// The verb a statement starts with, by any of its names (case aside).
    public init?(name: String) {
        let lower = name.lowercased()
        guard let verb = ScriptVerb.allCases.first(where: { $0.names.contains(lower) }) else { return nil }
        self = verb
    }

    /// The help page's section on scripts.
    static var helpLines: [String] {
        ["COMMAND SCRIPTS (\(KeyMap.key(for: .commandLine)) and cinx explore --keys; statements separated by ; )"]
            + allCases.map { "  " + DisplayWidth.fit($0.usage, 36) + $0.help }
            + ["  " + DisplayWidth.fit("COMMAND", 36) + "any command by its long name: "
                + Command.allCases.map(\.rawValue).joined(separator: ", ")]
    }
}
