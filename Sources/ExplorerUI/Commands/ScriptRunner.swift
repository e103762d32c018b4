import CohortEngine
import CINModel

/// Replays a command script without a terminal, so an FOI answer is reproducible:
/// `drill B; by age; drill 1-4; by ethnicity`. Statements are `;` or newline separated; each is
/// a `ScriptVerb` (the table help and the user guide list) or a command's long name (`Command`).
public enum ScriptRunner {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var statement: Int
        public var text: String
        public var message: String
        public var description: String { "statement \(statement) '\(text)': \(message)" }
    }

    public static func statements(_ script: String) -> [String] {
        script.split(whereSeparator: { $0 == ";" || $0 == "\n" }).map { String($0).trimmingSpaces }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    public static func run(_ script: String, on state: inout ExplorerState) throws(Failure) {
        for (i, s) in statements(script).enumerated() {
            do { try run(statement: s, on: &state) } catch let m { throw Failure(statement: i + 1, text: s, message: m.message) }
        }
    }

    struct Message: Error { var message: String }

    static func run(statement: String, on state: inout ExplorerState) throws(Message) {
        let parts = statement.split(separator: " ", maxSplits: 1).map(String.init)
        let verb = parts[0].lowercased()
        let arg = parts.count > 1 ? parts[1].trimmingSpaces : ""
        func needArg() throws(Message) { if arg.isEmpty { throw Message(message: "\(verb) needs an argument") } }
        guard let scriptVerb = ScriptVerb(name: verb) else {
            guard let c = Command(rawValue: verb) else { throw Message(message: "unknown command '\(verb)'") }
            state.overlay = .none
            state.perform(c)
            if state.messageIsError, let m = state.message { throw Message(message: m) }
            return
        }
        switch scriptVerb {
        case .drill:
            try needArg()
            try drill(arg, &state)
        case .by:
            try needArg()
            if arg.lowercased() == TrendTable.name {
                state.overlay = .none
                state.perform(.trendView)
                break
            }
            guard let d = dimension(named: arg), state.breakdownChoices.contains(d) else {
                throw Message(message: "no breakdown '\(arg)'; one of \((state.breakdownChoices.map(\.rawValue) + [TrendTable.name]).joined(separator: ", "))")
            }
            if case .chooser(let pending, _) = state.overlay { state.choose(d, pending: pending) }
            else {
                let f = state.frame
                state.choose(d, pending: PendingDrill(steps: f.steps, focusCohort: f.focusCohort))
            }
        case .back: state.overlay = .none; state.perform(.goBack)
        case .hide, .show:
            try needArg()
            guard state.engine.cohorts.contains(where: { $0.id == arg }) else { throw Message(message: "no cohort \(arg)") }
            if state.hiddenCohorts.contains(arg) == (scriptVerb == .show) { state.toggleCohort(arg) }
        case .factor:
            let words = arg.split(separator: " ").map(String.init)
            guard words.count == 2, AssessmentFactor.bit(words[0].uppercased()) != nil else { throw Message(message: scriptVerb.usage) }
            let st: FactorState
            switch words[1].lowercased() {
            case "require", "required": st = .required
            case "exclude", "excluded": st = .excluded
            case "ignore", "ignored": st = .ignored
            default: throw Message(message: scriptVerb.usage)
            }
            state.setFactor(words[0].uppercased(), st)
        case .cohort:
            try needArg()
            try prompt(.addCohort, arg, &state)
        case .percent:
            let target: PercentMode
            switch arg.lowercased() {
            case "counts", "count", "": target = .counts
            case "row", "row%": target = .rowPercent
            case "column", "col", "column%": target = .columnPercent
            case "both", "count-row", "count+row": target = .countAndPercent
            default: throw Message(message: "percent counts|row|column")
            }
            var guardCount = 0
            while state.percentMode != target && guardCount < 4 { state.perform(.cyclePercent); guardCount += 1 }
        case .sort:
            try needArg()
            let words = arg.split(separator: " ").map(String.init)
            if words[0] == "off" { state.updateFrame { $0.sortColumn = nil }; state.refresh(); return }
            guard let c = state.model.columns.firstIndex(where: { $0.lowercased() == words[0].lowercased() }) else {
                throw Message(message: "no column \(words[0])")
            }
            state.remember()
            let desc = words.count < 2 || words[1].lowercased() != "asc"
            state.updateFrame { $0.sortColumn = c; $0.sortDescending = desc; $0.cursorColumn = c }
            state.refresh()
        case .year: try prompt(.year, arg, &state)
        case .followUp: try prompt(.followUp, arg, &state)
        case .threshold: try prompt(.threshold, arg, &state)
        case .needEpisode:
            guard let rule = NeedEpisodeRule(rawValue: arg) else { throw Message(message: scriptVerb.usage) }
            if state.engine.settings.needEpisode != rule { state.perform(.toggleNeedEpisode) }
        case .code21, .firstAssessment, .ageAt, .windowFrom, .sameDay:
            guard let choice = scriptVerb.readingChoice, choice.setting(arg, in: state.engine.settings) != nil else {
                throw Message(message: scriptVerb.usage)
            }
            try prompt(.reading, "\(choice.rawValue) \(arg)", &state)
        case .key:
            try needArg()
            guard let k = Key(name: arg) else { throw Message(message: "unknown key \(arg)") }
            state.handle(k)
        }
        if state.messageIsError, let m = state.message { throw Message(message: m) }
    }

    static func prompt(_ kind: PromptKind, _ text: String, _ state: inout ExplorerState) throws(Message) {
        state.overlay = .prompt(Prompt(kind: kind, text: text))
        state.submit(Prompt(kind: kind, text: text))
        if case .prompt(let p) = state.overlay, let e = p.error { state.overlay = .none; throw Message(message: e) }
    }

    static func drill(_ target: String, _ state: inout ExplorerState) throws(Message) {
        state.overlay = .none
        let m = state.model
        var row: Int? = nil, column: Int? = nil
        let pieces = target.split(separator: ":", maxSplits: 1).map(String.init)
        if pieces.count == 2 {
            row = m.rowIDs.firstIndex(of: pieces[0])
            column = m.columns.firstIndex(of: pieces[1])
            if row == nil { throw Message(message: "no visible cohort \(pieces[0])") }
            if column == nil { throw Message(message: "no column \(pieces[1])") }
        } else if let r = m.rowIDs.firstIndex(of: target) {
            row = r
            // A cohort alone: its Total/All column (or, in the summary, the row).
            if let d = state.frame.dimension { column = d.isMultiValued ? 0 : m.columns.count - 1 }
        } else if let c = m.columns.firstIndex(of: target), state.frame.dimension != nil {
            column = c
        } else {
            throw Message(message: "'\(target)' is neither a visible cohort nor a column here")
        }
        state.updateFrame { f in
            if let r = row { f.cursorRow = r }
            if let c = column { f.cursorColumn = c }
        }
        state.perform(.drill)
    }

    static func dimension(named name: String) -> Dimension? {
        let n = name.lowercased()
        if let d = Dimension(rawValue: n) { return d }
        let aliases: [String: Dimension] = ["age band": .ageBand, "ethnic group": .ethnicGroup, "primary need": .need,
                                            "need in follow-up": .need, "cpp": .protectionCategory, "factors": .factor]
        if let d = aliases[n] { return d }
        return ExplorerState.breakdowns.first { $0.title.lowercased() == n }
    }
}
