import CohortEngine

/// One level of the drill-down: what is shown, under which filter, and where the cursor was.
/// The stack of frames is the breadcrumb trail.
public struct ViewFrame: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case summary
        case breakdown(Dimension)
        /// The cohorts over the reporting years (`TrendTable`).
        case trend
    }
    public var kind: Kind
    /// The drills made on the way down to this frame; the filter and the breadcrumb are both derived
    /// from them, so they cannot disagree.
    public var steps: [DrillStep]
    public var filter: Filter { steps.filter }
    public var cursorRow = 0
    public var cursorColumn = 0
    public var scrollColumn = 0
    public var scrollRow = 0
    public var sortColumn: Int?
    public var sortDescending = true
    /// The cohort the drill came through, where the cursor starts.
    public var focusCohort: String?

    public init(kind: Kind, steps: [DrillStep] = [], focusCohort: String? = nil) {
        self.kind = kind; self.steps = steps; self.focusCohort = focusCohort
    }

    /// Whether this is the trend view.
    public var isTrend: Bool {
        if case .trend = kind { return true }
        return false
    }

    public var dimension: Dimension? {
        if case .breakdown(let d) = kind { return d }
        return nil
    }
}

/// One drill: into a cohort, or into one value of a dimension.
public enum DrillStep: Equatable, Sendable {
    case cohort(String)
    case value(Dimension, Int)
}

extension Array where Element == DrillStep {
    /// The filter these drills make: every cohort drilled into, and per dimension the values common
    /// to every drill on it (drilling 1-4 then 5-9 selects nobody, as the breadcrumb says).
    public var filter: Filter {
        var f = Filter()
        for step in self {
            switch step {
            case .cohort(let id):
                if !f.cohorts.contains(id) { f.cohorts.append(id) }
            case .value(let d, let v):
                if let i = f.dimensions.firstIndex(where: { $0.dimension == d }) {
                    f.dimensions[i].values.formIntersection([v])
                } else {
                    f.dimensions.append(.init(dimension: d, values: [v]))
                }
            }
        }
        return f
    }
}

/// A drill waiting for its breakdown to be chosen.
public struct PendingDrill: Equatable, Sendable {
    public var steps: [DrillStep]
    public var focusCohort: String?
}

public enum PercentMode: String, Sendable, CaseIterable {
    case counts, rowPercent = "row %", columnPercent = "column %", countAndPercent = "count and row %"
    public var next: PercentMode {
        switch self {
        case .counts: return .rowPercent
        case .rowPercent: return .columnPercent
        case .columnPercent: return .countAndPercent
        case .countAndPercent: return .counts
        }
    }
}

public enum FactorState: Sendable { case ignored, required, excluded }

public enum PromptKind: Equatable, Sendable {
    case addCohort
    case exportPath
    case exportAllPath
    case confirmOverwrite(path: String, all: Bool)
    /// The side-by-side page's export (`D`, then `e`).
    case exportReadingsPath(ReadingChoice)
    case confirmReadingsOverwrite(path: String, choice: ReadingChoice)
    case year
    case followUp
    case reading
    case threshold
    case confirmQuit
    case confirmReveal
    case confirmDelete(id: String)
    case command
    case search
    case pageSearch(from: Int)
}

public struct Prompt: Equatable, Sendable {
    public var kind: PromptKind
    public var text: String
    public var error: String?
    /// Shown after the label: what the answer may be (the years the returns cover).
    public var hint: String? = nil
    /// The editing position in `text`, in characters (nil: at the end).
    public var cursor: Int? = nil
    /// Which earlier answer Up/Down has recalled (nil: the text being typed).
    public var historyIndex: Int? = nil

    /// The cursor as an index into `text`.
    var position: Int { min(max(0, cursor ?? text.count), text.count) }

    /// The history a prompt shares: answers to prompts of the same kind.
    var historyKey: String {
        switch kind {
        case .exportPath, .exportAllPath, .exportReadingsPath: return "path"
        case .command: return "command"
        case .search, .pageSearch: return "search"
        default: return label
        }
    }
    /// The prompt that was open before a confirmation, to return to.
    public var label: String {
        switch kind {
        case .addCohort: return "New cohort (NAME=EXPR, e.g. F=6B & !4B): "
        case .exportPath: return "Export view to: "
        case .exportAllPath: return "Export all tables to folder: "
        case .confirmOverwrite(let p, _), .confirmReadingsOverwrite(let p, _): return "\(p) exists. Overwrite? (y/n) "
        case .exportReadingsPath(let c): return "Export the side by side (\(c.rawValue)) to: "
        case .year: return "Reporting year (e.g. 2017 for 2016-17): "
        case .followUp: return "Follow-up years: "
        case .reading: return "Reading (CHOICE READING, e.g. code-21 ignored): "
        case .threshold: return "Suppression threshold on screen (0 = off): "
        case .confirmQuit: return "An export prompt is open. Quit anyway? (y/n) "
        case .confirmDelete(let id): return "Delete cohort \(id)? (y/n) "
        case .command: return ":"
        case .search, .pageSearch: return "/"
        case .confirmReveal: return "Reveal hidden counts ON SCREEN? They can identify children; exports stay suppressed. (y/n) "
        }
    }
}

public enum Overlay: Equatable, Sendable {
    case none
    case chooser(PendingDrill, cursor: Int)
    case factorPanel(cursor: Int)
    case cohortPanel(cursor: Int)
    case help(scroll: Int)
    case dataQuality(scroll: Int)
    /// The view's table under the other reading of one documented choice, side by side (`D`).
    case readings(ReadingChoice, scroll: Int)
    case prompt(Prompt)
}
