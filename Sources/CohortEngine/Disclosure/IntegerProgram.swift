import CGLPK
import Foundation

/// A small integer linear program over non-negative integer unknowns, solved by GLPK: the
/// disclosure audit asks it for the smallest and largest value a linear sum of unknowns can take.
///
/// GLPK (a well-kept solver with branch-and-cut) rather than a hand-written simplex: the audit's
/// soundness rests on exact integer optima, which is what GLPK is built and tested for.
/// GLPK keeps global state and is not documented as thread-safe, so every call goes through one lock.
public enum SolverStats { public static var counts: (Int, Int) { (IntegerProgram.solves, IntegerProgram.integerSolves) } }

final class IntegerProgram {
    /// A linear sum of unknowns (0-based column indices) with coefficients.
    typealias Terms = [(column: Int, coefficient: Double)]

    enum Extreme: Equatable {
        case value(Double)
        case unbounded
        case infeasible
    }

    private static let lock = NSLock()
    /// How much work (`SolverWork` units: simplex iterations and branch-and-bound nodes) one `reaches` search
    /// may do: past it the question is undecided, which the protection reads as "too narrow" (it hides more:
    /// never publishes unproven). Counted in work, not time, so that the answer is the same on any machine.
    /// 3,000 units is about what 300 ms allowed on the machine this was calibrated on (the limit was 300 ms of
    /// wall time before, whose answers varied with the machine's load).
    nonisolated(unsafe) static var searchWork = 3_000
    /// A wall-clock safety stop on one search or LP solve, far above what `searchWork` allows on any machine
    /// that runs cinx: when it fires, the answer depended on the machine (`SolverWork.Meter.clockStops`).
    nonisolated(unsafe) static var searchMilliseconds: Int32 = 10_000
    /// Microseconds every LP solve and branch-and-bound search sleeps first: a test's stand-in for a loaded
    /// machine (the work counted, and so what is decided, must not change; only the time does).
    nonisolated(unsafe) static var slowdownForTests: UInt32 = 0
    /// The most work one branch-and-bound search did (for `CINX_TIMING`).
    nonisolated(unsafe) static var largestSearch = 0, searchesStoppedByWork = 0
    /// How much work one optimum (`extreme`) may do: past it the best integer point found is its answer.
    nonisolated(unsafe) static var optimumWork = 50_000
    nonisolated(unsafe) static var solves = 0, integerSolves = 0
    private let problem: OpaquePointer
    /// The meter of the thread that made the program (a program is used on the thread that made it).
    private let meter = SolverWork.meter
    /// The integer point the last `reaches` found when it answered true (every column's value; nil after any
    /// other answer or a change of bounds): a point of the program as it is.
    private(set) var lastPoint: [Double]?
    let columnCount: Int
    private(set) var rowCount = 0
    private var objectiveColumns: [Int] = []

    init(columns: Int, upperBounds: [Double?]) {
        IntegerProgram.lock.lock()
        defer { IntegerProgram.lock.unlock() }
        glp_term_out(GLP_OFF)
        problem = glp_create_prob()
        columnCount = columns
        if columns > 0 { glp_add_cols(problem, Int32(columns)) }
        for j in 0..<columns {
            let ub = upperBounds.indices.contains(j) ? upperBounds[j] : nil
            if let ub { glp_set_col_bnds(problem, Int32(j + 1), ub <= 0 ? GLP_FX : GLP_DB, 0, max(0, ub)) }
            else { glp_set_col_bnds(problem, Int32(j + 1), GLP_LO, 0, 0) }
            glp_set_col_kind(problem, Int32(j + 1), GLP_IV)
        }
    }

    deinit {
        IntegerProgram.lock.lock()
        glp_delete_prob(problem)
        IntegerProgram.lock.unlock()
    }

    /// Adds a row `lower <= sum <= upper` (nil: no bound); returns its 0-based index.
    @discardableResult
    func addRow(_ terms: Terms, lower: Double?, upper: Double?) -> Int {
        IntegerProgram.lock.lock()
        defer { IntegerProgram.lock.unlock() }
        let row = Int(glp_add_rows(problem, 1))
        // GLPK aborts the process on a repeated column in one row, so repeats are summed first.
        var merged: [Int: Double] = [:]
        for t in terms where t.column >= 0 && t.column < columnCount { merged[t.column, default: 0] += t.coefficient }
        let keys = merged.keys.sorted()
        var ind: [Int32] = [0] + keys.map { Int32($0 + 1) }
        var val: [Double] = [0] + keys.map { merged[$0] ?? 0 }
        glp_set_mat_row(problem, Int32(row), Int32(keys.count), &ind, &val)
        meter.coefficients += keys.count
        setBounds(row: row - 1, lower: lower, upper: upper)
        rowCount = row
        return row - 1
    }

