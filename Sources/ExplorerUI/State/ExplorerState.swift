import CohortEngine
import CINLoading
import CINModel
import CINRelease

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
    /// Where exports are recorded (`cinx explore` sets it; nil, as in tests, records nothing).
    public var ledger: LedgerChoice?
    /// What an export does beside a ledger entry of other readings it cannot be read with (`--allow-other-readings`: left out).
    public var otherReadings: EarlierReleases.OtherReadings = .refuse
    var history: [Snapshot] = []
    /// The last protected release (a box, so that reading the view stays non-mutating).
    let releaseCache = ReleaseCache()
    let trendCache = TrendCache()
    /// The regional pack's members (`ExplorerState+Pack`), once protected.
    let packCache = PackCache()
    /// Reveal was confirmed once this session.
    var revealConfirmed = false
    /// The last search text (`n` repeats it).
    var lastSearch = ""
    /// Answers given to text prompts, per kind (Up/Down recall them), oldest first.
    var promptHistory: [String: [String]] = [:]
    /// Meeting mode (P): a layout for a projector; reveal and the threshold locked; no child IDs.
    public internal(set) var meetingMode = false
    /// Bars in every breakdown cell (`b`); the summary's share column always has one.
    public internal(set) var barsOn = false
    /// Horizontal scroll of the text pages (data quality), in columns.
    var pageColumn = 0
    /// Ctrl-L asked the terminal to repaint everything.
    var redrawRequested = false
    /// `Y` asked the terminal to put this on the clipboard.
    var clipboardRequest: String?

    struct Snapshot: Sendable {
        var stack: [ViewFrame]
        var hiddenCohorts: Set<String>
        var requiredFactors: FactorSet
        var excludedFactors: FactorSet
        var percentMode: PercentMode
        var settings: AnalysisSettings
        var threshold: Int
        var reveal: Bool
        var cohorts: [CohortDefinition]
    }

    struct ReleaseKey: Equatable {
        var filter: Filter
        var settings: AnalysisSettings
        var cohorts: [CohortDefinition]
        var threshold: Int
    }
    final class TrendCache: @unchecked Sendable {
        // As `ReleaseCache`: touched only by the state's owner.
        var entry: (key: ReleaseKey, trend: (table: SuppressedTable, perYear: [(year: Int, release: ProtectedRelease)]))?
    }
    /// The side-by-side pages made (`ExplorerState+Readings`), by what made them: each protects a linked release,
    /// seconds of work. As `ReleaseCache`: touched only by the state's owner.
    final class ReadingsCache: @unchecked Sendable {
        var pages: [String: [String]] = [:]
        /// The protected side by side behind each page, by the same key: an export at the screen's threshold with
        /// no earlier release in the ledger publishes it without protecting it again.
        var sets: [String: ReadingComparisonRelease.Set] = [:]
    }
    let readingsCache = ReadingsCache()

    final class ReleaseCache: @unchecked Sendable {
        // Touched only by the state's owner (one thread at a time, as the state itself); newest first.
        var entries: [(key: ReleaseKey, release: ProtectedRelease)] = []
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

    /// True once after Ctrl-L: the terminal adapter repaints the whole screen.
    public mutating func takeRedrawRequest() -> Bool {
        defer { redrawRequested = false }
        return redrawRequested
    }
    var frameIndex: Int { stack.count - 1 }

    /// Cohorts shown, in engine order (the view's sort is applied by the model's row order).
    public var visibleCohorts: [String] { engine.cohorts.map(\.id).filter { !hiddenCohorts.contains($0) } }

    /// The rows the current view shows: cohorts that can hold children under the drill and the
    /// factor filters, each once and labelled as what it is, less the cohorts hidden by hand.
    var shownRows: [DrillRows.Row] {
        DrillRows(cohorts: engine.cohorts, filter: effectiveFilter).rows.filter { !hiddenCohorts.contains($0.id) }
    }

    /// The drill filter of the current frame plus the factor panel's settings.
    public var effectiveFilter: Filter {
        var f = frame.filter
        f.requiredFactors = f.requiredFactors.union(requiredFactors)
        f.excludedFactors = f.excludedFactors.union(excludedFactors)
        return engine.labelled(f)
    }

    public var breadcrumb: String {
        var parts = ["All"]
        parts += crumbs(frame.steps)
        if let d = frame.dimension { parts.append("by \(d.title)") }
        if frame.isTrend { parts.append("by reporting year (trend)") }
        return parts.joined(separator: " > ")
    }

    /// Breadcrumb parts of drill steps: "B (4B or 5B)", "1-4".
    public func crumbs(_ steps: [DrillStep]) -> [String] {
        steps.map { step in
            switch step {
            case .cohort(let id): return "\(id) (\(engine.cohorts.first { $0.id == id }?.label ?? "deleted"))"
            case .value(let d, let v): return engine.label(d, v) ?? "?"
            }
        }
    }

    public func factorState(_ index: Int) -> FactorState {
        let bit = FactorSet(rawValue: 1 << UInt64(index))
        if requiredFactors.contains(bit) { return .required }
        if excludedFactors.contains(bit) { return .excluded }
        return .ignored
    }

    /// The protected release every screen of the current filter shows a part of, at `threshold`
    /// (kept while the filter, settings, cohorts and threshold stay the same).
    func protectedRelease(threshold t: Int, filter: Filter? = nil) -> ProtectedRelease {
        let key = ReleaseKey(filter: filter ?? effectiveFilter, settings: engine.settings, cohorts: engine.cohorts, threshold: t)
        if let c = releaseCache.entries.first(where: { $0.key == key }) { return c.release }
        // A filtered release is checked against the unfiltered one, which stays cached too.
        let base = key.filter.isEmpty ? nil : protectedRelease(threshold: t, filter: Filter.none)
        // A custom cohort added to the last cohorts: the release of those goes on from where it was.
        let previous = key.filter.isEmpty ? releaseCache.entries.filter { e in
            e.key.filter.isEmpty && e.key.settings == key.settings && e.key.threshold == t && e.key.cohorts.count < key.cohorts.count
                && Array(key.cohorts.prefix(e.key.cohorts.count)) == e.key.cohorts
        }.max { $0.key.cohorts.count < $1.key.cohorts.count }?.release : nil
        let r = base.flatMap { regional in RegionalPackProtection.selectsByAuthority(key.filter, engine: engine, threshold: t) ? authorityRelease(filter: key.filter, threshold: t, regional: regional) : nil }
            ?? ReportTables.protectedScope(engine: engine, threshold: t, filter: key.filter, unfiltered: base, extending: previous)
        // A protection stopped by Esc is thrown away with the state that asked for it: never kept.
        if r.cancelled || ProtectionCancellation.isRequested { return r }
        releaseCache.entries.insert((key, r), at: 0)
        if releaseCache.entries.count > 4 { releaseCache.entries.removeLast() }
        return r
    }

    /// The trend of the current filter: each year's column protected in that year's scope, as
    /// `cinx report --table trend` publishes it (the last one is cached: it protects every year).
    func trendRelease(threshold t: Int) -> (table: SuppressedTable, perYear: [(year: Int, release: ProtectedRelease)]) {
        var s = engine.settings
        s.year = 0  // every year: the key is the rest of the settings
        let key = ReleaseKey(filter: effectiveFilter, settings: s, cohorts: engine.cohorts, threshold: t)
        if let c = trendCache.entry, c.key == key { return c.trend }
        let trend = TrendTable.release(engine: engine, threshold: t, filter: effectiveFilter)
        if ProtectionCancellation.isRequested { return trend }
        trendCache.entry = (key, trend)
        return trend
    }

    /// The factor panel's counts: children of the drill (before the panel's own factor settings) whose
    /// first assessment has each factor, from the protected release of that filter (`c` where hidden).
    public func factorPanelCounts() -> [String] {
        var f = frame.filter
        f.requiredFactors = []; f.excludedFactors = []
        let release = protectedRelease(threshold: threshold, filter: f)
        guard let t = release.table(Dimension.factor.rawValue) else { return [] }
        let rows = ViewModel.populationRows(t.table)
        return AssessmentFactor.list.codes.indices.map { k in
            let c = k + 1
            guard !rows.isEmpty, t.table.columns.indices.contains(c) else { return "-" }
            let n = rows.reduce(0) { $0 + t.table.counts[$1][c] }
            let hidden = rows.contains { t.isHidden($0, c) }
            return hidden && reveal ? "\(n)*" : (hidden ? Publication.Cell.hidden : .shown(.count(n))).text()
        }
    }

    /// Recomputes the view model from the engine (after any change of data, filter or view).
    mutating func refresh() {
        var m: ViewModel
        if frame.isTrend {
            m = ViewModel.trend(trendRelease(threshold: threshold).table, yearsPast: TrendTable.yearsPastTheData(engine: engine),
                                rows: shownRows, percent: percentMode, reveal: reveal)
        } else {
            let release = protectedRelease(threshold: threshold)
            m = ViewModel.build(release: release, frame: frame, rows: shownRows,
                                percent: percentMode, reveal: reveal, filtered: !effectiveFilter.isEmpty)
            if case .breakdown(let d) = frame.kind, release.table(d.rawValue) == nil,
               RegionalPackProtection.selectsByAuthority(effectiveFilter, engine: engine, threshold: threshold) {
                message = "a view of an authority shows the regional pack's tables only (summary, age, ethnicity, ethnic group, maltreatment, need): "
                    + "\(d.title) is not one of them"
                messageIsError = true
            }
            if !release.notProvenBeside.isEmpty && !release.cancelled {
                message = "nothing of this view is shown: it could not be proven safe beside "
                    + release.notProvenBeside.joined(separator: ", ") + ", which a reader may hold too" + release.clockNote
                messageIsError = true
            }
        }
        if let sc = frame.sortColumn { m = m.sorted(by: sc, descending: frame.sortDescending) }
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
                                threshold: threshold, reveal: reveal, cohorts: engine.cohorts))
        if history.count > 200 { history.removeFirst() }
    }

    mutating func restore(_ s: Snapshot) {
        stack = s.stack; hiddenCohorts = s.hiddenCohorts; requiredFactors = s.requiredFactors
        excludedFactors = s.excludedFactors; percentMode = s.percentMode; threshold = s.threshold; reveal = s.reveal
        engine.apply(settings: s.settings)
        engine.replaceCohorts(s.cohorts)
        refresh()
    }

    /// The status line after the work of a key was cancelled (Esc while it protected a release).
    public mutating func noteCancelled() { say("cancelled: back to the view before") }

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
