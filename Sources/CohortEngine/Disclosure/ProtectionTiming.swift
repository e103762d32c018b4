import Foundation

/// How long one protection took and how large its model was, on stderr when `CINX_TIMING` is set (for
/// profiling; docs/performance.md). Prints counts of the model, never a count from the data.
final class ProtectionTiming {
    private let start = Date()
    private var last = Date()
    private let solvesAtStart = SolverStats.counts

    static func fromEnvironment() -> ProtectionTiming? {
        ProcessInfo.processInfo.environment["CINX_TIMING"] != nil ? ProtectionTiming() : nil
    }

    func mark(_ phase: String) {
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "timing: %7.3f s  protection: %@\n", now.timeIntervalSince(last), phase).utf8))
        last = now
    }

    func finish(model: ReleaseModel, hidden: Int) {
        let (lp, ip) = SolverStats.counts
        FileHandle.standardError.write(Data(String(
            format: "timing: %7.3f s  protection in all: %d parts, %d unknowns, %d cells, %d relations, %d hidden; %d LP solves, %d integer searches\n",
            Date().timeIntervalSince(start), model.parts.parts.count, model.unknownCount, model.cells.count, model.relations.count, hidden,
            lp - solvesAtStart.0, ip - solvesAtStart.1).utf8))
    }
}