    /// Fixes column `j` at `value`, or frees it again to `0...` (nil).
    func fixColumn(_ j: Int, at value: Double?) {
        IntegerProgram.lock.lock()
        defer { IntegerProgram.lock.unlock() }
        guard j >= 0 && j < columnCount else { return }
        lastPoint = nil
        if let value { glp_set_col_bnds(problem, Int32(j + 1), GLP_FX, value, value) }
        else { glp_set_col_bnds(problem, Int32(j + 1), GLP_LO, 0, 0) }
    }

    /// Bounds column `j` to `lower...upper` (a restriction: every point of it is a point without it).
    func boundColumn(_ j: Int, lower: Double, upper: Double) {
        IntegerProgram.lock.lock()
        defer { IntegerProgram.lock.unlock() }
        guard j >= 0 && j < columnCount else { return }
        lastPoint = nil
        glp_set_col_bnds(problem, Int32(j + 1), lower == upper ? GLP_FX : GLP_DB, lower, max(lower, upper))
    }

    func setRowBounds(_ row: Int, lower: Double?, upper: Double?) {
        IntegerProgram.lock.lock()
        defer { IntegerProgram.lock.unlock() }
        setBounds(row: row, lower: lower, upper: upper)
    }

    private func setBounds(row: Int, lower: Double?, upper: Double?) {
        guard row >= 0 && row < Int(glp_get_num_rows(problem)) else { return }
        lastPoint = nil
        let i = Int32(row + 1)
        switch (lower, upper) {
        case (nil, nil): glp_set_row_bnds(problem, i, GLP_FR, 0, 0)
        case (let l?, nil): glp_set_row_bnds(problem, i, GLP_LO, l, 0)
        case (nil, let u?): glp_set_row_bnds(problem, i, GLP_UP, 0, u)
        case (let l?, let u?): glp_set_row_bnds(problem, i, l == u ? GLP_FX : GLP_DB, l, max(l, u))
        }
    }

    /// Sets the objective to `terms` in the direction asked and solves the LP relaxation (from the last
    /// basis, else from the standard one). Returns nil when it has no optimum (infeasible or failed).
    private func solveRelaxation(_ terms: Terms, maximise: Bool) -> Int32? {
        for j in objectiveColumns { glp_set_obj_coef(problem, Int32(j + 1), 0) }
        objectiveColumns = []
        for t in terms where t.column >= 0 && t.column < columnCount {
            glp_set_obj_coef(problem, Int32(t.column + 1), glp_get_obj_coef(problem, Int32(t.column + 1)) + t.coefficient)
            objectiveColumns.append(t.column)
        }
        glp_set_obj_dir(problem, maximise ? GLP_MAX : GLP_MIN)
        IntegerProgram.solves += 1
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.tm_lim = IntegerProgram.searchMilliseconds
        let iterations = glp_get_it_cnt(problem)
        meter.solves += 1
        if IntegerProgram.slowdownForTests > 0 { usleep(IntegerProgram.slowdownForTests) }
        var rc = glp_simplex(problem, &smcp)
        if rc != 0 && rc != GLP_ETMLIM {
            // A stale basis after many bound changes can be singular: start again from the standard one.
            glp_std_basis(problem)
            rc = glp_simplex(problem, &smcp)
        }
        meter.iterations += weighted(max(0, Int(glp_get_it_cnt(problem) - iterations)))
        if rc == GLP_ETMLIM { meter.clockStops += 1 }
        guard rc == 0 else { return nil }
        return glp_get_status(problem)
    }

    private var relaxationIsIntegral: Bool {
        let n = Int32(glp_get_num_cols(problem))
        return (0..<n).allSatisfy { j in
            let v = glp_get_col_prim(problem, j + 1)
            return abs(v - v.rounded()) <= 1e-7
        }
    }

