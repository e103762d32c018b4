import CohortEngine
import CINModel

/// Everything the explorer shows, changed only by `perform(_:)` (commands) and `handle(_:)` (keys,
/// which map to commands). Pure Swift: no terminal, so tests drive it and read the screen.
public struct ExplorerState: Sendable {
    public private(set) var engine: CohortEngine
    public let extractName: String
    public let extractFiles: [String]
    public let loadReport: LoadReport
    public internal(set) var stack: [ViewFrame]
    public internal(set) var overlay: Overlay = .none
    public internal(set) var hiddenCohorts: Set<String> = []
    public internal(set) var requiredFactors: FactorSet = []
    public internal(set) var excludedFactors: FactorSet = []
    public internal(set) var percentMode: PercentMode = .counts
    public internal(set) var reveal = false
    /// On-screen suppression threshold; exports use it too, or the DfE's 5 when it is 0.
    public internal(set) var threshold = Suppression.dfeThreshold
    public internal(set) var message: String?
    public internal(set) var messageIsError = false
    public internal(set) var wantsQuit = false
    public internal(set) var model: ViewModel
    public internal(set) var screenWidth: Int
    public internal(set) var screenHeight: Int
    /// Date used in default export names (injectable for tests).
    public var today: String
    /// Directory default export paths are relative to.
    public var exportDirectory = "."
    var history: [Snapshot] = []

    struct Snapshot: Sendable {
        var stack: [ViewFrame]
        var hiddenCohorts: Set<String>
        var requiredFactors: FactorSet
        var excludedFactors: FactorSet
        var percentMode: PercentMode
        var settings: AnalysisSettings
        var threshold: Int
        var reveal: Bool
    }

    public static let minimumWidth = 60
    public static let minimumHeight = 14

    public init(engine: CohortEngine, extractName: String, files: [String] = [], loadReport: LoadReport = LoadReport(),
                width: Int = 120, height: Int = 40, today: String = "today") {
        self.engine = engine
        self.extractName = extractName
        self.extractFiles = files
        self.loadReport = loadReport
        self.stack = [ViewFrame(kind: .summary)]
        self.screenWidth = width
        self.screenHeight = height
        self.today = today
        self.model = ViewModel(title: "", rowIDs: [], rowLabels: [], columns: [], cells: [], population: 0, drillableColumns: [])
        refresh()
    }

    public var frame: ViewFrame { stack[stack.count - 1] }
    var frameIndex: Int { stack.count - 1 }

    /// Cohorts shown, in engine order (the view's sort is applied by the model's row order).
    public var visibleCohorts: [String] { engine.cohorts.map(\.id).filter { !hiddenCohorts.contains($0) } }

    /// The drill filter of the current frame plus the factor panel's settings.
    public var effectiveFilter: Filter {
        var f = frame.filter
        f.requiredFactors = f.requiredFactors.union(requiredFactors)
        f.excludedFactors = f.excludedFactors.union(excludedFactors)
        return f
    }

    public var breadcrumb: String {
        var parts = ["All"]
        parts += crumbs(frame.steps)
        if let d = frame.dimension { parts.append("by \(d.title)") }
        return parts.joined(separator: " > ")
    }

    /// Breadcrumb parts of drill steps: "B (4B or 5B)", "1-4".
    public func crumbs(_ steps: [DrillStep]) -> [String] {
        steps.map { step in
            switch step {
            case .cohort(let id): return "\(id) (\(engine.cohorts.first { $0.id == id }?.label ?? "deleted"))"
            case .value(let d, let v): return d.values.indices.contains(v) ? d.values[v] : "?"
            }
        }
    }

    public func factorState(_ index: Int) -> FactorState {
        let bit = FactorSet(rawValue: 1 << UInt64(index))
        if requiredFactors.contains(bit) { return .required }
        if excludedFactors.contains(bit) { return .excluded }
        return .ignored
    }

    /// Recomputes the view model from the engine (after any change of data, filter or view).
    mutating func refresh() {
        var m = ViewModel.build(engine: engine, frame: frame, filter: effectiveFilter, visible: visibleCohorts,
                                threshold: threshold, percent: percentMode, reveal: reveal)
        if let sc = frame.sortColumn, sc < m.columns.count {
            let order = m.rowIDs.indices.sorted { a, b in
                let x = m.cells[a][sc].count, y = m.cells[b][sc].count
                if x == y { return a < b }
                return frame.sortDescending ? x > y : x < y
            }
            m.rowIDs = order.map { m.rowIDs[$0] }
            m.rowLabels = order.map { m.rowLabels[$0] }
            m.cells = order.map { m.cells[$0] }
        }
        model = m
        clampCursor()
    }

    mutating func clampCursor() {
        var f = stack[frameIndex]
        f.cursorRow = max(0, min(f.cursorRow, model.rowIDs.count - 1))
        f.cursorColumn = max(0, min(f.cursorColumn, model.columns.count - 1))
        stack[frameIndex] = f
        adjustScroll()
    }

    mutating func remember() {
        history.append(Snapshot(stack: stack, hiddenCohorts: hiddenCohorts, requiredFactors: requiredFactors,
                                excludedFactors: excludedFactors, percentMode: percentMode, settings: engine.settings,
                                threshold: threshold, reveal: reveal))
        if history.count > 200 { history.removeFirst() }
    }

    mutating func restore(_ s: Snapshot) {
        stack = s.stack; hiddenCohorts = s.hiddenCohorts; requiredFactors = s.requiredFactors
        excludedFactors = s.excludedFactors; percentMode = s.percentMode; threshold = s.threshold; reveal = s.reveal
        engine.apply(settings: s.settings)
        refresh()
    }

    mutating func say(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }

    /// Changes the current frame, then keeps its cursor on the table and on screen.
    mutating func updateFrame(_ body: (inout ViewFrame) -> Void) {
        var f = stack[frameIndex]
        body(&f)
        stack[frameIndex] = f
        clampCursor()
    }

    mutating func apply(settings: AnalysisSettings) {
        engine.apply(settings: settings)
        refresh()
    }

    mutating func addCohort(_ def: CohortDefinition) throws(CohortEngine.CohortError) {
        try engine.addCohort(def)
        refresh()
    }

    mutating func removeCohort(_ id: String) {
        engine.removeCohort(id: id)
        hiddenCohorts.remove(id)
        // Drill filters naming it can no longer be applied: drop those levels.
        while stack.count > 1 && stack.contains(where: { $0.steps.contains(.cohort(id)) }) { stack.removeLast() }
        refresh()
    }
}
