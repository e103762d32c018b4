import Foundation

/// How long one protection took and how large its model was, on stderr when `CINX_TIMING` is set (for
/// profiling; docs/performance.md). Prints counts of the model, never a count from the data.
final class ProtectionTiming {
    private let start = Date()
    private var last = Date()
    private let solvesAtStart = SolverStats.counts
    private let workAtStart = SolverWork.milliUnits
    private let meterAtStart: [Int] = { let m = SolverWork.meter; return [m.iterations, m.solves, m.nodes, m.coefficients, m.termsRead] }()

    static func fromEnvironment() -> ProtectionTiming? {
        ProcessInfo.processInfo.environment["CINX_TIMING"] != nil ? ProtectionTiming() : nil
    }

    func mark(_ phase: String) {
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "timing: %7.3f s  protection: %@ (%d units of work so far)\n", now.timeIntervalSince(last), phase, SolverWork.units).utf8))
        last = now
    }

    func finish(model: ReleaseModel, hidden: Int) {
        let (lp, ip) = SolverStats.counts
        FileHandle.standardError.write(Data(String(
            format: "timing: %7.3f s  protection in all: %d parts, %d unknowns, %d cells, %d relations, %d hidden; %d LP solves, %d integer searches; %d units of work (largest search so far %d, %d stopped by work, %d clock stops)\n",
            Date().timeIntervalSince(start), model.parts.parts.count, model.unknownCount, model.cells.count, model.relations.count, hidden,
            lp - solvesAtStart.0, ip - solvesAtStart.1, (SolverWork.milliUnits - workAtStart) / 1000, IntegerProgram.largestSearch,
            IntegerProgram.searchesStoppedByWork, SolverWork.clockStops).utf8))
        let m = SolverWork.meter
        let now = [m.iterations, m.solves, m.nodes, m.coefficients, m.termsRead]
        FileHandle.standardError.write(Data(("timing: work: iterations, solves, nodes, coefficients, terms read: "
            + zip(now, meterAtStart).map { String($0 - $1) }.joined(separator: " ") + "\n").utf8))
    }
}