    /// What the branch-and-cut's callback needs to stop as soon as the question is answered.
    private final class ReachSearch {
        let target: Double
        let maximise: Bool
        var provenOutOfReach = false
        /// The work this search may do, and what it has done (`SolverWork` units).
        let limit: Int
        let iterationsAtStart: Int32
        /// The program's rows: an iteration's cost grows with them (`IntegerProgram.weighted`).
        let rows: Int
        var nodes = 0
        var stoppedByWork = false
        init(target: Double, maximise: Bool, limit: Int, iterationsAtStart: Int32, rows: Int) {
            self.target = target; self.maximise = maximise; self.limit = limit; self.iterationsAtStart = iterationsAtStart; self.rows = rows
        }
        /// Its work so far, with the program's iteration count now at `iterations`.
        func work(_ iterations: Int32) -> Int { IntegerProgram.weighted(nodes + max(0, Int(iterations - iterationsAtStart)), rows: rows) }
        func reached(_ v: Double) -> Bool { maximise ? v >= target - 1e-6 : v <= target + 1e-6 }
        /// Past its work: stop (undecided unless a point was found).
        func overWork(_ tree: OpaquePointer) -> Bool {
            var active: Int32 = 0, open: Int32 = 0, total: Int32 = 0
            glp_ios_tree_size(tree, &active, &open, &total)
            nodes = Int(total)
            if work(glp_get_it_cnt(glp_ios_get_prob(tree))) > limit && !stoppedByWork { stoppedByWork = true; IntegerProgram.searchesStoppedByWork += 1 }
            return stoppedByWork
        }
    }

    /// Simplex iterations or branch-and-bound nodes as `SolverWork` units: one per iteration of a program of up
    /// to a thousand rows, more for a larger one (an iteration's cost grows with the rows it prices and updates:
    /// a node of a 4,300-row program took about five times a 500-row one's).
    static func weighted(_ count: Int, rows: Int) -> Int { count * (1000 + rows) / 1000 }
    private func weighted(_ count: Int) -> Int { IntegerProgram.weighted(count, rows: rowCount) }

    /// Runs the branch-and-bound with the search's work limit and the clock's safety stop, and counts its work.
    private func branchAndBound(_ iocp: inout glp_iocp, search: ReachSearch) -> Int32 {
        let info = Unmanaged.passUnretained(search).toOpaque()
        iocp.cb_info = info
        let user = iocp.cb_func
        iocp.cb_func = user ?? { tree, info in
            guard let tree, let info else { return }
            let search = Unmanaged<ReachSearch>.fromOpaque(info).takeUnretainedValue()
            if glp_ios_reason(tree) == GLP_ISELECT, search.overWork(tree) { glp_ios_terminate(tree) }
        }
        if IntegerProgram.slowdownForTests > 0 { usleep(IntegerProgram.slowdownForTests) }
        let rc = glp_intopt(problem, &iocp)
        let work = search.work(glp_get_it_cnt(problem))
        meter.nodes += weighted(search.nodes)
        meter.iterations += weighted(max(0, Int(glp_get_it_cnt(problem) - search.iterationsAtStart)))
        IntegerProgram.largestSearch = max(IntegerProgram.largestSearch, work)
        if rc == GLP_ETMLIM { meter.clockStops += 1 }
        return rc
    }

