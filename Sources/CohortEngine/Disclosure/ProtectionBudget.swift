import Foundation

/// How much a protection may do before it stops and falls back (withholds a custom cohort, refuses a release
/// beside earlier ones). Two kinds:
/// - **work** (`SolverWork` units), for custom cohorts: the same inputs spend the same work on any machine, so
///   the same cohorts are withheld on a quiet machine and a busy one (a budget in seconds published different
///   patterns under different load: two releases a reader can subtract). A wall-clock safety stop far above
///   the work's time on any machine that runs cinx stays as a last resort; `stoppedByClock` says it fired.
/// - **seconds**, for a release proven beside earlier ones: refused past it, never published unproven, so the
///   machine's speed decides only whether it is written, not what it shows.
public final class ProtectionBudget {
    /// Work units allowed (nil: seconds only).
    let allowance: Int?
    private let workAtStart: Int
    private let clockStopsAtStart: Int
    private let deadline: Date?
    private let parent: ProtectionBudget?
    private var clockFired = false

    /// A budget of `work` units, with a wall-clock safety stop after `safetySeconds`.
    convenience init(work: Int, safetySeconds: TimeInterval?) {
        self.init(allowance: max(0, work), deadline: safetySeconds.map { Date().addingTimeInterval($0) }, parent: nil)
    }

    /// A budget of wall time only.
    convenience init(until deadline: Date) { self.init(allowance: nil, deadline: deadline, parent: nil) }

    /// A budget of wall time only, from now.
    convenience init(seconds: TimeInterval) { self.init(until: Date().addingTimeInterval(seconds)) }

    private init(allowance: Int?, deadline: Date?, parent: ProtectionBudget?) {
        self.allowance = allowance
        self.deadline = deadline
        self.parent = parent
        workAtStart = SolverWork.milliUnits
        clockStopsAtStart = SolverWork.clockStops
    }

    /// Work done since the budget began.
    var spent: Int { (SolverWork.milliUnits - workAtStart) / 1000 }

    /// Whether to stop now: the work is spent, or the clock has passed its stop.
    var isSpent: Bool {
        if let allowance, spent > allowance { return true }
        if let deadline, Date() > deadline {
            if allowance != nil { markClock() }
            return true
        }
        return false
    }

    /// Whether a wall-clock safety stop (this budget's, or a solver's time limit) cut a work budget short: what
    /// was decided then depended on the machine, not only on the inputs.
    var stoppedByClock: Bool { allowance != nil && (clockFired || SolverWork.clockStops > clockStopsAtStart) }

    private func markClock() { clockFired = true; parent?.markClock() }

    /// A budget of one `divisor`-th of what is left (work and time), for a phase that must leave the rest to the next.
    func share(_ divisor: Int) -> ProtectionBudget {
        let n = max(1, divisor)
        let work = allowance.map { max(0, $0 - spent) / n }
        let time = deadline.map { Date().addingTimeInterval(max(0, $0.timeIntervalSinceNow) / Double(n)) }
        // With a work allowance the clock stays the safety stop, whole.
        return ProtectionBudget(allowance: work, deadline: work == nil ? time : deadline, parent: self)
    }
}
