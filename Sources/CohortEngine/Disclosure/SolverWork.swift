import Foundation

/// The solver work done on the calling thread, counted so that a protection's budget is the same on a quiet
/// machine and a busy one (docs/privacy.md, "Custom cohorts in bounded time"): a budget in seconds withholds
/// different cohorts under different load, and two releases of different patterns can be subtracted.
///
/// One unit is one simplex iteration; each LP solve, each branch-and-bound node and each hundred coefficients
/// loaded into a program or terms read outside it (a model built, a point lifted or verified: `charge`) count
/// too, so that work the iterations do not see is not free: a step whose model is large spends its budget on
/// reading it. Every count is GLPK's own and deterministic for the same program.
/// Per thread: the explorer protects on a worker thread, and work elsewhere must not count against it.
public enum SolverWork {
    /// The tally of one thread.
    final class Meter {
        var iterations = 0, solves = 0, nodes = 0, coefficients = 0
        /// Terms read outside the solver (a model built, points lifted and verified against it): `charge`.
        var termsRead = 0
        /// Times a wall-clock safety stop cut a solve or a search short (`IntegerProgram`'s time limits): the
        /// answer then depended on the machine's speed, which a protection must say.
        var clockStops = 0
        /// In thousandths of a unit, so that work done since any moment is exact whatever was done before it
        /// (whole units would round a hundred coefficients differently after a different history).
        var milliUnits: Int { (iterations + solves + nodes) * 1000 + coefficients * 5 + termsRead * 2 }
    }

    private static let key = "cinx.SolverWork.meter"

    /// This thread's meter (made on first use).
    static var meter: Meter {
        let dictionary = Thread.current.threadDictionary
        if let m = dictionary[key] as? Meter { return m }
        let m = Meter()
        dictionary[key] = m
        return m
    }

    /// The work done on this thread so far, in thousandths of a unit: `(units - unitsBefore) / 1000` is the work
    /// between two moments, in units.
    public static var milliUnits: Int { meter.milliUnits }
    /// The work done on this thread so far, in units (rounded down: for display).
    public static var units: Int { meter.milliUnits / 1000 }
    /// Work outside the solver: `terms` terms of a model read.
    static func charge(terms: Int) { meter.termsRead += terms }

    /// The wall-clock safety stops on this thread so far.
    public static var clockStops: Int { meter.clockStops }
}