    /// Whether an integer point takes `terms` to `target` or beyond (at least it when maximising, at most
    /// when minimising). true: one was found; false: none exists (the LP relaxation or the search's bound
    /// proves it); nil: undecided within the time limit.
    ///
    /// Why not the optimum: the protection asks only whether a hidden cell's range reaches a width. A
    /// branch-and-cut that proves an optimum keeps searching long after an integer point past the target
    /// is found (most of the time of a release with custom cohorts went there); this one stops at it, and
    /// stops as soon as every open node's bound falls short of it.
    func reaches(_ terms: Terms, target: Double, maximise: Bool) -> Bool? {
        IntegerProgram.lock.lock()
        defer { IntegerProgram.lock.unlock() }
        lastPoint = nil
        guard let status = solveRelaxation(terms, maximise: maximise) else { return nil }
        let search = ReachSearch(target: target, maximise: maximise, limit: IntegerProgram.searchWork, iterationsAtStart: glp_get_it_cnt(problem),
                                 rows: rowCount)
        switch status {
        case GLP_UNBND: return maximise ? true : nil
        case GLP_NOFEAS: return false
        case GLP_OPT: break
        default: return nil
        }
        // The relaxation bounds every integer point: past it, nothing reaches the target.
        if !search.reached(glp_get_obj_val(problem)) { return false }
        if relaxationIsIntegral {
            lastPoint = (0..<columnCount).map { glp_get_col_prim(problem, Int32($0 + 1)).rounded() }
            return true
        }

        IntegerProgram.integerSolves += 1
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        iocp.tm_lim = IntegerProgram.searchMilliseconds
        // Depth first reaches integer points early, which is all this question needs; the most fractional
        // variable is a cheap branching choice.
        iocp.br_tech = GLP_BR_MFV
        iocp.bt_tech = GLP_BT_DFS
        iocp.cb_func = { tree, info in
            guard let tree, let info else { return }
            let search = Unmanaged<ReachSearch>.fromOpaque(info).takeUnretainedValue()
            switch glp_ios_reason(tree) {
            case GLP_IBINGO:
                if search.reached(glp_mip_obj_val(glp_ios_get_prob(tree))) { glp_ios_terminate(tree) }
            case GLP_ISELECT:
                let best = glp_ios_best_node(tree)
                if best != 0, !search.reached(glp_ios_node_bound(tree, best)) {
                    search.provenOutOfReach = true
                    glp_ios_terminate(tree)
                } else if search.overWork(tree) {
                    glp_ios_terminate(tree)
                }
            default: break
            }
        }
        _ = branchAndBound(&iocp, search: search)
        let mip = glp_mip_status(problem)
        if (mip == GLP_OPT || mip == GLP_FEAS) && search.reached(glp_mip_obj_val(problem)) {
            lastPoint = (0..<columnCount).map { glp_mip_col_val(problem, Int32($0 + 1)).rounded() }
            return true
        }
        if mip == GLP_OPT || mip == GLP_NOFEAS || search.provenOutOfReach { return false }
        return nil
    }

    /// The integer optimum of `terms`. When the branch-and-cut stops on its time limit, the best
    /// integer solution found is returned: a value no further from the other extreme than the true
    /// optimum, so an audit built on it never overstates protection.
    /// - Parameter duals: receives each row's dual value from the LP relaxation (what binds).
    /// - Parameter relaxationOnly: the LP optimum when the vertex is not integral (for its duals: a bound, not the optimum).
    func extreme(of terms: Terms, maximise: Bool, duals: UnsafeMutablePointer<[Double]>? = nil, relaxationOnly: Bool = false) -> Extreme {
        IntegerProgram.lock.lock()
        defer { IntegerProgram.lock.unlock() }
        guard let status = solveRelaxation(terms, maximise: maximise) else { return .infeasible }
        switch status {
        case GLP_UNBND: return .unbounded
        case GLP_NOFEAS: return .infeasible
        case GLP_OPT: break
        default: return .infeasible
        }
        if let duals {
            let m = Int(glp_get_num_rows(problem))
            duals.pointee = (0..<m).map { glp_get_row_dual(problem, Int32($0 + 1)) }
        }
        // An integral vertex is already the integer optimum.
        if relaxationIsIntegral { return .value(glp_get_obj_val(problem).rounded()) }
        if relaxationOnly { return .value(glp_get_obj_val(problem)) }

        IntegerProgram.integerSolves += 1
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        iocp.tm_lim = IntegerProgram.searchMilliseconds
        // As in `reaches`: depth first finds integer points early, and the most fractional variable is a
        // cheap choice (the default, Driebeck-Tomlin, evaluates a tableau row per candidate).
        iocp.br_tech = GLP_BR_MFV
        iocp.bt_tech = GLP_BT_DFS
        let search = ReachSearch(target: 0, maximise: maximise, limit: IntegerProgram.optimumWork, iterationsAtStart: glp_get_it_cnt(problem),
                                 rows: rowCount)
        let irc = branchAndBound(&iocp, search: search)
        let mip = glp_mip_status(problem)
        if mip == GLP_OPT || mip == GLP_FEAS { return .value(glp_mip_obj_val(problem).rounded()) }
        if irc == GLP_ENODFS { return .unbounded }
        return .infeasible
    }
}
